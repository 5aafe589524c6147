import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, signIn, signOut } from './axe';

const SOUTHAMPTON = 'Southampton City Council Education Services';
const ISLE_OF_WIGHT_TENANT = "Isle of Wight Council Children's Services";

test('Southampton finance officer sees only Southampton and signs out', async ({ page }) => {
  await test.step('signs in and lands on Southampton', async () => {
    await signIn(page, 'finance@southampton.example');
    await expect(page).toHaveURL(/\/t\/southampton$/);
    await expect(page.getByRole('heading', { level: 1, name: SOUTHAMPTON })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step("sees Southampton's details and customer counts", async () => {
    const main = page.getByRole('main');
    const laCode = main.locator('.govuk-summary-list__row', { hasText: 'Local authority code' });
    await expect(laCode.locator('.govuk-summary-list__value')).toHaveText('852');

    const accountsText = await main
      .locator('.govuk-summary-list__row', { hasText: 'Customer accounts' })
      .locator('.govuk-summary-list__value')
      .innerText();
    expect(accountsText.trim()).toMatch(/^\d+$/);
    const accounts = Number(accountsText.trim());
    expect(accounts, 'Southampton has customer accounts').toBeGreaterThan(0);

    const byClass = main.getByRole('table', { name: 'Customers by class' });
    await expect(byClass).toBeVisible();
    const counts = await byClass.locator('tbody tr td').allInnerTexts();
    expect(counts.length, 'at least one customer class is listed').toBeGreaterThan(0);
    const total = counts.reduce((sum, n) => sum + Number(n.trim()), 0);
    expect(total, 'the classes add up to the customer accounts').toBe(accounts);
    // Southampton sells to Isle of Wight Council as a partner council.
    await expect(byClass.getByRole('rowheader', { name: 'Partner council' })).toBeVisible();

    await expect(page.locator('body')).not.toContainText(ISLE_OF_WIGHT_TENANT);
  });

  await test.step("cannot see Isle of Wight's provider pages", async () => {
    const response = await page.goto('/t/isle-of-wight');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.locator('body')).not.toContainText(ISLE_OF_WIGHT_TENANT);
    await expectNoAxeViolations(page);
  });

  await test.step('works for Southampton only: there is no other organisation to switch to', async () => {
    await page.goto('/organisations');
    await expect(page.getByRole('main')).not.toContainText('Isle of Wight Council');
    await expectNoAxeViolations(page);
  });

  await test.step('signs out', async () => {
    await signOut(page);
    await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  await test.step('is sent to sign in when visiting Southampton again', async () => {
    await page.goto('/t/southampton');
    await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Ft%2Fsouthampton$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

test("Southampton's commissioner buys for the council from the Isle of Wight, the other way round", async ({
  page,
}) => {
  await signIn(page, 'commissioning@southampton.example');
  await page.goto('/buy/services');
  await expect(page.getByRole('heading', { level: 1, name: 'Providers who sell to you' })).toBeVisible();
  const providers = page.getByRole('main').getByRole('table', { name: 'Your accounts with providers' });
  await expect(providers.getByRole('rowheader', { name: ISLE_OF_WIGHT_TENANT })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto('/organisations');
  await expect(
    page
      .getByRole('group', { name: 'Which organisation are you working for?' })
      .getByRole('radio', { name: 'Southampton City Council', exact: true }),
  ).toBeChecked();
  await expectNoAxeViolations(page);
  const response = await page.goto('/t/southampton');
  expect(response?.status(), 'a buying-side officer has no provider pages').toBe(404);
});
