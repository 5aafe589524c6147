import {
  findBuyerAccount,
  findOrganisationWithSchool,
  findSchedulePrice,
  findVisibleService,
  listPublishedSchedules,
  listTrustSchools,
} from '../../db/queries/catalogue';
import { withBuyer, type Scoped } from '../../db/scope.server';
import { notFound, type BuyerContext } from '../auth/guards.server';
import { londonToday } from '../calendar/contract-year';
import { buyerCustomerClass, scheduleInForceFor } from './price-in-force';
import { priceModelSchema, type PriceModel } from './price-model';

export type { ContractYearOption } from './price-in-force';

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

/** Whom a buyer prices for: a trust for one of its schools (the first unless it chooses), anyone else itself. */
export async function buyingOrganisation(tx: Scoped, ctx: BuyerContext, schoolId?: string) {
  const schools = ctx.organisationKind === 'trust' ? await listTrustSchools(tx, ctx.organisationId) : [];
  const buyingFor =
    schoolId && schools.some((s) => s.id === schoolId) ? schoolId : (schools[0]?.id ?? ctx.organisationId);
  const org = await findOrganisationWithSchool(tx, buyingFor);
  if (!org) throw notFound();
  return { schools, org };
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
  // Reads that need nothing from each other go together (one write, one wait on PostgreSQL).
  const [service, { schools, org }] = await Promise.all([
    findVisibleService(tx, slug, serviceId),
    buyingOrganisation(tx, ctx, options.schoolId),
  ]);
  if (!service) throw notFound();
  const [account, schedules] = await Promise.all([
    findBuyerAccount(tx, service.tenant_id, org.id),
    listPublishedSchedules(tx, service.tenant_id),
  ]);
  const customerClass = buyerCustomerClass(account?.customer_class, org, service.providerLaCode);

  const { yearOptions, yearKey, year, schedule, notYetPriced } = scheduleInForceFor(schedules, today, options.yearKey);
  let price: PriceModel | null = null;
  if (schedule) {
    const row = await findSchedulePrice(tx, service.tenant_id, schedule.id, service.id, customerClass);
    price = row ? priceModelSchema.parse(row.price) : null;
  }
  return {
    service,
    customerClass,
    notYetPriced,
    buyingFor: { id: org.id, name: org.name, pupils: org.pupils ?? null, phase: org.phase ?? null },
    schools,
    yearOptions,
    yearKey,
    schedule,
    price,
    accountKnown: Boolean(account),
    settlementMethod:
      account?.settlement_method ?? (customerClass === 'own_maintained' ? ('recharge' as const) : ('invoice' as const)),
    poRequired: account?.po_required ?? false,
    year,
  };
}
