import { insertAuditEvent } from '../../db/queries/audit';
import {
  findPlatformSignInProvider,
  findTenantSignInProvider,
  insertPlatformSignInProvider,
  insertTenantSignInProvider,
  updatePlatformSignInProvider,
  updateTenantSignInProvider,
  type SignInProviderKind,
  type SignInProviderRow,
  type SignInProviderWrite,
} from '../../db/queries/single-sign-on';
import { withPerson, withTenant } from '../../db/scope.server';
import { DomainError } from '../errors';
import { publicUrl } from '../site.server';
import { SIGN_IN_PROVIDERS } from '../vocabulary';
import type { TenantContext } from './guards.server';
import { findIssuerIdentifier, issuerProblem } from './oidc-client.server';
import type { SignInProviderInput } from './sign-in-provider-form';

/** Whose issuer it is: a provider's, for its staff; or the platform's, for buyer organisations. */
export type SignInProviderOwner = { kind: 'tenant'; ctx: TenantContext } | { kind: 'platform'; userId: string };

/** What the admin's page shows of the saved settings (never the secret). */
export async function findSignInProvider(owner: SignInProviderOwner, kind: SignInProviderKind) {
  return owner.kind === 'tenant'
    ? withTenant(owner.ctx, (tx) => findTenantSignInProvider(tx, owner.ctx.tenantId, kind))
    : withPerson(owner.userId, (tx) => findPlatformSignInProvider(tx, kind));
}

/**
 * Saves an issuer's settings. An enabled issuer must answer as an OpenID provider first (its
 * discovery document), and its own issuer identifier is saved, so ID tokens match it exactly.
 * A provider's changes are audited (without the secret).
 */
export async function configureSignInProvider(
  owner: SignInProviderOwner,
  kind: SignInProviderKind,
  input: SignInProviderInput,
): Promise<void> {
  const product = SIGN_IN_PROVIDERS[kind].product;
  const problem = issuerProblem(input.issuerUrl, publicUrl());
  if (problem) throw new DomainError('sign_in_provider.issuer', problem, 'issuerUrl');
  const existing = await findSignInProvider(owner, kind);
  if (!existing && !input.clientSecret)
    throw new DomainError('sign_in_provider.secret', 'Enter the client secret', 'clientSecret');

  let issuerUrl = input.issuerUrl;
  if (input.enabled) {
    try {
      issuerUrl = await findIssuerIdentifier(issuerUrl);
    } catch {
      throw new DomainError(
        'sign_in_provider.unreachable',
        `The issuer URL did not answer as an OpenID Connect issuer. Check it is the issuer URL ${product} gives you`,
        'issuerUrl',
      );
    }
  }
  const write: SignInProviderWrite = {
    kind,
    issuerUrl,
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    enabled: input.enabled,
    updatedBy: owner.kind === 'tenant' ? owner.ctx.userId : owner.userId,
  };

  if (owner.kind === 'platform') {
    await withPerson(owner.userId, async (tx) => {
      if (existing) await updatePlatformSignInProvider(tx, write);
      else await insertPlatformSignInProvider(tx, { ...write, clientSecret: input.clientSecret! });
    });
    return;
  }
  const { ctx } = owner;
  await withTenant(ctx, async (tx) => {
    if (existing) {
      if (!(await updateTenantSignInProvider(tx, ctx.tenantId, write)))
        throw new Error('The sign-in provider could not be updated');
    } else await insertTenantSignInProvider(tx, ctx.tenantId, { ...write, clientSecret: input.clientSecret! });
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'sign_in_provider.changed',
      subjectType: 'sign_in_provider',
      subjectId: kind,
      detail: {
        before: existing ? describe(existing) : null,
        after: { issuerUrl, clientId: input.clientId, enabled: input.enabled },
        secretReplaced: Boolean(existing && input.clientSecret),
      },
    });
  });
}

function describe(row: SignInProviderRow) {
  return { issuerUrl: row.issuer_url, clientId: row.client_id, enabled: row.enabled };
}
