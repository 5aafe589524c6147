import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';

// The journeys trust expectNoAxeViolations to fail on a real violation: prove it does, at both widths.
test('the accessibility check fails on a page with violations, naming the rule and the width', async ({ page }) => {
  await page.setContent(
    '<html lang="en"><head><title>Broken</title></head><body><main><h1>Broken</h1>' +
      '<img src="photo.png"><a href="/somewhere"></a></main></body></html>',
  );
  const failure = await expectNoAxeViolations(page).then(
    () => 'no failure',
    (error: Error) => error.message,
  );
  expect(failure).toContain('image-alt');
  expect(failure).toContain('link-name');
  expect(failure).toContain('at 1280 px wide');
});
