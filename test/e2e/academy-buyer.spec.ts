import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, signIn } from './axe';

// Ryde Academy (Isle of Wight) finds Southampton's educational psychology day, sees its price as
// another authority's school and works out a total; never sees another provider's draft service;
// and gets "Page not found" for a service that does not exist.

const BUYER = 'ryde-academy@schools.isle-of-wight.example';
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

async function search(page: Page, text: string, category = '') {
  const form = page.getByRole('search', { name: 'Services' });
  await form.getByLabel('Search services', { exact: true }).fill(text);
  await form.getByLabel('Category', { exact: true }).selectOption(category ? { label: category } : { value: '' });
  await form.getByRole('button', { name: 'Search' }).click();
  await page.waitForLoadState();
}

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

  await test.step('signs in and lands on /buy', async () => {
    await signIn(page, BUYER);
    await expect(page).toHaveURL(/\/buy\/services$/);
    await expect(page.getByRole('heading', { level: 2, name: 'Services you can buy' })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step('searches for "educational psychology day"', async () => {
    await search(page, 'educational psychology day');
    await expect(page).toHaveURL(/\/buy\/services\?q=educational\+psychology\+day/);
    await expect(page.getByRole('search', { name: 'Services' }).getByLabel('Search services')).toHaveValue(
      'educational psychology day',
    );
    const row = servicesTable(page)
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: EP_DAY.name, exact: true }) });
    await expect(row.filter({ hasText: SOUTHAMPTON })).toHaveCount(1);
    await expect(row.filter({ hasText: SOUTHAMPTON })).toContainText('Educational psychology');
    await expectNoAxeViolations(page);
  });

  await test.step('also finds it by filtering the category', async () => {
    await search(page, '', 'Educational psychology');
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
    await expect(page.getByRole('main')).toContainText("as another authority's school");
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
    const working = main.getByRole('table', { name: 'How the price is worked out' });
    await expect(working).toBeVisible();
    await expect(
      working
        .getByRole('row')
        .filter({ hasText: pounds(DAY_PENCE) })
        .first(),
    ).toContainText(String(DAYS));
    await expect(working.getByRole('row').last()).toContainText(pounds(DAYS * DAY_PENCE));
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
  await signIn(page, BUYER);
  await expect(page).toHaveURL(/\/buy\/services$/);
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
