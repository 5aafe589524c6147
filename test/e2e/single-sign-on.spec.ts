import { expect, test, type Page } from '@playwright/test';
import { startOidcProvider, type TestOidcProvider } from '../setup/oidc-provider';
import { expectNoAxeViolations, signIn, signOut, type AxeCheckOptions } from './axe';

// Peterborough's admin sets up "Sign in with Microsoft" against a real OpenID provider (the
// certified oidc-provider) that this file starts on a free port, then signs in with it through
// the provider's own login page. No other journey signs in at Peterborough; the provider is
// turned off again at the end, so other journeys' sign-in page is as they expect.
const ADMIN = 'admin@peterborough.example';
const SLUG = 'peterborough';
const SECRET = 'peterborough-entra-client-secret';
/** Where the provider sends people back: this project's server (each project has its own). */
let CALLBACK = '';

let idp: TestOidcProvider;

test.beforeAll(async ({}, testInfo) => {
  CALLBACK = `${testInfo.project.use.baseURL}/sign-in/callback`;
  idp = await startOidcProvider({
    clients: [{ clientId: 'traded-peterborough', clientSecret: SECRET, redirectUri: CALLBACK }],
  });
  idp.accounts.set('ravi.entra', { email: ADMIN, email_verified: true, name: 'Peterborough admin' });
  idp.accounts.set('stranger.entra', { email: 'stranger@peterborough.example', email_verified: true });
});

// Turned off again whatever happened above, so other journeys' sign-in page has no Microsoft button.
test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  try {
    await signIn(page, ADMIN, { checkAccessibility: false });
    await openSingleSignOn(page);
    await page.getByLabel('Let staff sign in with Microsoft Entra ID').uncheck();
    await page.getByRole('button', { name: 'Save single sign-on settings' }).click();
    await expect(page.getByRole('alert').getByText('Single sign-on settings saved')).toBeVisible();
    await signOut(page);
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Sign in with / })).toHaveCount(0);
  } finally {
    await page.close();
    await idp?.close();
  }
});

async function openSingleSignOn(page: Page) {
  await page.goto(`/t/${SLUG}/settings`);
  await page.getByRole('link', { name: 'Let staff sign in with their Microsoft work account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Single sign-on' })).toBeVisible();
}

/** axe on one of our pages, at its own width and at 375 px wide. */
async function expectAccessible(page: Page, options: AxeCheckOptions = {}) {
  await expectNoAxeViolations(page, options);
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: 375, height: viewport.height });
  try {
    await expectNoAxeViolations(page, options);
  } finally {
    await page.setViewportSize(viewport);
  }
}

/** On the provider's own login page (not ours: no axe there), as `login`. */
async function logInAtProvider(page: Page, login: string) {
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

test('a tenant admin sets up Sign in with Microsoft, signs out, and signs in with it', async ({ page }) => {
  await test.step('the admin saves the Entra ID settings; the secret is not shown again', async () => {
    await signIn(page, ADMIN);
    await openSingleSignOn(page);
    await expect(page.getByText(CALLBACK)).toBeVisible();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Save single sign-on settings' }).click();
    const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) });
    await expect(summary.getByRole('link')).toHaveText(['Enter the issuer URL', 'Enter the client ID']);
    await expect(page).toHaveTitle(/^Error: /);
    await expectAccessible(page);

    await page.getByLabel('Issuer URL').fill(idp.issuer);
    await page.getByLabel('Application (client) ID').fill('traded-peterborough');
    await page.getByLabel('Client secret').fill(SECRET);
    await page.getByLabel('Let staff sign in with Microsoft Entra ID').check();
    await page.getByRole('button', { name: 'Save single sign-on settings' }).click();
    await expect(page.getByRole('alert').getByText('Single sign-on settings saved')).toBeVisible();
    await expect(page.getByLabel('Client secret')).toHaveValue('');
    await expect(page.getByText('A secret is saved. Enter a new one to replace it.')).toBeVisible();
    await expectAccessible(page);
    await signOut(page);
  });

  await test.step('"Sign in with Microsoft" goes through the provider and lands signed in', async () => {
    await page.goto('/sign-in');
    const button = page.getByRole('button', { name: 'Sign in with Microsoft' });
    await expect(button).toBeVisible();
    await expectAccessible(page);
    await button.click();
    await logInAtProvider(page, 'ravi.entra');
    await expect(page).toHaveURL(new RegExp(`/t/${SLUG}$`));
    await expect(page.getByRole('link', { name: 'Gemma Ward' })).toBeVisible();
    await expectAccessible(page);
    await signOut(page);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  const NO_JS: AxeCheckOptions = { javaScriptEnabled: false };

  test('signing in with Microsoft works, and a refusal says what to do', async ({ page }) => {
    await page.goto('/sign-in');
    await expectAccessible(page, NO_JS);
    await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
    await logInAtProvider(page, 'ravi.entra');
    await expect(page).toHaveURL(new RegExp(`/t/${SLUG}$`));
    await expect(page.getByRole('link', { name: 'Gemma Ward' })).toBeVisible();
    await signOut(page);

    // Signing out of Traded leaves the provider's own session: forget it, to log in as someone else.
    await page.context().clearCookies();
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
    await logInAtProvider(page, 'stranger.entra');
    await expect(page.getByRole('heading', { level: 1, name: 'You could not be signed in' })).toBeVisible();
    await expect(
      page.getByText('No Traded account uses stranger@peterborough.example. Ask your administrator to invite you.'),
    ).toBeVisible();
    await expectAccessible(page, NO_JS);
  });
});

test('the platform administrator finds the DfE Sign-in settings for buyer organisations', async ({ page }) => {
  await signIn(page, 'platform@traded.example', { checkAccessibility: false });
  await page.goto('/platform/schools');
  await page.getByRole('link', { name: 'Let people in schools, trusts and councils sign in with DfE Sign-in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'DfE Sign-in' })).toBeVisible();
  await expect(page.getByText(CALLBACK)).toBeVisible();
  await expectAccessible(page);
  // Nothing is saved here (other journeys' sign-in page stays as it is): an empty form is refused.
  await page.getByRole('button', { name: 'Save single sign-on settings' }).click();
  await expect(page).toHaveTitle(/^Error: /);
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) });
  await expect(summary.getByRole('link')).toHaveText(['Enter the issuer URL', 'Enter the client ID']);
  await expectAccessible(page);
});
