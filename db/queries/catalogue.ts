import { sql } from 'kysely';
import type { Scoped } from '../scope.server';
import { containsLowerCased } from './text-search';
import type {
  BillingPlan,
  CustomerClass,
  ServiceCategory,
  ServiceStatus,
  SoldTo,
  UnitKind,
  VatCode,
  YearKind,
} from '../schema';

export interface ServiceValues {
  code: string;
  name: string;
  category: ServiceCategory;
  description: string;
  included: string;
  deliveredBy: string;
  statutory: boolean;
  unitKind: UnitKind;
  unitHours: string | null;
  costCentre: string | null;
  subjectiveCode: string | null;
  vatByClass: Record<CustomerClass, VatCode>;
  cancellationTerms: string;
  soldTo: SoldTo;
  overagePolicy: 'charge' | 'refuse';
  /** Left as it is when not given. */
  billingPlan?: BillingPlan;
  costSalaryPence: number | null;
  costProductiveDays: number | null;
  costOverheadBasisPoints: number | null;
  cancellationNoticeDays: number | null;
  lateCancellationPercent: number;
}

function columns(v: ServiceValues) {
  return {
    code: v.code,
    name: v.name,
    category: v.category,
    description: v.description,
    included: v.included,
    delivered_by: v.deliveredBy,
    statutory: v.statutory,
    unit_kind: v.unitKind,
    unit_hours: v.unitHours,
    cost_centre: v.costCentre,
    subjective_code: v.subjectiveCode,
    vat_by_class: JSON.stringify(v.vatByClass),
    cancellation_terms: v.cancellationTerms,
    sold_to: JSON.stringify(v.soldTo),
    overage_policy: v.overagePolicy,
    ...(v.billingPlan ? { billing_plan: v.billingPlan } : {}),
    cost_salary_pence: v.costSalaryPence,
    cost_productive_days: v.costProductiveDays,
    cost_overhead_basis_points: v.costOverheadBasisPoints,
    cancellation_notice_days: v.cancellationNoticeDays,
    late_cancellation_percent: v.lateCancellationPercent,
  };
}

export async function insertService(tx: Scoped, tenantId: string, values: ServiceValues) {
  return tx
    .insertInto('services')
    .values({ tenant_id: tenantId, ...columns(values) })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export async function updateService(tx: Scoped, tenantId: string, serviceId: string, values: ServiceValues) {
  await tx
    .updateTable('services')
    .set({ ...columns(values), updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', serviceId)
    .execute();
}

export async function setServiceStatus(tx: Scoped, tenantId: string, serviceId: string, status: ServiceStatus) {
  await tx
    .updateTable('services')
    .set({ status, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', serviceId)
    .execute();
}

export async function findService(tx: Scoped, tenantId: string, serviceId: string) {
  return tx
    .selectFrom('services')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', serviceId)
    .executeTakeFirst();
}

export async function findServiceByCode(tx: Scoped, tenantId: string, code: string) {
  return tx
    .selectFrom('services')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function listServices(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('services')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('category')
    .orderBy('name')
    .execute();
}

export async function listSchedules(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('charge_schedules')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('year_start', 'desc')
    .orderBy('year_kind')
    .orderBy('version', 'desc')
    .execute();
}

export async function findSchedule(tx: Scoped, tenantId: string, scheduleId: string) {
  return tx
    .selectFrom('charge_schedules')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', scheduleId)
    .executeTakeFirst();
}

export async function latestScheduleVersion(tx: Scoped, tenantId: string, yearKind: YearKind, yearStart: string) {
  return tx
    .selectFrom('charge_schedules')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('year_kind', '=', yearKind)
    .where('year_start', '=', yearStart)
    .orderBy('version', 'desc')
    .executeTakeFirst();
}

export async function insertSchedule(
  tx: Scoped,
  s: {
    tenantId: string;
    yearKind: YearKind;
    yearStart: string;
    version: number;
    effectiveFrom: string;
    supersedesId: string | null;
    note: string;
    createdBy: string | null;
  },
) {
  return tx
    .insertInto('charge_schedules')
    .values({
      tenant_id: s.tenantId,
      year_kind: s.yearKind,
      year_start: s.yearStart,
      version: s.version,
      effective_from: s.effectiveFrom,
      supersedes_id: s.supersedesId,
      note: s.note,
      created_by: s.createdBy,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export async function markSchedulePublished(tx: Scoped, tenantId: string, scheduleId: string, userId: string | null) {
  await tx
    .updateTable('charge_schedules')
    .set({ status: 'published', published_at: new Date(), published_by: userId })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', scheduleId)
    .where('status', '=', 'draft')
    .execute();
}

export async function listSchedulePrices(tx: Scoped, tenantId: string, scheduleId: string) {
  return tx
    .selectFrom('schedule_prices')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('schedule_id', '=', scheduleId)
    .execute();
}

export async function upsertSchedulePrice(
  tx: Scoped,
  p: { tenantId: string; scheduleId: string; serviceId: string; customerClass: CustomerClass; price: unknown },
) {
  await tx
    .insertInto('schedule_prices')
    .values({
      tenant_id: p.tenantId,
      schedule_id: p.scheduleId,
      service_id: p.serviceId,
      customer_class: p.customerClass,
      price: JSON.stringify(p.price),
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'schedule_id', 'service_id', 'customer_class'])
        .doUpdateSet({ price: JSON.stringify(p.price) }),
    )
    .execute();
}

export async function deleteSchedulePrice(
  tx: Scoped,
  tenantId: string,
  scheduleId: string,
  serviceId: string,
  customerClass: CustomerClass,
) {
  await tx
    .deleteFrom('schedule_prices')
    .where('tenant_id', '=', tenantId)
    .where('schedule_id', '=', scheduleId)
    .where('service_id', '=', serviceId)
    .where('customer_class', '=', customerClass)
    .execute();
}

export async function deleteAllSchedulePrices(tx: Scoped, tenantId: string, scheduleId: string) {
  await tx
    .deleteFrom('schedule_prices')
    .where('tenant_id', '=', tenantId)
    .where('schedule_id', '=', scheduleId)
    .execute();
}

export async function copySchedulePrices(tx: Scoped, tenantId: string, fromScheduleId: string, toScheduleId: string) {
  const prices = await listSchedulePrices(tx, tenantId, fromScheduleId);
  if (prices.length === 0) return;
  await tx
    .insertInto('schedule_prices')
    .values(
      prices.map((p) => ({
        tenant_id: tenantId,
        schedule_id: toScheduleId,
        service_id: p.service_id,
        customer_class: p.customer_class,
        price: JSON.stringify(p.price),
      })),
    )
    .execute();
}

/** The published version in force on a date for a contract year: the latest whose effective date has come. */
export async function scheduleInForce(
  tx: Scoped,
  tenantId: string,
  yearKind: YearKind,
  yearStart: string,
  onDate: string,
) {
  return tx
    .selectFrom('charge_schedules')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('year_kind', '=', yearKind)
    .where('year_start', '=', yearStart)
    .where('status', '=', 'published')
    .where('effective_from', '<=', onDate)
    .orderBy('version', 'desc')
    .executeTakeFirst();
}

export async function findSchedulePrice(
  tx: Scoped,
  tenantId: string,
  scheduleId: string,
  serviceId: string,
  customerClass: CustomerClass,
) {
  return tx
    .selectFrom('schedule_prices')
    .select('price')
    .where('tenant_id', '=', tenantId)
    .where('schedule_id', '=', scheduleId)
    .where('service_id', '=', serviceId)
    .where('customer_class', '=', customerClass)
    .executeTakeFirst();
}

/**
 * The published services a buyer may see, across every provider (the database decides which),
 * found from the buyer's own offers (an index range per audience it belongs to): each offered
 * service is looked up by its key and matched there, so the work grows with what the buyer is
 * offered, not with the national catalogue. The lookups are fenced (a lateral subquery with
 * `offset 0`, materialized before the providers are joined): left to itself, the planner read
 * every provider's services end to end (it prices an index lookup as a read from disk) and, with a
 * search, joined the providers once per offer. On the national data, 295 offers of 2,763 services:
 * 1.6 ms against 2.2 with a search, 1.35 against 1.65 without (pgbench, one connection).
 *
 * A search matches a service whose name, code or description contains it, whatever the case, read
 * from the three lower-cased once when the service was written (services.search_text, migration
 * 0049). Lower-casing them for each offer on every search was most of a search's cost here: the
 * offers' lookup with "safeguarding" took 4.1 to 4.4 ms a transaction that way, 2.5 to 2.8 ms with the
 * texts read lower-cased, and 2.3 to 2.5 ms with no search at all (pgbench, one connection, the
 * national data). They are joined there by line breaks, so a line break in the search is a space,
 * as the catalogue's form takes it: words never match from one text into the next.
 */
export async function listVisibleServices(
  tx: Scoped,
  filters: { search?: string; category?: string; provider?: string },
) {
  const search = filters.search?.replace(/[\r\n]/g, ' ');
  return tx
    .with(
      (cte) => cte('offered').materialized(),
      (db) =>
        db
          .selectFrom(sql<{ tenant_id: string; service_id: string }>`acting_buyer_offers()`.as('o'))
          .innerJoinLateral(
            (eb) => {
              let service = eb
                .selectFrom('services')
                .select([
                  'services.tenant_id',
                  'services.id',
                  'services.code',
                  'services.name',
                  'services.category',
                  'services.unit_kind',
                ])
                .whereRef('services.tenant_id', '=', 'o.tenant_id')
                .whereRef('services.id', '=', 'o.service_id')
                .where('services.status', '=', 'published');
              if (filters.category) service = service.where('services.category', '=', filters.category as never);
              if (search) service = service.where(containsLowerCased('services.search_text', search));
              return service.offset(0).as('s');
            },
            (join) => join.onTrue(),
          )
          .selectAll('s'),
    )
    .selectFrom('offered')
    .innerJoin('tenants', 'tenants.id', 'offered.tenant_id')
    .select([
      'offered.tenant_id as tenantId',
      'offered.id',
      'offered.code',
      'offered.name',
      'offered.category',
      'offered.unit_kind as unitKind',
      'tenants.slug',
      'tenants.name as providerName',
      'tenants.la_code as providerLaCode',
    ])
    .$if(Boolean(filters.provider), (q) => q.where('tenants.slug', '=', filters.provider!))
    .orderBy('tenants.name')
    .orderBy('offered.name')
    .execute();
}

/**
 * The providers offering the buyer acting any published service, by name (the catalogue's provider
 * filter). The offers hold published services only (catalogue_offers_refresh), so the providers are
 * read from the offers alone, not from a scan of every provider's services.
 */
export async function listOfferingProviders(tx: Scoped) {
  return tx
    .selectFrom('tenants')
    .select(['tenants.slug', 'tenants.name as providerName'])
    .where('tenants.id', 'in', (eb) =>
      eb.selectFrom(sql<{ tenant_id: string }>`acting_buyer_offers()`.as('offered')).select('offered.tenant_id'),
    )
    .orderBy('tenants.name')
    .orderBy('tenants.slug')
    .execute();
}

/** Published schedule versions of several providers at once, newest year and version first within each. */
export async function listPublishedSchedulesOf(tx: Scoped, tenantIds: string[]) {
  if (tenantIds.length === 0) return [];
  return tx
    .selectFrom('charge_schedules')
    .select(['tenant_id', 'id', 'year_kind', 'year_start', 'version', 'effective_from'])
    // One array parameter: the same statement text (prepared once) however many providers.
    .where(sql<boolean>`tenant_id = any(${tenantIds}::uuid[])`)
    .where('status', '=', 'published')
    .orderBy('year_start', 'desc')
    .orderBy('version', 'desc')
    .execute();
}

/**
 * The price of each service in the schedule version and for the customer class given beside it
 * (one lookup by the whole key a service).
 */
export async function listSchedulePricesOf(
  tx: Scoped,
  wanted: Array<{ tenantId: string; scheduleId: string; serviceId: string; customerClass: CustomerClass }>,
) {
  if (wanted.length === 0) return [];
  // Ids and customer classes (words of our own) only, so array literals are safe (as the ledger writes them).
  const list = (pick: (w: (typeof wanted)[number]) => string) => `{${wanted.map(pick).join(',')}}`;
  const tenants = list((w) => w.tenantId);
  const schedules = list((w) => w.scheduleId);
  const services = list((w) => w.serviceId);
  const classes = list((w) => w.customerClass);
  const keys = sql<{ tenant_id: string; schedule_id: string; service_id: string; customer_class: CustomerClass }>`(
    select * from unnest(${tenants}::uuid[], ${schedules}::uuid[], ${services}::uuid[], ${classes}::text[])
      as w (tenant_id, schedule_id, service_id, customer_class))`;
  return tx
    .selectFrom(keys.as('wanted'))
    .innerJoin('schedule_prices as p', (join) =>
      join
        .onRef('p.tenant_id', '=', 'wanted.tenant_id')
        .onRef('p.schedule_id', '=', 'wanted.schedule_id')
        .onRef('p.service_id', '=', 'wanted.service_id')
        .onRef('p.customer_class', '=', 'wanted.customer_class'),
    )
    .select(['p.schedule_id', 'p.service_id', 'p.price'])
    .execute();
}

export async function findVisibleService(tx: Scoped, slug: string, serviceId: string) {
  return tx
    .selectFrom('services')
    .innerJoin('tenants', 'tenants.id', 'services.tenant_id')
    .selectAll('services')
    .select([
      'tenants.slug',
      'tenants.name as providerName',
      'tenants.la_code as providerLaCode',
      'tenants.contact_email as providerEmail',
    ])
    .where('tenants.slug', '=', slug)
    .where('services.id', '=', serviceId)
    .where('services.status', '=', 'published')
    .executeTakeFirst();
}

export async function findBuyerAccount(tx: Scoped, tenantId: string, organisationId: string) {
  return tx
    .selectFrom('customer_accounts')
    .select(['customer_class', 'settlement_method', 'po_required'])
    .where('tenant_id', '=', tenantId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export async function findOrganisationWithSchool(tx: Scoped, organisationId: string) {
  return tx
    .selectFrom('organisations')
    .leftJoin('schools', 'schools.urn', 'organisations.urn')
    .select([
      'organisations.id',
      'organisations.kind',
      'organisations.name',
      'organisations.la_code as orgLaCode',
      'schools.la_code as laCode',
      'schools.type_group as typeGroup',
      'schools.type_of_establishment as typeOfEstablishment',
      'schools.pupils',
      'schools.phase',
    ])
    .where('organisations.id', '=', organisationId)
    .executeTakeFirst();
}

export async function listTrustSchools(tx: Scoped, trustId: string) {
  return tx
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('trust_id', '=', trustId)
    .where('kind', '=', 'school')
    .orderBy('name')
    .execute();
}

/** Published schedule versions of one provider, newest year and version first (for buyers and staff). */
export async function listPublishedSchedules(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('charge_schedules')
    .select(['id', 'year_kind', 'year_start', 'version', 'effective_from'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'published')
    .orderBy('year_start', 'desc')
    .orderBy('version', 'desc')
    .execute();
}

/** Only a draft can go: the trigger refuses to delete a published schedule. */
export async function deleteDraftSchedule(tx: Scoped, tenantId: string, scheduleId: string) {
  const result = await tx
    .deleteFrom('charge_schedules')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', scheduleId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function findVisibleServiceByCode(tx: Scoped, tenantId: string, code: string) {
  return tx
    .selectFrom('services')
    .select(['id'])
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .where('status', '=', 'published')
    .executeTakeFirst();
}
