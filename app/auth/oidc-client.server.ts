import * as client from 'openid-client';
import { publicUrl } from '../site.server';

/**
 * The one place that talks OpenID Connect, through openid-client (a certified relying party):
 * discovery, the authorisation request (code flow, PKCE S256, state, nonce), and the code grant
 * with the ID token checked in full (issuer, audience, expiry, nonce, and its signature against
 * the issuer's JWKS).
 */

export interface IssuerSettings {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
}

/** Why an issuer's answer was not accepted, in words the callback page turns into advice. */
export type OidcProblem = 'unreachable' | 'cancelled' | 'expired' | 'audience' | 'invalid';

export class OidcError extends Error {
  override name = 'OidcError';
  constructor(
    readonly problem: OidcProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * An issuer must be on HTTPS. A loopback issuer (a provider on this machine) is allowed, over HTTP
 * too, only when the site itself is on a loopback address (tests, a developer's machine): a
 * published site cannot be pointed at its own machine or downgraded to HTTP.
 */
export function issuerProblem(issuerUrl: string, siteUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(issuerUrl);
  } catch {
    return 'Enter the issuer URL in the correct format, like https://login.microsoftonline.com/<tenant id>/v2.0';
  }
  if (url.username || url.password || url.search || url.hash)
    return 'Enter the issuer URL without a user name, password, query or fragment';
  if (isLoopback(url)) {
    if (!isLoopback(new URL(siteUrl)))
      return 'Enter an issuer URL on the internet: this service cannot sign people in with its own machine';
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Enter an issuer URL that starts with https://';
    return null;
  }
  return url.protocol === 'https:' ? null : 'Enter an issuer URL that starts with https://';
}

const DISCOVERY_TIMEOUT_SECONDS = 10;

/** The issuer's published configuration, for this client. Throws OidcError('unreachable'). */
export async function discoverIssuer(settings: IssuerSettings, options: { now?: Date } = {}) {
  const problem = issuerProblem(settings.issuerUrl, publicUrl());
  if (problem) throw new OidcError('unreachable', problem);
  const server = new URL(settings.issuerUrl);
  const execute = [client.enableNonRepudiationChecks];
  if (isLoopback(server) && server.protocol === 'http:') execute.push(client.allowInsecureRequests);
  // Validations run on our clock; `now` lets a test see what a later callback would see.
  const skew = options.now ? Math.round((options.now.getTime() - Date.now()) / 1000) : 0;
  try {
    return await client.discovery(
      server,
      settings.clientId,
      { client_secret: settings.clientSecret, [client.clockSkew]: skew },
      client.ClientSecretPost(settings.clientSecret),
      { execute, timeout: DISCOVERY_TIMEOUT_SECONDS },
    );
  } catch (error) {
    throw new OidcError('unreachable', 'The issuer did not answer as an OpenID provider', { cause: error });
  }
}

/**
 * Whether an address answers as an OpenID Connect issuer, and its own issuer identifier (what its
 * ID tokens will say in `iss`). Throws OidcError('unreachable').
 */
export async function findIssuerIdentifier(issuerUrl: string): Promise<string> {
  // Discovery sends no client credentials: any client id will do to read the issuer's metadata.
  const config = await discoverIssuer({ issuerUrl, clientId: 'discovery', clientSecret: 'unused' });
  return config.serverMetadata().issuer;
}

export interface AuthorisationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Where to send the person: the issuer's authorisation endpoint with PKCE (S256), state and nonce. */
export async function buildAuthorisationRequest(
  config: client.Configuration,
  input: { redirectUri: string; state: string },
): Promise<AuthorisationRequest> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: input.redirectUri,
    response_type: 'code',
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state: input.state,
    nonce,
  });
  return { url, state: input.state, nonce, codeVerifier };
}

export interface IdTokenClaims {
  iss: string;
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  [claim: string]: unknown;
}

/**
 * Exchanges the code from the callback (`callbackUrl`: our redirect URI with the issuer's query)
 * and returns the ID token's claims once every check has passed.
 */
export async function completeAuthorisation(
  config: client.Configuration,
  callbackUrl: URL,
  expected: { state: string; nonce: string; codeVerifier: string },
): Promise<IdTokenClaims> {
  try {
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      pkceCodeVerifier: expected.codeVerifier,
      idTokenExpected: true,
    });
    const claims = tokens.claims() as IdTokenClaims | undefined;
    if (!claims) throw new OidcError('invalid', 'The issuer sent no ID token');
    if (claims.email !== undefined || !config.serverMetadata().userinfo_endpoint) return claims;
    // A conformant issuer may keep the email out of the ID token when it also issues an access
    // token; its UserInfo endpoint then gives it, for the same subject (checked).
    const userInfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    return { ...claims, email: userInfo.email, email_verified: userInfo.email_verified, xms_edov: userInfo.xms_edov };
  } catch (error) {
    throw describe(error);
  }
}

function describe(error: unknown): OidcError {
  if (error instanceof OidcError) return error;
  if (error instanceof client.AuthorizationResponseError)
    return new OidcError('cancelled', `The issuer answered ${error.error}`, { cause: error });
  if (error instanceof client.ClientError) {
    const detail = error.cause instanceof Error ? error.cause.message : error.message;
    if (error.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED')
      return new OidcError('expired', `The ID token has expired: ${detail}`, { cause: error });
    if (error.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && /"aud"|"azp"/.test(detail))
      return new OidcError('audience', `The ID token is for another service: ${detail}`, { cause: error });
    if (error.code === 'OAUTH_TIMEOUT' || error.cause instanceof TypeError)
      return new OidcError('unreachable', 'The issuer could not be reached', { cause: error });
    return new OidcError('invalid', detail, { cause: error });
  }
  if (error instanceof TypeError)
    return new OidcError('unreachable', 'The issuer could not be reached', { cause: error });
  return new OidcError('invalid', error instanceof Error ? error.message : String(error), { cause: error });
}
