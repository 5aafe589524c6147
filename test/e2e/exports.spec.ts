import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, signIn, openNav } from './axe';

// A finance officer downloads the provider's orders for a period; the form says what to fix first.
test('a finance officer downloads orders as CSV, after fixing the dates', async ({ page }) => {
  await signIn(page, 'finance@walsall.example');
  await openNav(page, 'Orders');
  await page.getByRole('link', { name: 'Download orders, order lines and delivery records (CSV)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Download records' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('radio', { name: 'Orders' }).check();
  const first = page.getByRole('group', { name: 'First day' });
  await first.getByLabel('Day').fill('31');
  await first.getByLabel('Month').fill('2');
  await first.getByLabel('Year').fill('2026');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) });
  await expect(summary.getByRole('link', { name: 'The first day must be a real date' })).toBeVisible();
  await expect(summary.getByRole('link', { name: 'Enter the last day' })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: Download records/);
  await expectNoAxeViolations(page);

  // Letters for the month, then the day left blank: each says what to fix.
  await first.getByLabel('Day').fill('1');
  await first.getByLabel('Month').fill('Sept');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  await expect(summary.getByRole('link', { name: 'The first day must be a real date' })).toBeVisible();
  await expect(first.getByLabel('Month')).toHaveValue('Sept');
  await first.getByLabel('Day').fill('');
  await first.getByLabel('Month').fill('9');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  await expect(summary.getByRole('link', { name: 'The first day must include a day' })).toBeVisible();
  await expectNoAxeViolations(page);

  await first.getByLabel('Day').fill('1');
  await first.getByLabel('Month').fill('9');
  const last = page.getByRole('group', { name: 'Last day' });
  await last.getByLabel('Day').fill('31');
  await last.getByLabel('Month').fill('8');
  await last.getByLabel('Year').fill('2027');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^walsall-.*-orders-2026-09-01-to-2027-08-31\.csv$/);
  const text = await readFile((await download.path())!, 'utf8');
  expect(text.split('\r\n')[0]).toBe(
    '"Order","Provider","Customer","URN","Customer class","Settled by","Status","Submitted","Accepted on","Purchase order","Contact","Contact email","Submitted total (£)"',
  );
});
