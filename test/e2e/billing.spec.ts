import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, fillDateInput, openNav, signIn, signOut } from './axe';

// Southampton's demo activity (tenants/southampton/activity.json): Bitterne Park (a maintained
// school: recharged), Oasis Academy Lord's Hill (an academy: invoiced) and the Isle of Wight
// Council (three educational psychology days in October under the agreement). The journeys run
// on 22 November 2026, so October's run bills everything due up to 31 October 2026.
const FINANCE = 'finance@southampton.example';
const ACADEMY_BUYER = 'oasis-lords-hill@schools.southampton.example';
const IOW_COMMISSIONER = 'commissioning@isle-of-wight.example';
const ACADEMY = "Oasis Academy Lord's Hill";
const MAINTAINED = 'Bitterne Park Primary School';
const IOW = 'Isle of Wight Council';
const SOUTHAMPTON = 'Southampton City Council Education Services';

function documentRow(page: Page, customer: string) {
  return page
    .getByRole('main')
    .getByRole('table', { name: /documents?$/ })
    .getByRole('row')
    .filter({ hasText: customer });
}

test('Southampton bills October, corrects a draft, finalises, takes a part payment and credits; the customers see it', async ({
  page,
}) => {
  test.setTimeout(300_000);
  let runUrl = '';
  let academyInvoice = '';
  let academyInvoiceUrl = '';

  await test.step("the finance officer starts October's billing run and watches it finish", async () => {
    await signIn(page, FINANCE);
    await openNav(page, 'Billing');
    await expect(page.getByRole('heading', { level: 1, name: 'Billing runs' })).toBeVisible();
    await expectNoAxeViolations(page);

    const main = page.getByRole('main');
    await main.getByLabel('A month', { exact: true }).selectOption({ label: 'October 2026' });
    await main.getByRole('button', { name: 'Start a run for the month' }).click();
    await expect(page).toHaveURL(/\/t\/southampton\/billing\/runs\/[0-9a-f-]{36}$/);
    runUrl = page.url();
    await expect(page.getByRole('heading', { level: 1, name: /October 2026/ })).toBeVisible();
    await expectNoAxeViolations(page);
    // The page updates itself while the run works.
    await expect(main.getByRole('link', { name: /^Review the \d+ drafts this run made$/ })).toBeVisible({
      timeout: 60_000,
    });
    await expect(main.locator('.govuk-summary-list__row', { hasText: 'Status' })).toContainText('Finished');
    await expectNoAxeViolations(page);
  });

  await test.step("reviews the academy's draft and removes a line with a reason", async () => {
    const main = page.getByRole('main');
    await main.getByRole('link', { name: /^Review the \d+ drafts this run made$/ }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Documents from the run for October 2026' }),
    ).toBeVisible();
    await expectNoAxeViolations(page);
    await documentRow(page, ACADEMY)
      .getByRole('link', { name: /^Draft, 3 lines/ })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: /^Draft VAT invoice/ })).toBeVisible();
    const lines = main.getByRole('table', { name: 'Lines' });
    await expect(lines.getByRole('row')).toHaveCount(4);
    await expect(lines).toContainText('20 May 2026');
    await expectNoAxeViolations(page);

    const may = lines.getByRole('row').filter({ hasText: '20 May 2026' });
    await may.getByRole('link', { name: /^Remove line \d+$/ }).click();
    await expect(main.getByRole('heading', { name: /^Remove line \d+$/ })).toBeVisible();
    await main.getByRole('button', { name: 'Remove the line' }).click();
    await expect(page.locator('.govuk-error-summary')).toContainText('Enter why');
    await expectNoAxeViolations(page);
    await main.getByLabel('Why is this line removed?').fill('The day on 20 May was invoiced before Traded went live');
    await main.getByRole('button', { name: 'Remove the line' }).click();
    await expect(lines.getByRole('row')).toHaveCount(3);
    await expect(lines).not.toContainText('20 May 2026');
    await expectNoAxeViolations(page);
  });

  await test.step('finalises every draft of the run at once', async () => {
    await page.goto(runUrl);
    await page
      .getByRole('main')
      .getByRole('link', { name: /^Review the \d+ drafts this run made$/ })
      .click();
    await page
      .getByRole('main')
      .getByRole('button', { name: /^Finalise and send (all \d+ drafts|the 1 draft)$/ })
      .click();
    await expect(page.locator('.govuk-notification-banner')).toContainText(/SCC-INV\d{6}/);
    await expect(documentRow(page, ACADEMY)).toContainText(/SCC-INV\d{6}/);
    await expect(documentRow(page, MAINTAINED)).toContainText(/SCC-RCH\d{6}/);
    await expectNoAxeViolations(page);
  });

  await test.step('opens the invoice to the Isle of Wight Council for educational psychology days, HTML and PDF', async () => {
    await documentRow(page, IOW)
      .getByRole('link', { name: /^SCC-INV\d{6}$/ })
      .click();
    const main = page.getByRole('main');
    await expect(page.getByRole('heading', { level: 1, name: /^VAT invoice SCC-INV\d{6}$/ })).toBeVisible();
    await expect(main).toContainText(IOW);
    await expect(main).toContainText('IWC-PO-55120');
    await expect(main).toContainText('GB000000852');
    const lines = main.getByRole('table', { name: 'Lines' });
    await expect(lines.getByRole('row').filter({ hasText: 'Educational psychology day' })).toHaveCount(3);
    await expect(main.getByRole('table', { name: 'Totals' })).toContainText('£1,119.45');
    await expectNoAxeViolations(page);

    const pdfHref = await main.getByRole('link', { name: /^Download the PDF/ }).getAttribute('href');
    const pdf = await page.request.get(pdfHref!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  await test.step('opens the recharge to a Southampton maintained school', async () => {
    await page.goBack();
    await documentRow(page, MAINTAINED)
      .getByRole('link', { name: /^SCC-RCH\d{6}$/ })
      .click();
    const main = page.getByRole('main');
    await expect(page.getByRole('heading', { level: 1, name: /^Internal recharge SCC-RCH\d{6}$/ })).toBeVisible();
    await expect(main).toContainText('Internal recharge — outside the scope of VAT');
    await expect(main).toContainText('BP-4471');
    await expect(main.getByRole('table', { name: 'Lines' })).not.toContainText('VAT amount');
    await expectNoAxeViolations(page);
  });

  await test.step("records a part payment against the academy's invoice", async () => {
    await page.goto(runUrl);
    await page
      .getByRole('main')
      .getByRole('link', { name: /^Review the \d+ drafts this run made$/ })
      .click();
    const link = documentRow(page, ACADEMY).getByRole('link', { name: /^SCC-INV\d{6}$/ });
    academyInvoice = (await link.innerText()).trim();
    await link.click();
    academyInvoiceUrl = page.url();
    const main = page.getByRole('main');
    await expect(main).toContainText('Still to pay: £5,089.20');

    await openNav(page, 'Payments');
    await expectNoAxeViolations(page);
    await page.getByRole('main').getByRole('button', { name: 'Record a payment' }).click();
    await page.getByLabel('Which customer paid?').selectOption({ label: ACADEMY });
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Record a payment' })).toBeVisible();
    await expectNoAxeViolations(page);
    await fillDateInput(page, 'Date received', '2026-11-20');
    await main.getByLabel('Amount received, in pounds').fill('2000');
    await main.getByRole('radio', { name: 'Bank transfer' }).check();
    await main.getByLabel('Reference (optional)').fill(academyInvoice);
    await main.getByLabel(`Amount to allocate to ${academyInvoice}, in pounds`).fill('2000');
    await main.getByRole('button', { name: 'Record payment' }).click();
    await expect(page.locator('.govuk-notification-banner')).toBeVisible();
    await expectNoAxeViolations(page);

    await page.goto(academyInvoiceUrl);
    await expect(main).toContainText('Part paid');
    await expect(main).toContainText('Still to pay: £3,089.20');
  });

  await test.step('raises a credit note for one educational psychology day', async () => {
    const main = page.getByRole('main');
    await main.getByRole('link', { name: /^Raise a credit note/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Raise a credit note' })).toBeVisible();
    await expectNoAxeViolations(page);
    await main.getByRole('radio', { name: 'Chosen lines and amounts' }).check();
    const epLine = main.getByRole('row').filter({ hasText: 'Educational psychology day' });
    await epLine.getByRole('textbox').fill('540.00');
    await main
      .getByLabel('Reason for the credit note')
      .fill('The visit on 11 February was cut short by the school closure');
    await main.getByRole('button', { name: 'Issue credit note' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Credit note SCC-CRN\d{6}$/ })).toBeVisible();
    await expect(main).toContainText(academyInvoice);
    await expect(main.getByRole('table', { name: 'Totals' })).toContainText('£540.00');
    await expectNoAxeViolations(page);
    await page.goto(academyInvoiceUrl);
    await expect(main).toContainText('Still to pay: £2,549.20');
    await signOut(page);
  });

  await test.step("the academy's business manager sees the invoice, the credit note and the balance", async () => {
    await signIn(page, ACADEMY_BUYER);
    await openNav(page, 'Invoices');
    await expect(page.getByRole('heading', { level: 1, name: 'Invoices' })).toBeVisible();
    const main = page.getByRole('main');
    await expect(main).toContainText(academyInvoice);
    await expect(main).toContainText(/SCC-CRN\d{6}/);
    await expectNoAxeViolations(page);
    await main.getByRole('link', { name: new RegExp(`^${academyInvoice}`) }).click();
    await expect(page.getByRole('heading', { level: 1, name: `VAT invoice ${academyInvoice}` })).toBeVisible();
    await expect(main).toContainText('Still to pay: £2,549.20');
    await expectNoAxeViolations(page);
    await signOut(page);
  });

  await test.step('the Isle of Wight commissioner sees its invoice from Southampton', async () => {
    await signIn(page, IOW_COMMISSIONER);
    await openNav(page, 'Invoices');
    const main = page.getByRole('main');
    const row = main.getByRole('row').filter({ hasText: SOUTHAMPTON });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('£1,119.45');
    await expectNoAxeViolations(page);
    await row.getByRole('link', { name: /^SCC-INV\d{6}/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^VAT invoice SCC-INV\d{6}$/ })).toBeVisible();
    await expect(main).toContainText('IWC-PO-55120');
    await expectNoAxeViolations(page);
  });
});
