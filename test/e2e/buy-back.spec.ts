import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { dateInput, expectDateInput, expectNoAxeViolations, fillDateInput, signIn, openNav } from './axe';

// Walsall publishes its 2026/27 charges and opens the buy-back window for that year; Walsall
// Academy renews last year's governing board clerking at the new price, and Walsall sees it
// renewed. A second window for the same year is refused.
//
// The journeys share one server and database (playwright.config.ts), and publishing a schedule or
// opening a window cannot be undone: the first journey does both once. The second finishes
// whichever of them has not been done (so it also runs on its own) before trying again.

const SERVICE_MANAGER = 'services@walsall.example';
const ACADEMY_BUYER = 'walsall-academy@schools.walsall.example';
const ACADEMY_BUYER_NAME = 'Tariq Hussain';
const SLUG = 'walsall';
const WALSALL = 'Walsall Council Services to Schools';
const ACADEMY = 'Walsall Academy';
const SERVICE = 'Governing board clerking (9 meetings a year)';
const YEAR = '2026/27 academic year';
const DEADLINE = '2026-12-31';
const DEADLINE_LONG = '31 December 2026';

interface CatalogueSchedule {
  yearKind: 'academic' | 'financial';
  startYear: number;
  status: 'draft' | 'published';
  prices: Record<
    string,
    Record<string, { model: string; flatPence?: number; byPhase?: Record<string, { flatPence: number }> }>
  >;
}
const readJson = <T>(file: string) =>
  JSON.parse(readFileSync(path.join(process.cwd(), 'tenants', SLUG, file), 'utf8')) as T;
const catalogue = readJson<{
  services: Array<{ code: string; name: string; unitKind: string }>;
  schedules: CatalogueSchedule[];
}>('catalogue.json');
const profile = readJson<{
  demoOrders: Array<{ urn: number; buyerEmail: string; serviceCode: string; startYear: number; quantity: number }>;
}>('profile.json');

const lastYearsOrder = profile.demoOrders.find((o) => o.buyerEmail === ACADEMY_BUYER && o.serviceCode === 'GOV-CLERK');
if (!lastYearsOrder || lastYearsOrder.startYear !== 2025)
  throw new Error('tenants/walsall/profile.json: expected a 2025/26 GOV-CLERK demo order for Walsall Academy');
const clerking = catalogue.services.find((s) => s.code === 'GOV-CLERK');
if (clerking?.name !== SERVICE || clerking.unitKind !== 'package')
  throw new Error(`tenants/walsall/catalogue.json: expected GOV-CLERK "${SERVICE}", sold by the package`);
/** "1 package" (as the app writes an amount of the service's unit). */
const packages = (n: number) => `${n} ${n === 1 ? 'package' : 'packages'}`;
const draft2026 = catalogue.schedules.find((s) => s.yearKind === 'academic' && s.startYear === 2026);
if (draft2026?.status !== 'draft') throw new Error('tenants/walsall/catalogue.json: expected a draft 2026/27 schedule');

/** Walsall Academy (a secondary academy) pays the flat secondary price for clerking in a year's schedule. */
function clerkingPence(startYear: number): number {
  const price = catalogue.schedules.find((s) => s.yearKind === 'academic' && s.startYear === startYear)?.prices[
    'GOV-CLERK'
  ]?.['academy'];
  const pence = price?.byPhase?.['Secondary']?.flatPence;
  if (price?.model !== 'flat_plus_per_pupil' || typeof pence !== 'number')
    throw new Error(`tenants/walsall/catalogue.json: expected a ${startYear} GOV-CLERK academy price by phase`);
  return pence;
}

/** 385600 → "£3,856.00" (as the app writes money). */
function pounds(pence: number): string {
  const whole = Math.floor(pence / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `£${whole}.${String(pence % 100).padStart(2, '0')}`;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// A missing element fails its step promptly rather than at the end of the long test timeout.
test.use({ actionTimeout: 15_000 });

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

async function openRenewals(page: Page) {
  await openNav(page, 'Renewals');
  await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/renewals$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Buy-back and renewals' })).toBeVisible();
}

/** The provider's table for the 2026/27 window ("2026/27 academic year: open … to 31 December 2026"). */
function windowTable(page: Page): Locator {
  return page
    .getByRole('main')
    .getByRole('table', { name: new RegExp(`^${escape(YEAR)}: open \\d{1,2} \\w+ \\d{4} to ${DEADLINE_LONG}$`) });
}

function academyRow(table: Locator): Locator {
  return table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: ACADEMY, exact: true }) });
}

async function fillWindowForm(page: Page, startYear: string, closesOn: string, note = '') {
  const main = page.getByRole('main');
  await main
    .getByRole('group', { name: 'Contract year' })
    .getByRole('radio', { name: 'Academic (September to August)' })
    .check();
  await main.getByLabel('Year it starts', { exact: true }).fill(startYear);
  await fillDateInput(main, 'Deadline', closesOn);
  await main.getByLabel('Note for schools (optional)', { exact: true }).fill(note);
  await main.getByRole('button', { name: 'Open buy-back window' }).click();
}

async function openSchedule(page: Page) {
  await openNav(page, 'Charge schedules');
  await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/schedules$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Charge schedules' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('main').getByRole('link', { name: YEAR, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/schedules/${UUID}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`${YEAR}, version 1`);
}

test(`Walsall opens the ${YEAR} buy-back window and Walsall Academy renews its governing board clerking`, async ({
  page: manager,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const contexts: BrowserContext[] = [];
  try {
    let renewal = '';

    await test.step(`the service manager publishes the ${YEAR} draft schedule`, async () => {
      const page = manager;
      await signIn(page, SERVICE_MANAGER);
      await expect(page).toHaveURL(new RegExp(`/t/${SLUG}$`));
      await expectNoAxeViolations(page);

      await openSchedule(page);
      await expect(page.getByRole('heading', { level: 1 })).toContainText('draft');
      await expect(page.getByRole('main')).toContainText(
        'Every service has a price for every customer class it is sold to.',
      );
      await expectNoAxeViolations(page);
      const scheduleUrl = new URL(page.url()).pathname;

      await page.getByRole('main').getByRole('button', { name: 'Publish this schedule' }).click();
      // The button only asks: publishing happens on the question page.
      await expect(page).toHaveURL(new RegExp(`${escape(scheduleUrl)}\\?confirm=publish$`));
      await expect(page.getByRole('heading', { level: 1 })).toContainText('Are you sure you want to publish');
      await expectNoAxeViolations(page);
      await page.getByRole('main').getByRole('button', { name: 'Yes, publish this schedule' }).click();
      await expect(page).toHaveURL(new RegExp(`${escape(scheduleUrl)}\\?published=1$`));
      await expect(banner(page, 'Schedule published')).toBeVisible();
      await expect(page.getByRole('heading', { level: 1 })).toContainText('published');
      await expect(errorSummary(page)).toHaveCount(0);
      await expectNoAxeViolations(page);
    });

    await test.step('opens Renewals: no window yet', async () => {
      const page = manager;
      await openRenewals(page);
      await expect(page.getByRole('main')).toContainText('No buy-back window has been opened yet.');
      await expect(
        page
          .getByRole('main')
          .getByRole('group', { name: 'Contract year' })
          .getByRole('radio', { name: /^Academic/ }),
      ).toBeChecked();
      await expectNoAxeViolations(page);
    });

    await test.step(`opens the ${YEAR} window with a deadline of ${DEADLINE}`, async () => {
      const page = manager;
      await fillWindowForm(page, '2026', DEADLINE, 'Renew by the end of term so clerking carries on in January.');
      await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/renewals\\?opened=1$`));
      await expect(
        banner(page, "Buy-back window opened: customers with last year's subscriptions have been told"),
      ).toBeVisible();
      await expect(page.getByRole('main')).not.toContainText('No buy-back window has been opened yet.');
      const row = academyRow(windowTable(page));
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(`${SERVICE} × ${lastYearsOrder.quantity}`);
      await expect(row).toContainText('Not yet');
      await expectNoAxeViolations(page);
    });

    const buyer = await test.step('the Walsall Academy business manager opens Renewals', async () => {
      const context = await browser.newContext({ baseURL });
      contexts.push(context);
      const page = await context.newPage();
      await signIn(page, ACADEMY_BUYER);
      await expect(page).toHaveURL(/\/buy$/);
      await expectNoAxeViolations(page);

      await openNav(page, 'Renewals');
      await expect(page).toHaveURL(/\/buy\/renewals$/);
      await expect(page.getByRole('heading', { level: 1, name: 'Renew your services' })).toBeVisible();
      const section = page.getByRole('region', { name: `${WALSALL}: ${YEAR}` });
      await expect(section).toContainText(`Renew by ${DEADLINE_LONG}.`);
      const row = section.getByRole('row').filter({ hasText: SERVICE });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(ACADEMY);
      // This year's line as it stands, and next year's price before the school commits.
      await expect(row.getByRole('cell').nth(2)).toHaveText(
        `${packages(lastYearsOrder.quantity)}, ${pounds(clerkingPence(2025))}`,
      );
      await expect(row.getByRole('cell').nth(3)).toHaveText(pounds(clerkingPence(2026)));
      await expect(row.getByRole('link', { name: `Renew, change or drop ${SERVICE} for ${ACADEMY}` })).toBeVisible();
      // The provider's note, given when the window opened, is there beside the renewals.
      await expect(section).toContainText(`${WALSALL} says:`);
      await expect(section).toContainText('Renew by the end of term so clerking carries on in January.');
      await expectNoAxeViolations(page);
      return page;
    });

    await test.step('chooses "Renew, change or drop": the form has last year\'s quantity', async () => {
      const page = buyer;
      await page
        .getByRole('main')
        .getByRole('link', { name: `Renew, change or drop ${SERVICE} for ${ACADEMY}` })
        .click();
      await expect(page).toHaveURL(new RegExp(`/buy/renewals\\?line=${UUID}$`));
      const main = page.getByRole('main');
      await expect(main.getByRole('heading', { level: 3, name: `${SERVICE} for ${ACADEMY}` })).toBeVisible();
      await expect(main.getByLabel('Quantity', { exact: true })).toHaveValue(String(lastYearsOrder.quantity));
      await expect(main.getByLabel('Contact name', { exact: true })).toHaveValue(ACADEMY_BUYER_NAME);
      await expect(main.getByLabel('Contact email', { exact: true })).toHaveValue(ACADEMY_BUYER);
      await expect(main.getByRole('button', { name: 'Drop it for next year' })).toBeVisible();
      await expectNoAxeViolations(page);
    });

    await test.step('"Drop it for next year" only asks; going back changes nothing', async () => {
      const page = buyer;
      await page.getByRole('main').getByRole('button', { name: 'Drop it for next year' }).click();
      await expect(page).toHaveURL(new RegExp(`/buy/renewals\\?line=${UUID}&confirm=drop$`));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(
        `Are you sure you want to drop ${SERVICE} for ${ACADEMY} next year?`,
      );
      await expectNoAxeViolations(page);
      await page.getByRole('main').getByRole('link', { name: 'No, go back' }).click();
      await expect(page).toHaveURL(new RegExp(`/buy/renewals\\?line=${UUID}$`));
      await expect(page.getByRole('main').getByLabel('Quantity', { exact: true })).toBeVisible();
    });

    await test.step('checks the answers: this year and the new price, before renewing', async () => {
      const page = buyer;
      await page.getByRole('main').getByRole('button', { name: 'Continue to renew' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Check your answers before renewing' })).toBeVisible();
      const main = page.getByRole('main');
      await expect(main).toContainText(`${packages(lastYearsOrder.quantity)}, ${pounds(clerkingPence(2025))}`);
      await expect(main).toContainText(`${pounds(clerkingPence(2026))} before VAT`);
      await expect(main.getByRole('link', { name: 'Change the quantity' })).toBeVisible();
      await expectNoAxeViolations(page);
    });

    await test.step('renews it as last year', async () => {
      const page = buyer;
      await page.getByRole('main').getByRole('button', { name: 'Renew and place the order' }).click();
      await expect(page).toHaveURL(/\/buy\/renewals\?renewed=WALS-ORD-\d+$/);
      renewal = new URL(page.url()).searchParams.get('renewed')!;
      await expect(banner(page, `Renewed: order ${renewal} placed`)).toBeVisible();
      const row = page
        .getByRole('region', { name: `${WALSALL}: ${YEAR}` })
        .getByRole('row')
        .filter({ hasText: SERVICE });
      await expect(row).toContainText('Renewed');
      await expect(row).toContainText(renewal);
      await expect(row.getByRole('link', { name: /^Renew, change or drop/ })).toHaveCount(0);
      await expectNoAxeViolations(page);
    });

    await test.step(`the renewal is an order at the ${YEAR} price`, async () => {
      const page = buyer;
      await page.getByRole('alert').getByRole('link', { name: 'your orders' }).click();
      await expect(page).toHaveURL(/\/buy\/orders$/);
      const row = page
        .getByRole('main')
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: renewal, exact: true }) });
      await expect(row).toContainText(WALSALL);
      await expect(row).toContainText(pounds(clerkingPence(2026)));
      await expect(row).toContainText('Waiting for the provider');
      await expectNoAxeViolations(page);
    });

    await test.step('the service manager sees Walsall Academy renewed, with the order', async () => {
      const page = manager;
      await page.goto(`/t/${SLUG}/renewals`);
      await expect(page.getByRole('heading', { level: 1, name: 'Buy-back and renewals' })).toBeVisible();
      const row = academyRow(windowTable(page));
      await expect(row).toContainText('Renewed');
      await expect(row).not.toContainText('Not yet');
      const link = row.getByRole('link', { name: renewal, exact: true });
      await expect(link).toHaveAttribute('href', new RegExp(`^/t/${SLUG}/orders/${UUID}$`));
      await expectNoAxeViolations(page);

      await link.click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText(`Order ${renewal}`);
      await expect(page.getByRole('main')).toContainText(SERVICE);
      await expect(page.getByRole('main')).toContainText(YEAR);
      await expectNoAxeViolations(page);
    });
  } finally {
    for (const context of contexts) await context.close();
  }
});

test(`a second buy-back window for the ${YEAR} is refused`, async ({ page }) => {
  await signIn(page, SERVICE_MANAGER);
  await expectNoAxeViolations(page);

  await test.step(`(the ${YEAR} schedule is published and its window open)`, async () => {
    await openSchedule(page);
    if ((await page.getByRole('main').getByRole('button', { name: 'Publish this schedule' }).count()) > 0) {
      await page.getByRole('main').getByRole('button', { name: 'Publish this schedule' }).click();
      await page.getByRole('main').getByRole('button', { name: 'Yes, publish this schedule' }).click();
      await expect(banner(page, 'Schedule published')).toBeVisible();
    }
    await expect(page.getByRole('heading', { level: 1 })).toContainText('published');
    await expectNoAxeViolations(page);

    await openRenewals(page);
    if ((await windowTable(page).count()) === 0) {
      await fillWindowForm(page, '2026', DEADLINE);
      await expect(page).toHaveURL(/\/renewals\?opened=1$/);
    }
    await expect(windowTable(page)).toHaveCount(1);
    await expectNoAxeViolations(page);
  });

  await test.step('an empty form says what to enter', async () => {
    await page.goto(`/t/${SLUG}/renewals`);
    const main = page.getByRole('main');
    await main.getByLabel('Year it starts', { exact: true }).fill('');
    await fillDateInput(main, 'Deadline', '');
    await main.getByRole('button', { name: 'Open buy-back window' }).click();
    await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/renewals$`));
    await expectErrorSummary(
      page,
      'Enter the year the contract year starts, like 2027',
      'Enter the deadline for renewals',
    );
    const links = errorSummary(page).getByRole('link');
    await expect(links).toHaveCount(2);
    await expect(links.nth(0)).toHaveAttribute('href', '#startYear');
    await expect(links.nth(1)).toHaveAttribute('href', '#closesOn');
    await expect(main.getByLabel('Year it starts', { exact: true })).toHaveAccessibleDescription(
      /Enter the year the contract year starts/,
    );
    await expect(dateInput(main, 'Deadline')).toHaveAccessibleDescription(/Enter the deadline for renewals/);
    await expectNoAxeViolations(page);
  });

  await test.step(`opening the ${YEAR} window again shows the error summary`, async () => {
    await page.goto(`/t/${SLUG}/renewals`);
    await expectNoAxeViolations(page);
    await fillWindowForm(page, '2026', '2027-01-31', 'A second window for the same year');
    await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/renewals$`));
    await expectErrorSummary(page, `The buy-back window for the ${YEAR} is already open`);
    const link = errorSummary(page).getByRole('link', { name: `The buy-back window for the ${YEAR} is already open` });
    await expect(link).toHaveAttribute('href', '#startYear');
    const main = page.getByRole('main');
    // What was typed is kept, and the field is marked.
    await expect(main.getByLabel('Year it starts', { exact: true })).toHaveValue('2026');
    await expectDateInput(main, 'Deadline', '2027-01-31');
    await expect(main.getByLabel('Year it starts', { exact: true })).toHaveAccessibleDescription(/already open/);
    // Still only the one window.
    await expect(windowTable(page)).toHaveCount(1);
    await expect(main.getByRole('table', { name: /to 31 January 2027$/ })).toHaveCount(0);
    await expectNoAxeViolations(page);

    // The summary's link takes the focus to the field.
    await link.click();
    await expect(main.getByLabel('Year it starts', { exact: true })).toBeFocused();
  });
});
