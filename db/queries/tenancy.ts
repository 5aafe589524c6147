import { sql } from 'kysely';
import { ACTING_BUYER_ORGANISATIONS } from './acting-buyer';
import type { Scoped } from '../scope.server';
import type { BuyerRole, BuyingSideRole, CustomerClass, ProviderRole, SettlementMethod } from '../schema';

/** The tenants table's own check on slugs: anything else (a NUL from a URL, say) is simply not found. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export async function findTenantBySlug(tx: Scoped, slug: string) {
  if (!SLUG.test(slug)) return undefined;
  return tx.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** Every tenant membership and buyer membership of the person in scope (policy: own rows only). */
export async function listOwnMemberships(tx: Scoped, userId: string) {
  const provider = await tx
    .selectFrom('tenant_memberships')
    .innerJoin('tenants', 'tenants.id', 'tenant_memberships.tenant_id')
    .select(['tenants.id as tenantId', 'tenants.slug', 'tenants.name', 'tenant_memberships.role'])
    .where('tenant_memberships.user_id', '=', userId)
    .orderBy('tenants.name')
    .execute();
  const buyer = await tx
    .selectFrom('organisation_memberships')
    .innerJoin('organisations', 'organisations.id', 'organisation_memberships.organisation_id')
    .select([
      'organisations.id as organisationId',
      'organisations.name',
      'organisations.kind',
      'organisation_memberships.role',
    ])
    .where('organisation_memberships.user_id', '=', userId)
    .orderBy('organisations.name')
    .execute();
  return { provider, buyer };
}

export async function findTenantMembership(tx: Scoped, tenantId: string, userId: string) {
  return tx
    .selectFrom('tenant_memberships')
    .select(['role'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function findOrganisationMembership(tx: Scoped, organisationId: string, userId: string) {
  return tx
    .selectFrom('organisation_memberships')
    .innerJoin('organisations', 'organisations.id', 'organisation_memberships.organisation_id')
    .select([
      'organisations.id as organisationId',
      'organisations.name',
      'organisations.kind',
      'organisations.urn',
      'organisation_memberships.role',
    ])
    .where('organisation_memberships.organisation_id', '=', organisationId)
    .where('organisation_memberships.user_id', '=', userId)
    .executeTakeFirst();
}

export async function listTenantUsers(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('tenant_memberships')
    .innerJoin('users', 'users.id', 'tenant_memberships.user_id')
    .select(['users.id', 'users.name', 'users.email', 'tenant_memberships.role'])
    .where('tenant_memberships.tenant_id', '=', tenantId)
    .orderBy('users.name')
    .execute();
}

export async function findTenantUser(tx: Scoped, tenantId: string, userId: string) {
  return tx
    .selectFrom('tenant_memberships')
    .innerJoin('users', 'users.id', 'tenant_memberships.user_id')
    .select(['users.id', 'users.name', 'users.email', 'tenant_memberships.role'])
    .where('tenant_memberships.tenant_id', '=', tenantId)
    .where('tenant_memberships.user_id', '=', userId)
    .executeTakeFirst();
}

export async function countTenantAdmins(tx: Scoped, tenantId: string) {
  const row = await tx
    .selectFrom('tenant_memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The tenant's admins, their memberships locked until the transaction ends (changes to admins queue here). */
export async function lockTenantAdmins(tx: Scoped, tenantId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('tenant_memberships')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'admin')
    .orderBy('user_id')
    .forUpdate()
    .execute();
  return rows.map((r) => r.user_id);
}

export async function insertTenantMembership(tx: Scoped, tenantId: string, userId: string, role: ProviderRole) {
  await tx.insertInto('tenant_memberships').values({ tenant_id: tenantId, user_id: userId, role }).execute();
}

export async function updateTenantMembershipRole(tx: Scoped, tenantId: string, userId: string, role: ProviderRole) {
  await tx
    .updateTable('tenant_memberships')
    .set({ role })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .execute();
}

export async function deleteTenantMembership(tx: Scoped, tenantId: string, userId: string) {
  await tx.deleteFrom('tenant_memberships').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
}

export async function insertInvitation(
  tx: Scoped,
  invitation: {
    tenantId: string;
    email: string;
    tokenHash: string;
    invitedBy: string;
    expiresAt: Date;
  } & ({ role: ProviderRole } | { buyerOrganisationId: string; buyerRole: BuyingSideRole }),
) {
  return tx
    .insertInto('invitations')
    .values({
      tenant_id: invitation.tenantId,
      email: invitation.email,
      ...('role' in invitation
        ? { role: invitation.role }
        : { buyer_organisation_id: invitation.buyerOrganisationId, buyer_role: invitation.buyerRole }),
      token_hash: invitation.tokenHash,
      invited_by: invitation.invitedBy,
      expires_at: invitation.expiresAt,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export async function listPendingInvitations(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('invitations')
    .select(['id', 'email', 'role', 'buyer_role', 'expires_at'])
    .where('tenant_id', '=', tenantId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date())
    .orderBy('created_at')
    .execute();
}

export async function findInvitationByTokenHash(tx: Scoped, tenantId: string, tokenHash: string) {
  return tx
    .selectFrom('invitations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function markInvitationAccepted(tx: Scoped, tenantId: string, invitationId: string) {
  const result = await tx
    .updateTable('invitations')
    .set({ accepted_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The invitee of an accepted buying-side invitation joins the organisation and role it names. */
export async function joinBuyingSide(tx: Scoped, invitationId: string, userId: string) {
  await sql`select join_buying_side(${invitationId}::uuid, ${userId}::uuid)`.execute(tx);
}

/** The council's own buying side, as its tenant admin sees it (nobody else sees anyone). */
export async function listCouncilBuyingSide(tx: Scoped) {
  const { rows } = await sql<{
    user_id: string;
    name: string;
    email: string;
    role: BuyerRole;
  }>`select user_id, name, email, role from council_buying_side()`.execute(tx);
  return rows;
}

/** Ends a person's place on the council's buying side; false if they had none. */
export async function leaveCouncilBuyingSide(tx: Scoped, userId: string): Promise<boolean> {
  const { rows } = await sql<{ left: boolean }>`select leave_council_buying_side(${userId}::uuid) as left`.execute(tx);
  return rows[0]?.left === true;
}

/** Providers that sell to a buyer: those holding a customer account for it (or, for a trust, its schools). */
export async function listProvidersForBuyer(tx: Scoped) {
  return tx
    .selectFrom('customer_accounts')
    .innerJoin('tenants', 'tenants.id', 'customer_accounts.tenant_id')
    .innerJoin('organisations', 'organisations.id', 'customer_accounts.organisation_id')
    .select([
      'customer_accounts.tenant_id as tenantId',
      'customer_accounts.organisation_id as organisationId',
      'tenants.slug',
      'tenants.name as providerName',
      'tenants.la_code as laCode',
      'tenants.kind as providerKind',
      'tenants.contact_email as contactEmail',
      'organisations.name as customerName',
      'customer_accounts.customer_class as customerClass',
      'customer_accounts.settlement_method as settlementMethod',
    ])
    .where('customer_accounts.organisation_id', '=', ACTING_BUYER_ORGANISATIONS)
    .orderBy('tenants.name')
    .orderBy('organisations.name')
    .execute();
}

/** One buying organisation's customer class with each of the providers given (those it holds an account with). */
export async function listCustomerClassesOf(tx: Scoped, organisationId: string, tenantIds: string[]) {
  if (tenantIds.length === 0) return [];
  return (
    tx
      .selectFrom('customer_accounts')
      .select(['tenant_id as tenantId', 'customer_class as customerClass'])
      .where('organisation_id', '=', organisationId)
      // One array parameter: the same statement text (prepared once) however many providers.
      .where(sql<boolean>`tenant_id = any(${tenantIds}::uuid[])`)
      .execute()
  );
}

export async function ensureCustomerAccounts(
  tx: Scoped,
  tenantId: string,
  accounts: Array<{
    organisationId: string;
    customerClass: CustomerClass;
    settlementMethod: SettlementMethod;
    poRequired?: boolean;
    billingContactName?: string | null;
    billingContactEmail?: string | null;
  }>,
) {
  for (let i = 0; i < accounts.length; i += 500) {
    const batch = accounts.slice(i, i + 500);
    await tx
      .insertInto('customer_accounts')
      .values(
        batch.map((a) => ({
          tenant_id: tenantId,
          organisation_id: a.organisationId,
          customer_class: a.customerClass,
          settlement_method: a.settlementMethod,
          po_required: a.poRequired ?? false,
          billing_contact_name: a.billingContactName ?? null,
          billing_contact_email: a.billingContactEmail ?? null,
        })),
      )
      .onConflict((oc) => oc.columns(['tenant_id', 'organisation_id']).doNothing())
      .execute();
  }
}

export async function ensureTenantMembership(tx: Scoped, tenantId: string, userId: string, role: ProviderRole) {
  await tx
    .insertInto('tenant_memberships')
    .values({ tenant_id: tenantId, user_id: userId, role })
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doNothing())
    .execute();
}

export async function findTenantById(tx: Scoped, tenantId: string) {
  return tx.selectFrom('tenants').select(['id', 'slug', 'name']).where('id', '=', tenantId).executeTakeFirst();
}

export async function updateProviderSettings(
  tx: Scoped,
  tenantId: string,
  settings: {
    autoConfirmDays: number;
    paymentTermsDays: number;
    contactEmail: string;
    /** Left as they are when not given. */
    vatNumber?: string | null;
    bankName?: string | null;
    bankSortCode?: string | null;
    bankAccountNumber?: string | null;
  },
) {
  const result = await tx
    .updateTable('tenants')
    .set({
      auto_confirm_days: settings.autoConfirmDays,
      payment_terms_days: settings.paymentTermsDays,
      contact_email: settings.contactEmail,
      ...(settings.vatNumber !== undefined ? { vat_number: settings.vatNumber } : {}),
      ...(settings.bankName !== undefined ? { bank_name: settings.bankName } : {}),
      ...(settings.bankSortCode !== undefined ? { bank_sort_code: settings.bankSortCode } : {}),
      ...(settings.bankAccountNumber !== undefined ? { bank_account_number: settings.bankAccountNumber } : {}),
    })
    .where('id', '=', tenantId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
