import { insertAuditEvent } from '../../db/queries/audit';
import { findUserByEmail } from '../../db/queries/auth';
import {
  claimExternalSignIn,
  findLinkedSignInUser,
  findSignInProviderSettings,
  linkExternalIdentity,
  type SignInProviderSettings,
} from '../../db/queries/single-sign-on';
import { withPerson, withTenant } from '../../db/scope.server';
import { DomainError } from '../errors';
import { SIGN_IN_PROVIDERS } from '../vocabulary';
import { redirectUri } from './external-sign-in-browser.server';
import { completeAuthorisation, discoverIssuer, OidcError, type IdTokenClaims } from './oidc-client.server';
import { finishSignIn, type SignInOutcome } from './sign-in.server';
import { hashToken } from './tokens.server';

const START_AGAIN = 'Go back to the sign-in page and start again.';

function refuse(code: string, message: string, status = 400): DomainError {
  return new DomainError(`external_sign_in.${code}`, message, undefined, status);
}

/**
 * The issuer's answer at /sign-in/callback: the state is used once (a replayed callback is
 * refused), the code is exchanged and the ID token checked in full, then the person is found by
 * the link from an earlier sign-in, or linked now by a verified email address to an account that
 * the provider admits. Signs them in through `finishSignIn`.
 */
export async function finishExternalSignIn(
  input: { query: URLSearchParams; stateFromBrowser: boolean; previousToken: string | null },
  now = new Date(),
): Promise<{ outcome: SignInOutcome; returnTo: string | null }> {
  const state = input.query.get('state');
  if (!state || (!input.query.get('code') && !input.query.get('error')))
    throw refuse('bad_callback', `This sign-in could not be finished. ${START_AGAIN}`);
  if (!input.stateFromBrowser)
    throw refuse(
      'other_browser',
      `This sign-in did not start in this browser, or has already finished. ${START_AGAIN}`,
    );

  const request = await withPerson(null, (tx) => claimExternalSignIn(tx, hashToken(state)));
  if (request?.outcome !== 'ok')
    throw request?.outcome === 'expired'
      ? refuse('too_slow', `This sign-in took too long to finish. ${START_AGAIN}`)
      : refuse('used', `This sign-in has already been used. ${START_AGAIN}`);

  const provider = await withPerson(null, (tx) => findSignInProviderSettings(tx, request.provider_id));
  if (!provider)
    throw refuse(
      'provider_gone',
      'This way of signing in is no longer available. Sign in with your email address and password.',
    );
  const claims = await checkedClaims(
    provider,
    input.query,
    { state, nonce: request.nonce, codeVerifier: request.code_verifier },
    now,
  );
  const userId = await identify(provider, claims);
  const context = provider.tenant_id
    ? { context: `tenant:${provider.tenant_id}`, home: `/t/${provider.tenant_slug}` }
    : undefined;
  const outcome = await finishSignIn(userId, { previousToken: input.previousToken, context }, now);
  return { outcome, returnTo: request.return_to };
}

async function checkedClaims(
  provider: SignInProviderSettings,
  query: URLSearchParams,
  expected: { state: string; nonce: string; codeVerifier: string },
  now: Date,
): Promise<IdTokenClaims> {
  const name = SIGN_IN_PROVIDERS[provider.kind].button;
  // The URL the issuer sent the browser to, as registered (from PUBLIC_URL), with its answer.
  const callbackUrl = new URL(redirectUri());
  callbackUrl.search = query.toString();
  try {
    const config = await discoverIssuer(
      { issuerUrl: provider.issuer_url, clientId: provider.client_id, clientSecret: provider.client_secret },
      { now },
    );
    return await completeAuthorisation(config, callbackUrl, expected);
  } catch (error) {
    if (!(error instanceof OidcError)) throw error;
    switch (error.problem) {
      case 'unreachable':
        throw refuse(
          'unreachable',
          `We could not reach ${name} just now. Try again later, or sign in with your email address and password.`,
          503,
        );
      case 'cancelled':
        throw refuse(
          'cancelled',
          `You did not finish signing in with ${name}. ${START_AGAIN} Or sign in with your email address and password.`,
        );
      case 'expired':
        throw refuse(
          'expired',
          `Your sign-in with ${name} had expired before it reached us, so it was not accepted. ${START_AGAIN}`,
          401,
        );
      case 'audience':
        throw refuse(
          'audience',
          `The answer from ${name} was meant for another service, so it was not accepted. Ask your administrator to check the client ID in the single sign-on settings.`,
          401,
        );
      default:
        throw refuse(
          'invalid',
          `The answer from ${name} could not be checked, so it was not accepted. ${START_AGAIN} If this happens again, tell your administrator.`,
          401,
        );
    }
  }
}

/**
 * A verified email address: `email_verified` true, as OpenID Connect defines it. Microsoft Entra ID
 * does not send that claim; its `xms_edov` (the email's domain is verified by the organisation that
 * owns it) is Microsoft's equivalent, so for Entra either will do.
 */
function verifiedEmail(provider: SignInProviderSettings, claims: IdTokenClaims): string | null {
  if (typeof claims.email !== 'string' || claims.email.trim() === '') return null;
  const verified = claims.email_verified === true || (provider.kind === 'entra_id' && claims.xms_edov === true);
  return verified ? claims.email.trim() : null;
}

async function identify(provider: SignInProviderSettings, claims: IdTokenClaims): Promise<string> {
  const name = SIGN_IN_PROVIDERS[provider.kind].button;
  const linked = await withPerson(null, (tx) => findLinkedSignInUser(tx, provider.id, claims.sub));
  if (linked) return linked;

  const email = verifiedEmail(provider, claims);
  if (!email)
    throw refuse(
      'unverified_email',
      `Your ${name} account does not have a verified email address, so we cannot tell which Traded account is yours. Verify your email address with ${name}, or sign in with your email address and password.`,
      403,
    );
  const user = await withPerson(null, (tx) => findUserByEmail(tx, email));
  if (!user)
    throw refuse('unknown_email', `No Traded account uses ${email}. Ask your administrator to invite you.`, 403);

  const link = { providerId: provider.id, subject: claims.sub, userId: user.id, email };
  const linkedNow = provider.tenant_id
    ? await withTenant({ tenantId: provider.tenant_id, userId: user.id }, async (tx) => {
        if (!(await linkExternalIdentity(tx, link))) return false;
        await insertAuditEvent(tx, {
          tenantId: provider.tenant_id!,
          actorUserId: user.id,
          action: 'sign_in_provider.linked',
          subjectType: 'user',
          subjectId: user.id,
          detail: { provider: provider.kind, issuer: provider.issuer_url, subject: claims.sub, email },
        });
        return true;
      })
    : await withPerson(user.id, (tx) => linkExternalIdentity(tx, link));
  if (!linkedNow)
    throw refuse(
      'not_admitted',
      provider.tenant_name
        ? `Your Traded account (${email}) is not a member of ${provider.tenant_name}, so you cannot sign in with its ${name} account. Ask your administrator to invite you, or sign in with your email address and password.`
        : `Your Traded account (${email}) is not a member of a school, trust or council, so you cannot sign in with ${name}. Ask your administrator to invite you, or sign in with your email address and password.`,
      403,
    );
  return user.id;
}
