import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { expectDateInput, expectNoAxeViolations, fillDateInput, signIn, openNav } from './axe';

// Southampton publishes its 2026/27 charge schedule (unless that is done already); then Bitterne
// Park Primary School (Southampton, maintained) orders 3 educational psychology days for 2026/27.
// The order is over the school's approval threshold, so the headteacher approves it; Southampton
// accepts it and assigns Dr Tom Okafor, who logs a day of his own and a day his colleague Rachel
// Moss delivered, both on the day the order was accepted (dates outside the line's period and a
// second day for one person on one date are refused). The school confirms Tom's record and
// disputes Rachel's; Southampton resolves the dispute as "it did not happen", and both sides see
// the day voided and one day delivered.
//
// Today is 22 November 2026 (in the 2026/27 academic year), and nothing can be ordered for a
// contract year that has ended: 2025/26's prices are for reference only. In the demo data 2026/27
// is a draft, so it has to be published first.
//
// The journeys share one server and database (playwright.config.ts). Nothing else orders for
// Bitterne Park, and every order is found by its own reference, so this does not depend on the
// order the journeys run in. service-manager.spec.ts also publishes 2026/27 (or, if it is
// published already, a new version of it): whichever runs first publishes version 1, and this
// journey carries on if it finds it published. The order is accepted today, and work cannot be
// dated before the order was accepted nor in the future: it is all logged on 22 November 2026.

const BUSINESS_MANAGER = 'bitterne-park@schools.southampton.example';
const BUSINESS_MANAGER_NAME = 'Jo Whitfield';
const APPROVER = 'bitterne-park-head@schools.southampton.example';
const SERVICE_MANAGER = 'services@southampton.example';
const PRACTITIONER = 'tom.okafor@southampton.example';
const PRACTITIONER_NAME = 'Dr Tom Okafor';
const COLLEAGUE = 'rachel.moss@southampton.example';
const COLLEAGUE_NAME = 'Rachel Moss';

const SCHOOL = 'Bitterne Park Primary School - Part of the Learning Federation Partnership of Schools';
const SOUTHAMPTON = 'Southampton City Council Education Services';
const SLUG = 'southampton';
const SERVICE = 'Educational psychology day';
const DAYS = 3;
const PO_NUMBER = 'PO-12345';
const THRESHOLD_POUNDS = '1000';
const DISPUTE_REASON = 'Rachel Moss did not visit us that day';
const RESOLUTION =
  'Rachel Moss was at another school that day: the record is withdrawn and not charged to Bitterne Park.';
const TOM_NOTE = 'Observed two pupils in Year 4 and met the SENCo to plan support.';
const RACHEL_NOTE = 'Consultation with the Year 6 team.';

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

const people = JSON.parse(readFileSync(path.join(process.cwd(), 'tenants', SLUG, 'people.json'), 'utf8')) as {
  staff: Array<{ email: string; name: string; role: string }>;
};
for (const [email, name] of [
  [PRACTITIONER, PRACTITIONER_NAME],
  [COLLEAGUE, COLLEAGUE_NAME],
])
  if (!people.staff.some((p) => p.email === email && p.name === name && p.role === 'practitioner'))
    throw new Error(`tenants/${SLUG}/people.json: expected the practitioner ${name} <${email}>`);

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

/** The day the order is accepted (the server's today: playwright.config.ts), and so the one day work can be dated. */
const ACCEPTED_ON = '2026-11-22';
const WORK_DAY = ACCEPTED_ON;
/** Inside the contract year, but before the order was accepted. */
const DAY_BEFORE_ACCEPTANCE = '2026-11-21';

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

test('Bitterne Park orders 3 educational psychology days: approval, acceptance, delivery by two people, a dispute resolved as not having happened', async ({
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
        await expect(page).toHaveURL(new RegExp(`${escape(scheduleUrl)}\\?confirm=publish$`));
        await expectNoAxeViolations(page);
        await main.getByRole('button', { name: 'Yes, publish this schedule' }).click();
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
      // Buyers land on their home; the services are one link away.
      await expect(page).toHaveURL(/\/buy$/);
      await openNav(page, 'Services');
      await expect(page).toHaveURL(/\/buy\/services$/);
      const form = page.getByRole('search', { name: 'Services' });
      await form.getByLabel('Search services', { exact: true }).fill(SERVICE);
      await form.getByRole('button', { name: 'Search' }).click();
      await expect(page).toHaveURL(/\/buy\/services\?q=Educational\+psychology\+day/);
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
      await expect(page.getByRole('main')).toContainText('Your price as own maintained school');
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
      await main.getByRole('button', { name: 'Continue' }).click();
    });

    await test.step('checks the answers: the lines, their prices and the purchase order number', async () => {
      const page = buyer;
      const main = page.getByRole('main');
      await expect(
        page.getByRole('heading', { level: 1, name: 'Check your order before submitting it' }),
      ).toBeVisible();
      await expect(main).toContainText(pounds(DAYS * PRICE_PENCE));
      await expect(main).toContainText(PO_NUMBER);
      await expect(main.getByRole('link', { name: 'Change purchase order number' })).toBeVisible();
      await expectNoAxeViolations(page);
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
      await expect(summaryValue(main.locator('.govuk-summary-list').first(), 'Comes to')).toHaveText(
        `${pounds(DAYS * PRICE_PENCE)} before VAT`,
      );
      await expect(main).toContainText('you cannot approve an order you placed');
      await expect(main.getByRole('button', { name: 'Approve order' })).toHaveCount(0);
      await expectNoAxeViolations(page);
    });

    await test.step('"Cancel order" only asks what will happen; keeping the order changes nothing', async () => {
      const page = buyer;
      const main = page.getByRole('main');
      await main.getByRole('button', { name: 'Cancel order' }).click();
      await expect(page).toHaveURL(new RegExp(`${escape(orderUrl)}\\?confirm=cancel$`));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(
        `Are you sure you want to cancel order ${reference}?`,
      );
      await expect(main).toContainText('Cancelling today costs nothing under the terms you agreed.');
      await expect(main.getByLabel('Reason for cancelling', { exact: true })).toBeVisible();
      await expectNoAxeViolations(page);
      await main.getByRole('link', { name: 'No, keep the order' }).click();
      await expect(page).toHaveURL(new RegExp(`${escape(orderUrl)}$`));
      await expect(summaryValue(main, 'Status')).toHaveText('Waiting for approval');
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
      await expect(summaryValue(main.locator('.govuk-summary-list').first(), 'Comes to')).toHaveText(
        `${pounds(DAYS * PRICE_PENCE)} before VAT`,
      );
      await expect(summaryValue(main, 'Ordered')).toHaveText('3 days');
      await expectNoAxeViolations(page);

      // Declining and cancelling each ask first, with the reason the school will see; going back changes nothing.
      const orderPage = page.url();
      for (const [button, question, back] of [
        ['Decline order', `Are you sure you want to decline order ${reference}?`, 'No, go back'],
        ['Cancel order', `Are you sure you want to cancel order ${reference}?`, 'No, keep the order'],
      ] as const) {
        await main.getByRole('button', { name: button }).click();
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(question);
        await expectNoAxeViolations(page);
        await main.getByRole('link', { name: back }).click();
        await expect(page).toHaveURL(orderPage);
      }
      await expect(summaryValue(main, 'Line status')).toHaveText('Waiting for a decision');

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
    const linePeriod = `${longDate(ACCEPTED_ON)} to 31 August ${START_YEAR + 1}`;

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
      await expect(summaryValue(main, 'Agreed')).toHaveText(`3 days, ${pounds(DAYS * PRICE_PENCE)}`);
      await expect(summaryValue(main, 'Included')).toHaveText('3 days');
      await expect(summaryValue(main, 'Delivered')).toHaveText('0 days confirmed');
      await expect(summaryValue(main, 'Remaining')).toHaveText('3 days');
      await expect(summaryValue(main, 'Comes to')).toHaveText(`${pounds(DAYS * PRICE_PENCE)} before VAT`);
      await expect(summaryValue(main, 'Billed so far')).toHaveText('£0.00');
      await expect(main.getByLabel('Delivered by', { exact: true }).locator('option:checked')).toHaveText(
        PRACTITIONER_NAME,
      );
      await expectNoAxeViolations(page);
    });

    async function logWork(page: Page, date: string, note: string, who = PRACTITIONER_NAME) {
      const main = page.getByRole('main');
      await fillDateInput(main, 'Date the work was done', date);
      await main.getByLabel('Units', { exact: true }).fill('1');
      await main.getByLabel('Delivered by', { exact: true }).selectOption({ label: who });
      await main.getByLabel('Type of work', { exact: true }).selectOption({ label: 'Visit' });
      await main.getByLabel('Note for the school', { exact: true }).fill(note);
      await main.getByRole('button', { name: 'Log delivery' }).click();
    }

    const deliveries = (page: Page) => page.getByRole('main').getByRole('table', { name: 'Deliveries' });
    /** A record on the line page, told apart by its date and who delivered it. */
    const lineRecord = (page: Page, who: string) =>
      deliveries(page)
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: longDate(WORK_DAY), exact: true }) })
        .filter({ hasText: who });

    await test.step(`dates outside the line's period (${linePeriod}) are refused`, async () => {
      const page = practitioner;
      // Before the contract year, then inside it but before the order was accepted.
      for (const outside of [`${START_YEAR}-08-31`, DAY_BEFORE_ACCEPTANCE]) {
        await logWork(page, outside, 'Visit outside the period');
        await expect(page).toHaveURL(new RegExp(`${escape(lineUrl)}$`));
        await expectErrorSummary(page, `The date must be within this line's period, ${linePeriod}`);
        await expect(errorSummary(page).getByRole('link')).toHaveAttribute('href', '#deliveredOn');
        await expectDateInput(page.getByRole('main'), 'Date the work was done', outside);
        await expect(deliveries(page)).toHaveCount(0);
        await expectNoAxeViolations(page);
      }
    });

    await test.step(`logs a day on ${WORK_DAY} for ${PRACTITIONER_NAME}`, async () => {
      const page = practitioner;
      const main = page.getByRole('main');
      await logWork(page, WORK_DAY, TOM_NOTE);
      await expect(page).toHaveURL(new RegExp(`${escape(lineUrl)}\\?logged=1$`));
      await expect(banner(page, 'Delivery logged')).toBeVisible();
      await expect(summaryValue(main, 'Delivered')).toHaveText('0 days confirmed; 1 day waiting for confirmation');
      await expect(summaryValue(main, 'Remaining')).toHaveText('2 days');
      await expect(lineRecord(page, PRACTITIONER_NAME)).toHaveCount(1);
      await expectNoAxeViolations(page);
    });

    await test.step(`a second full day for ${PRACTITIONER_NAME} on ${WORK_DAY} is refused`, async () => {
      const page = practitioner;
      const main = page.getByRole('main');
      await logWork(page, WORK_DAY, 'Second visit the same day');
      await expect(page).toHaveURL(new RegExp(`${escape(lineUrl)}$`));
      await expectErrorSummary(
        page,
        `One person can deliver at most 1 day on one date: 1 already recorded on ${longDate(WORK_DAY)}, so at most 0 more`,
      );
      await expect(errorSummary(page).getByRole('link')).toHaveAttribute('href', '#units');
      // The refusal stands alone: the earlier "Delivery logged" does not show with it.
      await expect(banner(page, 'Delivery logged')).toHaveCount(0);
      await expect(main.getByLabel('Units', { exact: true })).toHaveValue('1');
      await expectDateInput(main, 'Date the work was done', WORK_DAY);
      // Nothing was saved: still the one record, and the position unchanged.
      await expect(
        deliveries(page)
          .getByRole('row')
          .filter({ has: page.getByRole('rowheader') }),
      ).toHaveCount(1);
      await expect(summaryValue(main, 'Delivered')).toHaveText('0 days confirmed; 1 day waiting for confirmation');
      await expect(summaryValue(main, 'Remaining')).toHaveText('2 days');
      await expectNoAxeViolations(page);
    });

    await test.step(`logs a day on ${WORK_DAY} delivered by his colleague ${COLLEAGUE_NAME}`, async () => {
      const page = practitioner;
      const main = page.getByRole('main');
      await logWork(page, WORK_DAY, RACHEL_NOTE, COLLEAGUE_NAME);
      await expect(page).toHaveURL(new RegExp(`${escape(lineUrl)}\\?logged=1$`));
      await expect(banner(page, 'Delivery logged')).toBeVisible();
      await expect(summaryValue(main, 'Delivered')).toHaveText('0 days confirmed; 2 days waiting for confirmation');
      await expect(summaryValue(main, 'Remaining')).toHaveText('1 day');
      await expect(
        deliveries(page)
          .getByRole('row')
          .filter({ has: page.getByRole('rowheader') }),
      ).toHaveCount(2);
      for (const [who, note] of [
        [PRACTITIONER_NAME, TOM_NOTE],
        [COLLEAGUE_NAME, RACHEL_NOTE],
      ] as const) {
        const row = lineRecord(page, who);
        await expect(row).toHaveCount(1);
        await expect(row).toContainText('1 day');
        await expect(row).toContainText('Visit');
        await expect(row).toContainText(note);
        await expect(row).toContainText('Waiting for confirmation');
      }
      await expectNoAxeViolations(page);
    });

    // ---------------------------------------------------------------- the school confirms and disputes
    const workTable = (page: Page) => page.getByRole('main').getByRole('table', { name: `Work delivered: ${SERVICE}` });
    /** A record on the order page, told apart by its date and who delivered it. */
    const recordRow = (page: Page, who: string) =>
      workTable(page)
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: longDate(WORK_DAY), exact: true }) })
        .filter({ hasText: who });
    /** The order's own summary (each line has its own "Comes to" too). */
    const orderSummary = (page: Page) => page.getByRole('main').locator('.govuk-summary-list').first();
    const lineOnOrder = (page: Page) => page.getByRole('main').getByRole('region', { name: SERVICE, exact: true });
    const recordName = (who: string) => `${longDate(WORK_DAY)} by ${who}`;

    await test.step(`the business manager confirms ${PRACTITIONER_NAME}'s record`, async () => {
      const page = buyer;
      await openNav(page, 'Orders');
      await page.getByRole('main').getByRole('link', { name: reference, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`${escape(orderUrl)}$`));
      const main = page.getByRole('main');
      await expect(summaryValue(main, 'Status')).toHaveText('Accepted');
      await expect(summaryValue(orderSummary(page), 'Comes to')).toHaveText(`${pounds(DAYS * PRICE_PENCE)} before VAT`);
      await expect(summaryValue(lineOnOrder(page), 'Delivered')).toHaveText(
        '0 days confirmed; 2 days waiting for confirmation',
      );
      await expect(summaryValue(lineOnOrder(page), 'Remaining')).toHaveText('1 day');
      await expect(recordRow(page, PRACTITIONER_NAME)).toHaveCount(1);
      await expect(recordRow(page, PRACTITIONER_NAME)).toContainText('Waiting for confirmation');
      await expect(recordRow(page, COLLEAGUE_NAME)).toHaveCount(1);
      await expect(recordRow(page, COLLEAGUE_NAME)).toContainText('Waiting for confirmation');
      await expectNoAxeViolations(page);

      await recordRow(page, PRACTITIONER_NAME)
        .getByRole('button', { name: `Confirm the record of ${recordName(PRACTITIONER_NAME)}`, exact: true })
        .click();
      await expect(page).toHaveURL(new RegExp(`${escape(orderUrl)}\\?done=confirmed$`));
      await expect(banner(page, 'Delivery record confirmed')).toBeVisible();
      await expect(recordRow(page, PRACTITIONER_NAME)).toContainText('Confirmed');
      await expect(recordRow(page, PRACTITIONER_NAME).getByRole('button', { name: /^Confirm/ })).toHaveCount(0);
      await expect(recordRow(page, COLLEAGUE_NAME)).toContainText('Waiting for confirmation');
      await expect(summaryValue(lineOnOrder(page), 'Delivered')).toHaveText(
        '1 day confirmed; 1 day waiting for confirmation',
      );
      await expectNoAxeViolations(page);
    });

    await test.step(`disputes ${COLLEAGUE_NAME}'s record, after first leaving the reason empty`, async () => {
      const page = buyer;
      const main = page.getByRole('main');
      await recordRow(page, COLLEAGUE_NAME)
        .getByRole('link', { name: `Dispute the record of ${recordName(COLLEAGUE_NAME)}`, exact: true })
        .click();
      await expect(page).toHaveURL(new RegExp(`${escape(orderUrl)}\\?dispute=${UUID}#disputeReason$`));
      const reason = main.getByLabel(`What is wrong with the record of ${recordName(COLLEAGUE_NAME)}?`, {
        exact: true,
      });
      await expect(reason).toBeVisible();
      await expectNoAxeViolations(page);

      await main.getByRole('button', { name: 'Dispute record' }).click();
      await expectErrorSummary(page, 'Enter what is wrong with this record');
      await expect(errorSummary(page).getByRole('link')).toHaveAttribute('href', '#disputeReason');
      await expect(reason).toHaveAccessibleDescription(/Enter what is wrong with this record/);
      await expect(recordRow(page, COLLEAGUE_NAME)).toContainText('Waiting for confirmation');
      await expectNoAxeViolations(page);

      await reason.fill(DISPUTE_REASON);
      await main.getByRole('button', { name: 'Dispute record' }).click();
      await expect(page).toHaveURL(new RegExp(`${escape(orderUrl)}\\?done=disputed(#disputeReason)?$`));
      await expect(banner(page, 'Delivery record disputed: the provider has been told')).toBeVisible();
      await expect(recordRow(page, COLLEAGUE_NAME)).toContainText('Disputed');
      await expect(recordRow(page, COLLEAGUE_NAME)).toContainText(`Disputed: ${DISPUTE_REASON}`);
      await expect(recordRow(page, PRACTITIONER_NAME)).toContainText('Confirmed');
      await expect(summaryValue(lineOnOrder(page), 'Delivered')).toHaveText(
        '1 day confirmed; 1 day disputed, held until resolved',
      );
      await expectNoAxeViolations(page);
    });

    // ---------------------------------------------------------------- Southampton resolves the dispute
    await test.step('the service manager resolves the dispute on the line page: it did not happen', async () => {
      const page = manager;
      await page.goto(lineUrl);
      await expect(page.getByRole('heading', { level: 1, name: SERVICE })).toBeVisible();
      const main = page.getByRole('main');
      const disputed = lineRecord(page, COLLEAGUE_NAME);
      await expect(disputed).toContainText('Disputed');
      await expect(disputed).toContainText(DISPUTE_REASON);
      await expect(lineRecord(page, PRACTITIONER_NAME)).toContainText('Confirmed');
      await expect(summaryValue(main, 'Delivered')).toHaveText('1 day confirmed; 1 day disputed, held until resolved');
      await expectNoAxeViolations(page);

      await disputed
        .getByRole('link', { name: `Resolve the dispute about ${recordName(COLLEAGUE_NAME)}`, exact: true })
        .click();
      await expect(page).toHaveURL(new RegExp(`${escape(lineUrl)}\\?resolve=${UUID}#resolution$`));
      await expect(
        main.getByRole('heading', { level: 2, name: `Resolve the dispute about ${recordName(COLLEAGUE_NAME)}` }),
      ).toBeVisible();
      await expect(main).toContainText(`The school said: ${DISPUTE_REASON}`);
      const outcomes = main.getByRole('group', { name: 'How does the dispute end?' });
      await expect(outcomes.getByRole('radio')).toHaveCount(3);
      await expectNoAxeViolations(page);

      // Without choosing how it ends: refused, and what was written is kept.
      await main.getByLabel('How it was resolved', { exact: true }).fill(RESOLUTION);
      await main.getByRole('button', { name: 'Resolve', exact: true }).click();
      await expectErrorSummary(page, 'Choose how the dispute ends');
      await expect(errorSummary(page).getByRole('link')).toHaveAttribute('href', '#outcome');
      await expect(main.getByLabel('How it was resolved', { exact: true })).toHaveValue(RESOLUTION);
      await expect(disputed).toContainText('Disputed');
      await expectNoAxeViolations(page);

      await outcomes.getByRole('radio', { name: 'It did not happen', exact: true }).check();
      await main.getByRole('button', { name: 'Resolve', exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`${escape(lineUrl)}\\?resolved=1(#resolution)?$`));
      await expect(banner(page, 'Dispute resolved')).toBeVisible();
    });

    await test.step(`the line page shows ${COLLEAGUE_NAME}'s day voided and 1 day delivered`, async () => {
      const page = manager;
      const main = page.getByRole('main');
      const voided = lineRecord(page, COLLEAGUE_NAME);
      await expect(voided).toContainText('Did not happen');
      await expect(voided).toContainText(DISPUTE_REASON);
      await expect(voided).toContainText(`It did not happen: ${RESOLUTION}`);
      await expect(voided.getByRole('link', { name: /^Resolve/ })).toHaveCount(0);
      await expect(lineRecord(page, PRACTITIONER_NAME)).toContainText('Confirmed');
      await expect(summaryValue(main, 'Delivered')).toHaveText('1 day confirmed; 1 day voided');
      await expect(summaryValue(main, 'Remaining')).toHaveText('2 days');
      await expect(summaryValue(main, 'Comes to')).toHaveText(`${pounds(DAYS * PRICE_PENCE)} before VAT`);
      await expectNoAxeViolations(page);
    });

    await test.step('the business manager reads on the order page that the day did not happen', async () => {
      const page = buyer;
      await page.goto(orderUrl);
      await expect(page.getByRole('heading', { level: 1, name: `Order ${reference}` })).toBeVisible();
      const voided = recordRow(page, COLLEAGUE_NAME);
      await expect(voided).toContainText('Did not happen');
      await expect(voided).toContainText(`Disputed: ${DISPUTE_REASON}`);
      await expect(voided).toContainText(`It did not happen: ${RESOLUTION}`);
      await expect(recordRow(page, PRACTITIONER_NAME)).toContainText('Confirmed');
      await expect(summaryValue(lineOnOrder(page), 'Delivered')).toHaveText('1 day confirmed; 1 day voided');
      await expect(summaryValue(lineOnOrder(page), 'Remaining')).toHaveText('2 days');
      // Nothing is left to confirm or dispute.
      await expect(workTable(page).getByRole('button', { name: /^Confirm/ })).toHaveCount(0);
      await expect(workTable(page).getByRole('link', { name: /^Dispute/ })).toHaveCount(0);
      await expectNoAxeViolations(page);
    });
  } finally {
    for (const context of contexts) await context.close();
  }
});
