import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, fillDateInput, openNav, signIn, signOut } from './axe';

// School improvement at Southampton: the platform administrator imports the real Key Stage 2 file
// (the demo holds it already, so nothing changes), and Southampton's service manager reviews the
// suggested categories of support and places Bitterne Park Primary School in targeted support for 2026/27; then logs a
// supported self-review that draws down its core entitlement, brokers two days from the teaching
// school, records a progress review group with actions, and opens the budget dashboard.
const KS2_FILE = 'reference/performance/ks2-2024-25-southampton.csv';
const SCHOOL = 'Bitterne Park Primary School - Part of the Learning Federation Partnership of Schools';

test('the platform administrator imports Key Stage 2 results and sees the providers', async ({ page }) => {
  await signIn(page, 'platform@traded.example');
  await page.goto('/platform/performance');
  await expect(page.getByRole('heading', { level: 1, name: 'Import school performance data' })).toBeVisible();
  await expectNoAxeViolations(page);

  // No file chosen: the error summary says so, and nothing is imported.
  await page.getByLabel('Key Stage 2 results').check();
  await page.getByRole('button', { name: 'Import file' }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel('Key Stage 2 results').check();
  await page.getByLabel('File', { exact: true }).setInputFiles({
    name: 'ks2-2024-25-southampton.csv',
    mimeType: 'text/csv',
    buffer: readFileSync(KS2_FILE),
  });
  await page.getByRole('button', { name: 'Import file' }).click();
  const banner = page.getByRole('alert', { name: 'Success' });
  await expect(banner).toContainText('ks2-2024-25-southampton.csv imported');
  // The demo loaded this file at start: importing it again changes nothing.
  await expect(banner).toContainText('0 imported (0 new, 0 updated), 80 unchanged.');
  await expectNoAxeViolations(page);

  await page.goto('/platform/providers');
  await expect(page.getByRole('heading', { level: 1, name: 'Providers' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Springhill Teaching School (demo role)');
  await expectNoAxeViolations(page);
  await signOut(page);
});

test("Southampton's service manager reviews categories of support and places Bitterne Park for 2026/27", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, 'services@southampton.example');
  await openNav(page, 'Schools');
  await expect(page.getByRole('heading', { level: 1, name: 'Schools' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: SCHOOL, exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: SCHOOL })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Open Government Licence');
  await expectNoAxeViolations(page);

  await page.goBack();
  await page.getByRole('link', { name: /^Review categories of support for 2026\/27/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Review categories for 2026/27' })).toBeVisible();
  await expectNoAxeViolations(page);

  // Confirming the suggestion without a reason: the school's decision page says what to fix.
  const confirm = page.getByRole('button', { name: new RegExp(`^Confirm \\w+ for ${SCHOOL}$`) });
  await confirm.click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole('heading', { level: 1, name: 'Category of support for 2026/27' })).toBeVisible();
  await expectNoAxeViolations(page);

  // The data suggest universal support; the manager knows more and places the school in targeted.
  await page.getByLabel('Targeted', { exact: true }).check();
  await page.getByLabel('Reason').fill('Reading fell two years running (76% to 69%); agreed with the head teacher.');
  await page.getByRole('button', { name: 'Save the category' }).click();
  await expect(page.getByRole('main')).toContainText('Reading fell two years running');
  await expect(page.getByRole('main')).toContainText('Targeted for 2026/27');
  await expectNoAxeViolations(page);
  await signOut(page);
});

test("Southampton's service manager supports Bitterne Park: a visit from the entitlement, two brokered days, a progress review group, the budget", async ({
  page,
}) => {
  // A long journey of five forms, each checked with axe at its width.
  test.setTimeout(180_000);
  await signIn(page, 'services@southampton.example');
  await openNav(page, 'Schools');
  await page.getByRole('link', { name: SCHOOL, exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: SCHOOL })).toBeVisible();
  // Placed in the journey before: its core entitlement is untouched.
  await expect(page.getByRole('main')).toContainText(/Core entitlement in 2026\/27: 0 days drawn of \d+ days/);

  // A supported self-review: a blank form says what to fix; then one day is drawn from the entitlement.
  await page.getByRole('link', { name: 'Log a visit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Log a visit' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Log the visit' }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expectNoAxeViolations(page);
  await fillDateInput(page, 'Date of the visit', '2026-11-20');
  await page.getByLabel('Supported self-review').check();
  await page.getByLabel('A day', { exact: true }).check();
  await page.getByLabel('Note').fill('Reviewed the reading plan with the head and the English lead.');
  await page.getByLabel('Agreed actions').fill('Phonics audit by half term; governors to see the plan.');
  await page.getByRole('button', { name: 'Log the visit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'School improvement visits, 2026/27' })).toBeVisible();
  await expect(page.getByRole('alert', { name: 'Visit logged' })).toBeVisible();
  const visits = page.getByRole('table', { name: 'Visits in 2026/27' });
  await expect(visits).toContainText('Supported self-review');
  await expect(visits).toContainText('Reviewed the reading plan');
  await expectNoAxeViolations(page);
  await page.goto(page.url().replace(/\/visits.*$/, ''));
  await expect(page.getByRole('main')).toContainText(/Core entitlement in 2026\/27: 1 day drawn of \d+ days/);

  // Two days of school-to-school support from the teaching school, paid from the authority's budget.
  await page.getByRole('link', { name: 'Broker support', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Broker support for 2026/27' })).toBeVisible();
  await expectNoAxeViolations(page);
  const offer = page.getByLabel('Supporting provider and service');
  const springhill = (await offer.locator('option', { hasText: 'Springhill Teaching School' }).first().textContent())!;
  await offer.selectOption({ label: springhill.trim() });
  await page.getByLabel('Days of support').fill('2');
  await page.getByLabel('Funded by the authority').check();
  await page.getByLabel('Reason').fill('A specialist leader of education in reading to coach the English lead.');
  await page.getByRole('button', { name: 'Broker the support' }).click();
  // The teaching school publishes no day rate to a council: the manager is asked for the agreed one.
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole('main')).toContainText('Enter the agreed day rate');
  await expectNoAxeViolations(page);
  await page.getByLabel('Agreed day rate, in pounds').fill('400');
  await page.getByRole('button', { name: 'Broker the support' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: /^Springhill Teaching School.* supporting Bitterne Park/ }),
  ).toBeVisible();
  await expect(page.getByRole('alert', { name: 'Success' })).toContainText('2 days at £400.00 a day');
  await expectNoAxeViolations(page);

  // A progress review group with two actions.
  await page.goto(page.url().replace(/\/brokered-support\/.*$/, '/schools'));
  await page.getByRole('link', { name: SCHOOL, exact: true }).first().click();
  await page.getByRole('link', { name: 'Impact and progress reviews' }).click();
  await expect(page.getByRole('heading', { name: 'Progress review groups' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Record a progress review group' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Record a progress review group' })).toBeVisible();
  await fillDateInput(page, 'When did the group meet?', '2026-11-21');
  await page.getByLabel('Who attended').fill('Head teacher, chair of governors, school improvement adviser');
  await page.getByLabel('What was reviewed').fill('Reading results, the phonics audit and the brokered coaching.');
  await page.getByLabel('What is to be done (action 1)').fill('Finish the phonics audit');
  await page.getByLabel('Owner of action 1').fill('English lead');
  await fillDateInput(page, 'Due date of action 1', '2026-12-18');
  // A second action with no owner: the error names its row.
  await page.getByLabel('What is to be done (action 2)').fill('Report progress to governors');
  await page.getByRole('button', { name: 'Save the progress review' }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole('main')).toContainText('Enter who owns action 2');
  await expectNoAxeViolations(page);
  await page.getByLabel('Owner of action 2').fill('Chair of governors');
  await fillDateInput(page, 'Due date of action 2', '2027-01-29');
  await page.getByRole('button', { name: 'Save the progress review' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Progress review group, 21 November 2026' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Finish the phonics audit');
  await expect(page.getByRole('main')).toContainText('Report progress to governors');
  await expectNoAxeViolations(page);

  // The budget: what the visit and the brokered days commit and spend.
  await openNav(page, 'Schools');
  await page.getByRole('link', { name: 'School improvement budget for 2026/27' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'School improvement budget' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Budget, spent, committed and remaining' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('£420,000');
  await expectNoAxeViolations(page);
  await signOut(page);
});
