import { sql } from 'kysely';
import type { Scoped } from '../scope.server';

// Single sign-on with OpenID Connect (migration 0017). Providers' client secrets are written here
// and read back only by `sign_in_provider_settings`, which signing in needs to talk to the issuer.

export type SignInProviderKind = 'dfe_sign_in' | 'entra_id';

/** What an admin sees of a provider: never its client secret. */
export interface SignInProviderRow {
  id: string;
  kind: SignInProviderKind;
  issuer_url: string;
  client_id: string;
  enabled: boolean;
  updated_at: Date;
}

export interface SignInProviderWrite {
  kind: SignInProviderKind;
  issuerUrl: string;
  clientId: string;
  /** Null keeps the secret already saved. */
  clientSecret: string | null;
  enabled: boolean;
  updatedBy: string;
}

/** The tenant in scope's provider of this kind, as its admins see it. */
export async function findTenantSignInProvider(tx: Scoped, tenantId: string, kind: SignInProviderKind) {
  const { rows } = await sql<SignInProviderRow>`
    select id, kind, issuer_url, client_id, enabled, updated_at from tenant_sign_in_providers
     where tenant_id = ${tenantId} and kind = ${kind}`.execute(tx);
  return rows[0];
}

/** The platform's provider of this kind (platform administrators only, by policy). */
export async function findPlatformSignInProvider(tx: Scoped, kind: SignInProviderKind) {
  const { rows } = await sql<SignInProviderRow>`
    select id, kind, issuer_url, client_id, enabled, updated_at from platform_sign_in_providers
     where kind = ${kind}`.execute(tx);
  return rows[0];
}

export async function insertTenantSignInProvider(
  tx: Scoped,
  tenantId: string,
  p: SignInProviderWrite & { clientSecret: string },
) {
  await sql`
    insert into tenant_sign_in_providers (tenant_id, kind, issuer_url, client_id, client_secret, enabled, updated_by)
    values (${tenantId}, ${p.kind}, ${p.issuerUrl}, ${p.clientId}, ${p.clientSecret}, ${p.enabled}, ${p.updatedBy})`.execute(
    tx,
  );
}

/** The secret is written only when a new one is given (reading the old one is not allowed). */
function secretChange(p: SignInProviderWrite) {
  return p.clientSecret === null ? sql`` : sql`client_secret = ${p.clientSecret},`;
}

/** True when a row was changed (policy: only an admin of the tenant in scope changes any). */
export async function updateTenantSignInProvider(tx: Scoped, tenantId: string, p: SignInProviderWrite) {
  const { rows } = await sql`
    update tenant_sign_in_providers
       set issuer_url = ${p.issuerUrl}, client_id = ${p.clientId}, enabled = ${p.enabled},
           ${secretChange(p)} updated_at = now(), updated_by = ${p.updatedBy}
     where tenant_id = ${tenantId} and kind = ${p.kind}
     returning id`.execute(tx);
  return rows.length > 0;
}

export async function insertPlatformSignInProvider(tx: Scoped, p: SignInProviderWrite & { clientSecret: string }) {
  await sql`
    insert into platform_sign_in_providers (kind, issuer_url, client_id, client_secret, enabled, updated_by)
    values (${p.kind}, ${p.issuerUrl}, ${p.clientId}, ${p.clientSecret}, ${p.enabled}, ${p.updatedBy})`.execute(tx);
}

export async function updatePlatformSignInProvider(tx: Scoped, p: SignInProviderWrite) {
  const { rows } = await sql`
    update platform_sign_in_providers
       set issuer_url = ${p.issuerUrl}, client_id = ${p.clientId}, enabled = ${p.enabled},
           ${secretChange(p)} updated_at = now(), updated_by = ${p.updatedBy}
     where kind = ${p.kind}
     returning id`.execute(tx);
  return rows.length > 0;
}

/** The buttons on the sign-in page: every enabled provider, and whose it is (null: the platform's). */
export async function listSignInProviderChoices(tx: Scoped) {
  const { rows } = await sql<{ id: string; kind: SignInProviderKind; tenant_name: string | null }>`
    select id, kind, tenant_name from sign_in_provider_choices()`.execute(tx);
  return rows;
}

export interface SignInProviderSettings {
  id: string;
  kind: SignInProviderKind;
  tenant_id: string | null;
  tenant_slug: string | null;
  tenant_name: string | null;
  issuer_url: string;
  client_id: string;
  client_secret: string;
}

/** An enabled provider's settings, its secret included, to sign someone in with its issuer. */
export async function findSignInProviderSettings(tx: Scoped, providerId: string) {
  const { rows } = await sql<SignInProviderSettings>`
    select * from sign_in_provider_settings(${providerId}::uuid)`.execute(tx);
  return rows[0];
}

export interface ExternalSignInRequest {
  stateHash: string;
  providerId: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string | null;
  expiresAt: Date;
}

export async function beginExternalSignIn(tx: Scoped, r: ExternalSignInRequest) {
  await sql`select begin_external_sign_in(${r.stateHash}, ${r.providerId}::uuid, ${r.nonce}, ${r.codeVerifier},
                                          ${r.returnTo}, ${r.expiresAt})`.execute(tx);
}

export type ClaimedSignIn =
  | { outcome: 'ok'; provider_id: string; nonce: string; code_verifier: string; return_to: string | null }
  | { outcome: 'used' | 'expired' };

/** Uses a sign-in request once; undefined when no request has this state. */
export async function claimExternalSignIn(tx: Scoped, stateHash: string): Promise<ClaimedSignIn | undefined> {
  const { rows } = await sql<ClaimedSignIn>`
    select outcome, provider_id, nonce, code_verifier, return_to from claim_external_sign_in(${stateHash})`.execute(tx);
  return rows[0];
}

export async function findLinkedSignInUser(tx: Scoped, providerId: string, subject: string) {
  const { rows } = await sql<{ user_id: string | null }>`
    select linked_sign_in_user(${providerId}::uuid, ${subject}) as user_id`.execute(tx);
  return rows[0]?.user_id ?? null;
}

/** True when the account at the issuer is now linked to this person (the provider admits them). */
export async function linkExternalIdentity(
  tx: Scoped,
  link: { providerId: string; subject: string; userId: string; email: string },
) {
  const { rows } = await sql<{ linked: boolean }>`
    select link_external_identity(${link.providerId}::uuid, ${link.subject}, ${link.userId}::uuid, ${link.email}) as linked`.execute(
    tx,
  );
  return rows[0]?.linked === true;
}
