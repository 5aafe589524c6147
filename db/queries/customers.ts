import { sql } from 'kysely';
import type { Scoped } from '../scope.server';
import { containsIgnoringCase } from './text-search';
import type { CustomerClass, SettlementMethod, YearKind } from '../schema';

/** The fields a provider keeps on a customer account (what a person may change). */
export interface AccountFields {
  customerClass: CustomerClass;
  settlementMethod: SettlementMethod;
  billingContactName: string | null;
  billingContactEmail: string | null;
  billingAddressLine1: string;
  billingAddressLine2: string | null;
  billingTown: string;
  billingPostcode: string;
  accountCode: string | null;
  poRequired: boolean;
  invoiceTrust: boolean;
  yearKind: YearKind;
}

function accountsOf(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('customer_accounts')
    .innerJoin('organisations', 'organisations.id', 'customer_accounts.organisation_id')
    .where('customer_accounts.tenant_id', '=', tenantId);
}

/** One page of a tenant's accounts, searched by name, URN or account code and filtered by class. */
export async function listCustomerAccounts(
  tx: Scoped,
  tenantId: string,
  filters: { search?: string; customerClass?: CustomerClass; limit: number; offset: number },
) {
  let query = accountsOf(tx, tenantId);
  if (filters.customerClass) query = query.where('customer_accounts.customer_class', '=', filters.customerClass);
  const search = filters.search?.trim();
  if (search) {
    query = query.where((eb) =>
      eb.or([
        containsIgnoringCase('organisations.name', search),
        containsIgnoringCase('customer_accounts.account_code', search),
        ...(/^\d{1,7}$/.test(search) ? [eb('organisations.urn', '=', Number(search))] : []),
      ]),
    );
  }
  const { total } = await query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  const rows = await query
    .select([
      'customer_accounts.id',
      'organisations.name',
      'organisations.urn',
      'customer_accounts.account_code',
      'customer_accounts.customer_class',
      'customer_accounts.settlement_method',
      'customer_accounts.billing_postcode',
    ])
    .orderBy('organisations.name')
    .orderBy('customer_accounts.id')
    .limit(filters.limit)
    .offset(filters.offset)
    .execute();
  return { total: Number(total), rows };
}

export async function findCustomerAccount(tx: Scoped, tenantId: string, accountId: string) {
  return accountsOf(tx, tenantId)
    .leftJoin('organisations as trusts', 'trusts.id', 'organisations.trust_id')
    .selectAll('customer_accounts')
    .select([
      'organisations.name',
      'organisations.kind',
      'organisations.urn',
      'organisations.trust_id as trustId',
      'trusts.name as trustName',
    ])
    .where('customer_accounts.id', '=', accountId)
    .executeTakeFirst();
}

export async function findAccountByCode(tx: Scoped, tenantId: string, accountCode: string) {
  return accountsOf(tx, tenantId)
    .select(['customer_accounts.id', 'organisations.name'])
    .where('customer_accounts.account_code', '=', accountCode)
    .executeTakeFirst();
}

export async function findAccountForOrganisation(tx: Scoped, tenantId: string, organisationId: string) {
  return tx
    .selectFrom('customer_accounts')
    .select(['id'])
    .where('tenant_id', '=', tenantId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

const accountColumns = (f: AccountFields) => ({
  customer_class: f.customerClass,
  settlement_method: f.settlementMethod,
  billing_contact_name: f.billingContactName,
  billing_contact_email: f.billingContactEmail,
  billing_address_line1: f.billingAddressLine1,
  billing_address_line2: f.billingAddressLine2,
  billing_town: f.billingTown,
  billing_postcode: f.billingPostcode,
  account_code: f.accountCode,
  po_required: f.poRequired,
  invoice_trust: f.invoiceTrust,
  year_kind: f.yearKind,
});

export async function insertCustomerAccount(
  tx: Scoped,
  tenantId: string,
  organisationId: string,
  fields: AccountFields,
  userId: string,
) {
  return tx
    .insertInto('customer_accounts')
    .values({ tenant_id: tenantId, organisation_id: organisationId, ...accountColumns(fields), updated_by: userId })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateCustomerAccount(
  tx: Scoped,
  tenantId: string,
  accountId: string,
  fields: AccountFields,
  userId: string,
) {
  const result = await tx
    .updateTable('customer_accounts')
    .set({ ...accountColumns(fields), updated_by: userId, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', accountId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Organisations a provider could open an account for: schools from the national data by name or
 * URN, and trusts and councils by name, each with its account here if it has one.
 */
export async function searchOrganisations(tx: Scoped, tenantId: string, search: string, limit = 25) {
  const text = search.trim();
  const urn = /^\d{1,7}$/.test(search.trim()) ? Number(search.trim()) : null;
  return tx
    .selectFrom('organisations')
    .leftJoin('schools', 'schools.urn', 'organisations.urn')
    .leftJoin('customer_accounts', (join) =>
      join
        .onRef('customer_accounts.organisation_id', '=', 'organisations.id')
        .on('customer_accounts.tenant_id', '=', tenantId),
    )
    .select([
      'organisations.id',
      'organisations.kind',
      'organisations.name',
      'organisations.urn',
      'schools.town',
      'schools.postcode',
      'schools.la_name as laName',
      'customer_accounts.id as accountId',
    ])
    .where((eb) =>
      eb.or([containsIgnoringCase('organisations.name', text), ...(urn === null ? [] : [eb('organisations.urn', '=', urn)])]),
    )
    .where((eb) => eb.or([eb('schools.urn', 'is', null), eb('schools.status', 'not ilike', 'closed%')]))
    .orderBy(sql`organisations.urn = ${urn ?? -1}`, 'desc')
    .orderBy('organisations.name')
    .limit(limit)
    .execute();
}

/** An organisation with what GIAS says about it (for a school) and its trust. */
export async function findOrganisationDetails(tx: Scoped, organisationId: string) {
  return tx
    .selectFrom('organisations')
    .leftJoin('schools', 'schools.urn', 'organisations.urn')
    .leftJoin('organisations as trusts', 'trusts.id', 'organisations.trust_id')
    .select([
      'organisations.id',
      'organisations.kind',
      'organisations.name',
      'organisations.urn',
      'organisations.trust_id as trustId',
      'trusts.name as trustName',
      'schools.la_code as laCode',
      'schools.type_group as typeGroup',
      'schools.type_of_establishment as typeOfEstablishment',
    ])
    .where('organisations.id', '=', organisationId)
    .executeTakeFirst();
}

/** The billing address a new account starts from (GIAS for a school; a provider council's own). */
export async function findDefaultBillingAddress(tx: Scoped, organisationId: string) {
  const { rows } = await sql<{
    line1: string | null;
    line2: string | null;
    town: string | null;
    postcode: string | null;
  }>`
    select line1, line2, town, postcode from default_billing_address(${organisationId})`.execute(tx);
  return rows[0] ?? { line1: null, line2: null, town: null, postcode: null };
}

/**
 * Opens the account of an organisation the buyer in scope acts for, from GIAS, the first time it
 * orders from a provider (the database function checks the buyer and what the provider offers it).
 */
export async function openCustomerAccount(tx: Scoped, tenantId: string, organisationId: string) {
  const { rows } = await sql<{ account_id: string; opened: boolean }>`
    select account_id, opened from open_customer_account(${tenantId}, ${organisationId})`.execute(tx);
  return { accountId: rows[0]!.account_id, opened: rows[0]!.opened };
}

/** A buyer's account with a provider, as the provider keeps it (the order snapshots these). */
export async function findBuyerAccountTerms(tx: Scoped, tenantId: string, organisationId: string) {
  return tx
    .selectFrom('customer_accounts')
    .select(['id', 'customer_class', 'settlement_method', 'po_required'])
    .where('tenant_id', '=', tenantId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}
