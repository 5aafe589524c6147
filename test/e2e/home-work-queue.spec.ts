import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { expectNoAxeViolations, signIn, openNav } from './axe';

// Home is a work queue. Southampton's service manager lands on home and, if the 2026/27 charge
// schedule is still a draft, publishes it from there. Bitterne Park's business manager orders 3
// educational psychology days, over the school's £1,000 approval threshold; the headteacher lands
// on home, finds the order waiting for approval, follows the link and approves it, and home no
// longer lists it. The service manager's home then lists it as an order to accept; they follow the
// link, accept it, and home no longer lists it. Every page is checked with axe at both widths.
//
// The journeys share one server and database (playwright.config.ts): every order is found by its
// own reference, and publishing or setting the threshold is done only if not done already.

const SERVICE_MANAGER = 'services@southampton.example';
const BUSINESS_MANAGER = 'bitterne-park@schools.southampton.example';
const APPROVER = 'bitterne-park-head@schools.southampton.example';
const SCHOOL = 'Bitterne Park Primary School - Part of the Learning Federation Partnership of Schools';
const SOUTHAMPTON = 'Southampton City Council Education Services';
const SLUG = 'southampton';
const SERVICE = 'Educational psychology day';
const YEAR_LABEL = '2026/27 academic year';
const DAYS = 3;
const THRESHOLD_POUNDS = '1000';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const catalogue = JSON.parse(readFileSync(path.join(process.cwd(), 'tenants', SLUG, 'catalogue.json'), 'utf8')) as {
  schedules: Array<{
    yearKind: string;
    startYear: number;
    prices: Record<string, Record<string, { unitPricePence?: number }>>;
  }>;
};
const dayPence = catalogue.schedules.find((s) => s.yearKind === 'academic' && s.startYear === 2026)?.prices['EP-DAY']?.[
  'own_maintained'
]?.unitPricePence;
if (typeof dayPence !== 'number' || DAYS * dayPence < 100000)
  throw new Error(`tenants/${SLUG}/catalogue.json: expected a 2026/27 EP-DAY price making ${DAYS} days £1,000 or more`);

test.use({ actionTimeout: 15_000 });

function banner(page: Page, text: string | RegExp) {
  return page.getByRole('alert').filter({ hasText: 'Success' }).filter({ hasText: text });
}

/** The buyer's home, by the organisation's name in the header, as a person gets back to it. */
async function buyerHome(page: Page) {
  await page.getByRole('link', { name: SCHOOL, exact: true }).click();
  await expect(page).toHaveURL(/\/buy$/);
  await expect(page.getByRole('heading', { level: 1, name: SCHOOL })).toBeVisible();
}

test('home lists the work waiting for each person, and acting on it takes it off', async ({
  page: manager,
  browser,
  baseURL,
}) => {
  test.setTimeout(420_000);
  const contexts: BrowserContext[] = [];
  async function signedIn(b: Browser, email: string): Promise<Page> {
    const context = await b.newContext({ baseURL });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, email);
    return page;
  }

  try {
    let reference = '';

    await test.step(`Southampton's service manager lands on home and publishes the ${YEAR_LABEL} if it waits`, async () => {
      await signIn(manager, SERVICE_MANAGER);
      await expect(manager).toHaveURL(new RegExp(`/t/${SLUG}$`));
      await expect(manager.getByRole('heading', { level: 1, name: SOUTHAMPTON })).toBeVisible();
      // The council's static details are on Settings, not here.
      await expect(manager.getByRole('main')).not.toContainText('Local authority code');
      await expectNoAxeViolations(manager);

      const toPublish = manager
        .getByRole('table', { name: 'Charge schedules to publish' })
        .getByRole('row')
        .filter({ hasText: YEAR_LABEL });
      if ((await toPublish.count()) > 0) {
        await toPublish.getByRole('link', { name: `Publish the draft for the ${YEAR_LABEL}` }).click();
        await expect(manager).toHaveURL(new RegExp(`/t/${SLUG}/schedules/${UUID}$`));
        await expectNoAxeViolations(manager);
        await manager.getByRole('main').getByRole('button', { name: 'Publish this schedule' }).click();
        // Publishing may first ask "Are you sure?" on a page of its own.
        const yes = manager.getByRole('main').getByRole('button', { name: 'Yes, publish this schedule' });
        await expect(banner(manager, 'Schedule published').or(yes)).toBeVisible();
        if (await yes.isVisible()) {
          await expectNoAxeViolations(manager);
          await yes.click();
        }
        await expect(banner(manager, 'Schedule published')).toBeVisible();
        await openNav(manager, 'Home');
        await expect(manager.getByRole('table', { name: 'Charge schedules to publish' })).toHaveCount(0);
      }
    });

    const approver = await test.step('the headteacher has orders of £1,000 or more wait for approval', async () => {
      const page = await signedIn(browser, APPROVER);
      await expect(page).toHaveURL(/\/buy$/);
      await expect(page.getByRole('heading', { level: 1, name: SCHOOL })).toBeVisible();
      await expectNoAxeViolations(page);
      await openNav(page, 'Approval');
      const threshold = page.getByRole('main').getByLabel('Orders need approval from', { exact: true });
      await threshold.fill(THRESHOLD_POUNDS);
      await page.getByRole('main').getByRole('button', { name: 'Save', exact: true }).click();
      await expect(banner(page, 'Orders of £1,000.00 or more need approval')).toBeVisible();
      await expectNoAxeViolations(page);
      return page;
    });

    await test.step(`the business manager lands on home, goes to Services and orders ${DAYS} days`, async () => {
      const page = await signedIn(browser, BUSINESS_MANAGER);
      await expect(page).toHaveURL(/\/buy$/);
      await expect(page.getByRole('heading', { level: 1, name: SCHOOL })).toBeVisible();
      await expectNoAxeViolations(page);

      await openNav(page, 'Services');
      await expect(page).toHaveURL(/\/buy\/services$/);
      const form = page.getByRole('search', { name: 'Services' });
      await form.getByLabel('Search services', { exact: true }).fill(SERVICE);
      await form.getByRole('button', { name: 'Search' }).click();
      const row = page
        .getByRole('main')
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: SERVICE, exact: true }) })
        .filter({ hasText: SOUTHAMPTON });
      await row.getByRole('link', { name: SERVICE, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/buy/services/${SLUG}/${UUID}$`));

      const main = page.getByRole('main');
      const year = main.getByLabel('Contract year', { exact: true });
      if ((await year.count()) > 0) await year.selectOption({ label: YEAR_LABEL });
      await main.getByLabel('How many days?', { exact: true }).fill(String(DAYS));
      await main.getByRole('button', { name: 'Get price' }).click();
      await main.getByRole('button', { name: 'Add to basket' }).click();
      await expect(page).toHaveURL(/\/buy\/basket\?added=1$/);
      await main.getByRole('button', { name: `Check out with ${SOUTHAMPTON}` }).click();
      await main.getByLabel('Purchase order number', { exact: true }).fill('PO-HOME-1');
      // Checking out may first show the order to check before it is submitted.
      const carryOn = main.getByRole('button', { name: 'Continue', exact: true });
      if (await carryOn.isVisible()) await carryOn.click();
      await main.getByRole('button', { name: `Submit order to ${SOUTHAMPTON}` }).click();
      await expect(page).toHaveURL(/\/buy\/orders\?placed=SOTON-ORD-\d+$/);
      reference = new URL(page.url()).searchParams.get('placed')!;
      await expect(main.getByRole('row').filter({ hasText: reference })).toContainText('Waiting for approval');

      // On the business manager's home it is in progress, not theirs to approve.
      await buyerHome(page);
      const inProgress = page.getByRole('table', { name: 'Orders in progress' });
      await expect(inProgress.getByRole('link', { name: reference, exact: true })).toBeVisible();
      await expect(page.getByRole('table', { name: 'Orders to approve' })).toHaveCount(0);
      await expectNoAxeViolations(page);
    });

    await test.step('the headteacher finds the order on home, follows the link and approves it', async () => {
      const page = approver;
      await buyerHome(page);
      const toApprove = page.getByRole('table', { name: 'Orders to approve' });
      const row = toApprove.getByRole('row').filter({ has: page.getByRole('link', { name: reference, exact: true }) });
      await expect(row).toContainText(SOUTHAMPTON);
      await expectNoAxeViolations(page);

      await row.getByRole('link', { name: reference, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/buy/orders/${SLUG}/${UUID}$`));
      await expect(page.getByRole('heading', { level: 1, name: `Order ${reference}` })).toBeVisible();
      await expectNoAxeViolations(page);
      await page.getByRole('main').getByRole('button', { name: 'Approve order' }).click();
      await expect(page).toHaveURL(/\?done=approved$/);
      await expect(banner(page, 'Order approved')).toBeVisible();
      await expectNoAxeViolations(page);

      await buyerHome(page);
      await expect(
        page.getByRole('table', { name: 'Orders to approve' }).getByRole('link', { name: reference, exact: true }),
      ).toHaveCount(0);
      // It goes on to Southampton: still in progress for the school.
      await expect(
        page.getByRole('table', { name: 'Orders in progress' }).getByRole('link', { name: reference, exact: true }),
      ).toBeVisible();
      await expectNoAxeViolations(page);
    });

    await test.step('the service manager finds it on home as an order to accept, follows the link and accepts it', async () => {
      const page = manager;
      await openNav(page, 'Home');
      await expect(page).toHaveURL(new RegExp(`/t/${SLUG}$`));
      const toAccept = page.getByRole('table', { name: 'Orders to accept' });
      const row = toAccept.getByRole('row').filter({ has: page.getByRole('link', { name: reference, exact: true }) });
      await expect(row).toContainText(SCHOOL);
      await expectNoAxeViolations(page);

      await row.getByRole('link', { name: reference, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/t/${SLUG}/orders/${UUID}$`));
      await expect(page.getByRole('heading', { level: 1 })).toContainText(`Order ${reference}`);
      await expectNoAxeViolations(page);
      await page.getByRole('main').getByRole('button', { name: 'Accept order' }).click();
      await expect(page).toHaveURL(/\?done=accepted$/);
      await expect(banner(page, 'Order accepted')).toBeVisible();
      await expectNoAxeViolations(page);

      await openNav(page, 'Home');
      await expect(page).toHaveURL(new RegExp(`/t/${SLUG}$`));
      await expect(page.getByRole('main').getByRole('link', { name: reference, exact: true })).toHaveCount(0);
      await expectNoAxeViolations(page);
    });
  } finally {
    for (const context of contexts) await context.close();
  }
});
