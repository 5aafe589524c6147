import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';

test('the accessibility statement passes axe', async ({ page }) => {
  const response = await page.goto('/accessibility');
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle('Accessibility statement – Traded');
  await expect(page.getByRole('heading', { level: 1, name: 'Accessibility statement for Traded' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Enforcement procedure' })).toBeVisible();
  await expect(page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility statement' })).toHaveAttribute(
    'href',
    '/accessibility',
  );
  await expectNoAxeViolations(page);
});

test('the page not found page passes axe', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle('Page not found – Traded');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Go to the start page' })).toHaveAttribute('href', '/');
  await expectNoAxeViolations(page);
});
