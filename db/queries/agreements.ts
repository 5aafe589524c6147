import { sql } from 'kysely';
import type { Scoped } from '../scope.server';
import type { YearKind } from '../schema';

export async function nextAgreementReference(tx: Scoped, tenantId: string): Promise<string> {
  const { rows } = await sql<{ reference: string }>`select next_agreement_reference(${tenantId}) as reference`.execute(
    tx,
  );
  return rows[0]!.reference;
}

export async function insertAgreement(
  tx: Scoped,
  a: {
    tenantId: string;
    reference: string;
    commissionerOrganisationId: string;
    title: string;
    yearKind: YearKind;
    firstYearStart: string;
    years: number;
    providerContactName: string;
    providerContactEmail: string;
    commissionerContactName: string;
    commissionerContactEmail: string;
    notes: string;
    createdBy: string | null;
  },
) {
  return tx
    .insertInto('agreements')
    .values({
      tenant_id: a.tenantId,
      reference: a.reference,
      commissioner_organisation_id: a.commissionerOrganisationId,
      title: a.title,
      year_kind: a.yearKind,
      first_year_start: a.firstYearStart,
      years: a.years,
      provider_contact_name: a.providerContactName,
      provider_contact_email: a.providerContactEmail,
      commissioner_contact_name: a.commissionerContactName,
      commissioner_contact_email: a.commissionerContactEmail,
      notes: a.notes,
      created_by: a.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/**
 * Agrees a price for a service under an agreement. An agreed price never changes in place (the
 * database refuses it): agreeing again adds the next version, and the latest version applies.
 */
export async function insertAgreementPrice(
  tx: Scoped,
  tenantId: string,
  agreementId: string,
  serviceId: string,
  price: unknown,
) {
  await sql`
    insert into agreement_prices (tenant_id, agreement_id, service_id, price, version)
    select ${tenantId}, ${agreementId}, ${serviceId}, ${JSON.stringify(price)}::jsonb, coalesce(max(version), 0) + 1
      from agreement_prices
     where tenant_id = ${tenantId} and agreement_id = ${agreementId} and service_id = ${serviceId}`.execute(tx);
}

const agreementColumns = [
  'agreements.tenant_id',
  'agreements.id',
  'agreements.reference',
  'agreements.commissioner_organisation_id',
  'agreements.title',
  'agreements.year_kind',
  'agreements.first_year_start',
  'agreements.years',
  'agreements.status',
  'agreements.provider_contact_name',
  'agreements.provider_contact_email',
  'agreements.commissioner_contact_name',
  'agreements.commissioner_contact_email',
  'agreements.notes',
] as const;

/** Agreements visible in scope: as provider (tenant) and/or as commissioner (organisation). */
export async function listAgreements(tx: Scoped) {
  return tx
    .selectFrom('agreements')
    .innerJoin('tenants', 'tenants.id', 'agreements.tenant_id')
    .innerJoin('organisations', 'organisations.id', 'agreements.commissioner_organisation_id')
    .select(agreementColumns)
    .select([
      'tenants.slug',
      'tenants.name as providerName',
      'tenants.organisation_id as providerOrganisationId',
      'organisations.name as commissionerName',
    ])
    .orderBy('agreements.first_year_start', 'desc')
    .execute();
}

export async function findAgreement(tx: Scoped, tenantId: string, agreementId: string) {
  return tx
    .selectFrom('agreements')
    .innerJoin('tenants', 'tenants.id', 'agreements.tenant_id')
    .innerJoin('organisations', 'organisations.id', 'agreements.commissioner_organisation_id')
    .select(agreementColumns)
    .select(['tenants.slug', 'tenants.name as providerName', 'organisations.name as commissionerName'])
    .where('agreements.tenant_id', '=', tenantId)
    .where('agreements.id', '=', agreementId)
    .executeTakeFirst();
}

export async function findAgreementForCommissioner(tx: Scoped, tenantId: string, commissionerOrganisationId: string) {
  return tx
    .selectFrom('agreements')
    .select(['id'])
    .where('tenant_id', '=', tenantId)
    .where('commissioner_organisation_id', '=', commissionerOrganisationId)
    .executeTakeFirst();
}

export async function listAgreementPrices(tx: Scoped, tenantId: string, agreementId: string) {
  return tx
    .selectFrom('agreement_prices')
    .innerJoin('services', (join) =>
      join
        .onRef('services.tenant_id', '=', 'agreement_prices.tenant_id')
        .onRef('services.id', '=', 'agreement_prices.service_id'),
    )
    .select([
      'agreement_prices.service_id',
      'agreement_prices.price',
      'services.code',
      'services.name',
      'services.unit_kind',
      'services.overage_policy',
      'services.cancellation_notice_days',
      'services.late_cancellation_percent',
    ])
    .where('agreement_prices.tenant_id', '=', tenantId)
    .where('agreement_prices.agreement_id', '=', agreementId)
    .where(({ eb, selectFrom }) =>
      eb(
        'agreement_prices.version',
        '=',
        selectFrom('agreement_prices as later')
          .select((later) => later.fn.max('later.version').as('version'))
          .whereRef('later.tenant_id', '=', 'agreement_prices.tenant_id')
          .whereRef('later.agreement_id', '=', 'agreement_prices.agreement_id')
          .whereRef('later.service_id', '=', 'agreement_prices.service_id'),
      ),
    )
    .orderBy('services.name')
    .execute();
}

export async function listAgreementOrders(tx: Scoped, tenantId: string, agreementId: string) {
  return tx
    .selectFrom('orders')
    .select(['id', 'reference', 'status', 'period', 'proposed_by', 'submitted_at'])
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', agreementId)
    .orderBy('submitted_at')
    .execute();
}

/** Services a tenant sells to partner councils, with their partner-council price in a schedule. */
export async function listPartnerPrices(tx: Scoped, tenantId: string, scheduleId: string) {
  return tx
    .selectFrom('schedule_prices')
    .innerJoin('services', (join) =>
      join
        .onRef('services.tenant_id', '=', 'schedule_prices.tenant_id')
        .onRef('services.id', '=', 'schedule_prices.service_id'),
    )
    .select(['schedule_prices.service_id', 'schedule_prices.price'])
    .where('schedule_prices.tenant_id', '=', tenantId)
    .where('schedule_prices.schedule_id', '=', scheduleId)
    .where('schedule_prices.customer_class', '=', 'partner_council')
    .where('services.status', '=', 'published')
    .execute();
}

export async function listPartnerCouncils(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('customer_accounts')
    .innerJoin('organisations', 'organisations.id', 'customer_accounts.organisation_id')
    .select([
      'organisations.id',
      'organisations.name',
      'customer_accounts.billing_contact_name',
      'customer_accounts.billing_contact_email',
    ])
    .where('customer_accounts.tenant_id', '=', tenantId)
    .where('customer_accounts.customer_class', '=', 'partner_council')
    .orderBy('organisations.name')
    .execute();
}
