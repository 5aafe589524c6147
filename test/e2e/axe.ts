import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import axe, { type AxeResults, type RunOptions } from 'axe-core';

/** Every demo user signs in with this password (db/seed.ts). */
export const DEMO_PASSWORD = 'traded-demo-2026';

/** WCAG 2.2 AA: the rules the accessibility statement promises. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe-core in the page as it is now: the engine is put into the page once per document and
 * run there. See docs/decisions/009-axe-in-journeys.md for why not
 * @axe-core/playwright's builder.
 */
async function runAxe(page: Page): Promise<AxeResults> {
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(axe.source);
  const options: RunOptions = { runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] };
  return page.evaluate(
    (runOptions) => (window as unknown as { axe: typeof axe }).axe.run(document, runOptions),
    options,
  );
}

function describeViolations(violations: AxeResults['violations']): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map(
          (n) => `    - ${n.target.map(String).join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`,
        )
        .join('\n');
      return `  [${v.impact ?? 'unknown'}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

export interface AxeCheckOptions {
  /**
   * Pass false when the page's browser context runs without JavaScript: axe cannot run there, so
   * the page as the browser rendered it (its DOM, with the server's CSS) is copied into a fresh
   * context where page scripts are blocked by CSP, and checked there.
   */
  javaScriptEnabled?: boolean;
}

/**
 * Runs axe on the whole page as it is now, at the page's own width, and fails, listing every
 * violation, unless there are none. Every journey runs twice, in the desktop project and in the
 * 375 px project (playwright.config.ts), so each page is checked at both widths; a single project
 * run (`--project=chromium`) checks its own width only.
 */
export async function expectNoAxeViolations(page: Page, options: AxeCheckOptions = {}): Promise<void> {
  const { javaScriptEnabled = true } = options;
  const viewport = page.viewportSize() ?? { width: 1280, height: 720 };
  const copy = javaScriptEnabled ? null : await scriptlessCopy(page);
  try {
    const { violations } = await runAxe(copy?.page ?? page);
    const where = `${page.url()} at ${viewport.width} px wide${javaScriptEnabled ? '' : ' (as rendered without JavaScript)'}`;
    expect(
      violations,
      `${violations.length} accessibility violation(s) on ${where}:\n${describeViolations(violations)}`,
    ).toEqual([]);
  } finally {
    await copy?.context.close();
  }
}

/** The page's current DOM, served at the same address to a JavaScript-enabled context, with page scripts blocked. */
async function scriptlessCopy(page: Page): Promise<{ page: Page; context: BrowserContext }> {
  const browser = page.context().browser();
  if (!browser) throw new Error('expectNoAxeViolations: the page has no browser to copy it into');
  const html = await page.content();
  const address = new URL(page.url());
  address.hash = '';
  const context = await browser.newContext({ viewport: page.viewportSize(), javaScriptEnabled: true });
  const copy = await context.newPage();
  await copy.route(
    (url) => url.href === address.href,
    (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        headers: { 'Content-Security-Policy': "script-src 'none'" },
        body: html,
      }),
  );
  await copy.goto(address.href, { waitUntil: 'load' });
  return { page: copy, context };
}

export interface SignInOptions {
  password?: string;
  /** Check the sign-in page with axe before filling it in (default true). */
  checkAccessibility?: boolean;
}

/** Opens /sign-in, fills in the form and submits it; waits for the page the form leads to. */
export async function signIn(page: Page, email: string, options: SignInOptions = {}): Promise<void> {
  const { password = DEMO_PASSWORD, checkAccessibility = true } = options;
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  if (checkAccessibility) await expectNoAxeViolations(page);
  await page.getByLabel('Email address', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page, `signing in as ${email} should leave the sign-in page`).not.toHaveURL(/\/sign-in(\?|$)/);
  await page.waitForLoadState();
}

/** Submits the header's "Sign out" form and waits for the confirmation page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/signed-out');
  await expect(page.getByRole('heading', { level: 1, name: 'You have signed out' })).toBeVisible();
}

/** A GOV.UK date input, found by its legend within `scope`. */
export function dateInput(scope: Page | Locator, legend: string | RegExp): Locator {
  return scope.getByRole('group', { name: legend, exact: typeof legend === 'string' });
}

/** Types an ISO date (or '' to clear) into a GOV.UK date input's day, month and year fields, as a person would. */
export async function fillDateInput(scope: Page | Locator, legend: string | RegExp, iso: string): Promise<void> {
  const group = dateInput(scope, legend);
  const [year = '', month = '', day = ''] = iso ? iso.split('-') : [];
  await group.getByLabel('Day', { exact: true }).fill(day ? String(Number(day)) : '');
  await group.getByLabel('Month', { exact: true }).fill(month ? String(Number(month)) : '');
  await group.getByLabel('Year', { exact: true }).fill(year);
}

/** Expects a GOV.UK date input to show an ISO date in its three fields. */
export async function expectDateInput(scope: Page | Locator, legend: string | RegExp, iso: string): Promise<void> {
  const group = dateInput(scope, legend);
  const [year, month, day] = iso.split('-');
  await expect(group.getByLabel('Day', { exact: true })).toHaveValue(String(Number(day)));
  await expect(group.getByLabel('Month', { exact: true })).toHaveValue(String(Number(month)));
  await expect(group.getByLabel('Year', { exact: true })).toHaveValue(year!);
}

/**
 * Follows a link in the header's menu, as a person would at any width: on a narrow screen (with
 * JavaScript) the menu is folded behind its "Menu" button, which is pressed first.
 */
export async function openNav(page: Page, label: string): Promise<void> {
  const menu = page.getByRole('navigation', { name: 'Menu' });
  const link = menu.getByRole('link', { name: label, exact: true });
  const toggle = menu.getByRole('button', { name: 'Menu' });
  // A press that lands while the page is still settling (its script not yet listening, or the menu
  // read as folded while the page was being replaced) leaves it folded or folds it again, even
  // after the link showed: press again, as a person would, until the link is followed.
  await expect(async () => {
    if (!(await link.isVisible()) && (await toggle.isVisible())) await toggle.click();
    await link.click({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await page.waitForLoadState();
}
