import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, expectNoAxeViolations, signOut, type AxeCheckOptions } from './axe';

// Failed sign-ins count towards the lockout (5 per account in 15 minutes): this file uses an
// account no other journey signs in with, and stays well under the limit.
const EMAIL = 'services@southampton.example';
const SOUTHAMPTON = 'Southampton City Council Education Services';

async function openSignIn(page: Page, axe: AxeCheckOptions = {}) {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expectNoAxeViolations(page, axe);
}

function errorSummary(page: Page) {
  return page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) });
}

test.describe('sign-in errors', () => {
  test('a wrong password shows an error summary and keeps the email address', async ({ page }) => {
    await openSignIn(page);
    await page.getByLabel('Email address', { exact: true }).fill(EMAIL);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    const summary = errorSummary(page);
    await expect(summary).toBeVisible();
    await expect(summary.getByRole('heading', { level: 2, name: 'There is a problem' })).toBeVisible();
    await expect(summary.getByRole('link', { name: 'Enter a correct email address and password' })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByLabel('Email address', { exact: true })).toHaveValue(EMAIL);
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
    await expectNoAxeViolations(page);
    // GOV.UK pattern: a page showing errors starts its title with "Error: " (the route tries to).
    await expect(page).toHaveTitle('Error: Sign in – Traded');
  });

  test('an empty form says what to enter, and the summary links move focus to the field', async ({ page }) => {
    await openSignIn(page);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    const summary = errorSummary(page);
    await expect(summary).toBeVisible();
    await expect(summary.getByRole('link')).toHaveText(['Enter your email address', 'Enter your password']);
    // The same messages next to the fields, tied to them for screen readers.
    await expect(page.getByLabel('Email address', { exact: true })).toHaveAccessibleDescription(
      /Enter your email address/,
    );
    await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(/Enter your password/);
    await expectNoAxeViolations(page);

    // Wait for GOV.UK Frontend to take over the summary's links, as a person would see it.
    await expect(page.locator('.govuk-error-summary[data-govuk-error-summary-init]')).toHaveCount(1);
    await summary.getByRole('link', { name: 'Enter your password' }).click();
    await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
    await summary.getByRole('link', { name: 'Enter your email address' }).click();
    await expect(page.getByLabel('Email address', { exact: true })).toBeFocused();
  });

  test('a locked account says when it can try again, and what to do', async ({ page }) => {
    // An account no other journey signs in with, so locking it troubles nobody.
    const locked = 'fiona.grant@isle-of-wight.example';
    await openSignIn(page);
    const summary = errorSummary(page);
    for (let attempt = 1; attempt <= 7; attempt++) {
      await page.getByLabel('Email address', { exact: true }).fill(locked);
      await page.getByLabel('Password', { exact: true }).fill(`wrong-guess-${attempt}`);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(summary).toBeVisible();
      if ((await summary.innerText()).includes('Too many failed attempts')) break;
    }
    await expect(summary).toContainText(
      /Too many failed attempts to sign in\. You can try again (at|on [0-9]{1,2} [A-Z][a-z]+ [0-9]{4} at) ([0-9]{1,2}(:[0-9]{2})?(am|pm)|midday|midnight)\. If you have forgotten your password, ask whoever manages Traded users in your organisation to help/,
    );
    await expectNoAxeViolations(page);
  });
});

test.describe('sign-in without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  // axe itself needs JavaScript: each page is checked as a copy of what this browser rendered.
  const NO_JS: AxeCheckOptions = { javaScriptEnabled: false };

  test('the whole sign-in journey works without JavaScript', async ({ page }) => {
    await test.step('a wrong password shows the error summary', async () => {
      await openSignIn(page, NO_JS);
      await page.getByLabel('Email address', { exact: true }).fill(EMAIL);
      await page.getByLabel('Password', { exact: true }).fill('still-not-the-password');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(errorSummary(page)).toBeVisible();
      await expect(errorSummary(page)).toContainText('Enter a correct email address and password');
      await expect(page.getByLabel('Email address', { exact: true })).toHaveValue(EMAIL);
      await expectNoAxeViolations(page, NO_JS);
    });

    await test.step('the error summary link still reaches the field', async () => {
      await errorSummary(page).getByRole('link', { name: 'Enter a correct email address and password' }).click();
      await expect(page).toHaveURL(/#email$/);
    });

    await test.step('the right password signs in', async () => {
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      // The form posts to the page's own address, now ending #email; browsers carry that fragment
      // through the redirect, so compare the path only.
      await expect(page).toHaveURL((url) => url.pathname === '/t/southampton');
      await expect(page.getByRole('heading', { level: 1, name: SOUTHAMPTON })).toBeVisible();
      await expectNoAxeViolations(page, NO_JS);
    });

    await test.step('signing out works too', async () => {
      await signOut(page);
      await expectNoAxeViolations(page, NO_JS);
      await page.goto('/t/southampton');
      await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Ft%2Fsouthampton$/);
      await expectNoAxeViolations(page, NO_JS);
    });
  });
});
