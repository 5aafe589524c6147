import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, signIn } from './axe';

// The platform administrator imports a GIAS extract through the running app (the embedded database
// belongs to the server: the command refuses while it runs).
const sample = readFileSync('tenants/schools-5la.csv');

test('a platform administrator imports schools: a bad file lists its rows, a good one imports', async ({ page }) => {
  await signIn(page, 'platform@traded.example');
  await page.getByRole('link', { name: 'Platform administration' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import schools' })).toBeVisible();
  await expect(page.getByText('No schools have been imported through the service yet.')).toBeVisible();
  await expectNoAxeViolations(page);

  const lines = sample.toString('utf8').split('\n');
  lines[3] = lines[3]!.replace(/^"116089"/, '"abc"');
  await page.getByLabel('GIAS establishment extract').setInputFiles({
    name: 'edubasealldata.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(lines.join('\n')),
  });
  await page.getByRole('button', { name: 'Import schools' }).click();
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) });
  await expect(summary.getByRole('link', { name: /^Line 4/ })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expectNoAxeViolations(page);

  await page.getByLabel('GIAS establishment extract').setInputFiles({
    name: 'edubasealldata.csv',
    mimeType: 'text/csv',
    buffer: sample,
  });
  await page.getByRole('button', { name: 'Import schools' }).click();
  // The file is checked at once, then saved in the background: its page follows the save to the end.
  await expect(page.getByRole('heading', { level: 1, name: 'School import' })).toBeVisible();
  await expect(page).toHaveURL(/\/platform\/schools\/imports\/[0-9a-f-]{36}$/);
  // The demo already holds these schools: nothing new, nothing changed.
  await expect(page.getByRole('alert').getByText('389 schools imported')).toBeVisible();
  await expect(page.getByText('0 new, 0 updated, 389 unchanged.')).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'Import another file' }).click();
  const imports = page.getByRole('table');
  await expect(imports.getByRole('link', { name: 'edubasealldata.csv' })).toBeVisible();
  await expect(imports.getByText('Imported', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('anyone else is told the page is not found', async ({ page }) => {
  await signIn(page, 'admin@southampton.example');
  await expect(page.getByRole('link', { name: 'Platform administration' })).toHaveCount(0);
  const response = await page.goto('/platform/schools');
  expect(response?.status()).toBe(404);
});
