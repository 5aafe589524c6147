import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, openNav, signIn, signOut } from './axe';

// School improvement at Southampton: the platform administrator imports the real Key Stage 2 file
// (the demo holds it already, so nothing changes), and Southampton's service manager reviews the
// suggested categories of support and places Bitterne Park Primary School for 2026/27.
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

  await page.getByLabel('Reason').fill('Results below our floor last year; agreed with the head teacher.');
  await page.getByRole('button', { name: 'Save the category' }).click();
  await expect(page.getByRole('main')).toContainText('Results below our floor last year');
  await expectNoAxeViolations(page);
  await signOut(page);
});
