import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, openNav, signIn, signOut } from './axe';

// Month end at Southampton, on 22 November 2026 (the journeys' date): October is billed (the
// billing journey did it, or this one does), the Isle of Wight bills Southampton for its adviser
// days, and Southampton's finance officer closes the month.
const FINANCE = 'finance@southampton.example';
const IOW_FINANCE = 'finance@isle-of-wight.example';
const ACADEMY = "Oasis Academy Lord's Hill";
const IOW = 'Isle of Wight Council';

/** Bills October and finalises what it made; a second run for October finds nothing new. */
async function billOctober(page: Page) {
  await openNav(page, 'Billing');
  const main = page.getByRole('main');
  await main.getByLabel('A month', { exact: true }).selectOption({ label: 'October 2026' });
  await main.getByRole('button', { name: 'Start a run for the month' }).click();
  await expect(main.locator('.govuk-summary-list__row', { hasText: 'Status' })).toContainText('Finished', {
    timeout: 60_000,
  });
  const review = main.getByRole('link', { name: /^Review the \d+ drafts this run made$/ });
  if (await review.isVisible()) {
    await review.click();
    const finaliseAll = main.getByRole('button', { name: /^Finalise and send (all \d+ drafts|the 1 draft)$/ });
    if (await finaliseAll.isVisible()) {
      await finaliseAll.click();
      await expect(page.locator('.govuk-notification-banner')).toBeVisible();
    }
  }
}

/** A Lloyds statement (as Lloyds exports it: CRLF, signed amounts) with the given lines. */
function lloydsStatement(lines: Array<{ date: string; name: string; amount: string; reference: string }>): Buffer {
  const rows = [
    'Post Date,Sort Code,Account Number,Name,Type,Amount,Customer Reference,Detail,Balance',
    ...lines.map((l) =>
      [l.date, '30-00-01', '00012345', l.name, 'BGC', l.amount, l.reference, 'Remittance', '0.00'].join(','),
    ),
  ];
  return Buffer.from(`${rows.join('\r\n')}\r\n`, 'utf8');
}

const pounds = (text: string) => Number(/£([\d,]+\.\d{2})/.exec(text)![1]!.replace(/,/g, ''));

test('Southampton closes November: bank statement matched, aged debt, a statement, ledger batches, UBL, and netting with the Isle of Wight', async ({
  page,
}) => {
  test.setTimeout(300_000);

  await test.step('the Isle of Wight bills October, including its adviser days for Southampton', async () => {
    await signIn(page, IOW_FINANCE);
    await billOctober(page);
    await signOut(page);
  });

  let invoiceNumber = '';
  let stillToPay = 0;
  await test.step("Southampton's finance officer opens Finance and sees the month reconciled", async () => {
    await signIn(page, FINANCE);
    await billOctober(page);
    await openNav(page, 'Finance');
    await expect(page.getByRole('heading', { level: 1, name: 'Finance' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Reconciliation' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Reconciliation' })).toBeVisible();
    const main = page.getByRole('main');
    await expect(main.getByRole('table', { name: 'By service' })).toContainText('Control total');
    await expect(main.getByRole('table', { name: 'By service' })).toContainText('Educational psychology day');
    await expectNoAxeViolations(page);

    // The academy's October invoice: what is still to pay on it.
    await openNav(page, 'Invoices');
    const row = page
      .getByRole('main')
      .getByRole('row')
      .filter({ hasText: ACADEMY })
      .filter({ hasText: /SCC-INV\d{6}/ });
    const link = row.first().getByRole('link', { name: /^SCC-INV\d{6}$/ });
    invoiceNumber = (await link.innerText()).trim();
    await link.click();
    stillToPay = pounds(
      await page
        .getByRole('main')
        .getByText(/Still to pay: £/)
        .innerText(),
    );
    expect(stillToPay).toBeGreaterThan(1);
  });

  await test.step('imports a Lloyds statement: one payment matches by invoice number, one waits', async () => {
    const part = Math.round(stillToPay * 50) / 100; // about half, in pounds and pence
    const rest = Math.round((stillToPay - part) * 100) / 100;
    const statement = lloydsStatement([
      { date: '20/11/2026', name: 'OASIS LORDS HILL', amount: part.toFixed(2), reference: invoiceNumber },
      { date: '21/11/2026', name: 'OASIS COMMUNITY LEARNING', amount: rest.toFixed(2), reference: 'OCL REMIT 4471' },
      { date: '21/11/2026', name: 'STATIONERY SUPPLIER', amount: '-86.40', reference: 'PAY 1182' },
    ]);
    const importStatement = async () => {
      const main = page.getByRole('main');
      await main.getByLabel('Lloyds Commercial Banking Online CSV').check();
      await main.getByLabel('Statement file').setInputFiles({
        name: 'lloyds-november.csv',
        mimeType: 'text/csv',
        buffer: statement,
      });
      await main.getByRole('button', { name: 'Import statement' }).click();
    };
    await openNav(page, 'Finance');
    await page.getByRole('link', { name: 'Bank statements' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Bank statements' })).toBeVisible();
    await expectNoAxeViolations(page);
    const main = page.getByRole('main');
    await importStatement();
    await expect(page.getByRole('heading', { level: 1, name: /lloyds-november\.csv|Statement/ })).toBeVisible();
    await expect(main).toContainText('Matched automatically');
    await expect(main).toContainText(invoiceNumber);
    await expect(main).toContainText('Waiting to be matched');
    await expectNoAxeViolations(page);

    // The same file again records nothing twice.
    await page.goto('/t/southampton/finance/bank-statements');
    await importStatement();
    await expect(page.locator('.govuk-notification-banner')).toContainText('Nothing new in this statement');

    // The payment that waits is matched by hand to the academy's invoice.
    await main
      .getByRole('table', { name: /could not be matched automatically/ })
      .getByRole('row')
      .filter({ hasText: 'OCL REMIT 4471' })
      .getByRole('link', { name: /^Match/ })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: /paid in on 21 November 2026/ })).toBeVisible();
    await expectNoAxeViolations(page);
    await main.getByLabel('Which customer paid?').selectOption({ label: ACADEMY });
    await main.getByRole('button', { name: 'Show their invoices' }).click();
    await main.getByLabel(`Amount to allocate to ${invoiceNumber}, in pounds`).fill(rest.toFixed(2));
    await main.getByRole('button', { name: `Match to ${ACADEMY}` }).click();
    await expect(page.locator('.govuk-notification-banner')).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step('opens aged debt and downloads a statement for a school', async () => {
    await openNav(page, 'Finance');
    await page.getByRole('link', { name: 'Aged debt' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Aged debt' })).toBeVisible();
    await expectNoAxeViolations(page);
    const main = page.getByRole('main');
    const csv = await page.request.get(
      await main
        .getByRole('link', { name: 'Download as CSV' })
        .getAttribute('href')
        .then((h) => h!),
    );
    expect(csv.status()).toBe(200);
    await main.getByRole('link', { name: 'Bitterne Park Primary School' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Statement of account' })).toBeVisible();
    await expect(main).toContainText('Bitterne Park Primary School');
    await expectNoAxeViolations(page);
    const pdf = await page.request.get(
      (await main.getByRole('link', { name: 'Download statement as PDF' }).getAttribute('href'))!,
    );
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // Reminder emails: the days to send them, and what was sent.
    await openNav(page, 'Finance');
    await page.getByRole('link', { name: 'Aged debt' }).click();
    await page.getByRole('main').getByRole('link', { name: 'Reminder emails' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('main').getByLabel('Days after the due date to send a reminder')).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step('looks at income against budget and take-up for the year', async () => {
    await openNav(page, 'Finance');
    await page.getByRole('link', { name: 'Income and cost recovery' }).click();
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { name: 'Income by service and month' })).toBeVisible();
    await expect(main.getByRole('heading', { name: 'Take-up by school' })).toBeVisible();
    await expect(main.locator('svg[role="img"]').first()).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step("exports November's invoice batch and the recharge journal", async () => {
    for (const button of ['Export invoices and credit notes', 'Export recharge journal']) {
      await openNav(page, 'Finance');
      await page.getByRole('link', { name: 'Ledger export' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Ledger export' })).toBeVisible();
      await expectNoAxeViolations(page);
      const main = page.getByRole('main');
      await main.getByLabel('Month').selectOption({ label: 'November 2026' });
      await main.getByRole('button', { name: button }).click();
      await expect(page.locator('.govuk-notification-banner')).toContainText(/Batch LB\d{6} exported/);
      await expectNoAxeViolations(page);
      const href = (await main.getByRole('link', { name: /^Download the file/ }).getAttribute('href'))!;
      const first = await page.request.get(href);
      const again = await page.request.get(href);
      expect(first.status()).toBe(200);
      expect(Buffer.compare(await first.body(), await again.body())).toBe(0);
    }
  });

  await test.step('downloads the invoice to the Isle of Wight as a UBL e-invoice', async () => {
    await openNav(page, 'Invoices');
    const row = page
      .getByRole('main')
      .getByRole('row')
      .filter({ hasText: IOW })
      .filter({ hasText: /SCC-INV\d{6}/ });
    await row
      .first()
      .getByRole('link', { name: /^SCC-INV\d{6}$/ })
      .click();
    const href = (await page.getByRole('link', { name: 'Download as e-invoice (UBL XML)' }).getAttribute('href'))!;
    const xml = await page.request.get(href);
    expect(xml.status()).toBe(200);
    expect(xml.headers()['content-type']).toContain('application/xml');
    const text = await xml.text();
    expect(text).toContain('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"');
    expect(text).toContain('IWC-PO-55120');
  });

  await test.step('settles with the Isle of Wight by netting', async () => {
    await openNav(page, 'Finance');
    await page.getByRole('link', { name: 'Settlement with partner councils' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settlement with partner councils' })).toBeVisible();
    await expectNoAxeViolations(page);
    const main = page.getByRole('main');
    await main.getByLabel('Partner council').selectOption('isle-of-wight');
    await main.getByRole('button', { name: 'Show statement' }).click();
    await expectNoAxeViolations(page);
    await main.getByRole('button', { name: 'Settle by netting' }).click();
    await expect(main.getByRole('heading', { name: /^Settle £[\d,.]+ with .* by netting\?$/ })).toBeVisible();
    await expectNoAxeViolations(page);
    await main.getByRole('button', { name: 'Yes, settle by netting' }).click();
    await expect(page.locator('.govuk-notification-banner')).toContainText(/settled by netting with/);
    await expect(main.getByRole('table', { name: /Settlements by netting/ })).toContainText('Netting');
    await expectNoAxeViolations(page);
  });
});
