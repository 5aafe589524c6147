import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueSchema, type DemoCatalogue, type DemoService } from './schema';

const TENANTS_DIR = path.dirname(new URL(import.meta.url).pathname);
const tenantSlugs = readdirSync(TENANTS_DIR)
  .filter((name) => statSync(path.join(TENANTS_DIR, name)).isDirectory())
  .sort();

/** A demo provider's kind, from its profile (a council unless it says otherwise). */
function kindOf(slug: string): string {
  const profile = JSON.parse(readFileSync(path.join(TENANTS_DIR, slug, 'profile.json'), 'utf8')) as { kind?: string };
  return profile.kind ?? 'council';
}
const councilSlugs = tenantSlugs.filter((slug) => kindOf(slug) === 'council');
const otherSlugs = tenantSlugs.filter((slug) => kindOf(slug) !== 'council');

const CLASSES = ['own_maintained', 'academy', 'other_la_school', 'partner_council', 'independent_other'] as const;
type CustomerClass = (typeof CLASSES)[number];
const MODELS = ['per_unit', 'volume_bands', 'graduated', 'flat_plus_per_pupil', 'package', 'subscription'] as const;

/** Which customer classes a service is sold to: the rule the app applies before publishing a schedule. */
function classesSoldTo(soldTo: DemoService['soldTo']): CustomerClass[] {
  const classes = new Set<CustomerClass>();
  if (soldTo.ownArea) {
    classes.add('own_maintained');
    classes.add('academy');
  }
  if (soldTo.authorities.length > 0 || soldTo.anySchool) classes.add('other_la_school');
  if (soldTo.anySchool) classes.add('independent_other');
  if (soldTo.partnerCouncils) classes.add('partner_council');
  return CLASSES.filter((c) => classes.has(c));
}

/** Full cost of a productive day: salary with on-costs plus overhead, over productive days; whole pence, half up. */
function fullCostPerDayPence(cost: NonNullable<DemoService['cost']>): number {
  const numerator = BigInt(cost.salaryPence) * BigInt(10_000 + cost.overheadBasisPoints);
  const denominator = BigInt(cost.productiveDays) * 10_000n;
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}

/** Full cost of one unit of time, a productive day being 6 hours. */
function fullCostPerUnitPence(service: DemoService): number {
  const hours = service.unitKind === 'hour' ? 1 : service.unitHours;
  if (!service.cost || hours === null || !['hour', 'session', 'day'].includes(service.unitKind))
    throw new Error(`${service.code} has no cost model or is not a unit of time`);
  return Math.round((fullCostPerDayPence(service.cost) * hours) / 6);
}

function load(slug: string): DemoCatalogue {
  const file = path.join(TENANTS_DIR, slug, 'catalogue.json');
  return catalogueSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

it('finds the five demo authorities, and the demo teaching school', () => {
  expect(councilSlugs).toEqual(['isle-of-wight', 'peterborough', 'portsmouth', 'southampton', 'walsall']);
  expect(otherSlugs).toEqual(['springhill-teaching-school']);
});

describe.each(tenantSlugs)('%s catalogue', (slug) => {
  it('has a catalogue.json that matches the schema', () => {
    expect(existsSync(path.join(TENANTS_DIR, slug, 'catalogue.json'))).toBe(true);
    expect(() => load(slug)).not.toThrow();
  });

  it('prices every published service for every class it is sold to, in every schedule', () => {
    const { services, schedules } = load(slug);
    const missing: string[] = [];
    for (const schedule of schedules)
      for (const service of services.filter((s) => s.status === 'published'))
        for (const cls of classesSoldTo(service.soldTo))
          if (!schedule.prices[service.code]?.[cls]) missing.push(`${schedule.startYear} ${service.code} ${cls}`);
    expect(missing).toEqual([]);
  });

  it('has a published 2025/26 schedule', () => {
    const schedules = load(slug).schedules.map((s) => [s.yearKind, s.startYear, s.status]);
    expect(schedules).toContainEqual(['academic', 2025, 'published']);
  });
});

describe.each(councilSlugs)('%s council catalogue', (slug) => {
  it('offers at least 8 services in at least 4 categories, including educational psychology and school improvement', () => {
    const { services } = load(slug);
    expect(services.length).toBeGreaterThanOrEqual(8);
    const categories = new Set(services.map((s) => s.category));
    expect(categories.size).toBeGreaterThanOrEqual(4);
    expect(categories).toContain('educational_psychology');
    expect(categories).toContain('school_improvement');
  });

  it('uses every pricing model in every schedule', () => {
    for (const schedule of load(slug).schedules) {
      const used = new Set(
        Object.values(schedule.prices).flatMap((byClass) => Object.values(byClass).map((p) => p!.model)),
      );
      expect([...used].sort(), `${schedule.startYear} schedule`).toEqual([...MODELS].sort());
    }
  });

  it('has a draft 2026/27 schedule', () => {
    const schedules = load(slug).schedules.map((s) => [s.yearKind, s.startYear, s.status]);
    expect(schedules).toContainEqual(['academic', 2026, 'draft']);
  });

  it('sells one service to any school in England', () => {
    expect(load(slug).services.filter((s) => s.soldTo.anySchool)).toHaveLength(1);
  });
});

describe.each(otherSlugs)('%s (teaching school) catalogue', (slug) => {
  it("sells school-to-school support to its own area's schools, published for 2025/26 and 2026/27", () => {
    const { services, schedules } = load(slug);
    expect(services.length).toBeGreaterThanOrEqual(1);
    expect(services.every((s) => s.category === 'school_improvement' && s.soldTo.ownArea)).toBe(true);
    expect(schedules.map((s) => [s.yearKind, s.startYear, s.status])).toEqual([
      ['academic', 2025, 'published'],
      ['academic', 2026, 'published'],
    ]);
  });
});

it('includes a draft service, unpriced, to show drafts are hidden from buyers', () => {
  const drafts = tenantSlugs.flatMap((slug) => {
    const { services, schedules } = load(slug);
    return services
      .filter((s) => s.status === 'draft')
      .map((s) => ({
        slug,
        code: s.code,
        priced: schedules.some((schedule) => schedule.prices[s.code] !== undefined),
      }));
  });
  expect(drafts.length).toBeGreaterThanOrEqual(1);
  expect(drafts.filter((d) => d.priced)).toEqual([]);
});

describe('Southampton and the Isle of Wight joint arrangement', () => {
  it('charges the Isle of Wight the full cost of an educational psychology day', () => {
    const { services, schedules } = load('southampton');
    const epDay = services.find((s) => s.code === 'EP-DAY')!;
    expect(epDay.soldTo).toMatchObject({ authorities: ['921'], partnerCouncils: true });
    expect(epDay.cost).toEqual({ salaryPence: 7_138_500, productiveDays: 220, overheadBasisPoints: 1_500 });
    // £71,385 × 1.15 ÷ 220 = £373.1489 → £373.15
    expect(fullCostPerDayPence(epDay.cost!)).toBe(37_315);
    for (const schedule of schedules)
      expect(schedule.prices['EP-DAY']?.partner_council, `${schedule.startYear} schedule`).toEqual({
        model: 'per_unit',
        unitPricePence: fullCostPerDayPence(epDay.cost!),
        minimumChargePence: 0,
        rounding: 'penny',
      });
  });

  it.each(['southampton', 'isle-of-wight'])('%s prices every partner-council service at full cost per unit', (slug) => {
    const { services, schedules } = load(slug);
    const partnerServices = services.filter((s) => s.soldTo.partnerCouncils);
    expect(partnerServices.map((s) => s.category)).toEqual(
      expect.arrayContaining(['educational_psychology', 'school_improvement']),
    );
    for (const service of partnerServices)
      for (const schedule of schedules) {
        const price = schedule.prices[service.code]?.partner_council;
        expect(price?.model === 'per_unit' && price.unitPricePence, `${schedule.startYear} ${service.code}`).toBe(
          fullCostPerUnitPence(service),
        );
        expect(service.vatByClass.partner_council).toBe('O');
      }
  });

  it('sells the main services to each other’s schools', () => {
    for (const [slug, other] of [
      ['southampton', '921'],
      ['isle-of-wight', '852'],
    ] as const) {
      const main = load(slug).services.filter(
        (s) => s.category === 'educational_psychology' || s.category === 'school_improvement',
      );
      expect(main.filter((s) => s.soldTo.authorities.includes(other)).length, slug).toBeGreaterThanOrEqual(3);
    }
  });

  it('has no partner-council sales from authorities without partner councils', () => {
    for (const slug of ['peterborough', 'portsmouth', 'walsall'])
      expect(load(slug).services.filter((s) => s.soldTo.partnerCouncils)).toEqual([]);
  });
});
