import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations, signIn } from './axe';

// Southampton publishes its 2026/27 charge schedule (unless that is done already); then Bitterne
// Park Primary School (Southampton, maintained) orders 3 educational psychology days for 2026/27.
// The order is over the school's approval threshold, so the headteacher approves it; Southampton
// accepts it and assigns Dr Tom Okafor, who logs two visits; the school confirms one and disputes
// the other; Southampton resolves the dispute and the school reads how.
//
// Today is 22 November 2026 (in the 2026/27 academic year), and nothing can be ordered for a
// contract year that has ended: 2025/26's prices are for reference only. In the demo data 2026/27
// is a draft, so it has to be published first.
//
// The journeys share one server and database (playwright.config.ts). Nothing else orders for
// Bitterne Park, and every order is found by its own reference, so this does not depend on the
// order the journeys run in. service-manager.spec.ts also publishes 2026/27 (or, if it is
// published already, a new version of it): whichever runs first publishes version 1, and this
// journey carries on if it finds it published. Work is logged on dates inside the contract year
// and not in the future: 20 and 21 November 2026.

const BUSINESS_MANAGER = 'bitterne-park@schools.southampton.example';
const BUSINESS_MANAGER_NAME = 'Jo Whitfield';
const APPROVER = 'bitterne-park-head@schools.southampton.example';
const SERVICE_MANAGER = 'services@southampton.example';
const PRACTITIONER = 'tom.okafor@southampton.example';
const PRACTITIONER_NAME = 'Dr Tom Okafor';

const SCHOOL = 'Bitterne Park Primary School - Part of the Learning Federation Partnership of Schools';
const SOUTHAMPTON = 'Southampton City Council Education Services';
const SLUG = 'southampton';
const SERVICE = 'Educational psychology day';
const DAYS = 3;
const PO_NUMBER = 'PO-12345';
const THRESHOLD_POUNDS = '1000';
const DISPUTE_REASON = 'We did not have a visit on that day';
const RESOLUTION =
  'Dr Okafor logged the visit against the wrong school: the record is withdrawn and not charged to Bitterne Park.';

// A missing element fails its step promptly rather than at the end of the long test timeout.
test.use({ actionTimeout: 15_000 });

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

interface CatalogueSchedule {
  yearKind: 'academic' | 'financial';
  startYear: number;
  status: 'draft' | 'published';
  prices: Record<string, Record<string, { model: string; unitPricePence?: number }>>;
}
const catalogue = JSON.parse(readFileSync(path.join(process.cwd(), 'tenants', SLUG, 'catalogue.json'), 'utf8')) as {
  services: Array<{ code: string; name: string }>;
  schedules: CatalogueSchedule[];
};
if (!catalogue.services.some((s) => s.code === 'EP-DAY' && s.name === SERVICE))
  throw new Error(`tenants/${SLUG}/catalogue.json: expected EP-DAY "${SERVICE}"`);

const yearLabel = (startYear: number) => `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')} academic year`;

/** Bitterne Park's price for a day (as Southampton's own maintained school) in an academic year's schedule. */
function dayPence(startYear: number): number {
  const schedule = catalogue.schedules.find((s) => s.yearKind === 'academic' && s.startYear === startYear);
  const price = schedule?.prices['EP-DAY']?.['own_maintained'];
  if (price?.model !== 'per_unit' || typeof price.unitPricePence !== 'number')
    throw new Error(`tenants/${SLUG}/catalogue.json: expected a per-unit ${startYear} EP-DAY own_maintained price`);
  return price.unitPricePence;
}

/** The contract year ordered for: the current one (today is 22 November 2026). */
const START_YEAR = 2026;
const YEAR_LABEL = yearLabel(START_YEAR); // "2026/27 academic year"
const PRICE_PENCE = dayPence(START_YEAR);

/** Two days of work inside the contract year, neither in the future (today is 22 November 2026). */
const [FIRST_DAY, SECOND_DAY] = ['2026-11-20', '2026-11-21'] as const;

/** 51500 → "£515.00", 154500 → "£1,545.00" (as the app writes money). */
function pounds(pence: number): string {
  const whole = Math.floor(pence / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `£${whole}.${String(pence % 100).padStart(2, '0')}`;
}

/** "2026-11-20" → "20 November 2026" (as the app writes dates). */
function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function errorSummary(page: Page) {
  return page.locator('.govuk-error-summary');
}

async function expectErrorSummary(page: Page, ...messages: Array<string | RegExp>) {
  const summary = errorSummary(page);
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  for (const message of messages) await expect(summary).toContainText(message);
  await expect(page).toHaveTitle(/^Error: /);
  await expect(summary).toBeFocused();
}

function banner(page: Page, text: string | RegExp) {
  return page.getByRole('alert').filter({ hasText: 'Success' }).filter({ hasText: text });
}

/** The value of the summary-list row whose key is exactly `key`, within `scope`. */
function summaryValue(scope: Page | Locator, key: string) {
  const page = 'page' in scope && typeof scope.page === 'function' ? scope.page() : (scope as Page);
  return scope
    .locator('.govuk-summary-list__row')
    .filter({ has: page.locator('.govuk-summary-list__key', { hasText: new RegExp(`^\\s*${escape(key)}\\s*$`) }) })
    .locator('.govuk-summary-list__value');
}

async function openNav(page: Page, label: string) {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: label, exact: true }).click();
  await page.waitForLoadState();
}

test('Bitterne Park orders 3 educational psychology days: approval, acceptance, delivery, a dispute and its resolution', async ({
  page: buyer,
  browser,
  baseURL,
}) => {
  // Five people, each page checked with axe: far longer than one page's journey.
  test.setTimeout(300_000);
  const contexts: BrowserContext[] = [];
  /** Each person works in their own browser, signed in once. */
  async function signedIn(b: Browser, email: string): Promise<Page> {
    const context = await b.newContext({ baseURL });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, email);
    await expectNoAxeViolations(page);
    return page;
  }

  try {
    let reference = '';
    let orderUrl = '';
    let lineUrl = '';

    // ---------------------------------------------------------------- Southampton publishes 2026/27
    const manager = await signedIn(browser, SERVICE_MANAGER);

    await test.step(`Southampton's service manager publishes the ${YEAR_LABEL} schedule (unless it is already)`, async () => {
      const page = manager;
      await expect(page).toHaveURL(new RegExp(`/t/${SLUG}$`));
      await openNav(page, 'Charge schedules');
      await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/schedules$`));
      await expect(page.getByRole('heading', { level: 1, name: 'Charge schedules' })).toBeVisible();
      await expectNoAxeViolations(page);

      // Version 1 of the year (a later version may exist if service-manager.spec.ts ran first).
      const main = page.getByRole('main');
      const row = main
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: YEAR_LABEL, exact: true }) })
        .filter({ has: page.getByRole('cell', { name: '1', exact: true }) });
      await expect(row).toHaveCount(1);
      await row.getByRole('link', { name: YEAR_LABEL, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/schedules/${UUID}$`));
      const scheduleUrl = new URL(page.url()).pathname;
      const heading = page.getByRole('heading', { level: 1 });
      await expect(heading).toContainText(`${YEAR_LABEL}, version 1`);
      await expect(heading).toContainText(/draft|published/);
      await expectNoAxeViolations(page);

      if (/\bdraft\b/.test((await heading.textContent()) ?? '')) {
        await expect(main).toContainText('Every service has a price for every customer class it is sold to.');
        await main.getByRole('button', { name: 'Publish this schedule' }).click();
        await expect(page).toHaveURL(new RegExp(`${escape(scheduleUrl)}\\?published=1$`));
        await expect(banner(page, 'Schedule published')).toBeVisible();
        await expect(errorSummary(page)).toHaveCount(0);
      }
      await expect(heading).toContainText('published');
      await expect(main.getByRole('button', { name: 'Publish this schedule' })).toHaveCount(0);
      await expectNoAxeViolations(page);
    });

    // ---------------------------------------------------------------- the approver sets the threshold
    const approver = await test.step('the headteacher signs in and sets the approval threshold to £1,000', async () => {
      const page = await signedIn(browser, APPROVER);
      await expect(page).toHaveURL(/\/buy$/);
      await openNav(page, 'Approval');
      await expect(page).toHaveURL(/\/buy\/settings$/);
      await expect(page.getByRole('heading', { level: 1, name: 'Approval' })).toBeVisible();
      await expect(page.getByRole('main')).toContainText(SCHOOL);
      await expectNoAxeViolations(page);

      const threshold = page.getByRole('main').getByLabel('Orders need approval from', { exact: true });
      await threshold.fill(THRESHOLD_POUNDS);
      await page.getByRole('main').getByRole('button', { name: 'Save', exact: true }).click();
      await expect(page).toHaveURL(/\/buy\/settings\?saved=1$/);
      await expect(banner(page, 'Orders of £1,000.00 or more need approval')).toBeVisible();
      await expect(page.getByRole('main')).toContainText(
        'At the moment orders of £1,000.00 or more wait for an approver before they go to the provider.',
      );
      await expect(threshold).toHaveValue(/^1,?000(\.00)?$/);
      await expectNoAxeViolations(page);
      return page;
    });

    // ---------------------------------------------------------------- the business manager orders
    await test.step('the business manager signs in', async () => {
      await signIn(buyer, BUSINESS_MANAGER);
      await expectNoAxeViolations(buyer);
    });

    await test.step(`the business manager finds Southampton's "${SERVICE}"`, async () => {
      const page = buyer;
      await expect(page).toHaveURL(/\/buy$/);
      const form = page.getByRole('search', { name: 'Services' });
      await form.getByLabel('Search services', { exact: true }).fill(SERVICE);
      await form.getByRole('button', { name: 'Search' }).click();
      await expect(page).toHaveURL(/\/buy\?q=Educational\+psychology\+day/);
      const row = page
        .getByRole('main')
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: SERVICE, exact: true }) })
        .filter({ hasText: SOUTHAMPTON });
      await expect(row).toHaveCount(1);
      await expectNoAxeViolations(page);

      await row.getByRole('link', { name: SERVICE, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/buy/services/${SLUG}/${UUID}$`));
      await expect(page.getByRole('heading', { level: 1, name: SERVICE })).toBeVisible();
      await expect(page.getByRole('main')).toContainText(`The price for ${SCHOOL} as own maintained school`);
      await expectNoAxeViolations(page);
    });

    await test.step(`gets the price of ${DAYS} days`, async () => {
      const page = buyer;
      const main = page.getByRole('main');
      // With 2025/26 published too, the contract year is offered (the current one is the default).
      const year = main.getByLabel('Contract year', { exact: true });
      if ((await year.count()) > 0) {
        await expect(year.locator('option:checked')).toHaveText(YEAR_LABEL);
        await year.selectOption({ label: YEAR_LABEL });
      } else {
        await expect(main).toContainText(`Prices for the ${YEAR_LABEL}.`);
      }
      await main.getByLabel('How many days?', { exact: true }).fill(String(DAYS));
      await main.getByRole('button', { name: 'Get price' }).click();
      await expect(page).toHaveURL(/[?&]quantity=3(&|$)/);
      await expect(main.getByRole('heading', { level: 2, name: /^Total: / })).toContainText(
        `Total: ${pounds(DAYS * PRICE_PENCE)}`,
      );
      await expect(main).toContainText(`${pounds(PRICE_PENCE)} a day`);
      await expect(errorSummary(page)).toHaveCount(0);
      // The current year can be ordered: its prices are not just "for reference".
      await expect(main).not.toContainText('has ended');
      await expect(main.getByRole('heading', { level: 2, name: 'Order this' })).toBeVisible();
      await expectNoAxeViolations(page);
    });

    await test.step('adds it to the basket', async () => {
      const page = buyer;
      const main = page.getByRole('main');
      await main.getByLabel('Preferred dates or term (optional)', { exact: true }).fill('Thursdays in the autumn term');
      await main.getByRole('button', { name: 'Add to basket' }).click();
      await expect(page).toHaveURL(/\/buy\/basket\?added=1$/);
      await expect(banner(page, 'Added to your basket')).toBeVisible();
      const basket = main.getByRole('table', { name: SOUTHAMPTON });
      const item = basket.getByRole('row').filter({ hasText: SERVICE });
      await expect(item).toHaveCount(1);
      await expect(item).toContainText(YEAR_LABEL);
      await expect(item).toContainText('3 days');
      await expect(item).toContainText(pounds(DAYS * PRICE_PENCE));
      await expectNoAxeViolations(page);
    });

    await test.step('checks out with Southampton, giving a purchase order number', async () => {
      const page = buyer;
      const main = page.getByRole('main');
      // A link styled as a button (GOV.UK's start-button pattern: role="button").
      await main.getByRole('button', { name: `Check out with ${SOUTHAMPTON}` }).click();
      await expect(page).toHaveURL(new RegExp(`/buy/basket\\?checkout=${SLUG}#checkout$`));
      await expect(main.getByRole('heading', { level: 2, name: `Check out with ${SOUTHAMPTON}` })).toBeVisible();
      await expect(main.getByLabel('Contact name', { exact: true })).toHaveValue(BUSINESS_MANAGER_NAME);
      await expect(main.getByLabel('Contact email', { exact: true })).toHaveValue(BUSINESS_MANAGER);
      await expectNoAxeViolations(page);

      await main.getByLabel('Purchase order number', { exact: true }).fill(PO_NUMBER);
      await main.getByRole('button', { name: `Submit order to ${SOUTHAMPTON}` }).click();
      await expect(page).toHaveURL(/\/buy\/orders\?placed=SOTON-ORD-\d+$/);
      reference = new URL(page.url()).searchParams.get('placed')!;
      await expect(banner(page, `Order ${reference} submitted`)).toBeVisible();
      const row = main.getByRole('row').filter({ has: page.getByRole('link', { name: reference, exact: true }) });
      await expect(row).toContainText(SOUTHAMPTON);
      await expect(row).toContainText(pounds(DAYS * PRICE_PENCE));
      await expect(row).toContainText('Waiting for approval');
      await expectNoAxeViolations(page);
    });

    await test.step('the order waits for another approver: the business manager cannot approve it', async () => {
      const page = buyer;
      await page.getByRole('main').getByRole('link', { name: reference, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/buy/orders/${SLUG}/${UUID}$`));
      orderUrl = new URL(page.url()).pathname;
      await expect(page.getByRole('heading', { level: 1, name: `Order ${reference}` })).toBeVisible();
      const main = page.getByRole('main');
      await expect(summaryValue(main, 'Status')).toHaveText('Waiting for approval');
      await expect(summaryValue(main, 'Purchase order number')).toHaveText(PO_NUMBER);
      await expect(summaryValue(main, 'Submitted by')).toHaveText(`${BUSINESS_MANAGER_NAME} (you)`);
      await expect(main).toContainText('you cannot approve an order you placed');
      await expect(main.getByRole('button', { name: 'Approve order' })).toHaveCount(0);
      await expectNoAxeViolations(page);
    });

    // ---------------------------------------------------------------- the approver approves
    await test.step('the headteacher approves the order', async () => {
      const page = approver;
      await openNav(page, 'Orders');
      await expect(page).toHaveURL(/\/buy\/orders$/);
      await expectNoAxeViolations(page);
      await page.getByRole('main').getByRole('link', { name: reference, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`${escape(orderUrl)}$`));
      const main = page.getByRole('main');
      await expect(main.getByRole('heading', { level: 2, name: 'Approval' })).toBeVisible();
      await expect(summaryValue(main, 'Submitted by')).toHaveText(BUSINESS_MANAGER_NAME);
      await expectNoAxeViolations(page);

      await main.getByRole('button', { name: 'Approve order' }).click();
      await expect(page).toHaveURL(new RegExp(`${escape(orderUrl)}\\?done=approved$`));
      await expect(banner(page, 'Order approved')).toBeVisible();
      await expect(summaryValue(main, 'Status')).toHaveText('Waiting for the provider');
      await expect(main.getByRole('button', { name: 'Approve order' })).toHaveCount(0);
      await expectNoAxeViolations(page);
    });

    // ---------------------------------------------------------------- Southampton accepts and assigns

    await test.step('the service manager finds the order waiting and accepts it', async () => {
      const page = manager;
      await openNav(page, 'Orders');
      await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/orders$`));
      await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
      const waiting = page.getByRole('table', { name: 'Waiting for you' });
      const row = waiting.getByRole('row').filter({ has: page.getByRole('link', { name: reference, exact: true }) });
      await expect(row).toContainText(SCHOOL);
      await expect(row).toContainText(pounds(DAYS * PRICE_PENCE));
      await expect(row).toContainText('Waiting for the provider');
      await expectNoAxeViolations(page);

      await row.getByRole('link', { name: reference, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/orders/${UUID}$`));
      await expect(page.getByRole('heading', { level: 1 })).toContainText(`Order ${reference}`);
      const main = page.getByRole('main');
      await expect(summaryValue(main, 'Purchase order number')).toHaveText(PO_NUMBER);
      await expect(summaryValue(main, 'Customer class')).toHaveText('Own maintained school');
      await expect(summaryValue(main, 'Line status')).toHaveText('Waiting for a decision');
      await expectNoAxeViolations(page);

      await main.getByRole('button', { name: 'Accept order' }).click();
      await expect(page).toHaveURL(/\?done=accepted$/);
      await expect(banner(page, 'Order accepted')).toBeVisible();
      await expect(summaryValue(main, 'Status')).toHaveText('Accepted');
      await expect(summaryValue(main, 'Line status')).toHaveText('Active');
      await expect(main.getByRole('button', { name: 'Accept order' })).toHaveCount(0);
      await expectNoAxeViolations(page);
    });

    await test.step(`assigns ${PRACTITIONER_NAME} to deliver it`, async () => {
      const page = manager;
      const main = page.getByRole('main');
      await main.getByRole('link', { name: 'Change who delivers line 1' }).click();
      await expect(page).toHaveURL(/\?assign=[0-9a-f-]{36}#assignTo$/);
      const who = main.getByLabel(`Who delivers line 1, ${SERVICE}`, { exact: true });
      await expect(who).toBeVisible();
      await expectNoAxeViolations(page);

      await who.selectOption({ label: PRACTITIONER_NAME });
      await main.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(page).toHaveURL(/\?done=assigned(#assignTo)?$/);
      await expect(banner(page, 'Practitioner assigned')).toBeVisible();
      await expect(summaryValue(main, 'Assigned to')).toHaveText(PRACTITIONER_NAME);
      await expectNoAxeViolations(page);
    });

    // ---------------------------------------------------------------- the practitioner logs the work
    const practitioner = await signedIn(browser, PRACTITIONER);
    const [firstDay, secondDay] = [FIRST_DAY, SECOND_DAY];

    await test.step('the practitioner finds the line under Delivery', async () => {
      const page = practitioner;
      await openNav(page, 'Delivery');
      await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/work$`));
      await expect(page.getByRole('heading', { level: 1, name: 'Your work' })).toBeVisible();
      const row = page.getByRole('table', { name: 'Assigned to you' }).getByRole('row').filter({ hasText: reference });
      await expect(row).toContainText(SCHOOL);
      await expect(row).toContainText(SERVICE);
      await expect(row).toContainText('3 days');
      await expectNoAxeViolations(page);

      await row
        .getByRole('link', { name: new RegExp(`^Log work\\s*: ${escape(SERVICE)} for .*, ${reference}$`) })
        .click();
      await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/lines/${UUID}$`));
      lineUrl = new URL(page.url()).pathname;
      await expect(page.getByRole('heading', { level: 1, name: SERVICE })).toBeVisible();
      const main = page.getByRole('main');
      await expect(summaryValue(main, 'Contract year')).toHaveText(YEAR_LABEL);
      await expect(summaryValue(main, 'Assigned to')).toHaveText(PRACTITIONER_NAME);
      await expect(summaryValue(main, 'Commissioned')).toHaveText('3 days');
      await expect(main.getByLabel('Delivered by', { exact: true }).locator('option:checked')).toHaveText(
        PRACTITIONER_NAME,
      );
      await expectNoAxeViolations(page);
    });

    async function logWork(page: Page, date: string, note: string) {
      const main = page.getByRole('main');
      await main.getByLabel('Date', { exact: true }).fill(date);
      await main.getByLabel('Units', { exact: true }).fill('1');
      await main.getByLabel('Delivered by', { exact: true }).selectOption({ label: PRACTITIONER_NAME });
      await main.getByLabel('Type of work', { exact: true }).selectOption({ label: 'Visit' });
      await main.getByLabel('Note for the school', { exact: true }).fill(note);
      await main.getByRole('button', { name: 'Log delivery' }).click();
    }

    await test.step('a date outside the contract year is refused', async () => {
      const page = practitioner;
      const outside = `${START_YEAR}-08-31`;
      await logWork(page, outside, 'Visit before the contract year');
      await expect(page).toHaveURL(new RegExp(`${escape(lineUrl)}$`));
      await expectErrorSummary(
        page,
        `The date must be in the contract year, 1 September ${START_YEAR} to 31 August ${START_YEAR + 1}`,
      );
      await expect(errorSummary(page).getByRole('link')).toHaveAttribute('href', '#deliveredOn');
      await expect(page.getByRole('main').getByLabel('Date', { exact: true })).toHaveValue(outside);
      await expect(page.getByRole('main').getByRole('table', { name: 'Deliveries' })).toHaveCount(0);
      await expectNoAxeViolations(page);
    });

    await test.step(`logs a visit on ${firstDay}, then another on ${secondDay}`, async () => {
      const page = practitioner;
      const main = page.getByRole('main');
      await logWork(page, firstDay, 'Observed two pupils in Year 4 and met the SENCo to plan support.');
      await expect(page).toHaveURL(new RegExp(`${escape(lineUrl)}\\?logged=1$`));
      await expect(banner(page, 'Delivery logged')).toBeVisible();
      await expect(summaryValue(main, 'Delivered')).toHaveText('1 day');
      await expect(summaryValue(main, 'Remaining')).toHaveText('2 days');
      await expectNoAxeViolations(page);

      await logWork(page, secondDay, 'Consultation with the Year 6 team.');
      await expect(page).toHaveURL(new RegExp(`${escape(lineUrl)}\\?logged=1$`));
      await expect(banner(page, 'Delivery logged')).toBeVisible();
      await expect(summaryValue(main, 'Delivered')).toHaveText('2 days');
      await expect(summaryValue(main, 'Remaining')).toHaveText('1 day');
      const deliveries = main.getByRole('table', { name: 'Deliveries' });
      for (const day of [firstDay, secondDay]) {
        const row = deliveries.getByRole('row').filter({ has: page.getByRole('rowheader', { name: longDate(day) }) });
        await expect(row).toContainText('1 day');
        await expect(row).toContainText(PRACTITIONER_NAME);
        await expect(row).toContainText('Visit');
        await expect(row).toContainText('Waiting for the school');
      }
      await expectNoAxeViolations(page);
    });

    // ---------------------------------------------------------------- the school confirms and disputes
    const workTable = (page: Page) => page.getByRole('main').getByRole('table', { name: `Work delivered: ${SERVICE}` });
    const recordRow = (page: Page, day: string) =>
      workTable(page)
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: longDate(day), exact: true }) });

    await test.step(`the business manager confirms the record of ${firstDay}`, async () => {
      const page = buyer;
      await openNav(page, 'Orders');
      await page.getByRole('main').getByRole('link', { name: reference, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`${escape(orderUrl)}$`));
      const main = page.getByRole('main');
      await expect(summaryValue(main, 'Status')).toHaveText('Accepted');
      await expect(summaryValue(main, 'Delivered')).toHaveText('2 days');
      await expect(summaryValue(main, 'Remaining')).toHaveText('1 day');
      await expect(recordRow(page, firstDay)).toContainText('To confirm');
      await expect(recordRow(page, secondDay)).toContainText('To confirm');
      await expectNoAxeViolations(page);

      await recordRow(page, firstDay)
        .getByRole('button', { name: `Confirm the record of ${longDate(firstDay)}` })
        .click();
      await expect(page).toHaveURL(new RegExp(`${escape(orderUrl)}\\?done=confirmed$`));
      await expect(banner(page, 'Delivery record confirmed')).toBeVisible();
      await expect(recordRow(page, firstDay)).toContainText('Confirmed');
      await expect(recordRow(page, firstDay).getByRole('button', { name: /^Confirm/ })).toHaveCount(0);
      await expect(recordRow(page, secondDay)).toContainText('To confirm');
      await expectNoAxeViolations(page);
    });

    await test.step(`disputes the record of ${secondDay}, after first leaving the reason empty`, async () => {
      const page = buyer;
      const main = page.getByRole('main');
      await recordRow(page, secondDay)
        .getByRole('link', { name: `Dispute the record of ${longDate(secondDay)}` })
        .click();
      await expect(page).toHaveURL(new RegExp(`${escape(orderUrl)}\\?dispute=${UUID}#disputeReason$`));
      const reason = main.getByLabel(`What is wrong with the record of ${longDate(secondDay)}?`, { exact: true });
      await expect(reason).toBeVisible();
      await expectNoAxeViolations(page);

      await main.getByRole('button', { name: 'Dispute record' }).click();
      await expectErrorSummary(page, 'Enter what is wrong with this record');
      await expect(errorSummary(page).getByRole('link')).toHaveAttribute('href', '#disputeReason');
      await expect(reason).toHaveAccessibleDescription(/Enter what is wrong with this record/);
      await expect(recordRow(page, secondDay)).toContainText('To confirm');
      await expectNoAxeViolations(page);

      await reason.fill(DISPUTE_REASON);
      await main.getByRole('button', { name: 'Dispute record' }).click();
      await expect(page).toHaveURL(new RegExp(`${escape(orderUrl)}\\?done=disputed(#disputeReason)?$`));
      await expect(banner(page, 'Delivery record disputed: the provider has been told')).toBeVisible();
      await expect(recordRow(page, secondDay)).toContainText('Disputed');
      await expect(recordRow(page, secondDay)).toContainText(`Disputed: ${DISPUTE_REASON}`);
      await expect(recordRow(page, firstDay)).toContainText('Confirmed');
      await expectNoAxeViolations(page);
    });

    // ---------------------------------------------------------------- Southampton resolves the dispute
    await test.step('the service manager resolves the dispute on the line page', async () => {
      const page = manager;
      await page.goto(lineUrl);
      await expect(page.getByRole('heading', { level: 1, name: SERVICE })).toBeVisible();
      const main = page.getByRole('main');
      const deliveries = main.getByRole('table', { name: 'Deliveries' });
      const disputed = deliveries
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: longDate(secondDay), exact: true }) });
      await expect(disputed).toContainText('Disputed');
      await expect(disputed).toContainText(DISPUTE_REASON);
      const confirmed = deliveries
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: longDate(firstDay), exact: true }) });
      await expect(confirmed).toContainText('Confirmed');
      await expectNoAxeViolations(page);

      await disputed.getByRole('link', { name: `Resolve the dispute about ${longDate(secondDay)}` }).click();
      await expect(page).toHaveURL(new RegExp(`${escape(lineUrl)}\\?resolve=${UUID}#resolution$`));
      await expect(
        main.getByRole('heading', { level: 2, name: `Resolve the dispute about ${longDate(secondDay)}` }),
      ).toBeVisible();
      await expect(main).toContainText(`The school said: ${DISPUTE_REASON}`);
      await expectNoAxeViolations(page);

      await main.getByLabel('How it was resolved', { exact: true }).fill(RESOLUTION);
      await main.getByRole('button', { name: 'Resolve', exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`${escape(lineUrl)}\\?resolved=1(#resolution)?$`));
      await expect(banner(page, 'Dispute resolved')).toBeVisible();
      await expect(disputed).toContainText('Resolved');
      await expect(disputed).toContainText(RESOLUTION);
      await expect(disputed.getByRole('link', { name: /^Resolve/ })).toHaveCount(0);
      await expectNoAxeViolations(page);
    });

    await test.step('the business manager reads the resolution on the order page', async () => {
      const page = buyer;
      await page.goto(orderUrl);
      await expect(page.getByRole('heading', { level: 1, name: `Order ${reference}` })).toBeVisible();
      await expect(recordRow(page, secondDay)).toContainText('Resolved');
      await expect(recordRow(page, secondDay)).toContainText(`Disputed: ${DISPUTE_REASON}`);
      await expect(recordRow(page, secondDay)).toContainText(`Resolution: ${RESOLUTION}`);
      await expect(recordRow(page, firstDay)).toContainText('Confirmed');
      // Nothing is left to confirm or dispute.
      await expect(workTable(page).getByRole('button', { name: /^Confirm/ })).toHaveCount(0);
      await expect(workTable(page).getByRole('link', { name: /^Dispute/ })).toHaveCount(0);
      await expectNoAxeViolations(page);
    });
  } finally {
    for (const context of contexts) await context.close();
  }
});
