/**
 * Where the service is published, from configuration alone: links in mail and whether the site is
 * on HTTPS (Secure cookies, the `__Host-` prefix, HSTS) come from PUBLIC_URL, never from a header
 * a client sends (Host, X-Forwarded-Proto). TRUST_PROXY only tells Express the proxy's address.
 */

export class SiteConfigurationError extends Error {
  override name = 'SiteConfigurationError';
}

/** PUBLIC_URL as an origin (scheme, host, port), or an error saying what is wrong with it. */
export function parsePublicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SiteConfigurationError(
      `PUBLIC_URL must be a full address like https://traded.example.gov.uk (it is "${value}").`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new SiteConfigurationError(
      `PUBLIC_URL must start with https:// (or http:// on a private network): "${value}".`,
    );
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password)
    throw new SiteConfigurationError(`PUBLIC_URL must be the site's address alone, with no path: "${value}".`);
  return url.origin;
}

/** The public address of this service. Set at start-up; outside the server (tests, commands) localhost. */
export function publicUrl(): string {
  const configured = process.env.PUBLIC_URL;
  if (configured) return parsePublicUrl(configured);
  return `http://localhost:${process.env.PORT ?? 3000}`;
}

export function siteIsHttps(): boolean {
  return publicUrl().startsWith('https:');
}

/** The Strict-Transport-Security header to send, when the site is on HTTPS. */
export function strictTransportSecurity(): string | null {
  return siteIsHttps() ? 'max-age=31536000; includeSubDomains' : null;
}

export interface StartupSettings {
  kind: 'pglite' | 'postgres';
  /** Whether this database holds the demo authorities and their published sign-ins. */
  demoLoaded: boolean;
  port: number;
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
}

/**
 * Checks the configuration at start-up and settles it in the environment. The embedded demo (PGlite
 * with the demo loaded, what `npm start` gives a newcomer) may leave PUBLIC_URL unset; anything else
 * must say where it is published. TRADED_TODAY is honoured only where demo data was loaded.
 */
export function configureSite({ kind, demoLoaded, port, env = process.env, log = console.log }: StartupSettings) {
  const embeddedDemo = kind === 'pglite' && demoLoaded;
  if (env.PUBLIC_URL) env.PUBLIC_URL = parsePublicUrl(env.PUBLIC_URL);
  else if (embeddedDemo) env.PUBLIC_URL = `http://localhost:${port}`;
  else
    throw new SiteConfigurationError(
      [
        'PUBLIC_URL is not set. Outside the embedded demo, set it to the address people use to reach the service,',
        'for example PUBLIC_URL=https://traded.example.gov.uk: links in mail and HTTPS-only cookies come from it.',
      ].join('\n'),
    );
  if (env.TRADED_TODAY && !demoLoaded) {
    log(`TRADED_TODAY=${env.TRADED_TODAY} is ignored: it fixes the date only on a database holding the demo data.`);
    delete env.TRADED_TODAY;
  }
  return { publicUrl: env.PUBLIC_URL, https: env.PUBLIC_URL.startsWith('https:'), embeddedDemo };
}
