import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../db/queries/audit';
import { findSchedule, listSchedulePrices, listServices, scheduleInForce } from '../../db/queries/catalogue';
import type { CustomerClass } from '../../db/schema';
import { withTenant } from '../../db/scope.server';
import { asUser, get, ownerDb, twoTenants, type TestTenant, useToday } from '../../test/setup/fixtures';
import { requireTenantMember, type TenantContext } from '../auth/guards.server';
import { changeServiceStatus, createService } from '../catalogue/save-service.server';
import { serviceForm } from '../catalogue/service-input';
import { DomainError } from '../errors';
import { createScheduleVersion } from './create-schedule-version.server';
import { exportScheduleCsv, importIntoDraft, importScheduleCsv } from './import-schedule.server';
import { parsePriceFields, priceToFields, type PriceFields } from './price-fields';
import { instalmentPlans, priceModelSchema, roundingRules, type PriceModel, type PriceModelInput } from './price-model';
import { publishSchedule } from './publish-schedule.server';
import { parseScheduleCsv, SCHEDULE_CSV_COLUMNS, scheduleToCsv } from './schedule-csv';
import { decodeCsvBytes } from '../forms/csv-file';
import { setServicePrice } from './set-service-prices.server';

// Versions of the 2025/26 schedule are started and published during that year.
useToday('2025-12-01');

const model = (input: PriceModelInput): PriceModel => priceModelSchema.parse(input);

const perUnit = (pounds: number) => model({ model: 'per_unit', unitPricePence: pounds * 100 });

/** A price of every model, with the optional parts set, so exports carry every column. */
const everyModel: Record<PriceModel['model'], PriceModel> = {
  per_unit: model({ model: 'per_unit', unitPricePence: 56_500, minimumChargePence: 28_250 }),
  volume_bands: model({
    model: 'volume_bands',
    bands: [
      { from: 1, to: 3, unitPricePence: 56_500 },
      { from: 4, to: 10, unitPricePence: 50_000 },
      { from: 11, to: null, unitPricePence: 47_505 },
    ],
    rounding: 'nearest_pound',
  }),
  graduated: model({
    model: 'graduated',
    bands: [
      { from: 1, to: 5, unitPricePence: 12_000 },
      { from: 6, to: null, unitPricePence: 9_999 },
    ],
  }),
  flat_plus_per_pupil: model({
    model: 'flat_plus_per_pupil',
    flatPence: 60_000,
    perPupilPence: 150,
    byPhase: {
      Primary: { flatPence: 40_000, perPupilPence: 125 },
      Secondary: { flatPence: 90_000, perPupilPence: 175 },
    },
    rounding: 'up_to_pound',
  }),
  package: model({
    model: 'package',
    packages: [
      { code: 'BRONZE', name: 'Bronze', units: 5, pricePence: 180_000 },
      { code: 'SILVER', name: 'Silver plus', units: 10, pricePence: 350_000 },
    ],
    carryOver: true,
    overageUnitPricePence: 37_000,
  }),
  subscription: model({ model: 'subscription', annualPence: 295_000, instalments: 'split_7_5', minimumChargePence: 1 }),
};

let alpha: TestTenant;
let beta: TestTenant;
let ctx: TenantContext;
let betaCtx: TenantContext;

function serviceInput(code: string, sold: Record<string, string>, unitKind = 'day') {
  return serviceForm.parse({
    code,
    name: `Service ${code}`,
    category: 'school_improvement',
    statutory: 'traded',
    unitKind,
    unitHours: unitKind === 'day' ? '6' : '',
    vatAcademy: 'S',
    vatOtherLaSchool: 'S',
    vatPartnerCouncil: 'E',
    vatIndependentOther: 'S',
    ...sold,
  });
}

async function publishedService(code: string, sold: Record<string, string> = { soldOwnArea: 'yes' }, unitKind = 'day') {
  const id = await createService(ctx, serviceInput(code, sold, unitKind));
  await changeServiceStatus(ctx, id, 'published');
  return id;
}

async function schedulesCount(tenant: TenantContext = ctx): Promise<number> {
  return withTenant(tenant, async (tx) => (await tx.selectFrom('charge_schedules').select('id').execute()).length);
}

async function pricesOf(scheduleId: string) {
  const rows = await withTenant(ctx, (tx) => listSchedulePrices(tx, alpha.id, scheduleId));
  return rows
    .map((r) => ({ serviceId: r.service_id, customerClass: r.customer_class, price: r.price }))
    .sort((a, b) => `${a.serviceId}/${a.customerClass}`.localeCompare(`${b.serviceId}/${b.customerClass}`));
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'expected a DomainError').toBeInstanceOf(DomainError);
  return error as DomainError;
}

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  ctx = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'catalogue.manage');
  betaCtx = await requireTenantMember(get('/t/beta', await asUser(beta.adminId)), 'beta', 'catalogue.manage');
});

describe('charge schedule versions', () => {
  let serviceId: string;
  let v1: string;

  /** One published service sold to the own area (own maintained and academy), priced and published in v1. */
  async function publishedV1() {
    serviceId = await publishedService('EP-DAY');
    v1 = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
    await setServicePrice(ctx, v1, serviceId, 'own_maintained', perUnit(500));
    await setServicePrice(ctx, v1, serviceId, 'academy', perUnit(565));
    await publishSchedule(ctx, v1);
  }

  it('starts version 1 on the first day of the contract year, one draft at a time', async () => {
    v1 = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
    const schedule = await withTenant(ctx, (tx) => findSchedule(tx, alpha.id, v1));
    expect(schedule).toMatchObject({
      year_kind: 'academic',
      year_start: '2025-09-01',
      version: 1,
      effective_from: '2025-09-01',
      status: 'draft',
      supersedes_id: null,
      created_by: alpha.adminId,
      published_at: null,
    });

    const second = await refusal(createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 }));
    expect(second).toMatchObject({ code: 'schedule.draft_exists', field: 'startYear', status: 409 });
    expect(second.message).toMatch(/2025\/26 academic year/);
    expect(await schedulesCount()).toBe(1);

    // Another kind of year, or another year, is a separate schedule.
    const financial = await createScheduleVersion(ctx, { yearKind: 'financial', startYear: 2025 });
    expect(await withTenant(ctx, (tx) => findSchedule(tx, alpha.id, financial))).toMatchObject({
      year_start: '2025-04-01',
      effective_from: '2025-04-01',
      version: 1,
    });
    await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2026 });
    expect(await schedulesCount()).toBe(3);
  });

  it('sets and clears prices on a draft, and audits them', async () => {
    serviceId = await publishedService('EP-DAY');
    v1 = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
    await setServicePrice(ctx, v1, serviceId, 'own_maintained', perUnit(500));
    await setServicePrice(ctx, v1, serviceId, 'own_maintained', perUnit(510));
    await setServicePrice(ctx, v1, serviceId, 'academy', perUnit(565));
    expect(await pricesOf(v1)).toEqual([
      { serviceId, customerClass: 'academy', price: perUnit(565) },
      { serviceId, customerClass: 'own_maintained', price: perUnit(510) },
    ]);
    await setServicePrice(ctx, v1, serviceId, 'academy', null);
    expect((await pricesOf(v1)).map((p) => p.customerClass)).toEqual(['own_maintained']);
    const events = await withTenant(ctx, (tx) => listAuditEvents(tx, alpha.id));
    expect(events.slice(0, 5).map((e) => e.action)).toEqual([
      'schedule.price_cleared',
      'schedule.price_set',
      'schedule.price_set',
      'schedule.price_set',
      'schedule.draft_created',
    ]);
  });

  it('refuses to publish while a published service lacks a price for a class it is sold to, naming it', async () => {
    serviceId = await publishedService('EP-DAY');
    const councils = await publishedService('GOV-CLERK', { soldPartnerCouncils: 'yes' }, 'meeting');
    // A draft service without prices does not hold up publishing.
    await createService(ctx, serviceInput('NOT-YET', { soldAnySchool: 'yes' }));
    v1 = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
    await setServicePrice(ctx, v1, serviceId, 'own_maintained', perUnit(500));

    const first = await refusal(publishSchedule(ctx, v1));
    expect(first).toMatchObject({ code: 'schedule.incomplete', status: 422 });
    expect(first.message).toMatch(/EP-DAY Service EP-DAY has no price for academy or trust/);
    expect(first.message).toMatch(/GOV-CLERK Service GOV-CLERK has no price for partner council/);
    expect(first.message).not.toMatch(/own maintained/);
    expect(first.message).not.toMatch(/NOT-YET/);

    await setServicePrice(ctx, v1, serviceId, 'academy', perUnit(565));
    await setServicePrice(ctx, v1, councils, 'partner_council', perUnit(120));
    await publishSchedule(ctx, v1);
    const schedule = await withTenant(ctx, (tx) => findSchedule(tx, alpha.id, v1));
    expect(schedule?.status).toBe('published');
    expect(schedule?.published_by).toBe(alpha.adminId);
    expect(schedule?.published_at).toBeTruthy();
    expect((await withTenant(ctx, (tx) => listAuditEvents(tx, alpha.id)))[0]).toMatchObject({
      action: 'schedule.published',
      subject_id: v1,
      detail: { version: 1, effectiveFrom: '2025-09-01' },
    });
    await expect(publishSchedule(ctx, v1)).rejects.toMatchObject({ code: 'schedule.published' });
  });

  it('holds up publishing for a draft service that has some prices but not all', async () => {
    const draft = await createService(ctx, serviceInput('HALF-DONE', { soldOwnArea: 'yes' }));
    v1 = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
    await setServicePrice(ctx, v1, draft, 'own_maintained', perUnit(100));
    expect((await refusal(publishSchedule(ctx, v1))).message).toMatch(/HALF-DONE .* has no price for academy or trust/);
  });

  it('does not let another tenant see, price or publish the schedule', async () => {
    serviceId = await publishedService('EP-DAY');
    v1 = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
    expect(await withTenant(betaCtx, (tx) => findSchedule(tx, alpha.id, v1))).toBeUndefined();
    await expect(setServicePrice(betaCtx, v1, serviceId, 'academy', perUnit(1))).rejects.toMatchObject({ status: 404 });
    await expect(publishSchedule(betaCtx, v1)).rejects.toMatchObject({ status: 404 });
    await expect(exportScheduleCsv(betaCtx, v1)).rejects.toMatchObject({ status: 404 });
    expect(await schedulesCount(betaCtx)).toBe(0);
  });

  describe('once published', () => {
    beforeEach(publishedV1);

    it('refuses to change a price through the app', async () => {
      const error = await refusal(setServicePrice(ctx, v1, serviceId, 'academy', perUnit(600)));
      expect(error).toMatchObject({ code: 'schedule.published', status: 409 });
      await expect(setServicePrice(ctx, v1, serviceId, 'academy', null)).rejects.toMatchObject({
        code: 'schedule.published',
      });
      await expect(importIntoDraft(ctx, v1, `${SCHEDULE_CSV_COLUMNS.join(',')}\r\n`)).rejects.toMatchObject({
        code: 'schedule.published',
      });
      expect((await pricesOf(v1)).find((p) => p.customerClass === 'academy')?.price).toEqual(perUnit(565));
    });

    it('refuses any direct change in the database, even by the owner', async () => {
      const db = await ownerDb();
      const price = JSON.stringify(perUnit(1));
      await expect(
        sql`update schedule_prices set price = ${price}::jsonb where schedule_id = ${v1}`.execute(db),
      ).rejects.toThrow(/published charge schedule cannot be changed/);
      await expect(sql`delete from schedule_prices where schedule_id = ${v1}`.execute(db)).rejects.toThrow(
        /published charge schedule cannot be changed/,
      );
      await expect(
        sql`insert into schedule_prices (tenant_id, schedule_id, service_id, customer_class, price)
            values (${alpha.id}, ${v1}, ${serviceId}, 'partner_council', ${price}::jsonb)`.execute(db),
      ).rejects.toThrow(/published charge schedule cannot be changed/);
      await expect(
        sql`update charge_schedules set effective_from = '2025-10-01' where id = ${v1}`.execute(db),
      ).rejects.toThrow(/published charge schedule cannot be changed/);
      await expect(
        sql`update charge_schedules set status = 'draft', published_at = null where id = ${v1}`.execute(db),
      ).rejects.toThrow(/published charge schedule cannot be changed/);
      await expect(sql`delete from charge_schedules where id = ${v1}`.execute(db)).rejects.toThrow(
        /published charge schedule cannot be deleted/,
      );
      // And as the runtime role scoped to the tenant.
      await expect(
        withTenant(ctx, (tx) =>
          sql`update schedule_prices set price = ${price}::jsonb where schedule_id = ${v1}`.execute(tx),
        ),
      ).rejects.toThrow(/published charge schedule cannot be changed/);
      await expect(
        withTenant(ctx, (tx) => sql`delete from charge_schedules where id = ${v1}`.execute(tx)),
      ).rejects.toThrow(/cannot be deleted/);

      expect(await pricesOf(v1)).toEqual([
        { serviceId, customerClass: 'academy', price: perUnit(565) },
        { serviceId, customerClass: 'own_maintained', price: perUnit(500) },
      ]);
      expect(await withTenant(ctx, (tx) => findSchedule(tx, alpha.id, v1))).toMatchObject({
        status: 'published',
        effective_from: '2025-09-01',
      });
    });

    it('needs a date within the year, after v1, for a new version', async () => {
      const missing = await refusal(createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 }));
      expect(missing).toMatchObject({ code: 'schedule.effective_from', field: 'effectiveFrom' });
      expect(missing.message).toBe('Enter the date the new version takes effect');

      const after = await refusal(
        createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025, effectiveFrom: '2026-09-01' }),
      );
      expect(after).toMatchObject({ code: 'schedule.effective_from', field: 'effectiveFrom' });
      expect(after.message).toMatch(/within the contract year, 1 September 2025 to 31 August 2026/);
      await expect(
        createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025, effectiveFrom: '2025-08-31' }),
      ).rejects.toMatchObject({
        code: 'schedule.effective_from',
      });
      // The day version 1 took effect is not "after" it.
      await expect(
        createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025, effectiveFrom: '2025-09-01' }),
      ).rejects.toMatchObject({
        code: 'schedule.effective_from',
      });
      expect(await schedulesCount()).toBe(1);
    });

    it('refuses a date that does not exist with a message, not a database error', async () => {
      // The form only checks the shape yyyy-mm-dd, so 30 February reaches createScheduleVersion.
      for (const effectiveFrom of ['2026-02-30', '2026-04-31', '2026-13-01'])
        await expect(
          createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025, effectiveFrom }),
        ).rejects.toMatchObject({
          code: 'schedule.effective_from',
          field: 'effectiveFrom',
        });
      expect(await schedulesCount()).toBe(1);
    });

    it('supersedes with version 2 from a date, copying prices, keeping version 1 for history', async () => {
      const v2 = await createScheduleVersion(ctx, {
        yearKind: 'academic',
        startYear: 2025,
        effectiveFrom: '2026-01-01',
        note: 'Pay award',
      });
      const schedule = await withTenant(ctx, (tx) => findSchedule(tx, alpha.id, v2));
      expect(schedule).toMatchObject({
        year_start: '2025-09-01',
        version: 2,
        effective_from: '2026-01-01',
        status: 'draft',
        supersedes_id: v1,
        note: 'Pay award',
      });
      const original = await pricesOf(v1);
      expect(await pricesOf(v2)).toEqual(original);

      await setServicePrice(ctx, v2, serviceId, 'academy', perUnit(600));
      expect(await pricesOf(v1)).toEqual(original);
      expect((await pricesOf(v2)).find((p) => p.customerClass === 'academy')?.price).toEqual(perUnit(600));

      // Before v2 is published, v1 is in force throughout.
      const inForce = (onDate: string) =>
        withTenant(ctx, async (tx) => (await scheduleInForce(tx, alpha.id, 'academic', '2025-09-01', onDate))?.id);
      expect(await inForce('2026-02-01')).toBe(v1);

      await publishSchedule(ctx, v2);
      expect(await inForce('2025-08-31')).toBeUndefined();
      expect(await inForce('2025-09-01')).toBe(v1);
      expect(await inForce('2025-12-31')).toBe(v1);
      expect(await inForce('2026-01-01')).toBe(v2);
      expect(await inForce('2026-08-31')).toBe(v2);
      expect((await withTenant(ctx, (tx) => findSchedule(tx, alpha.id, v1)))?.status).toBe('published');
      expect(await pricesOf(v1)).toEqual(original);

      // Version 3 must come after version 2's date.
      await expect(
        createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025, effectiveFrom: '2025-12-01' }),
      ).rejects.toMatchObject({
        code: 'schedule.effective_from',
      });
      const v3 = await createScheduleVersion(ctx, {
        yearKind: 'academic',
        startYear: 2025,
        effectiveFrom: '2026-04-01',
      });
      expect(await withTenant(ctx, (tx) => findSchedule(tx, alpha.id, v3))).toMatchObject({
        version: 3,
        supersedes_id: v2,
      });
      expect((await pricesOf(v3)).find((p) => p.customerClass === 'academy')?.price).toEqual(perUnit(600));
    });
  });
});

describe('schedule spreadsheets', () => {
  const classes: CustomerClass[] = [
    'own_maintained',
    'academy',
    'other_la_school',
    'partner_council',
    'independent_other',
  ];

  async function codes() {
    return withTenant(ctx, async (tx) => new Set((await listServices(tx, alpha.id)).map((s) => s.code)));
  }

  it('exports a schedule and imports it into another year, every price exactly', async () => {
    const services: Record<string, string> = {};
    for (const m of Object.keys(everyModel))
      services[m] = await publishedService(m.toUpperCase().replace(/_/g, '-'), {
        soldAnySchool: 'yes',
        soldOwnArea: 'yes',
        soldPartnerCouncils: 'yes',
      });
    const v1 = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
    for (const [m, price] of Object.entries(everyModel))
      for (const [i, cls] of classes.entries()) {
        // Vary the price by class, so a mix-up between classes would show.
        const varied = price.model === 'per_unit' ? { ...price, unitPricePence: price.unitPricePence + i } : price;
        await setServicePrice(ctx, v1, services[m]!, cls, varied);
      }
    await publishSchedule(ctx, v1);

    const exported = await exportScheduleCsv(ctx, v1);
    expect(exported.filename).toBe('alpha-academic-2025-v1.csv');
    expect(exported.csv.split('\r\n')[0]).toBe(SCHEDULE_CSV_COLUMNS.map((c) => `"${c}"`).join(','));
    expect(exported.csv.split('\r\n').filter(Boolean)).toHaveLength(1 + 6 * 5);

    const before = await schedulesCount();
    const imported = await importScheduleCsv(ctx, { yearKind: 'academic', startYear: 2026, text: exported.csv });
    expect(imported).toMatchObject({ ok: true, rows: 30 });
    if (!imported.ok) throw new Error('import refused');
    expect(await schedulesCount()).toBe(before + 1);
    expect(await withTenant(ctx, (tx) => findSchedule(tx, alpha.id, imported.scheduleId))).toMatchObject({
      year_start: '2026-09-01',
      version: 1,
      status: 'draft',
      note: 'Imported from a spreadsheet',
    });

    const strip = (rows: Awaited<ReturnType<typeof pricesOf>>) =>
      rows.map(({ serviceId, customerClass, price }) => ({ serviceId, customerClass, price }));
    expect(strip(await pricesOf(imported.scheduleId))).toEqual(strip(await pricesOf(v1)));

    const again = await exportScheduleCsv(ctx, imported.scheduleId);
    expect(again.filename).toBe('alpha-academic-2026-v1.csv');
    const known = await codes();
    const first = parseScheduleCsv(exported.csv, known);
    const second = parseScheduleCsv(again.csv, known);
    expect(first.ok && second.ok).toBe(true);
    expect(second).toEqual(first);
    expect(again.csv).toBe(exported.csv);
  });

  it('reads a price list as Excel saves it: Windows-1252 pound signs, a CRLF header over LF rows', async () => {
    await publishedService('EP-DAY');
    const known = await codes();
    const blanks = Array(SCHEDULE_CSV_COLUMNS.length - 4).fill('');
    const rows = [
      ['EP-DAY', 'own_maintained', 'per_unit', '£515.00', ...blanks].join(','),
      ['EP-DAY', 'academy', 'per_unit', '"£1,030.50"', ...blanks].join(','),
    ];
    const text = `${SCHEDULE_CSV_COLUMNS.join(',')}\r\n${rows.join('\n')}\n`;
    // Excel's "CSV (comma delimited)": Windows-1252, where £ is the one byte 0xA3.
    const excel = Uint8Array.from([...text].map((c) => (c === '£' ? 0xa3 : c.charCodeAt(0))));
    const read = parseScheduleCsv(decodeCsvBytes(excel), known);
    expect(read).toMatchObject({
      ok: true,
      rows: [
        { serviceCode: 'EP-DAY', customerClass: 'own_maintained', price: { unitPricePence: 51500 } },
        { serviceCode: 'EP-DAY', customerClass: 'academy', price: { unitPricePence: 103050 } },
      ],
    });
    // The same list saved as UTF-8 with a BOM reads the same.
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(parseScheduleCsv(decodeCsvBytes(utf8), known)).toEqual(read);
  });

  it("imports a new version of a published year from a date, and replaces a draft's prices", async () => {
    const id = await publishedService('EP-DAY');
    const v1 = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
    await setServicePrice(ctx, v1, id, 'own_maintained', perUnit(500));
    await setServicePrice(ctx, v1, id, 'academy', perUnit(565));
    await publishSchedule(ctx, v1);
    const text = [
      SCHEDULE_CSV_COLUMNS.join(','),
      ['ep-day', 'own_maintained', 'per_unit', '520.00', ...Array(SCHEDULE_CSV_COLUMNS.length - 4).fill('')].join(','),
      ['EP-DAY', 'academy', 'per_unit', '580', ...Array(SCHEDULE_CSV_COLUMNS.length - 4).fill('')].join(','),
    ].join('\n');
    const result = await importScheduleCsv(ctx, {
      yearKind: 'academic',
      startYear: 2025,
      effectiveFrom: '2026-01-01',
      text,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(await withTenant(ctx, (tx) => findSchedule(tx, alpha.id, result.scheduleId))).toMatchObject({
      version: 2,
      effective_from: '2026-01-01',
      supersedes_id: v1,
    });
    expect((await pricesOf(result.scheduleId)).map((p) => p.price)).toEqual([perUnit(565 + 15), perUnit(520)]);

    // A second import into the same year is refused while the draft is there…
    await expect(
      importScheduleCsv(ctx, { yearKind: 'academic', startYear: 2025, effectiveFrom: '2026-02-01', text }),
    ).rejects.toMatchObject({
      code: 'schedule.draft_exists',
    });
    // …but can go into that draft, replacing every price.
    const into = await importIntoDraft(ctx, result.scheduleId, text.split('\n').slice(0, 2).join('\n'));
    expect(into).toMatchObject({ ok: true, rows: 1 });
    expect((await pricesOf(result.scheduleId)).map((p) => p.customerClass)).toEqual(['own_maintained']);
    expect(await pricesOf(v1)).toHaveLength(2);
  });

  it('reports every bad row with its line and saves nothing', async () => {
    await publishedService('EP-DAY');
    await publishedService('EP-HOUR', { soldOwnArea: 'yes' }, 'hour');
    const blank = (n: number) => Array<string>(n).fill('');
    const row = (code: string, cls: string, model: string, cells: Record<string, string>) =>
      [code, cls, model, ...SCHEDULE_CSV_COLUMNS.slice(3).map((c) => cells[c] ?? '')].map((v) => `"${v}"`).join(',');
    const text = [
      SCHEDULE_CSV_COLUMNS.join(','),
      row('EP-DAY', 'own_maintained', 'per_unit', { unit_price: '500.00' }), // line 2: fine
      row('EP-DAY', 'academy', 'per_unit', { unit_price: '-5.00' }), // line 3: negative
      row('NO-SUCH', 'academy', 'per_unit', { unit_price: '5.00' }), // line 4: unknown service
      row('EP-HOUR', 'academy', 'volume_bands', { bands: '1-5: 10.00; 3+: 8.00' }), // line 5: overlapping bands
      row('EP-HOUR', 'martians', 'per_unit', { unit_price: '1.00' }), // line 6: unknown class
      row('EP-DAY', 'own_maintained', 'per_unit', { unit_price: '510.00' }), // line 7: priced twice
      ['EP-HOUR', 'own_maintained', 'per_unit', ...blank(3)].join(','), // line 8: too few values
      row('EP-HOUR', 'own_maintained', 'per_unit', { unit_price: 'five pounds' }), // line 9: not an amount
    ].join('\r\n');
    const before = await schedulesCount();
    const result = await importScheduleCsv(ctx, { yearKind: 'academic', startYear: 2025, text });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byLine = (line: number) =>
      result.problems
        .filter((p) => p.line === line)
        .map((p) => p.message)
        .join(' | ');
    expect(result.problems.some((p) => p.line === 2)).toBe(false);
    expect(byLine(3)).toMatch(/cannot be negative/);
    expect(byLine(4)).toMatch(/No service has the code "NO-SUCH"/);
    expect(byLine(5)).toMatch(/^bands: Band 2 starts at 3, overlapping the band before: start it at 6/);
    expect(byLine(6)).toMatch(/Customer class "martians" is not one of/);
    expect(byLine(7)).toMatch(/EP-DAY for own_maintained is priced twice \(also on line 2\)/);
    expect(byLine(8)).toBe(`Row has 6 values but the header has ${SCHEDULE_CSV_COLUMNS.length} columns`);
    expect(byLine(9)).toMatch(/unit_price: .*pounds and pence.*"five pounds"/);
    expect(new Set(result.problems.map((p) => p.line))).toEqual(new Set([3, 4, 5, 6, 7, 8, 9]));
    expect(await schedulesCount()).toBe(before);
    expect(before).toBe(0);
  });

  it('imports a price list saved before the included-units column existed, and keeps a subscription’s included units', async () => {
    const id = await publishedService('GOV');
    const older = SCHEDULE_CSV_COLUMNS.filter((c) => c !== 'included_units');
    const row = (cls: string) =>
      older.map((c) =>
        c === 'service_code'
          ? 'GOV'
          : c === 'customer_class'
            ? cls
            : c === 'model'
              ? 'subscription'
              : c === 'annual_price'
                ? '1200.00'
                : c === 'instalments'
                  ? 'termly'
                  : '',
      );
    const result = await importScheduleCsv(ctx, {
      yearKind: 'academic',
      startYear: 2025,
      text: [older.join(','), row('own_maintained').join(','), row('academy').join(',')].join('\n'),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const withUnits = parsePriceFields({
      model: 'subscription',
      annual_price: '1200',
      instalments: 'termly',
      included_units: '6',
    });
    expect(withUnits).toMatchObject({ ok: true, price: { includedUnits: 6 } });
    expect(priceToFields((withUnits as { price: PriceModel }).price).included_units).toBe('6');
    expect(parsePriceFields({ model: 'subscription', annual_price: '1200', included_units: '2.5' })).toMatchObject({
      ok: false,
      problems: [{ field: 'included_units' }],
    });
    expect(id).toBeTruthy();
  });

  it('saves nothing for a single bad row either', async () => {
    await publishedService('EP-DAY');
    const header = SCHEDULE_CSV_COLUMNS.join(',');
    const cells = (code: string, price: string, cls = 'academy') =>
      [code, cls, 'per_unit', price, ...Array(SCHEDULE_CSV_COLUMNS.length - 4).fill('')].join(',');
    for (const bad of [
      cells('EP-DAY', '-1.00'),
      cells('UNKNOWN', '1.00'),
      [
        'EP-DAY',
        'academy',
        'graduated',
        '',
        '1-3: 1.00; 2+: 2.00',
        ...Array(SCHEDULE_CSV_COLUMNS.length - 5).fill(''),
      ].join(','),
    ]) {
      const result = await importScheduleCsv(ctx, {
        yearKind: 'academic',
        startYear: 2025,
        text: [header, cells('EP-DAY', '1.00', 'own_maintained'), bad].join('\n'),
      });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.map((p) => p.line)).toEqual([3]);
    }
    expect(await schedulesCount()).toBe(0);
  });

  it('refuses a file with the wrong columns, naming them', async () => {
    await publishedService('EP-DAY');
    const result = await importScheduleCsv(ctx, {
      yearKind: 'academic',
      startYear: 2025,
      text: 'service,customer_class,model,price\r\nEP-DAY,academy,per_unit,500.00\r\n',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.line).toBe(1);
    const message = result.problems[0]!.message;
    expect(message).toMatch(/^The first row has the wrong columns/);
    expect(message).toMatch(/missing columns: service_code, unit_price, bands/);
    expect(message).toMatch(/unknown columns: service, price/);
    expect(message).not.toMatch(/missing columns:[^;]*customer_class/);
    expect(await schedulesCount()).toBe(0);

    const empty = await importScheduleCsv(ctx, { yearKind: 'academic', startYear: 2025, text: '' });
    expect(empty).toMatchObject({ ok: false, problems: [{ line: 1, message: expect.stringMatching(/empty/) }] });
    expect(await schedulesCount()).toBe(0);
  });

  it('accepts the header in any order and case, with a byte order mark', async () => {
    await publishedService('EP-DAY');
    const columns = [...SCHEDULE_CSV_COLUMNS].reverse();
    const values: Record<string, string> = {
      service_code: 'EP-DAY',
      customer_class: 'own_maintained',
      model: 'per_unit',
      unit_price: '"£1,234.50"',
    };
    const text = `\uFEFF${columns.map((c) => c.toUpperCase()).join(',')}\n${columns.map((c) => values[c] ?? '').join(',')}\n`;
    const known = await codes();
    expect(parseScheduleCsv(text, known)).toEqual({
      ok: true,
      rows: [{ serviceCode: 'EP-DAY', customerClass: 'own_maintained', price: perUnit(1234.5) }],
    });
  });
});

describe('price fields', () => {
  it('round-trips a price of every model through text fields', () => {
    for (const price of Object.values(everyModel)) {
      const fields = priceToFields(price);
      expect(Object.keys(fields).sort()).toEqual([...SCHEDULE_CSV_COLUMNS.slice(2)].sort());
      expect(parsePriceFields(fields)).toEqual({ ok: true, price });
    }
  });

  it('writes amounts as pounds and pence', () => {
    expect(priceToFields(everyModel.per_unit)).toMatchObject({
      model: 'per_unit',
      unit_price: '565.00',
      minimum_charge: '282.50',
      rounding: '',
    });
    expect(priceToFields(everyModel.volume_bands).bands).toBe('1-3: 565.00; 4-10: 500.00; 11+: 475.05');
    expect(priceToFields(everyModel.flat_plus_per_pupil).phase_prices).toBe(
      'Primary: 400.00 + 1.25; Secondary: 900.00 + 1.75',
    );
    expect(priceToFields(everyModel.package)).toMatchObject({
      packages: 'BRONZE | Bronze | 5 | 1800.00; SILVER | Silver plus | 10 | 3500.00',
      carry_over: 'yes',
      overage_unit_price: '370.00',
    });
    expect(priceToFields(everyModel.subscription)).toMatchObject({
      annual_price: '2950.00',
      instalments: 'split_7_5',
      minimum_charge: '0.01',
    });
  });

  it('says which field to fix', () => {
    const problemsOf = (fields: PriceFields) => {
      const result = parsePriceFields(fields);
      return result.ok ? [] : result.problems.map((p) => p.field);
    };
    expect(problemsOf({})).toEqual(['model']);
    expect(problemsOf({ model: 'per_unit' })).toEqual(['unit_price']);
    expect(problemsOf({ model: 'per_unit', unit_price: '1.00', rounding: 'to_the_moon' })).toEqual(['rounding']);
    expect(problemsOf({ model: 'volume_bands', bands: '1-3: 5.00' })).toEqual(['bands']);
    expect(problemsOf({ model: 'graduated', bands: '1-3 costs 5' })).toEqual(['bands']);
    expect(problemsOf({ model: 'package', packages: 'GOLD | Gold | lots | 1.00', carry_over: 'maybe' })).toEqual([
      'packages',
      'carry_over',
    ]);
    expect(problemsOf({ model: 'subscription', annual_price: '100', instalments: 'weekly' })).toEqual(['instalments']);
    expect(
      problemsOf({ model: 'flat_plus_per_pupil', flat_fee: '1', per_pupil: '1', phase_prices: 'Primary 1 + 2' }),
    ).toEqual(['phase_prices']);
  });

  // Generated prices of every model: text fields and back give the same price.
  const amount = fc.integer({ min: 0, max: 100_000_000_00 });
  const word = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,10}[A-Za-z]$/);
  const common = { minimumChargePence: amount, rounding: fc.constantFrom(...roundingRules) };
  const bands = fc
    .array(fc.tuple(fc.integer({ min: 1, max: 50 }), amount), { minLength: 1, maxLength: 6 })
    .map((parts) => {
      let from = 1;
      return parts.map(([width, unitPricePence], i) => {
        const band = { from, to: i === parts.length - 1 ? null : from + width - 1, unitPricePence };
        from += width;
        return band;
      });
    });
  const arbitraryPrice: fc.Arbitrary<PriceModelInput> = fc.oneof(
    fc.record({ model: fc.constant('per_unit' as const), unitPricePence: amount, ...common }),
    fc.record({ model: fc.constantFrom('volume_bands' as const, 'graduated' as const), bands, ...common }),
    fc.record({
      model: fc.constant('flat_plus_per_pupil' as const),
      flatPence: amount,
      perPupilPence: amount,
      byPhase: fc.dictionary(word, fc.record({ flatPence: amount, perPupilPence: amount }), { maxKeys: 4 }),
      ...common,
    }),
    fc.record({
      model: fc.constant('package' as const),
      packages: fc.uniqueArray(
        fc.record({
          code: fc.stringMatching(/^[A-Z0-9]{1,8}$/),
          name: word,
          units: fc.integer({ min: 1, max: 1000 }),
          pricePence: amount,
        }),
        { minLength: 1, maxLength: 4, selector: (p) => p.code },
      ),
      carryOver: fc.boolean(),
      overageUnitPricePence: fc.option(amount, { nil: null }),
      ...common,
    }),
    fc.record({
      model: fc.constant('subscription' as const),
      annualPence: amount,
      instalments: fc.constantFrom(...instalmentPlans),
      ...common,
    }),
  );

  it('round-trips any valid price (property)', () => {
    fc.assert(
      fc.property(arbitraryPrice, (input) => {
        const price = priceModelSchema.parse(input);
        expect(parsePriceFields(priceToFields(price))).toEqual({ ok: true, price });
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips any valid price through a whole CSV (property)', () => {
    fc.assert(
      fc.property(fc.array(arbitraryPrice, { minLength: 1, maxLength: 5 }), (inputs) => {
        const rows = inputs.map((input, i) => ({
          serviceCode: `S${i}`,
          customerClass: 'academy' as const,
          price: priceModelSchema.parse(input),
        }));
        const codes = new Set(rows.map((r) => r.serviceCode));
        // scheduleToCsv is what exportScheduleCsv writes.
        expect(parseScheduleCsv(scheduleToCsv(rows), codes)).toEqual({ ok: true, rows });
      }),
      { numRuns: 200 },
    );
  });
});
