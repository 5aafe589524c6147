import { beginExternalSignIn, findSignInProviderSettings } from '../../db/queries/single-sign-on';
import { withPerson } from '../../db/scope.server';
import { DomainError } from '../errors';
import { safeReturnTo } from '../forms/safe-return';
import { SIGN_IN_PROVIDERS } from '../vocabulary';
import { EXTERNAL_SIGN_IN_MINUTES, redirectUri } from './external-sign-in-browser.server';
import { buildAuthorisationRequest, discoverIssuer } from './oidc-client.server';
import { generateToken, hashToken } from './tokens.server';

/**
 * Sends a person to an enabled provider's issuer: a new state (kept hashed, with the nonce and
 * PKCE verifier, for the callback to use once) and the authorisation URL to redirect to.
 */
export async function startExternalSignIn(
  providerId: string,
  returnTo: string | null,
  now = new Date(),
): Promise<{ authorisationUrl: string; state: string }> {
  const provider = await withPerson(null, (tx) => findSignInProviderSettings(tx, providerId));
  if (!provider)
    throw new DomainError(
      'external_sign_in.unknown_provider',
      'This way of signing in is not available. Go back to the sign-in page and choose another.',
      undefined,
      404,
    );
  const name = SIGN_IN_PROVIDERS[provider.kind].button;
  let config;
  try {
    config = await discoverIssuer({
      issuerUrl: provider.issuer_url,
      clientId: provider.client_id,
      clientSecret: provider.client_secret,
    });
  } catch {
    throw new DomainError(
      'external_sign_in.unreachable',
      `We could not reach ${name} just now. Try again later, or sign in with your email address and password.`,
      undefined,
      503,
    );
  }
  const request = await buildAuthorisationRequest(config, { redirectUri: redirectUri(), state: generateToken() });
  await withPerson(null, (tx) =>
    beginExternalSignIn(tx, {
      stateHash: hashToken(request.state),
      providerId: provider.id,
      nonce: request.nonce,
      codeVerifier: request.codeVerifier,
      returnTo: safeReturnTo(returnTo),
      expiresAt: new Date(now.getTime() + EXTERNAL_SIGN_IN_MINUTES * 60_000),
    }),
  );
  return { authorisationUrl: request.url.href, state: request.state };
}
