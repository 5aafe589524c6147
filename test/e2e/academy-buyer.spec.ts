import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, signIn } from './axe';

// Ryde Academy (Isle of Wight) finds Southampton's educational psychology day among look-alikes from
// other providers, sees its own price for it in the list and the same on the service page, narrows
// the list to Southampton, and works out a total; never sees another provider's draft service; and
// gets "Page not found" for a service that does not exist. Its name is in the header, once.

const BUYER = 'ryde-academy@schools.isle-of-wight.example';
const ORGANISATION = 'Ryde Academy';
const SOUTHAMPTON = 'Southampton City Council Education Services';

interface CatalogueService {
  code: string;
  name: string;
  category: string;
  status: 'draft' | 'published' | 'retired';
}
interface Catalogue {
  services: CatalogueService[];
  schedules: Array<{
    yearKind: 'academic' | 'financial';
    startYear: number;
    status: 'draft' | 'published';
    prices: Record<string, Record<string, { model: string; unitPricePence?: number }>>;
  }>;
}
const readCatalogue = (tenant: string) =>
  JSON.parse(readFileSync(path.join(process.cwd(), 'tenants', tenant, 'catalogue.json'), 'utf8')) as Catalogue;

const southampton = readCatalogue('southampton');
const walsall = readCatalogue('walsall');

const EP_DAY = southampton.services.find((s) => s.code === 'EP-DAY')!;
const schedule2025 = southampton.schedules.find((s) => s.startYear === 2025 && s.status === 'published')!;
const YEAR_2025 = `${schedule2025.startYear}/${String((schedule2025.startYear + 1) % 100).padStart(2, '0')} ${schedule2025.yearKind} year`;
const epDayOtherLa = schedule2025.prices['EP-DAY']!['other_la_school']!;
if (epDayOtherLa.model !== 'per_unit' || typeof epDayOtherLa.unitPricePence !== 'number')
  throw new Error('tenants/southampton/catalogue.json: expected a per-unit 2025/26 EP-DAY price for other_la_school');
const DAY_PENCE = epDayOtherLa.unitPricePence;
const DAYS = 12;

const WALSALL_DRAFT = walsall.services.find((s) => s.status === 'draft');
if (!WALSALL_DRAFT) throw new Error('tenants/walsall/catalogue.json: expected a draft service');

/** 59000 → "£590.00", 708000 → "£7,080.00" (as the app writes money). */
function pounds(pence: number): string {
  const whole = Math.floor(pence / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `£${whole}.${String(pence % 100).padStart(2, '0')}`;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function servicesTable(page: Page) {
  return page
    .getByRole('main')
    .getByRole('table')
    .filter({ has: page.getByRole('columnheader', { name: 'Service', exact: true }) });
}

async function search(page: Page, text: string, category = '', provider = '') {
  const form = page.getByRole('search', { name: 'Services' });
  await form.getByLabel('Search services', { exact: true }).fill(text);
  await form.getByLabel('Provider', { exact: true }).selectOption(provider ? { label: provider } : { value: '' });
  await form.getByLabel('Category', { exact: true }).selectOption(category ? { label: category } : { value: '' });
  await form.getByRole('button', { name: 'Search' }).click();
  await page.waitForLoadState();
}

/** Signs in (landing on the buyer's home, /buy) and goes to the catalogue. */
async function openCatalogue(page: Page) {
  await signIn(page, BUYER);
  await expect(page).toHaveURL(/\/buy(\/services)?$/);
  await page.goto('/buy/services');
  await expect(page.getByRole('heading', { level: 2, name: 'Services you can buy' })).toBeVisible();
}

/** The buyer's organisation is named once on the page (in the header), not again in the content. */
async function expectOrganisationNamedOnce(page: Page) {
  const text = await page.locator('body').innerText();
  expect(text.split(ORGANISATION).length - 1).toBe(1);
}

/** A day's price in the list: the buyer's own, or why there is none yet. */
const LISTED_PRICE = /^(?:(?:from )?£[\d,]+\.\d\d a day|Prices for the (\d{4}\/\d\d academic year) not yet published)$/;
/** Any service's price in the list ("£3,972.00 a year", "from £900.00 for 3 days"), or why there is none. */
const ANY_LISTED_PRICE =
  /^(?:(?:from )?£[\d,]+\.\d\d (?:a|for) .+|Prices for the \d{4}\/\d\d academic year not yet published|No published price for you: ask the provider)$/;

/**
 * If another contract year has a published schedule by now (another journey in the same run may
 * publish 2026/27), the quote form offers a "Contract year": choose 2025/26.
 */
async function choose2025IfOffered(page: Page) {
  const year = page.getByRole('main').getByLabel('Contract year', { exact: true });
  if ((await year.count()) > 0) await year.selectOption({ label: YEAR_2025 });
}

test('Ryde Academy finds the educational psychology day and works out the price of 12 days', async ({ page }) => {
  let serviceUrl = '';
  let listedPrice = '';

  await test.step('signs in and opens the catalogue', async () => {
    await openCatalogue(page);
    await expect(page.getByRole('heading', { level: 2, name: 'Services you can buy' })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step('searches for "educational psychology day" and sees each look-alike with its provider and price', async () => {
    await search(page, 'educational psychology day');
    await expect(page).toHaveURL(/\/buy\/services\?q=educational\+psychology\+day/);
    await expect(page.getByRole('search', { name: 'Services' }).getByLabel('Search services')).toHaveValue(
      'educational psychology day',
    );
    // The results lead the page; the academy's providers are a link away.
    await expect(page.getByRole('heading', { level: 1, name: 'Services you can buy' })).toBeVisible();
    await expect(
      page.getByRole('main').getByRole('link', { name: 'Your providers and contact officers' }),
    ).toHaveAttribute('href', '/buy/services');
    await expect(servicesTable(page).getByRole('columnheader', { name: 'Your price' })).toBeVisible();
    const rows = servicesTable(page).locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    // Every service says who provides it and what this academy would pay (or why it cannot be priced yet).
    for (const row of await rows.all()) {
      await expect(row.locator('td').nth(1)).not.toHaveText('');
      await expect(row.locator('td').nth(3)).toHaveText(ANY_LISTED_PRICE);
    }
    const row = servicesTable(page)
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: EP_DAY.name, exact: true }) });
    await expect(row.filter({ hasText: SOUTHAMPTON })).toHaveCount(1);
    await expect(row.filter({ hasText: SOUTHAMPTON })).toContainText('Educational psychology');
    listedPrice = (await row.filter({ hasText: SOUTHAMPTON }).locator('td').nth(3).innerText()).trim();
    expect(listedPrice).toMatch(LISTED_PRICE);
    await expectOrganisationNamedOnce(page);
    await expectNoAxeViolations(page);
  });

  await test.step('narrows the list to Southampton with the provider filter, keeping the search', async () => {
    await search(page, 'educational psychology day', '', SOUTHAMPTON);
    await expect(page).toHaveURL(/[?&]provider=southampton(&|$)/);
    await expect(page.getByRole('search', { name: 'Services' }).getByLabel('Provider')).toHaveValue('southampton');
    const providers = await servicesTable(page).locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(providers.length).toBeGreaterThan(0);
    for (const p of providers) expect(p.trim()).toBe(SOUTHAMPTON);
    await expect(servicesTable(page).getByRole('link', { name: EP_DAY.name, exact: true })).toHaveCount(1);
    await expectNoAxeViolations(page);

    // Then every Southampton service, whatever its name.
    await search(page, '', '', SOUTHAMPTON);
    const all = await servicesTable(page).locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(all.length).toBeGreaterThan(providers.length);
    for (const p of all) expect(p.trim()).toBe(SOUTHAMPTON);
    await expectNoAxeViolations(page);
  });

  await test.step('also finds it by filtering the category', async () => {
    await search(page, '', 'Educational psychology');
    await expect(page).not.toHaveURL(/provider=southampton/);
    await expect(page).toHaveURL(/category=educational_psychology/);
    const table = servicesTable(page);
    await expect(table.getByRole('link', { name: EP_DAY.name, exact: true }).first()).toBeVisible();
    // Only educational psychology services are listed.
    const categories = await table.locator('tbody tr td:nth-child(3)').allInnerTexts();
    expect(categories.length).toBeGreaterThan(0);
    for (const c of categories) expect(c.trim()).toBe('Educational psychology');
    await expectNoAxeViolations(page);
  });

  await test.step("opens Southampton's Educational psychology day", async () => {
    const row = servicesTable(page)
      .getByRole('row')
      .filter({ hasText: SOUTHAMPTON })
      .filter({
        has: page.getByRole('link', { name: EP_DAY.name, exact: true }),
      });
    await row.getByRole('link', { name: EP_DAY.name, exact: true }).click();
    await expect(page).toHaveURL(/\/buy\/services\/southampton\/[0-9a-f-]{36}$/);
    serviceUrl = page.url();
    await expect(page.getByRole('heading', { level: 1, name: EP_DAY.name })).toBeVisible();
    await expect(page.getByRole('main')).toContainText(SOUTHAMPTON);
    await expect(page).toHaveTitle(new RegExp(`^${escape(EP_DAY.name)}`));
    await expect(page.getByRole('heading', { level: 2, name: 'Your price' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText("Your price as another authority's school");
    // The price the list showed is the one the page gives.
    const notYet = LISTED_PRICE.exec(listedPrice)?.[1];
    if (notYet) await expect(page.getByRole('main')).toContainText(`has not published its prices for the ${notYet}`);
    else await expect(page.getByRole('main').locator('.govuk-inset-text')).toContainText(listedPrice);
    await expectOrganisationNamedOnce(page);
    await expect(page.getByRole('heading', { level: 2, name: 'Get an exact price' })).toBeVisible();
    if ((await page.getByRole('main').getByLabel('Contract year', { exact: true }).count()) === 0)
      await expect(page.getByRole('main')).toContainText(`${pounds(DAY_PENCE)} a day`);
    await expectNoAxeViolations(page);
  });

  await test.step(`asks for the price of ${DAYS} days`, async () => {
    const main = page.getByRole('main');
    await choose2025IfOffered(page);
    await main.getByLabel('How many days?', { exact: true }).fill(String(DAYS));
    await main.getByRole('button', { name: 'Get price' }).click();
    await expect(page).toHaveURL(/[?&]quantity=12(&|$)/);
    await expect(main).toContainText(`${pounds(DAY_PENCE)} a day`);
    await expect(main).toContainText("as another authority's school");
    await expect(main.getByRole('heading', { level: 2, name: /^Total: / })).toContainText(
      `Total: ${pounds(DAYS * DAY_PENCE)}`,
    );
    expect(pounds(DAYS * DAY_PENCE)).toBe('£7,080.00');
    // The working is shown once, in words.
    const sum = `${DAYS} days × ${pounds(DAY_PENCE)} = ${pounds(DAYS * DAY_PENCE)}`;
    const working = main.getByRole('list', { name: 'How the price is worked out' });
    await expect(working).toContainText(sum);
    await expect(main.getByText(sum)).toHaveCount(1);
    await expect(main.getByRole('table', { name: 'How the price is worked out' })).toHaveCount(0);
    await expectOrganisationNamedOnce(page);
    await expect(main.locator('.govuk-error-summary')).toHaveCount(0);
    await expect(page).not.toHaveTitle(/^Error:/);
    await expect(main.getByLabel('How many days?', { exact: true })).toHaveValue(String(DAYS));
    await expectNoAxeViolations(page);
  });

  for (const bad of ['0', 'abc']) {
    await test.step(`asking for "${bad}" days shows an error`, async () => {
      await page.goto(serviceUrl);
      const main = page.getByRole('main');
      await choose2025IfOffered(page);
      await main.getByLabel('How many days?', { exact: true }).fill(bad);
      await main.getByRole('button', { name: 'Get price' }).click();
      await expect(page).toHaveURL(new RegExp(`[?&]quantity=${bad}(&|$)`));

      const summary = page.locator('.govuk-error-summary');
      await expect(summary).toBeVisible();
      await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
      await expect(summary.getByRole('link')).toHaveAttribute('href', '#quantity');
      await expect(summary).toContainText(
        bad === '0' ? 'Enter a quantity of 1 or more' : 'Enter the quantity as a whole number',
      );
      await expect(page).toHaveTitle(/^Error: /);
      await expect(summary).toBeFocused();
      await expect(main.locator('#quantity-error')).toBeVisible();
      await expect(main.getByLabel('How many days?', { exact: true })).toHaveValue(bad);
      await expect(main.getByRole('heading', { name: /^Total: / })).toHaveCount(0);
      await expectNoAxeViolations(page);
    });
  }
});

test(`Ryde Academy never sees Walsall's draft service "${WALSALL_DRAFT.name}"`, async ({ page }) => {
  await openCatalogue(page);
  await expectNoAxeViolations(page);

  await search(page, WALSALL_DRAFT.name);
  await expect(page.getByRole('main')).not.toContainText(WALSALL_DRAFT.name);
  await expect(page.getByRole('main')).toContainText('No services match your search.');
  await expectNoAxeViolations(page);

  // Nor is it anywhere in the unfiltered list.
  await page.goto('/buy/services');
  await expect(servicesTable(page)).toBeVisible();
  await expect(page.getByRole('main')).not.toContainText(WALSALL_DRAFT.name);
  await expectNoAxeViolations(page);
});

test('Ryde Academy gets "Page not found" for a Southampton service that does not exist', async ({ page }) => {
  await signIn(page, BUYER);
  await expectNoAxeViolations(page);

  const response = await page.goto(`/buy/services/southampton/${randomUUID()}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page).toHaveTitle(/^Page not found/);
  await expectNoAxeViolations(page);
});
