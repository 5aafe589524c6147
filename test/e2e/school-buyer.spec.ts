import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, signIn, signOut, openNav } from './axe';

const SOUTHAMPTON = 'Southampton City Council Education Services';
const ISLE_OF_WIGHT = "Isle of Wight Council Children's Services";

test('Bitterne Park business manager sees Southampton among its providers', async ({ page }) => {
  await signIn(page, 'bitterne-park@schools.southampton.example');
  // Home is the school's: its name heads the page; the services are one link away.
  await expect(page).toHaveURL(/\/buy$/);
  await expect(
    page.getByRole('heading', {
      level: 1,
      name: 'Bitterne Park Primary School - Part of the Learning Federation Partnership of Schools',
    }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await openNav(page, 'Services');
  await expect(page).toHaveURL(/\/buy\/services$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Providers who sell to you' })).toBeVisible();

  const providers = page.getByRole('main').getByRole('table', { name: 'Your accounts with providers' });
  await expect(providers.getByRole('columnheader', { name: 'Provider' })).toBeVisible();
  // Its own council recharges it; Isle of Wight also sells to Southampton's schools (its profile's
  // sellsToSchoolsOf), and invoices them.
  const southampton = providers.getByRole('row').filter({ has: page.getByRole('rowheader', { name: SOUTHAMPTON }) });
  await expect(southampton).toContainText('Own maintained school');
  await expect(southampton).toContainText('Internal recharge from your budget');
  const isleOfWight = providers.getByRole('row').filter({ has: page.getByRole('rowheader', { name: ISLE_OF_WIGHT }) });
  await expect(isleOfWight).toContainText("Another authority's school");
  await expect(isleOfWight).toContainText('Invoice');
  // The demo's teaching school in Southampton sells school-to-school support, and invoices.
  const teachingSchool = providers
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'Springhill Teaching School (demo role)' }) });
  await expect(teachingSchool).toContainText('Maintained school in the area');
  await expect(teachingSchool).toContainText('Invoice');
  await expect(providers.getByRole('rowheader')).toHaveCount(3);
  await expectNoAxeViolations(page);

  await signOut(page);
  await expectNoAxeViolations(page);
});

test('Ryde Academy business manager sees both Isle of Wight and Southampton', async ({ page }) => {
  await signIn(page, 'ryde-academy@schools.isle-of-wight.example');
  await expect(page).toHaveURL(/\/buy$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Ryde Academy' })).toBeVisible();
  await expectNoAxeViolations(page);
  await openNav(page, 'Services');
  await expect(page).toHaveURL(/\/buy\/services$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Providers who sell to you' })).toBeVisible();

  const providers = page.getByRole('main').getByRole('table', { name: 'Your accounts with providers' });
  const isleOfWight = providers.getByRole('row').filter({ has: page.getByRole('rowheader', { name: ISLE_OF_WIGHT }) });
  await expect(isleOfWight).toContainText('Academy or trust');
  await expect(isleOfWight).toContainText('Invoice');
  const southampton = providers.getByRole('row').filter({ has: page.getByRole('rowheader', { name: SOUTHAMPTON }) });
  await expect(southampton).toContainText("Another authority's school");
  await expect(southampton).toContainText('Invoice');
  await expect(providers.getByRole('rowheader')).toHaveCount(2);
  await expectNoAxeViolations(page);

  await signOut(page);
  await expectNoAxeViolations(page);
});
