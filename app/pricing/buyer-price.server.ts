import {
  findBuyerAccount,
  findOrganisationWithSchool,
  findSchedulePrice,
  findVisibleService,
  listPublishedSchedules,
  listTrustSchools,
} from '../../db/queries/catalogue';
import type { CustomerClass, YearKind } from '../../db/schema';
import { withBuyer, type Scoped } from '../../db/scope.server';
import { notFound, type BuyerContext } from '../auth/guards.server';
import { contractYearLabel, contractYearOf, londonToday } from '../calendar/contract-year';
import { classifySchool } from '../tenancy/customer-class';
import { priceModelSchema, type PriceModel } from './price-model';
import { yearsAwaitingPrices } from './schedule-readiness';

export interface ContractYearOption {
  key: string; // e.g. "academic:2025-09-01"
  label: string;
}

/**
 * Everything that decides what this buyer pays for a service: their customer class with the
 * provider, their pupils and phase, and the schedule version in force for the chosen year.
 */
export async function buyerServicePrice(
  ctx: BuyerContext,
  slug: string,
  serviceId: string,
  options: { yearKey?: string; schoolId?: string; today?: string } = {},
) {
  return withBuyer(ctx, (tx) => resolveBuyerPrice(tx, ctx, slug, serviceId, options));
}

/** The same, inside a buyer transaction the caller holds (ordering prices lines this way too). */
export async function resolveBuyerPrice(
  tx: Scoped,
  ctx: BuyerContext,
  slug: string,
  serviceId: string,
  options: { yearKey?: string; schoolId?: string; today?: string } = {},
) {
  const today = options.today ?? londonToday();
  const service = await findVisibleService(tx, slug, serviceId);
  if (!service) throw notFound();

  const schools = ctx.organisationKind === 'trust' ? await listTrustSchools(tx, ctx.organisationId) : [];
  const buyingFor =
    options.schoolId && schools.some((s) => s.id === options.schoolId)
      ? options.schoolId
      : (schools[0]?.id ?? ctx.organisationId);
  const org = await findOrganisationWithSchool(tx, buyingFor);
  if (!org) throw notFound();
  const account = await findBuyerAccount(tx, service.tenant_id, org.id);
  const customerClass: CustomerClass =
    account?.customer_class ??
    (org.kind === 'school' && org.laCode && org.typeGroup
      ? classifySchool(
          { laCode: org.laCode, typeGroup: org.typeGroup, typeOfEstablishment: org.typeOfEstablishment },
          service.providerLaCode,
        ).customerClass
      : org.kind === 'council'
        ? 'partner_council'
        : 'academy');

  // Years with a published schedule; the version in force is the latest whose date has come.
  const published = await listPublishedSchedules(tx, service.tenant_id);
  const years = new Map<string, { kind: YearKind; start: string; versions: typeof published }>();
  for (const s of published) {
    const key = `${s.year_kind}:${s.year_start}`;
    if (!years.has(key)) years.set(key, { kind: s.year_kind, start: s.year_start, versions: [] });
    years.get(key)!.versions.push(s);
  }
  const yearOptions: ContractYearOption[] = [...years].map(([key, y]) => ({
    key,
    label: contractYearLabel(y.kind, y.start),
  }));
  const current = [...years.keys()].find((key) => {
    const y = years.get(key)!;
    return contractYearOf(today, y.kind).start === y.start;
  });
  const yearKey = options.yearKey && years.has(options.yearKey) ? options.yearKey : (current ?? yearOptions[0]?.key);
  const year = yearKey ? years.get(yearKey)! : null;
  const onDate = year && today >= year.start ? today : year?.start;
  const schedule = year?.versions.find((v) => v.effective_from <= (onDate ?? '')) ?? year?.versions.at(-1) ?? null;

  let price: PriceModel | null = null;
  if (schedule) {
    const row = await findSchedulePrice(tx, service.tenant_id, schedule.id, service.id, customerClass);
    price = row ? priceModelSchema.parse(row.price) : null;
  }
  // The year running now has no published prices: say so, rather than offer last year's.
  const notYetPriced =
    yearsAwaitingPrices(
      published.map((p) => ({ year_kind: p.year_kind, year_start: p.year_start, status: 'published' as const })),
      today,
    ).find((y) => y.started) ?? null;
  return {
    service,
    customerClass,
    notYetPriced: notYetPriced ? { label: notYetPriced.label } : null,
    buyingFor: { id: org.id, name: org.name, pupils: org.pupils ?? null, phase: org.phase ?? null },
    schools,
    yearOptions,
    yearKey: yearKey ?? null,
    schedule,
    price,
    accountKnown: Boolean(account),
    settlementMethod:
      account?.settlement_method ?? (customerClass === 'own_maintained' ? ('recharge' as const) : ('invoice' as const)),
    poRequired: account?.po_required ?? false,
    year: year ? { kind: year.kind, start: year.start } : null,
  };
}
