import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations, openNav, signIn } from './axe';

// Southampton's finance officer finds Bitterne Park Primary School's customer account and changes
// where its bills go: a postcode that is not a real one is refused, a real one is saved.

const FINANCE = 'finance@southampton.example';
const SCHOOL = /^Bitterne Park Primary School/;
const NEW_LINE_1 = 'School Business Office';
const NEW_LINE_2 = 'Manor Farm Road';

// A missing element fails its step promptly rather than at the end of the long test timeout.
test.use({ actionTimeout: 15_000 });

function errorSummary(page: Page) {
  return page.locator('.govuk-error-summary');
}

/** The value of the summary-list row whose key is exactly `key`, within `scope`. */
function summaryValue(scope: Locator, key: string) {
  return scope
    .locator('.govuk-summary-list__row')
    .filter({ has: scope.page().locator('.govuk-summary-list__key', { hasText: new RegExp(`^${key}$`) }) })
    .locator('.govuk-summary-list__value');
}

test('Southampton finance officer changes the billing address of a school account', async ({ page }) => {
  // Ten pages, each checked with axe, on a shared machine.
  test.setTimeout(180_000);
  await test.step('signs in and opens the customer accounts from the menu', async () => {
    await signIn(page, FINANCE);
    await expect(page).toHaveURL(/\/t\/southampton$/);
    await openNav(page, 'Customers');
    await expect(page).toHaveURL(/\/t\/southampton\/customers$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Customer accounts' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText(/\d+ accounts, page 1 of \d+/);
    await expectNoAxeViolations(page);
  });

  await test.step('searches for Bitterne Park and opens its account', async () => {
    const main = page.getByRole('main');
    await main.getByLabel('Name, URN or account code', { exact: true }).fill('Bitterne Park');
    await main.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page).toHaveURL(/\/t\/southampton\/customers\?q=Bitterne\+Park/);
    const accounts = main.getByRole('table');
    await expect(accounts.getByRole('link', { name: SCHOOL })).toBeVisible();
    await expect(accounts.getByRole('row').filter({ hasText: SCHOOL })).toContainText('116090');
    await expectNoAxeViolations(page);

    await accounts.getByRole('link', { name: SCHOOL }).click();
    await expect(page.getByRole('heading', { level: 1, name: SCHOOL })).toBeVisible();
    // The address it was opened with comes from the school's GIAS record.
    await expect(summaryValue(main, 'Billing address')).toContainText('SO18 1NX');
    await expect(summaryValue(main, 'Customer class')).toHaveText('Own maintained school');
    await expectNoAxeViolations(page);
  });

  const accountUrl = () => new URL(page.url()).pathname;
  let savedAccount = '';

  await test.step('a postcode that is not a real one is refused and nothing is saved', async () => {
    const main = page.getByRole('main');
    const url = accountUrl();
    await main.getByLabel('Address line 1', { exact: true }).fill(NEW_LINE_1);
    await main.getByLabel('Address line 2 (optional)', { exact: true }).fill(NEW_LINE_2);
    await main.getByLabel('Postcode', { exact: true }).fill('SO18 ZZZ');
    await main.getByRole('button', { name: 'Save account', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${url}$`));
    const summary = errorSummary(page);
    await expect(summary).toBeVisible();
    await expect(summary).toBeFocused();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(summary.getByRole('link', { name: 'Enter a real UK postcode, like SO18 1NX' })).toHaveAttribute(
      'href',
      '#billingPostcode',
    );
    await expect(main.getByLabel('Postcode', { exact: true })).toHaveValue('SO18 ZZZ');
    await expect(main.getByLabel('Address line 1', { exact: true })).toHaveValue(NEW_LINE_1);
    await expect(summaryValue(main, 'Billing address')).not.toContainText(NEW_LINE_1);
    await expectNoAxeViolations(page);
  });

  await test.step('a real postcode is saved, written the standard way', async () => {
    const main = page.getByRole('main');
    const url = accountUrl();
    await main.getByLabel('Postcode', { exact: true }).fill('so18 1nx');
    await main.getByRole('button', { name: 'Save account', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${url}\\?saved=1$`));
    await expect(page.getByRole('alert').filter({ hasText: 'Account saved' })).toBeVisible();
    await expect(errorSummary(page)).toHaveCount(0);
    const address = summaryValue(main, 'Billing address');
    await expect(address).toContainText(NEW_LINE_1);
    await expect(address).toContainText(NEW_LINE_2);
    await expect(address).toContainText('SO18 1NX');
    await expect(main.getByLabel('Postcode', { exact: true })).toHaveValue('SO18 1NX');
    await expectNoAxeViolations(page);
    savedAccount = accountUrl();
  });

  await test.step('finds a Portsmouth school in the national data, with its GIAS address to start from', async () => {
    await page.goto('/t/southampton/customers');
    await page.getByRole('button', { name: 'Open a customer account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Open a customer account' })).toBeVisible();
    await expectNoAxeViolations(page);
    const main = page.getByRole('main');
    await main.getByLabel('School, trust or council', { exact: true }).fill('116182');
    await main.getByRole('button', { name: 'Find', exact: true }).click();
    const results = main.getByRole('table', { name: /Organisations matching/ });
    await expect(results.getByRole('row').filter({ hasText: 'Bramble Infant School and Nursery' })).toBeVisible();
    await expectNoAxeViolations(page);
    await results.getByRole('link', { name: 'Open account for Bramble Infant School and Nursery' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Bramble Infant School and Nursery' })).toBeVisible();
    await expect(main.getByRole('radio', { name: "Another authority's school" })).toBeChecked();
    await expect(main.getByLabel('Address line 1', { exact: true })).toHaveValue('Bramble Road');
    await expect(main.getByLabel('Postcode', { exact: true })).toHaveValue('PO4 0DT');
    await expectNoAxeViolations(page);
  });

  await test.step('the change stays when the account is opened again, and the audit log records it', async () => {
    await page.goto(savedAccount);
    await expect(summaryValue(page.getByRole('main'), 'Billing address')).toContainText(NEW_LINE_1);
    await page.goto('/t/southampton/audit');
    const log = page.getByRole('main').getByRole('table');
    await expect(log.getByRole('link', { name: /^changed the account of / }).first()).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
