import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, signIn, signOut } from './axe';

const SOUTHAMPTON = 'Southampton City Council Education Services';
const ISLE_OF_WIGHT = "Isle of Wight Council Children's Services";

test('Bitterne Park business manager sees Southampton as its provider', async ({ page }) => {
  await signIn(page, 'bitterne-park@schools.southampton.example');
  await expect(page).toHaveURL(/\/buy$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Providers who sell to you' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(
    'Bitterne Park Primary School - Part of the Learning Federation Partnership of Schools',
  );

  const providers = page.getByRole('main').getByRole('table');
  await expect(providers.getByRole('columnheader', { name: 'Provider' })).toBeVisible();
  await expect(providers.getByRole('rowheader')).toHaveText([SOUTHAMPTON]);
  await expect(page.getByRole('main')).not.toContainText(ISLE_OF_WIGHT);
  await expectNoAxeViolations(page);

  await signOut(page);
  await expectNoAxeViolations(page);
});

test('Ryde Academy business manager sees both Isle of Wight and Southampton', async ({ page }) => {
  await signIn(page, 'ryde-academy@schools.isle-of-wight.example');
  await expect(page).toHaveURL(/\/buy$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Providers who sell to you' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Ryde Academy');

  const providers = page.getByRole('main').getByRole('table');
  await expect(providers.getByRole('rowheader', { name: ISLE_OF_WIGHT })).toBeVisible();
  await expect(providers.getByRole('rowheader', { name: SOUTHAMPTON })).toBeVisible();
  await expect(providers.getByRole('rowheader')).toHaveCount(2);
  await expectNoAxeViolations(page);

  await signOut(page);
  await expectNoAxeViolations(page);
});
