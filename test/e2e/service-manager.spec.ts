import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { SCHEDULE_CSV_COLUMNS } from '../../app/pricing/schedule-csv';
import { expectNoAxeViolations, fillDateInput, openNav, signIn } from './axe';

// A Southampton service manager adds a service, prices it in a 2026/27 draft schedule and
// publishes that schedule; exports a schedule as CSV; and is refused a badly formed import.
//
// The journeys share one server and database (playwright.config.ts): publishing a schedule cannot
// be undone, so the journey that does it runs once, and the others do not depend on it. The demo
// data has 2026/27 version 1 as a draft, but school-order-delivery.spec.ts (which runs first)
// publishes it so that a school can order for the current year. So the journey looks at the
// schedules page: if the latest 2026/27 version is a draft it prices SI-REVIEW there; if it is
// published, it starts a new version (taking effect from 1 January 2027, copying the latest
// version's prices) and prices SI-REVIEW in that. Either way it then publishes the draft.

const MANAGER = 'services@southampton.example';
const SLUG = 'southampton';

interface CatalogueService {
  code: string;
  name: string;
}
interface CatalogueSchedule {
  yearKind: 'academic' | 'financial';
  startYear: number;
  status: 'draft' | 'published';
  prices: Record<string, Record<string, unknown>>;
}
const catalogue = JSON.parse(readFileSync(path.join(process.cwd(), 'tenants/southampton/catalogue.json'), 'utf8')) as {
  services: CatalogueService[];
  schedules: CatalogueSchedule[];
};
const yearLabel = (s: CatalogueSchedule) =>
  `${s.startYear}/${String((s.startYear + 1) % 100).padStart(2, '0')} ${s.yearKind} year`;
const published2025 = catalogue.schedules.find((s) => s.startYear === 2025 && s.status === 'published');
const draft2026 = catalogue.schedules.find((s) => s.startYear === 2026 && s.status === 'draft');
if (!published2025 || !draft2026)
  throw new Error('tenants/southampton/catalogue.json: expected a published 2025 and a draft 2026 schedule');
const PUBLISHED_LABEL = yearLabel(published2025); // "2025/26 academic year"
const DRAFT_LABEL = yearLabel(draft2026); // "2026/27 academic year"

const NEW_SERVICE = { code: 'SI-REVIEW', name: 'Supported self-review day' };

/** When a new version of an already-published 2026/27 takes effect (within the year, after 1 September 2026). */
const NEW_VERSION_FROM = '2027-01-01';
const NEW_VERSION_FROM_LONG = '1 January 2027';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

function errorSummary(page: Page) {
  return page.locator('.govuk-error-summary');
}

async function expectErrorSummary(page: Page, ...messages: Array<string | RegExp>) {
  const summary = errorSummary(page);
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  for (const message of messages) await expect(summary).toContainText(message);
  // GOV.UK pattern: the title says there is an error, and the summary takes the focus.
  await expect(page).toHaveTitle(/^Error: /);
  await expect(summary).toBeFocused();
}

/** The schedules list as (year, version, takes effect, status) rows (each year's latest version first). */
async function scheduleRows(page: Page): Promise<string[][]> {
  const rows = page.getByRole('main').getByRole('table').locator('tbody tr');
  const count = await rows.count();
  const out: string[][] = [];
  for (let i = 0; i < count; i++) out.push((await rows.nth(i).locator('td, th').allInnerTexts()).map((t) => t.trim()));
  return out;
}

async function openSchedules(page: Page) {
  await openNav(page, 'Charge schedules');
  await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/schedules$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Charge schedules' })).toBeVisible();
}

test('Southampton service manager adds SI-REVIEW, prices it and publishes the 2026/27 schedule', async ({ page }) => {
  // About twenty pages, each checked with axe, on a shared machine: it takes a minute on its own.
  test.setTimeout(180_000);
  let serviceId = '';

  await test.step('signs in and lands on Southampton', async () => {
    await signIn(page, MANAGER);
    await expect(page).toHaveURL(new RegExp(`/t/${SLUG}$`));
    await expectNoAxeViolations(page);
  });

  await test.step('opens Services and starts adding a service', async () => {
    await openNav(page, 'Services');
    await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/services$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Services' })).toBeVisible();
    await expect(page.getByRole('main')).not.toContainText(NEW_SERVICE.code);
    await expectNoAxeViolations(page);

    await page
      .getByRole('button', { name: 'Add a service' })
      .or(page.getByRole('link', { name: 'Add a service' }))
      .click();
    await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/services/new$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Add a service' })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step('fills in the service and saves it as a draft', async () => {
    const main = page.getByRole('main');
    await main.getByLabel('Service code', { exact: true }).fill(NEW_SERVICE.code);
    await main.getByLabel('Name', { exact: true }).fill(NEW_SERVICE.name);
    await main.getByLabel('Category', { exact: true }).selectOption({ label: 'School improvement' });
    await main
      .getByLabel('Description', { exact: true })
      .fill('A day with an adviser to help leaders review the school against its own priorities and plan next steps.');
    await main
      .getByLabel('What is included', { exact: true })
      .fill('Planning call, up to 6 hours on site, and a written summary of findings within 5 working days.');
    await main.getByLabel('Who delivers it', { exact: true }).fill('School improvement advisers');
    await main
      .getByRole('group', { name: 'Statutory or traded' })
      .getByRole('radio', { name: 'Traded', exact: true })
      .check();
    await main
      .getByRole('group', { name: 'Unit of delivery' })
      .getByRole('radio', { name: 'Day of a set number of hours', exact: true })
      .check();
    await main.getByLabel('Hours in a session or day', { exact: true }).fill('6');
    await main
      .getByRole('group', { name: 'Who may buy it' })
      .getByRole('checkbox', { name: "Our own area's schools" })
      .check();
    // VAT: leave the defaults.
    await main.getByRole('button', { name: 'Save as draft' }).click();

    await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/services/(${UUID})\\?saved=1$`));
    serviceId = new RegExp(`/services/(${UUID})`).exec(page.url())![1]!;
    await expect(page.getByRole('alert').filter({ hasText: 'Service saved' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: NEW_SERVICE.name })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Draft');
    const summary = main.locator('.govuk-summary-list');
    await expect(summary.locator('.govuk-summary-list__row', { hasText: 'Category' })).toContainText(
      'School improvement',
    );
    await expect(summary.locator('.govuk-summary-list__row', { hasText: 'Statutory or traded' })).toContainText(
      'Traded',
    );
    await expect(summary.locator('.govuk-summary-list__row', { hasText: 'Unit of delivery' })).toContainText(
      'day of 6 hours',
    );
    await expect(summary.locator('.govuk-summary-list__row', { hasText: 'Who may buy it' })).toContainText(
      "Own area's schools",
    );
    await expect(main.getByRole('button', { name: 'Retire this service' })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step('publishes the service', async () => {
    await page.getByRole('main').getByRole('button', { name: 'Publish this service' }).click();
    await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/services/${serviceId}\\?confirm=published$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      `Are you sure you want to publish ${NEW_SERVICE.name}?`,
    );
    await expectNoAxeViolations(page);
    await page.getByRole('main').getByRole('button', { name: 'Yes, publish this service' }).click();
    await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/services/${serviceId}\\?status=published$`));
    await expect(page.getByRole('alert').filter({ hasText: 'Service published' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Published');
    await expect(page.getByRole('main').getByRole('button', { name: 'Publish this service' })).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  /** The version of 2026/27 this journey prices and publishes. */
  let version = 0;
  /** Whether that is a new version of an already-published 2026/27 (rather than the demo draft). */
  let newVersion = false;

  await test.step(`opens the ${DRAFT_LABEL} draft schedule, starting a new version if the year is published`, async () => {
    await openSchedules(page);
    await expectNoAxeViolations(page);
    const rows = (await scheduleRows(page)).filter((r) => r[0] === DRAFT_LABEL);
    expect(rows.length, `the schedules page lists the ${DRAFT_LABEL}`).toBeGreaterThan(0);
    const latest = rows.reduce((a, b) => (Number(b[1]) > Number(a[1]) ? b : a));
    const main = page.getByRole('main');

    if (latest[3] === 'Draft') {
      // The demo's draft version 1 (nothing has published the year yet).
      version = Number(latest[1]);
      await main
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: DRAFT_LABEL, exact: true }) })
        .filter({ has: page.getByRole('cell', { name: latest[1], exact: true }) })
        .getByRole('link', { name: DRAFT_LABEL, exact: true })
        .click();
    } else {
      // The year is published already (school-order-delivery.spec.ts publishes version 1): start a
      // new version, which copies the latest version's prices.
      expect(latest[3]).toBe('Published');
      newVersion = true;
      version = Number(latest[1]) + 1;
      await expect(main.getByRole('heading', { level: 2, name: 'Start a draft schedule' })).toBeVisible();
      await main
        .getByRole('group', { name: 'Contract year' })
        .getByRole('radio', { name: /^Academic/ })
        .check();
      await main.getByLabel('Year it starts', { exact: true }).fill(String(draft2026.startYear));
      await fillDateInput(main, /^Takes effect from/, NEW_VERSION_FROM);
      await main.getByRole('button', { name: 'Start draft', exact: true }).click();
    }

    await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/schedules/${UUID}$`));
    await expect(errorSummary(page)).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`${DRAFT_LABEL}, version ${version}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('draft');
    if (newVersion) {
      await expect(page.getByRole('main')).toContainText(`Takes effect from ${NEW_VERSION_FROM_LONG}.`);
      // The copied prices are there: EP-DAY, priced in the demo schedule, is priced here too.
      const epDay = catalogue.services.find((s) => s.code === 'EP-DAY');
      if (epDay) {
        const copied = page.getByRole('table', { name: `${epDay.code} ${epDay.name}` });
        await expect(copied.getByRole('row', { name: /Own maintained school/ })).not.toContainText('No price yet');
      }
    }
    const table = page.getByRole('table', { name: `${NEW_SERVICE.code} ${NEW_SERVICE.name}` });
    await expect(table.getByRole('row', { name: /Own maintained school/ })).toContainText('No price yet');
    await expect(table.getByRole('row', { name: /Academy or trust/ })).toContainText('No price yet');
    await expectNoAxeViolations(page);
  });

  const scheduleUrl = page.url();

  await test.step('is refused publishing while SI-REVIEW has no prices', async () => {
    await page.getByRole('button', { name: 'Publish this schedule' }).click();
    // The question page already says what is missing; going ahead is refused with the reasons.
    await expect(page).toHaveURL(`${scheduleUrl}?confirm=publish`);
    await expect(page.getByRole('main')).toContainText('Some prices are missing');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Yes, publish this schedule' }).click();
    await expectErrorSummary(
      page,
      `${NEW_SERVICE.code} ${NEW_SERVICE.name} has no price for own maintained school`,
      `${NEW_SERVICE.code} ${NEW_SERVICE.name} has no price for academy or trust`,
    );
    // Nothing else is missing from the demo draft.
    await expect(errorSummary(page)).not.toContainText(/EP-|SI-ADVISER|SI-PARTNER|INC-|GOV-|HR-|FIN-/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Are you sure you want to publish');
    await expect(page.getByRole('alert').filter({ hasText: 'Schedule published' })).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  await test.step('sets the own maintained school price, correcting a bad value first', async () => {
    await page.goto(scheduleUrl);
    await page
      .getByRole('table', { name: `${NEW_SERVICE.code} ${NEW_SERVICE.name}` })
      .getByRole('link', { name: /^Set price for Supported self-review day, own maintained school$/ })
      .click();
    await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/schedules/${UUID}/prices/${serviceId}/own_maintained$`));
    await expect(page.getByRole('heading', { level: 1, name: `Price of ${NEW_SERVICE.name}` })).toBeVisible();
    await expectNoAxeViolations(page);

    const main = page.getByRole('main');
    await main
      .getByRole('group', { name: 'Pricing model' })
      .getByRole('radio', { name: 'Per unit', exact: true })
      .check();
    await main.getByLabel('Price per day', { exact: true }).fill('12.345');
    await main.getByRole('button', { name: 'Save price' }).click();

    await expect(page).toHaveURL(new RegExp(`/prices/${serviceId}/own_maintained$`));
    await expectErrorSummary(page, 'pounds and pence');
    await expect(errorSummary(page).getByRole('link')).toHaveAttribute('href', '#unit_price');
    await expect(main.locator('#unit_price-error')).toBeVisible();
    // What was typed is kept, so it can be corrected.
    await expect(main.getByLabel('Price per day', { exact: true })).toHaveValue('12.345');
    await expectNoAxeViolations(page);

    await main.getByLabel('Price per day', { exact: true }).fill('-5');
    await main.getByRole('button', { name: 'Save price' }).click();
    await expectErrorSummary(page, 'cannot be negative');
    await expectNoAxeViolations(page);

    await main
      .getByRole('group', { name: 'Pricing model' })
      .getByRole('radio', { name: 'Per unit', exact: true })
      .check();
    await main.getByLabel('Price per day', { exact: true }).fill('480.00');
    await main.getByRole('button', { name: 'Save price' }).click();
    await expect(page).toHaveURL(scheduleUrl);
    const table = page.getByRole('table', { name: `${NEW_SERVICE.code} ${NEW_SERVICE.name}` });
    await expect(table.getByRole('row', { name: /Own maintained school/ })).toContainText('£480.00 a day');
    await expect(
      table.getByRole('link', { name: /^Change for Supported self-review day, own maintained school$/ }),
    ).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step('sets the academy price', async () => {
    await page
      .getByRole('table', { name: `${NEW_SERVICE.code} ${NEW_SERVICE.name}` })
      .getByRole('link', { name: /^Set price for Supported self-review day, academy or trust$/ })
      .click();
    await expect(page).toHaveURL(new RegExp(`/prices/${serviceId}/academy$`));
    await expectNoAxeViolations(page);
    const main = page.getByRole('main');
    await main
      .getByRole('group', { name: 'Pricing model' })
      .getByRole('radio', { name: 'Per unit', exact: true })
      .check();
    await main.getByLabel('Price per day', { exact: true }).fill('520.00');
    await main.getByRole('button', { name: 'Save price' }).click();
    await expect(page).toHaveURL(scheduleUrl);
    const table = page.getByRole('table', { name: `${NEW_SERVICE.code} ${NEW_SERVICE.name}` });
    await expect(table.getByRole('row', { name: /Academy or trust/ })).toContainText('£520.00 a day');
    await expect(page.getByRole('main')).toContainText(
      'Every service has a price for every customer class it is sold to.',
    );
    await expectNoAxeViolations(page);
  });

  await test.step('publishes the schedule', async () => {
    await page.getByRole('button', { name: 'Publish this schedule' }).click();
    await expect(page).toHaveURL(`${scheduleUrl}?confirm=publish`);
    await expect(page.getByRole('main')).not.toContainText('Some prices are missing');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Yes, publish this schedule' }).click();
    await expect(page).toHaveURL(`${scheduleUrl}?published=1`);
    await expect(page.getByRole('alert').filter({ hasText: 'Schedule published' })).toBeVisible();
    await expect(errorSummary(page)).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`${DRAFT_LABEL}, version ${version}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('published');
    await expectNoAxeViolations(page);
  });

  await test.step('the published schedule can no longer be changed', async () => {
    await page.goto(scheduleUrl);
    const main = page.getByRole('main');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('published');
    await expect(main.getByRole('link', { name: /^(Set price|Change)\b/ })).toHaveCount(0);
    await expect(main.getByRole('button', { name: 'Publish this schedule' })).toHaveCount(0);
    await expect(main.getByRole('button', { name: 'Discard this draft' })).toHaveCount(0);
    const table = main.getByRole('table', { name: `${NEW_SERVICE.code} ${NEW_SERVICE.name}` });
    await expect(table.getByRole('row', { name: /Own maintained school/ })).toContainText('£480.00 a day');
    await expect(table.getByRole('row', { name: /Academy or trust/ })).toContainText('£520.00 a day');
    await expectNoAxeViolations(page);

    // The price page, reached directly, says so and offers no form.
    await page.goto(`${scheduleUrl}/prices/${serviceId}/academy`);
    await expect(main).toContainText('This schedule is published and cannot change.');
    await expect(main.getByRole('button', { name: 'Save price' })).toHaveCount(0);
    await expectNoAxeViolations(page);

    await openSchedules(page);
    const rows = (await scheduleRows(page)).filter((r) => r[0] === DRAFT_LABEL);
    // Every version of the year is published now, this one included.
    expect(rows.find((r) => r[1] === String(version))?.[3]).toBe('Published');
    expect(rows.map((r) => r[3])).not.toContain('Draft');
    if (newVersion) expect(rows.find((r) => r[1] === String(version))?.[2]).toBe(NEW_VERSION_FROM_LONG);
    await expectNoAxeViolations(page);
  });
});

test(`Southampton service manager exports the ${PUBLISHED_LABEL} schedule as CSV`, async ({ page }) => {
  await signIn(page, MANAGER);
  await expectNoAxeViolations(page);
  await openSchedules(page);
  await expectNoAxeViolations(page);

  await page.getByRole('main').getByRole('link', { name: PUBLISHED_LABEL, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`${PUBLISHED_LABEL}, version 1`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('published');
  await expectNoAxeViolations(page);

  const link = page.getByRole('link', { name: 'Export as a spreadsheet (CSV)' });
  const href = await link.getAttribute('href');
  expect(href).toMatch(new RegExp(`/t/${SLUG}/schedules/${UUID}/export\\.csv$`));

  // page.request shares the browser context's cookies, so it is signed in as the manager.
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^text\/csv/);
  expect(response.headers()['content-disposition']).toMatch(/attachment; filename="southampton-academic-2025-v1\.csv"/);
  const text = await response.text();
  const lines = text.split(/\r?\n/).filter(Boolean);
  expect(lines[0]!.replace(/"/g, '')).toMatch(/^service_code,customer_class,model,/);
  expect(text).toContain('EP-DAY');
  const epDayOtherLa = lines.find((l) => /^"?EP-DAY"?,"?other_la_school"?,/.test(l));
  expect(epDayOtherLa, 'the EP-DAY price for other authorities’ schools is exported').toBeTruthy();
  // One row for each price in the published schedule.
  const priceCount = Object.values(published2025.prices).reduce((n, byClass) => n + Object.keys(byClass).length, 0);
  expect(lines.length - 1).toBe(priceCount);

  // The link itself downloads the same file.
  const downloadPromise = page.waitForEvent('download');
  await link.click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('southampton-academic-2025-v1.csv');
});

test('Southampton service manager imports a CSV with the wrong header and nothing is created', async ({ page }) => {
  await signIn(page, MANAGER);
  await expectNoAxeViolations(page);
  await openSchedules(page);
  const before = await scheduleRows(page);
  expect(before.length).toBeGreaterThanOrEqual(2);
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'Import prices from a spreadsheet' }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/schedules/import$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Import prices from a spreadsheet' })).toBeVisible();
  await expectNoAxeViolations(page);

  const main = page.getByRole('main');
  await main
    .getByRole('group', { name: 'Contract year' })
    .getByRole('radio', { name: /^Academic/ })
    .check();
  await main.getByLabel('Year it starts', { exact: true }).fill('2027');
  await fillDateInput(main, /^Takes effect from/, '');
  await main.getByLabel('CSV file', { exact: true }).setInputFiles({
    name: 'prices.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('code,class,price\r\nEP-DAY,academy,600.00\r\n', 'utf8'),
  });
  await main.getByRole('button', { name: 'Import as a new draft' }).click();

  await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/schedules/import$`));
  await expectErrorSummary(page, /Line 1: The first row has the wrong columns/);
  await expect(errorSummary(page)).toContainText('missing columns: service_code');
  await expect(errorSummary(page).getByRole('link')).toHaveAttribute('href', '#file');
  await expect(main.locator('#file-error')).toBeVisible();
  // The year typed is kept.
  await expect(main.getByLabel('Year it starts', { exact: true })).toHaveValue('2027');
  await expectNoAxeViolations(page);

  await openSchedules(page);
  expect(await scheduleRows(page)).toEqual(before);
  await expect(page.getByRole('main')).not.toContainText('2027/28');
  await expectNoAxeViolations(page);
});

test('Southampton service manager imports a price list saved by Excel (Windows-1252 pound signs)', async ({ page }) => {
  await signIn(page, MANAGER);
  await openSchedules(page);
  await page.getByRole('link', { name: 'Import prices from a spreadsheet' }).click();
  const main = page.getByRole('main');
  await main
    .getByRole('group', { name: 'Contract year' })
    .getByRole('radio', { name: /^Academic/ })
    .check();
  await main.getByLabel('Year it starts', { exact: true }).fill('2027');
  await fillDateInput(main, /^Takes effect from/, '');
  // Excel's "CSV (comma delimited)": Windows-1252, where £ is the one byte 0xA3, and a CRLF header
  // over LF rows.
  const blanks = Array(SCHEDULE_CSV_COLUMNS.length - 4).fill('');
  const text = `${SCHEDULE_CSV_COLUMNS.join(',')}\r\n${[
    ['EP-DAY', 'own_maintained', 'per_unit', '£515.00', ...blanks].join(','),
    ['EP-DAY', 'academy', 'per_unit', '"£1,030.50"', ...blanks].join(','),
  ].join('\n')}\n`;
  await main.getByLabel('CSV file', { exact: true }).setInputFiles({
    name: 'prices-from-excel.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from([...text].map((c) => (c === '£' ? 0xa3 : c.charCodeAt(0)))),
  });
  await main.getByRole('button', { name: 'Import as a new draft' }).click();
  await expect(page.locator('.govuk-notification-banner')).toContainText('2 prices imported into this draft');
  await expect(main).toContainText('£515.00');
  await expect(main).toContainText('£1,030.50');
  await expect(main).not.toContainText('\uFFFD');
  await expectNoAxeViolations(page);
});
