import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, signIn, signOut } from './axe';

// Two-factor sign-in, with Portsmouth's people (no other journey signs in as them). Each journey
// leaves things as it found them: two-factor sign-in turned off again, the requirement switched
// off, so journeys after this one sign in with a password alone. axe checks each page at desktop
// width and 375 px wide.
const SERVICE_MANAGER = 'services@portsmouth.example';
const ADMIN = 'admin@portsmouth.example';
const FINANCE = 'finance@portsmouth.example';

/** The key as the page writes it out, read the way a person types it into their app. */
async function readKey(page: Page): Promise<Uint8Array> {
  const typed = await page.locator('#typed-secret').innerText();
  expect(typed).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  return decodeBase32IgnorePadding(typed.replace(/\s/g, ''));
}

const currentStep = () => Math.floor(Date.now() / 30_000);

/**
 * A code the app would show for a step not used yet: the next step after the last one used. The
 * server takes the current step or one either side (a clock a little out, a code typed as it
 * changed), so the next step is taken at once while it is at most one ahead of the clock (an app
 * whose clock runs a little fast); beyond that it waits for the clock, as a person would. Never a
 * step before the current one, so the clock moving on while the code is typed cannot make it stale.
 */
async function freshCode(key: Uint8Array, usedStep: number): Promise<{ code: string; step: number }> {
  const step = Math.max(usedStep + 1, currentStep());
  while (currentStep() < step - 1) await new Promise((resolve) => setTimeout(resolve, 500));
  return { code: generateHOTP(key, BigInt(step), 6), step };
}

function errorSummary(page: Page) {
  return page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) });
}

/** From the account page: set up two-factor sign-in with the app's first code; returns the key, step and recovery codes. */
async function setUpFromAccount(page: Page) {
  await page.goto('/account');
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Set up or manage two-factor sign-in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Two-factor sign-in' })).toBeVisible();
  await expect(page.getByText('Off', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Set up two-factor sign-in' })).toBeVisible();
  await expect(page.getByRole('img', { name: /QR code for your authenticator app/ })).toBeVisible();
  await expectNoAxeViolations(page);
  const key = await readKey(page);

  // A wrong code first: a GOV.UK error summary, and the same key still shown.
  await page.getByLabel('Enter the 6-digit code the app shows').fill('12345');
  await page.getByRole('button', { name: 'Confirm and turn on' }).click();
  await expect(
    errorSummary(page).getByRole('link', { name: 'Enter the 6-digit code from your authenticator app' }),
  ).toBeVisible();
  await expect(page).toHaveTitle('Error: Set up two-factor sign-in – Traded');
  await expectNoAxeViolations(page);
  expect(await readKey(page)).toEqual(key);

  const { code, step } = await freshCode(key, 0);
  await page.getByLabel('Enter the 6-digit code the app shows').fill(code);
  await page.getByRole('button', { name: 'Confirm and turn on' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Two-factor sign-in is on' })).toBeVisible();
  const recoveryCodes = await page.locator('#recovery-codes li').allInnerTexts();
  expect(recoveryCodes).toHaveLength(10);
  await expectNoAxeViolations(page);
  return { key, step, recoveryCodes };
}

test.describe('two-factor sign-in', () => {
  test('a person sets it up, signs in with a code and with a recovery code, and turns it off', async ({ page }) => {
    // Four codes from the app, each for a step not used before (a used one is refused): every other
    // one waits for the clock, up to a minute of that.
    test.setTimeout(240_000);
    await signIn(page, SERVICE_MANAGER);
    const { key, step, recoveryCodes } = await setUpFromAccount(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText(/^On since /)).toBeVisible();
    await expect(page.getByText('10', { exact: true })).toBeVisible();
    await signOut(page);

    // Signing in now asks for a code; nothing of the service is reachable before it.
    await signIn(page, SERVICE_MANAGER);
    await expect(page).toHaveURL(/\/sign-in\/two-factor$/);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Enter the code from your authenticator app' }),
    ).toBeVisible();
    await expectNoAxeViolations(page);
    await page.goto('/t/portsmouth');
    await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Ft%2Fportsmouth$/);
    await page.goto('/sign-in/two-factor');

    // The code used to set it up cannot be used again in its window.
    const used = generateHOTP(key, BigInt(step), 6);
    if (currentStep() <= step + 1) {
      await page.getByLabel('Enter the code from your authenticator app').fill(used);
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(errorSummary(page).getByRole('link', { name: /That code has already been used/ })).toBeVisible();
      await expectNoAxeViolations(page);
    }
    const fresh = await freshCode(key, step);
    await page.getByLabel('Enter the code from your authenticator app').fill(fresh.code);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page).toHaveURL(/\/t\/portsmouth$/);
    await signOut(page);

    // Without the app: a recovery code, once.
    await signIn(page, SERVICE_MANAGER);
    await page.getByRole('link', { name: 'Cannot use your app? Use a recovery code' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Enter a recovery code' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByLabel('Enter a recovery code').fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page).toHaveURL(/\/t\/portsmouth$/);
    await signOut(page);

    // The fifth wrong code ends the sign-in: the page says why, and to sign in again.
    await signIn(page, SERVICE_MANAGER);
    for (let i = 0; i < 4; i++) {
      await page.getByLabel('Enter the code from your authenticator app').fill(i % 2 ? '000000' : '999999');
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(errorSummary(page).getByRole('link', { name: /That code did not work/ })).toBeVisible();
    }
    await page.getByLabel('Enter the code from your authenticator app').fill('000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in again' })).toBeVisible();
    await expect(errorSummary(page)).toContainText('Too many attempts');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await signIn(page, SERVICE_MANAGER, { checkAccessibility: false });
    const again = await freshCode(key, fresh.step);
    await page.getByLabel('Enter the code from your authenticator app').fill(again.code);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page).toHaveURL(/\/t\/portsmouth$/);

    // Turning it off takes a fresh code.
    await page.goto('/account/two-factor');
    await expect(page.getByText('9', { exact: true })).toBeVisible();
    await expectNoAxeViolations(page);
    const last = await freshCode(key, again.step);
    await page.getByLabel('Enter a new code from your authenticator app').fill(last.code);
    await page.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
    await expect(page.getByText('Two-factor sign-in is off')).toBeVisible();
    await expect(page.getByText('Off', { exact: true })).toBeVisible();
    await expectNoAxeViolations(page);
    await signOut(page);
  });

  test('a provider requires it, and its finance officer sets it up at next sign-in, without JavaScript', async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, ADMIN);
    await admin.goto('/t/portsmouth/settings');
    await expectNoAxeViolations(admin);
    await admin.getByRole('radio', { name: 'Yes, require it' }).check();
    await admin.getByRole('button', { name: 'Save two-factor setting' }).click();
    await expect(admin.getByText('Settings saved')).toBeVisible();
    await expect(admin.getByRole('radio', { name: 'Yes, require it' })).toBeChecked();
    await expectNoAxeViolations(admin);

    const financeContext = await browser.newContext({ javaScriptEnabled: false });
    const finance = await financeContext.newPage();
    const noScript = { javaScriptEnabled: false };
    try {
      await signIn(finance, FINANCE, { checkAccessibility: false });
      await expect(finance).toHaveURL(/\/sign-in\/set-up-two-factor$/);
      await expect(finance.getByRole('heading', { level: 1, name: 'Set up two-factor sign-in' })).toBeVisible();
      await expect(finance.getByText('Your organisation requires two-factor sign-in')).toBeVisible();
      await expectNoAxeViolations(finance, noScript);
      // Not signed in yet.
      await finance.goto('/t/portsmouth');
      await expect(finance).toHaveURL(/\/sign-in\?returnTo=/);
      await finance.goto('/sign-in/set-up-two-factor');

      const key = await readKey(finance);
      await finance.getByLabel('Enter the 6-digit code the app shows').fill('000000');
      await finance.getByRole('button', { name: 'Confirm and turn on' }).click();
      await expect(errorSummary(finance)).toBeVisible();
      await expectNoAxeViolations(finance, noScript);
      const { code, step } = await freshCode(key, 0);
      await finance.getByLabel('Enter the 6-digit code the app shows').fill(code);
      await finance.getByRole('button', { name: 'Confirm and turn on' }).click();
      await expect(finance.getByRole('heading', { level: 1, name: 'Two-factor sign-in is on' })).toBeVisible();
      await expect(finance.locator('#recovery-codes li')).toHaveCount(10);
      await expectNoAxeViolations(finance, noScript);
      await finance.getByRole('button', { name: 'Continue' }).click();
      await expect(finance).toHaveURL(/\/t\/portsmouth$/);

      // Leave no two-factor sign-in behind for later journeys.
      await finance.goto('/account/two-factor');
      await expect(
        finance.getByText('Your organisation requires two-factor sign-in for admins and finance officers.'),
      ).toBeVisible();
      await expectNoAxeViolations(finance, noScript);
      const fresh = await freshCode(key, step);
      await finance.getByLabel('Enter a new code from your authenticator app').fill(fresh.code);
      await finance.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
      await expect(finance.getByText('Two-factor sign-in is off')).toBeVisible();
    } finally {
      await admin.getByRole('radio', { name: 'No, let each person choose' }).check();
      await admin.getByRole('button', { name: 'Save two-factor setting' }).click();
      await expect(admin.getByText('Settings saved')).toBeVisible();
      await expect(admin.getByRole('radio', { name: 'No, let each person choose' })).toBeChecked();
      await financeContext.close();
      await adminContext.close();
    }
  });
});
