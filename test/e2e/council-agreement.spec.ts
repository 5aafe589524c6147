import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations, fillDateInput, signIn, signOut, openNav } from './axe';

// The Isle of Wight Council commissions educational psychology days from Southampton under their
// agreement, at the agreed full-cost charge; Southampton accepts and logs work (a day each by two
// practitioners on the day it accepted: work cannot be dated before the order was accepted, and one
// person delivers at most one day on one date), which the Isle of Wight sees against the order. And the two councils' reciprocal agreements each show once from
// each side.
//
// The journeys share one server and database (playwright.config.ts): the commissioned order is
// found by its own reference, so other orders waiting for Southampton do not matter.

const COMMISSIONER = 'commissioning@isle-of-wight.example';
const SERVICE_MANAGER = 'services@southampton.example';
const SOUTHAMPTON_ADMIN = 'admin@southampton.example';
const ISLE_OF_WIGHT_ADMIN = 'admin@isle-of-wight.example';

const SOUTHAMPTON = 'Southampton City Council Education Services';
const ISLE_OF_WIGHT_TENANT = "Isle of Wight Council Children's Services";
const ISLE_OF_WIGHT_COUNCIL = 'Isle of Wight Council';
const SLUG = 'southampton';

const SERVICE = 'Educational psychology day';
const DAYS = 40;
const PERIOD = 'Spring term 2027';
// The order is accepted on the server's today (playwright.config.ts), the first day work can be dated.
const WORK_DAY = '2026-11-22';
const WORK_DAY_LONG = '22 November 2026';
/** One day each, on the same date, by two of Southampton's practitioners (tenants/southampton/people.json). */
const PRACTITIONERS = ['Dr Tom Okafor', 'Rachel Moss'] as const;
const DELIVERED = PRACTITIONERS.length;

interface Profile {
  name: string;
  partnerCouncils: Array<{
    agreement?: { title: string; yearKind: 'academic' | 'financial'; firstYear: number; years: number };
  }>;
}
interface CatalogueSchedule {
  yearKind: 'academic' | 'financial';
  startYear: number;
  status: 'draft' | 'published';
  prices: Record<string, Record<string, { model: string; unitPricePence?: number }>>;
}
const readJson = <T>(tenant: string, file: string) =>
  JSON.parse(readFileSync(path.join(process.cwd(), 'tenants', tenant, file), 'utf8')) as T;

const southamptonProfile = readJson<Profile>('southampton', 'profile.json');
const isleOfWightProfile = readJson<Profile>('isle-of-wight', 'profile.json');
const AGREEMENT = southamptonProfile.partnerCouncils[0]?.agreement; // Southampton supplies the Isle of Wight
const RECIPROCAL = isleOfWightProfile.partnerCouncils[0]?.agreement; // the Isle of Wight supplies Southampton
if (!AGREEMENT || !RECIPROCAL) throw new Error('tenants/*/profile.json: expected the two partner-council agreements');
if (AGREEMENT.title !== 'Education support services for the Isle of Wight')
  throw new Error(`tenants/southampton/profile.json: unexpected agreement "${AGREEMENT.title}"`);

const yearLabel = (startYear: number) => `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')} academic year`;
const AGREEMENT_YEARS = Array.from({ length: AGREEMENT.years }, (_, i) => yearLabel(AGREEMENT.firstYear + i));
const RECIPROCAL_YEARS = Array.from({ length: RECIPROCAL.years }, (_, i) => yearLabel(RECIPROCAL.firstYear + i));
const YEAR = yearLabel(2026);

// The agreed charge is Southampton's full-cost partner-council price for the day.
const southamptonCatalogue = readJson<{ schedules: CatalogueSchedule[] }>('southampton', 'catalogue.json');
const partnerPrice = southamptonCatalogue.schedules.find((s) => s.startYear === 2025 && s.status === 'published')
  ?.prices['EP-DAY']?.['partner_council'];
if (partnerPrice?.model !== 'per_unit' || partnerPrice.unitPricePence !== 37315)
  throw new Error('tenants/southampton/catalogue.json: expected a £373.15 partner-council EP-DAY price');
const DAY_PENCE = partnerPrice.unitPricePence;

/** 37315 → "£373.15", 1492600 → "£14,926.00" (as the app writes money). */
function pounds(pence: number): string {
  const whole = Math.floor(pence / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `£${whole}.${String(pence % 100).padStart(2, '0')}`;
}
const TOTAL = pounds(DAYS * DAY_PENCE);
if (TOTAL !== '£14,926.00') throw new Error(`expected 40 days to cost £14,926.00, not ${TOTAL}`);

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

/** The value of the summary-list row whose key is exactly `key`, within `scope`. */
function summaryValue(scope: Locator, key: string) {
  return scope
    .locator('.govuk-summary-list__row')
    .filter({
      has: scope.page().locator('.govuk-summary-list__key', { hasText: new RegExp(`^\\s*${escape(key)}\\s*$`) }),
    })
    .locator('.govuk-summary-list__value');
}

/** The order's own summary list (each line has its own "Comes to" too). */
function orderSummary(main: Locator) {
  return main.locator('.govuk-summary-list').first();
}

test(`the Isle of Wight commissions ${DAYS} educational psychology days from Southampton under their agreement`, async ({
  page: commissioner,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const contexts: BrowserContext[] = [];
  try {
    let reference = '';
    let buyerOrderUrl = '';

    await test.step('the commissioner signs in as the Isle of Wight Council and opens Agreements', async () => {
      const page = commissioner;
      await signIn(page, COMMISSIONER);
      await expect(page).toHaveURL(/\/buy$/);
      await expect(page.getByRole('heading', { level: 1, name: ISLE_OF_WIGHT_COUNCIL })).toBeVisible();
      await expectNoAxeViolations(page);

      await openNav(page, 'Agreements');
      await expect(page).toHaveURL(/\/buy\/agreements$/);
      await expect(page.getByRole('heading', { level: 1, name: 'Agreements' })).toBeVisible();
      const row = page
        .getByRole('main')
        .getByRole('row')
        .filter({
          has: page.getByRole('link', { name: new RegExp(`^[A-Z]{2,6}-AGR-\\d+ ${escape(AGREEMENT.title)}$`) }),
        });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(SOUTHAMPTON);
      await expect(row).toContainText(AGREEMENT_YEARS.join(', '));
      // Only the agreement under which the Isle of Wight commissions: not the one under which it supplies.
      await expect(page.getByRole('main')).not.toContainText(RECIPROCAL.title);
      await expectNoAxeViolations(page);
    });

    await test.step('opens the agreement with Southampton and sees the agreed charge', async () => {
      const page = commissioner;
      await page
        .getByRole('main')
        .getByRole('link', { name: new RegExp(`^[A-Z]{2,6}-AGR-\\d+ ${escape(AGREEMENT.title)}$`) })
        .click();
      await expect(page).toHaveURL(new RegExp(`/buy/agreements/${SLUG}/${UUID}$`));
      await expect(page.getByRole('heading', { level: 1, name: AGREEMENT.title })).toBeVisible();
      const main = page.getByRole('main');
      await expect(main).toContainText(`with ${SOUTHAMPTON}`);
      await expect(summaryValue(main, 'Contract years')).toHaveText(AGREEMENT_YEARS.join(', '));
      const charges = main.getByRole('table', { name: 'Agreed charges' });
      await expect(
        charges.getByRole('row').filter({ has: page.getByRole('rowheader', { name: SERVICE, exact: true }) }),
      ).toContainText(`${pounds(DAY_PENCE)} a day`);
      await expect(main.getByRole('heading', { level: 2, name: 'Commission more' })).toBeVisible();
      await expectNoAxeViolations(page);
    });

    const agreementUrl = new URL(commissioner.url()).pathname;

    await test.step('a quantity that is not a whole number is refused, keeping what was chosen', async () => {
      const page = commissioner;
      const main = page.getByRole('main');
      await main
        .getByLabel('Service', { exact: true })
        .selectOption({ label: `${SERVICE}: ${pounds(DAY_PENCE)} a day` });
      await main.getByLabel('Quantity', { exact: true }).fill('forty');
      await main.getByLabel('Contract year', { exact: true }).selectOption({ label: YEAR });
      await main.getByLabel('Period or term (optional)', { exact: true }).fill(PERIOD);
      await main.getByRole('button', { name: 'Commission', exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`${escape(agreementUrl)}$`));
      await expectErrorSummary(page, 'Enter the quantity as a whole number, like 40');
      await expect(errorSummary(page).getByRole('link')).toHaveAttribute('href', '#quantity');
      await expect(main.getByLabel('Quantity', { exact: true })).toHaveValue('forty');
      await expect(main.getByLabel('Period or term (optional)', { exact: true })).toHaveValue(PERIOD);
      // Nothing was commissioned for the period (the demo's autumn line is there from the start).
      await expect(
        main.getByRole('table', { name: 'What you have commissioned' }).getByRole('row').filter({ hasText: PERIOD }),
      ).toHaveCount(0);
      await expectNoAxeViolations(page);
    });

    await test.step(`commissions ${DAYS} days for the ${YEAR}, ${PERIOD}`, async () => {
      const page = commissioner;
      const main = page.getByRole('main');
      await main
        .getByLabel('Service', { exact: true })
        .selectOption({ label: `${SERVICE}: ${pounds(DAY_PENCE)} a day` });
      await main.getByLabel('Quantity', { exact: true }).fill(String(DAYS));
      await main.getByLabel('Contract year', { exact: true }).selectOption({ label: YEAR });
      await main.getByLabel('Period or term (optional)', { exact: true }).fill(PERIOD);
      // The Isle of Wight's account with Southampton requires a purchase order number on every order.
      await main.getByLabel('Purchase order number', { exact: true }).fill('IOW-PO-2026-041');
      await main.getByRole('button', { name: 'Commission', exact: true }).click();

      await expect(page).toHaveURL(new RegExp(`${escape(agreementUrl)}\\?commissioned=[A-Z]{2,6}-ORD-\\d+$`));
      reference = new URL(page.url()).searchParams.get('commissioned')!;
      await expect(banner(page, `${reference} sent to ${SOUTHAMPTON}`)).toBeVisible();
      await expect(banner(page, 'It becomes active when they accept it.')).toBeVisible();
      const row = main
        .getByRole('table', { name: 'What you have commissioned' })
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: reference, exact: true }) });
      await expect(row).toContainText(PERIOD);
      await expect(row).toContainText('You');
      await expect(row).toContainText(TOTAL);
      await expect(row).toContainText('waiting for the provider');
      await expectNoAxeViolations(page);
    });

    await test.step('the order shows the agreed charge, waiting for Southampton', async () => {
      const page = commissioner;
      await page.getByRole('main').getByRole('link', { name: reference, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/buy/orders/${SLUG}/${UUID}$`));
      buyerOrderUrl = new URL(page.url()).pathname;
      await expect(page.getByRole('heading', { level: 1, name: `Order ${reference}` })).toBeVisible();
      const main = page.getByRole('main');
      await expect(summaryValue(main, 'Status')).toHaveText('Waiting for the provider');
      await expect(summaryValue(main, 'For')).toHaveText(ISLE_OF_WIGHT_COUNCIL);
      await expect(summaryValue(orderSummary(main), 'Comes to')).toHaveText(`${TOTAL} before VAT`);
      const line = main.getByRole('region', { name: SERVICE });
      await expect(summaryValue(line, 'Contract year')).toHaveText(YEAR);
      await expect(summaryValue(line, 'Ordered')).toHaveText(`${DAYS} days`);
      await expect(summaryValue(line, 'Preferred dates')).toHaveText(PERIOD);
      await expect(summaryValue(line, 'Agreed price')).toContainText(`${TOTAL} before VAT`);
      await expect(summaryValue(line, 'Agreed')).toHaveText(`${DAYS} days, ${TOTAL}`);
      await expect(summaryValue(line, 'Included')).toHaveText(`${DAYS} days`);
      await expect(summaryValue(line, 'Delivered')).toHaveText('0 days confirmed');
      await expect(summaryValue(line, 'Remaining')).toHaveText(`${DAYS} days`);
      await expect(summaryValue(line, 'Comes to')).toHaveText(`${TOTAL} before VAT`);
      await expect(summaryValue(line, 'Line status')).toHaveText('Waiting for a decision');
      await expect(line).toContainText('No work has been logged against this yet.');
      await expectNoAxeViolations(page);
    });

    // ---------------------------------------------------------------- Southampton accepts and logs work
    const manager = await test.step('the Southampton service manager accepts the order', async () => {
      const context = await browser.newContext({ baseURL });
      contexts.push(context);
      const page = await context.newPage();
      await signIn(page, SERVICE_MANAGER);
      await expect(page).toHaveURL(new RegExp(`/t/${SLUG}$`));
      await expectNoAxeViolations(page);

      await openNav(page, 'Orders');
      await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/orders$`));
      const row = page
        .getByRole('table', { name: 'Waiting for you' })
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: reference, exact: true }) });
      await expect(row).toContainText(ISLE_OF_WIGHT_COUNCIL);
      await expect(row).toContainText(TOTAL);
      await expectNoAxeViolations(page);

      await row.getByRole('link', { name: reference, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/orders/${UUID}$`));
      await expect(page.getByRole('heading', { level: 1 })).toContainText(`Order ${reference}`);
      const main = page.getByRole('main');
      await expect(summaryValue(main, 'Customer')).toHaveText(ISLE_OF_WIGHT_COUNCIL);
      await expect(summaryValue(main, 'Customer class')).toHaveText('Partner council');
      // A partner council is addressed as the council, not as "the school".
      await expect(main).toContainText('The council is told either way.');
      await expect(summaryValue(orderSummary(main), 'Comes to')).toHaveText(`${TOTAL} before VAT`);
      await expect(summaryValue(main, 'Ordered')).toHaveText(`${DAYS} days`);
      await expectNoAxeViolations(page);

      await main.getByRole('button', { name: 'Accept order' }).click();
      await expect(page).toHaveURL(/\?done=accepted$/);
      await expect(banner(page, 'Order accepted')).toBeVisible();
      await expect(summaryValue(main, 'Status')).toHaveText('Accepted');
      await expect(summaryValue(main, 'Line status')).toHaveText('Active');
      await expectNoAxeViolations(page);
      return page;
    });

    await test.step(`logs ${DELIVERED} days delivered on ${WORK_DAY}, one each by ${PRACTITIONERS.join(' and ')}`, async () => {
      const page = manager;
      const main = page.getByRole('main');
      await main.getByRole('link', { name: `View deliveries and log work for line 1, ${SERVICE}` }).click();
      await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/lines/${UUID}$`));
      await expect(page.getByRole('heading', { level: 1, name: SERVICE })).toBeVisible();
      await expect(summaryValue(main, 'Customer')).toHaveText(ISLE_OF_WIGHT_COUNCIL);
      await expect(summaryValue(main, 'Contract year')).toHaveText(YEAR);
      await expect(summaryValue(main, 'Remaining')).toHaveText(`${DAYS} days`);
      await expectNoAxeViolations(page);

      for (const [i, who] of PRACTITIONERS.entries()) {
        await fillDateInput(main, 'Date the work was done', WORK_DAY);
        await main.getByLabel('Units', { exact: true }).fill('1');
        await main.getByLabel('Delivered by', { exact: true }).selectOption({ label: who });
        await main.getByLabel('Type of work', { exact: true }).selectOption({ label: 'Statutory assessment' });
        await main
          .getByLabel('Note for the council', { exact: true })
          .fill('Statutory advice for an EHC needs assessment.');
        await main.getByRole('button', { name: 'Log delivery' }).click();
        await expect(page).toHaveURL(/\/lines\/[0-9a-f-]{36}\?logged=1$/);
        await expect(banner(page, 'Delivery logged')).toBeVisible();
        await expect(summaryValue(main, 'Delivered')).toHaveText(
          `0 days confirmed; ${i + 1} ${i === 0 ? 'day' : 'days'} waiting for confirmation`,
        );
        await expect(summaryValue(main, 'Remaining')).toHaveText(`${DAYS - i - 1} days`);
      }
      const records = main
        .getByRole('table', { name: 'Deliveries' })
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: WORK_DAY_LONG, exact: true }) });
      await expect(records).toHaveCount(DELIVERED);
      for (const who of PRACTITIONERS) {
        const row = records.filter({ hasText: who });
        await expect(row).toHaveCount(1);
        await expect(row).toContainText('1 day');
        await expect(row).toContainText('Statutory assessment');
        await expect(row).toContainText('Waiting for confirmation');
      }
      await expectNoAxeViolations(page);
    });

    await test.step('the commissioner sees the delivery against the order', async () => {
      const page = commissioner;
      await page.goto(buyerOrderUrl);
      await expect(page.getByRole('heading', { level: 1, name: `Order ${reference}` })).toBeVisible();
      const main = page.getByRole('main');
      await expect(summaryValue(main, 'Status')).toHaveText('Accepted');
      const line = main.getByRole('region', { name: SERVICE });
      await expect(summaryValue(line, 'Included')).toHaveText(`${DAYS} days`);
      await expect(summaryValue(line, 'Delivered')).toHaveText(
        `0 days confirmed; ${DELIVERED} days waiting for confirmation`,
      );
      await expect(summaryValue(line, 'Remaining')).toHaveText(`${DAYS - DELIVERED} days`);
      await expect(summaryValue(line, 'Line status')).toHaveText('Active');
      const records = line
        .getByRole('table', { name: `Work delivered: ${SERVICE}` })
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: WORK_DAY_LONG, exact: true }) });
      await expect(records).toHaveCount(DELIVERED);
      for (const who of PRACTITIONERS) {
        const record = records.filter({ hasText: who });
        await expect(record).toHaveCount(1);
        await expect(record).toContainText('1 day');
        await expect(record).toContainText('Statutory assessment');
        await expect(record).toContainText('Waiting for confirmation');
        await expect(
          record.getByRole('button', { name: `Confirm the record of ${WORK_DAY_LONG} by ${who}`, exact: true }),
        ).toBeVisible();
      }
      await expectNoAxeViolations(page);
    });
  } finally {
    for (const context of contexts) await context.close();
  }
});

/** The agreements page's "We supply" and "We commission" tables. */
async function openProviderAgreements(page: Page, slug: string) {
  await openNav(page, 'Agreements');
  await expect(page).toHaveURL(new RegExp(`/t/${slug}/agreements$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Agreements with other councils' })).toBeVisible();
  const main = page.getByRole('main');
  return {
    main,
    supply: main.getByRole('table', { name: 'We supply' }),
    commission: main.getByRole('table', { name: 'We commission' }),
  };
}

function agreementRow(table: Locator, title: string) {
  return table.getByRole('row').filter({ hasText: new RegExp(`[A-Z]{2,6}-AGR-\\d+ ${escape(title)}`) });
}

test("the reciprocal agreements show once from each council's side", async ({ page }) => {
  await test.step("Southampton's admin: it supplies the Isle of Wight, and commissions from it", async () => {
    await signIn(page, SOUTHAMPTON_ADMIN);
    await expect(page).toHaveURL(new RegExp(`/t/${SLUG}$`));
    await expectNoAxeViolations(page);

    const { main, supply, commission } = await openProviderAgreements(page, SLUG);
    const supplied = agreementRow(supply, AGREEMENT.title);
    await expect(supplied).toHaveCount(1);
    await expect(
      supplied.getByRole('link', { name: new RegExp(`^[A-Z]{2,6}-AGR-\\d+ ${escape(AGREEMENT.title)}$`) }),
    ).toHaveAttribute('href', new RegExp(`^/t/${SLUG}/agreements/${UUID}$`));
    await expect(supplied).toContainText(ISLE_OF_WIGHT_COUNCIL);
    await expect(supplied).toContainText(AGREEMENT_YEARS.join(', '));

    const commissioned = agreementRow(commission, RECIPROCAL.title);
    await expect(commissioned).toHaveCount(1);
    await expect(commissioned).toContainText(ISLE_OF_WIGHT_TENANT);
    await expect(commissioned).toContainText(RECIPROCAL_YEARS.join(', '));

    // Each arrangement once, on its own side.
    await expect(main.getByText(AGREEMENT.title)).toHaveCount(1);
    await expect(main.getByText(RECIPROCAL.title)).toHaveCount(1);
    await expect(agreementRow(commission, AGREEMENT.title)).toHaveCount(0);
    await expect(agreementRow(supply, RECIPROCAL.title)).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  await test.step('the agreement Southampton supplies opens with its agreed charges', async () => {
    await agreementRow(page.getByRole('table', { name: 'We supply' }), AGREEMENT.title)
      .getByRole('link')
      .click();
    await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/agreements/${UUID}$`));
    await expect(page.getByRole('heading', { level: 1, name: AGREEMENT.title })).toBeVisible();
    const main = page.getByRole('main');
    await expect(summaryValue(main, 'Provider')).toHaveText(SOUTHAMPTON);
    await expect(summaryValue(main, 'Commissioning council')).toHaveText(ISLE_OF_WIGHT_COUNCIL);
    await expect(summaryValue(main, 'Contract years')).toHaveText(AGREEMENT_YEARS.join(', '));
    await expect(
      main
        .getByRole('table', { name: 'Agreed charges' })
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: SERVICE, exact: true }) }),
    ).toContainText(`${pounds(DAY_PENCE)} a day`);
    await expectNoAxeViolations(page);
  });

  await test.step("the Isle of Wight's admin: it commissions from Southampton, and supplies it", async () => {
    await signOut(page);
    await expectNoAxeViolations(page);
    await signIn(page, ISLE_OF_WIGHT_ADMIN);
    await expect(page).toHaveURL(/\/t\/isle-of-wight$/);
    await expectNoAxeViolations(page);

    const { main, supply, commission } = await openProviderAgreements(page, 'isle-of-wight');
    const commissioned = agreementRow(commission, AGREEMENT.title);
    await expect(commissioned).toHaveCount(1);
    await expect(commissioned).toContainText(SOUTHAMPTON);
    await expect(commissioned).toContainText(AGREEMENT_YEARS.join(', '));

    const supplied = agreementRow(supply, RECIPROCAL.title);
    await expect(supplied).toHaveCount(1);
    await expect(supplied).toContainText('Southampton City Council');
    await expect(supplied).toContainText(RECIPROCAL_YEARS.join(', '));

    await expect(main.getByText(AGREEMENT.title)).toHaveCount(1);
    await expect(main.getByText(RECIPROCAL.title)).toHaveCount(1);
    await expect(agreementRow(supply, AGREEMENT.title)).toHaveCount(0);
    await expect(agreementRow(commission, RECIPROCAL.title)).toHaveCount(0);
    await expect(main).toContainText("Your council's commissioners manage what it commissions from the buying side");
    await expectNoAxeViolations(page);
  });
});
