import { expect, test, type Page } from '@playwright/test';
import { readMails, type ReadMail } from '../setup/mail';
import { expectNoAxeViolations, signIn, signOut, openNav } from './axe';

const ADMIN = 'admin@southampton.example';
const ADMIN_NAME = 'Priya Shah';
const SOUTHAMPTON = 'Southampton City Council Education Services';
const NEW_PASSWORD = 'a-long-enough-passphrase';

/** This project's server's MAIL_DIR, which playwright.config.ts sets and names in the project's metadata. */
function mailDir(): string {
  const dir = (test.info().project.metadata as { mailDir?: string }).mailDir;
  if (!dir) throw new Error('The project names no mail folder: run the journeys with `npx playwright test`');
  return dir;
}

/** The newest mail addressed to `to`, as a mail client reads it. */
async function newestMailTo(to: string): Promise<ReadMail | undefined> {
  const addressed = (await readMails(mailDir())).filter((m) => m.to.toLowerCase() === to.toLowerCase());
  return addressed.at(-1);
}

/** The invitation link in the newest mail to `to`. */
async function invitationLinkFor(
  to: string,
  subject = 'You have been invited to Southampton City Council Education Services on Traded',
): Promise<string> {
  let mail: ReadMail | undefined;
  await expect
    .poll(async () => (mail = await newestMailTo(to)), { message: `an invitation email to ${to} in ${mailDir()}` })
    .toBeTruthy();
  expect(mail!.subject).toBe(subject);
  const link = mail!.text.match(/https?:\/\/\S+\/invitations\/southampton\/[a-z0-9]+/)?.[0];
  expect(link, `an invitation link in:\n${mail!.text}`).toBeTruthy();
  return link!;
}

async function openUsersAndRoles(page: Page) {
  await openNav(page, 'Users and roles');
  await expect(page).toHaveURL(/\/t\/southampton\/users$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Users and roles' })).toBeVisible();
}

/** As the Southampton admin on Users and roles: invites `email` with `role` and checks the banner. */
async function invite(page: Page, email: string, role: string) {
  await page.getByLabel('Email address', { exact: true }).fill(email);
  await page.getByRole('group', { name: 'Role' }).getByRole('radio', { name: role, exact: true }).check();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page).toHaveURL(/\/t\/southampton\/users\?invited=/);
  const banner = page.getByRole('alert').filter({ hasText: 'Success' });
  await expect(banner).toContainText(`Invitation sent to ${email}`);
  const waiting = page.getByRole('table', { name: 'Invitations waiting to be accepted' });
  await expect(waiting.getByRole('row', { name: new RegExp(email.replace(/\./g, '\\.')) })).toContainText(role);
}

function userRow(page: Page, email: string) {
  return page
    .getByRole('table', { name: "People who can use this provider's account" })
    .getByRole('row')
    .filter({ hasText: email });
}

test('Southampton admin invites a practitioner, who joins; the admin then changes their role', async ({ page }) => {
  const email = 'new.adviser@southampton.example';
  const name = 'Alex Morgan';

  await test.step('the admin signs in and opens Users and roles', async () => {
    await signIn(page, ADMIN);
    await expect(page).toHaveURL(/\/t\/southampton$/);
    await expect(page.getByRole('heading', { level: 1, name: SOUTHAMPTON })).toBeVisible();
    await expectNoAxeViolations(page);
    await openUsersAndRoles(page);
    await expect(userRow(page, ADMIN)).toContainText('Tenant admin');
    await expectNoAxeViolations(page);
  });

  await test.step('invites a practitioner', async () => {
    await invite(page, email, 'Practitioner');
    await expectNoAxeViolations(page);
  });

  const link = await test.step('the invitation arrives by email', () => invitationLinkFor(email));

  await test.step('the admin signs out', async () => {
    await signOut(page);
    await expectNoAxeViolations(page);
  });

  await test.step('the invited person accepts', async () => {
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1, name: `Join ${SOUTHAMPTON}` })).toBeVisible();
    await expect(page.getByRole('main')).toContainText(`invited as practitioner with the email address ${email}`);
    await expectNoAxeViolations(page);

    await page.getByLabel('Full name').fill(name);
    await page.getByLabel('Create a password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await expect(page).toHaveURL(/\/t\/southampton$/);
    await expect(page.getByRole('heading', { level: 1, name: SOUTHAMPTON })).toBeVisible();
    await expect(page.getByRole('main')).toContainText('You are signed in as practitioner');
    await expect(page.getByRole('link', { name })).toHaveAttribute('href', '/account');
    await expectNoAxeViolations(page);
  });

  await test.step('the link works only once', async () => {
    const response = await page.goto(link);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.goto('/t/southampton');
    await signOut(page);
  });

  await test.step('the admin changes their role to service manager', async () => {
    await signIn(page, ADMIN);
    await openUsersAndRoles(page);
    const row = userRow(page, email);
    await expect(row).toContainText(name);
    await expect(row).toContainText('Practitioner');
    await row.getByRole('link', { name: `Change role for ${name}` }).click();
    await expect(page).toHaveURL(/\/t\/southampton\/users\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    const role = page.getByRole('group', { name: 'Role' });
    await expect(role.getByRole('radio', { name: 'Practitioner', exact: true })).toBeChecked();
    await expect(page.getByRole('button', { name: `Remove ${name}` })).toBeVisible();
    await expectNoAxeViolations(page);

    await role.getByRole('radio', { name: 'Service manager', exact: true }).check();
    await page.getByRole('button', { name: 'Save role' }).click();
    await expect(page).toHaveURL(/\/t\/southampton\/users\?changed=/);
    await expect(page.getByRole('alert').filter({ hasText: 'Success' })).toContainText('Role changed');
    await expect(userRow(page, email)).toContainText('Service manager');
    await expectNoAxeViolations(page);
  });

  await test.step('the admin removes them, answering "Are you sure?" first', async () => {
    await userRow(page, email)
      .getByRole('link', { name: `Change role for ${name}` })
      .click();
    await page.getByRole('button', { name: `Remove ${name}` }).click();
    await expect(page).toHaveURL(/\/t\/southampton\/users\/[0-9a-f-]{36}\?confirm=remove$/);
    await expect(
      page.getByRole('heading', { level: 1, name: `Are you sure you want to remove ${name}?` }),
    ).toBeVisible();
    await expect(page.getByRole('main')).toContainText(
      `will no longer be able to see or do anything for ${SOUTHAMPTON}`,
    );
    await expectNoAxeViolations(page);
    // Going back changes nothing.
    await page.getByRole('link', { name: 'No, go back' }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await page.getByRole('button', { name: `Remove ${name}` }).click();
    await page.getByRole('button', { name: `Yes, remove ${name}` }).click();
    await expect(page).toHaveURL(/\/t\/southampton\/users\?changed=/);
    await expect(page.getByRole('alert').filter({ hasText: 'Success' })).toContainText('User removed');
    await expect(userRow(page, email)).toHaveCount(0);
    await expectNoAxeViolations(page);
  });
});

test("Southampton admin invites a commissioner to the council's buying side, who joins and buys for the council", async ({
  page,
}) => {
  const email = 'new.commissioner@southampton.example';
  const name = 'Sunil Rao';

  await test.step('the admin invites them to buy for the council', async () => {
    await signIn(page, ADMIN);
    await openUsersAndRoles(page);
    await page.getByLabel('Their email address', { exact: true }).fill(email);
    await page
      .getByRole('group', { name: 'What they will do for the council' })
      .getByRole('radio', { name: 'Council commissioner', exact: true })
      .check();
    await page.getByRole('button', { name: 'Invite to buy for the council' }).click();
    await expect(page).toHaveURL(/\/t\/southampton\/users\?invited=/);
    await expect(page.getByRole('alert').filter({ hasText: 'Success' })).toContainText(`Invitation sent to ${email}`);
    const waiting = page.getByRole('table', { name: 'Invitations waiting to be accepted' });
    await expect(waiting.getByRole('row', { name: new RegExp(email.replace(/\./g, '\\.')) })).toContainText(
      'Council commissioner (buying for the council)',
    );
    await expectNoAxeViolations(page);
    await signOut(page);
  });

  await test.step('they accept and land on the buying side, working for Southampton City Council', async () => {
    await page.goto(await invitationLinkFor(email, 'You have been invited to buy for your council on Traded'));
    await expect(page.getByRole('main')).toContainText(
      `invited to buy services for the council as council commissioner with the email address ${email}`,
    );
    await expectNoAxeViolations(page);
    await page.getByLabel('Full name').fill(name);
    await page.getByLabel('Create a password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await expect(page).toHaveURL(/\/buy(\/services)?$/);
    await page.goto('/organisations');
    await expect(
      page.getByRole('group', { name: 'Which organisation are you working for?' }).getByRole('radio', {
        name: 'Southampton City Council',
        exact: true,
      }),
    ).toBeChecked();
    await expectNoAxeViolations(page);
    // A place on the buying side only: the provider's pages are not theirs.
    expect((await page.goto('/t/southampton'))?.status()).toBe(404);
    await page.goto('/buy');
    await signOut(page);
  });

  await test.step('the admin sees them among the people who buy for the council', async () => {
    await signIn(page, ADMIN);
    await openUsersAndRoles(page);
    const buying = page.getByRole('table', { name: 'People who buy for the council' });
    await expect(buying.getByRole('row').filter({ hasText: email })).toContainText('Council commissioner');
    await expectNoAxeViolations(page);
  });

  await test.step('the admin removes them from buying for the council, answering "Are you sure?" first', async () => {
    await page.getByRole('link', { name: `Remove ${name} from buying for the council` }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: `Are you sure you want to remove ${name}?` }),
    ).toBeVisible();
    await expect(page.getByRole('main')).toContainText('will no longer buy for the council as council commissioner');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: `Yes, remove ${name}` }).click();
    await expect(page).toHaveURL(/\/t\/southampton\/users\?changed=/);
    await expect(page.getByRole('alert').filter({ hasText: 'Success' })).toContainText(
      'Removed from buying for the council',
    );
    await expect(page.getByRole('main')).not.toContainText(email);
    await expectNoAxeViolations(page);
  });
});

test('a weak password on the invitation shows an error summary', async ({ page }) => {
  const email = 'weak.password@southampton.example';
  await signIn(page, ADMIN);
  await expectNoAxeViolations(page);
  await openUsersAndRoles(page);
  await expectNoAxeViolations(page);
  await invite(page, email, 'Finance officer');
  await expectNoAxeViolations(page);
  const link = await invitationLinkFor(email);
  await signOut(page);
  await expectNoAxeViolations(page);

  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: `Join ${SOUTHAMPTON}` })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel('Full name').fill('Weak Password');
  await page.getByLabel('Create a password').fill('password');
  await page.getByRole('button', { name: 'Accept invitation' }).click();

  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('link')).toHaveAttribute('href', '#password');
  await expect(summary.getByRole('link')).toHaveText(/password/i);
  await expect(page.getByLabel('Create a password')).toHaveAccessibleDescription(/Error:/);
  await expect(page.getByLabel('Full name')).toHaveValue('Weak Password');
  await expect(page.getByRole('button', { name: 'Accept invitation' })).toBeVisible();
  await expectNoAxeViolations(page);

  // Not signed in: the person is still outside.
  await page.goto('/t/southampton');
  await expect(page).toHaveURL(/\/sign-in\?returnTo=/);
  await expectNoAxeViolations(page);
});

test('"Sign out of every device" on the account page ends every session', async ({ page, browser, baseURL }) => {
  // A second browser, signed in as the same person.
  const other = await browser.newContext({ baseURL });
  const otherPage = await other.newPage();
  try {
    await signIn(otherPage, ADMIN);
    await expect(otherPage).toHaveURL(/\/t\/southampton$/);
    await expectNoAxeViolations(otherPage);

    await signIn(page, ADMIN);
    await expect(page).toHaveURL(/\/t\/southampton$/);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: ADMIN_NAME }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText(ADMIN);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Sign out of every device' }).click();
    await expect(page).toHaveURL(/\/signed-out$/);
    await expect(page.getByRole('heading', { level: 1, name: 'You have signed out' })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.goto('/t/southampton');
    await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Ft%2Fsouthampton$/);
    await expectNoAxeViolations(page);

    // The other browser's session has ended too.
    await otherPage.goto('/t/southampton');
    await expect(otherPage).toHaveURL(/\/sign-in\?returnTo=%2Ft%2Fsouthampton$/);
    await expectNoAxeViolations(otherPage);
  } finally {
    await other.close();
  }
});
