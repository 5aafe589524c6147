import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, signIn, signOut, type AxeCheckOptions } from './axe';

// The journeys run on 22 November 2026: the page looks after 2026/27 and 2027/28.

const errorSummary = (page: Page) => page.locator('.govuk-error-summary');

async function fillDate(page: Page, year: string, legend: string, day: string, month: string, yyyy: string) {
  const group = page
    .getByRole('region', { name: `Term dates for the ${year} academic year` })
    .getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(yyyy);
}

test.describe('a finance officer sets term dates and year types without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  const NO_JS: AxeCheckOptions = { javaScriptEnabled: false };

  test('from the home page to saved term dates, through the errors', async ({ page }) => {
    // Each page is checked with axe as a copy in a second browser context, which takes a while.
    test.setTimeout(180_000);
    await test.step('opens the calendar from the home page', async () => {
      await signIn(page, 'finance@southampton.example', { checkAccessibility: false });
      await page.getByRole('link', { name: 'Term dates and contract years' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Term dates and contract years' })).toBeVisible();
      const current = page.getByRole('region', { name: 'Term dates for the 2026/27 academic year' });
      await expect(current).toContainText('Set by your organisation');
      await expect(
        current.getByRole('group', { name: 'Autumn term starts', exact: true }).getByLabel('Day'),
      ).toHaveValue('3');
      const next = page.getByRole('region', { name: 'Term dates for the 2027/28 academic year' });
      await expect(next).toContainText('The usual dates');
      await expectNoAxeViolations(page, NO_JS);
    });

    const next = () => page.getByRole('region', { name: 'Term dates for the 2027/28 academic year' });

    await test.step('a date that does not exist is refused with the GOV.UK message', async () => {
      await fillDate(page, '2027/28', 'Autumn term ends', '31', '2', '2027');
      await next().getByRole('button', { name: 'Save term dates for the 2027/28 academic year' }).click();
      await expect(errorSummary(page)).toContainText('The date the autumn term ends must be a real date');
      await expect(page).toHaveTitle(/^Error: /);
      await expect(next().getByRole('group', { name: 'Autumn term ends', exact: true }).getByLabel('Day')).toHaveValue(
        '31',
      );
      await expectNoAxeViolations(page, NO_JS);
      await errorSummary(page).getByRole('link', { name: 'The date the autumn term ends must be a real date' }).click();
      await expect(page).toHaveURL(/#terms-2027-autumnEnd$/);
    });

    await test.step('overlapping terms are refused', async () => {
      await fillDate(page, '2027/28', 'Autumn term ends', '17', '12', '2027');
      await fillDate(page, '2027/28', 'Spring term starts', '10', '12', '2027');
      await next().getByRole('button', { name: 'Save term dates for the 2027/28 academic year' }).click();
      await expect(errorSummary(page)).toContainText(
        'The spring term must start after the autumn term ends (17 December 2027)',
      );
      await expectNoAxeViolations(page, NO_JS);
    });

    await test.step('good dates are saved and shown as set by the provider', async () => {
      await fillDate(page, '2027/28', 'Spring term starts', '5', '1', '2028');
      await next().getByRole('button', { name: 'Save term dates for the 2027/28 academic year' }).click();
      await expect(page.getByText('Term dates for the 2027/28 academic year saved')).toBeVisible();
      await expect(next()).toContainText('Set by your organisation');
      await expect(
        next().getByRole('group', { name: 'Spring term starts', exact: true }).getByLabel('Day'),
      ).toHaveValue('5');
      await expectNoAxeViolations(page, NO_JS);
    });

    await test.step('maintained schools move to academic years', async () => {
      const kinds = page.getByRole('region', { name: 'Contract year type for each customer class' });
      const maintained = kinds.getByRole('group', { name: 'Own maintained school' });
      await expect(maintained.getByRole('radio', { name: 'Financial year (April to March)' })).toBeChecked();
      await maintained.getByRole('radio', { name: 'Academic year (September to August)' }).check();
      await kinds.getByRole('button', { name: 'Save contract year types' }).click();
      await expect(page.getByText('Contract year types saved')).toBeVisible();
      await expect(
        page
          .getByRole('group', { name: 'Own maintained school' })
          .getByRole('radio', { name: 'Academic year (September to August)' }),
      ).toBeChecked();
      await expectNoAxeViolations(page, NO_JS);
    });

    await test.step('the changes are in the audit log', async () => {
      await page.goto('/t/southampton/audit');
      await expect(page.getByRole('main')).toContainText(/set the term dates of the 2027\/28 academic year/);
      await expect(page.getByRole('main')).toContainText('set the contract year for each customer class');
      await expectNoAxeViolations(page, NO_JS);
      await signOut(page);
    });
  });
});

test('a service manager reads the calendar but cannot change it', async ({ page }) => {
  await signIn(page, 'services@southampton.example', { checkAccessibility: false });
  await page.goto('/t/southampton/calendar');
  await expect(page.getByRole('heading', { level: 1, name: 'Term dates and contract years' })).toBeVisible();
  const current = page.getByRole('region', { name: 'Term dates for the 2026/27 academic year' });
  await expect(current.locator('.govuk-summary-list')).toContainText('Autumn term');
  await expect(page.getByRole('button', { name: /^Save/ })).toHaveCount(0);
  await expectNoAxeViolations(page);
});
