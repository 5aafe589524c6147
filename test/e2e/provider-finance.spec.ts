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

  await test.step("sees finance's work waiting on home, not the council's details", async () => {
    const main = page.getByRole('main');
    // The council's details are on Settings; home is what waits for this person.
    await expect(main).not.toContainText('Local authority code');
    const financeWork = main.getByRole('heading', {
      level: 2,
      name: /^(Drafts to finalise|Overdue|Payments to allocate)$/,
    });
    await expect(financeWork.or(main.getByText('Nothing waits for you.')).first()).toBeVisible();
    // Accepting orders and resolving disputes is the service manager's work, not finance's.
    await expect(main.getByRole('heading', { name: 'Orders to accept' })).toHaveCount(0);
    await expect(main.getByRole('heading', { name: 'Disputed delivery records' })).toHaveCount(0);
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
