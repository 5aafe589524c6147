/** The name=value part of each Set-Cookie header of a response. */
function cookiesSet(response: Response): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const index = pair!.indexOf('=');
    if (index > 0) cookies.set(pair!.slice(0, index).trim(), pair!.slice(index + 1).trim());
  }
  return cookies;
}

const cookieHeader = (cookies: Map<string, string>) =>
  [...cookies]
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');

/**
 * Signs in as a person would, through the sign-in form: its page sets the CSRF cookie and carries
 * the token, the post answers with the session cookie. Returns the Cookie header to send after.
 */
export async function signIn(origin: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${origin}/sign-in`, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`GET /sign-in answered ${page.status}`);
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('The sign-in page carries no CSRF token');
  const cookies = cookiesSet(page);
  const posted = await fetch(`${origin}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(cookies) },
    body: new URLSearchParams({ csrf: token, email, password, returnTo: '' }).toString(),
  });
  await posted.arrayBuffer();
  for (const [name, value] of cookiesSet(posted)) cookies.set(name, value);
  const location = posted.headers.get('location') ?? '';
  if (posted.status < 300 || posted.status >= 400 || ![...cookies.keys()].some((n) => n.endsWith('traded_session')))
    throw new Error(`Signing in as ${email} answered ${posted.status} (to ${location || 'nowhere'}), with no session`);
  if (location.startsWith('/sign-in/')) throw new Error(`Signing in as ${email} wants a second step (${location})`);
  return cookieHeader(cookies);
}

/** A signed-in page's HTML (as the person whose cookie it is), refusing anything but 200. */
export async function getPage(origin: string, pathname: string, cookie?: string): Promise<string> {
  const response = await fetch(`${origin}${pathname}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const html = await response.text();
  if (response.status !== 200) throw new Error(`GET ${pathname} answered ${response.status}`);
  return html;
}
