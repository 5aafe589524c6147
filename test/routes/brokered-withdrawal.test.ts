import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { describeAuditEvent } from '../../app/audit/audit-words';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { improvementBudget } from '../../app/improvement/improvement-budget.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as buyerOrderPage from '../../app/routes/buy.orders.$tenant.$orderId';
import * as detailPage from '../../app/routes/t.$tenant.brokered-support.$brokerageId';
import * as listPage from '../../app/routes/t.$tenant.brokered-support._index';
import * as linePage from '../../app/routes/t.$tenant.lines.$lineId';
import * as orderPage from '../../app/routes/t.$tenant.orders.$orderId';
import * as brokerPage from '../../app/routes/t.$tenant.schools.$urn_.broker';
import { runScoped } from '../../db/scope.server';
import {
  addMember,
  asUser,
  createSchool,
  createTenant,
  createUser,
  EP_DAY_FIELDS,
  get,
  ownerDb,
  post,
  respond,
  twoTenants,
  useToday,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';
import { readMails } from '../setup/mail';
import { routeData } from '../setup/route-data';

const remix = routeData();
const render = (component: () => unknown, loaderData: unknown, actionData: unknown = undefined, search = '') => {
  remix.loaderData = loaderData;
  remix.actionData = actionData;
  remix.search = search;
  return renderToStaticMarkup(createElement(component as never));
};

// Support for 2025/26 (the year ending in 2026), brokered and withdrawn while it runs: its lines
// start on 1 September 2025, so after acceptance any notice period has been missed.
useToday('2026-03-01');
const YEAR = '2026';
const SCHOOL_RATE = 45000;
const COUNCIL_RATE = 50000;
const ALPHA_SCHOOL = 900001;
const LATE_PERCENT = 40;

let alpha: TestTenant; // the brokering council
let beta: TestTenant; // a third council
let springhill: TestTenant; // the teaching school that supports
let alphaAdmin: Browser;
let betaAdmin: Browser;
let springhillAdmin: Browser;
let sleDay: string;

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });

async function tenantCtx(userId: string, slug: string): Promise<TenantContext> {
  return requireTenantMember(get(`/t/${slug}`, await asUser(userId)), slug);
}

async function teachingSchool(): Promise<TestTenant> {
  const t = await createTenant('springhill', '850', 900010);
  const db = await ownerDb();
  const schoolOrg = await createSchool(900011, '850', 'Springhill teaching school');
  await db
    .updateTable('tenants')
    .set({ kind: 'teaching_school', organisation_id: schoolOrg })
    .where('id', '=', t.id)
    .execute();
  return t;
}

/** Brokers two days of the teaching school's day service for alpha's school; the brokerage's id. */
async function brokerTwoDays(fundedBy: 'school' | 'authority'): Promise<string> {
  const placed = await respond(() =>
    brokerPage.action(
      args(
        post(
          `/t/alpha/schools/${ALPHA_SCHOOL}/broker`,
          {
            academicYear: YEAR,
            offer: `${springhill.id}:${sleDay}`,
            days: '2',
            rate: '',
            fundedBy,
            reason: 'Maths leadership',
          },
          alphaAdmin,
        ),
        { tenant: 'alpha', urn: String(ALPHA_SCHOOL) },
      ),
    ),
  );
  expect(placed.status, JSON.stringify(placed.value)).toBe(302);
  return /brokered-support\/([0-9a-f-]{36})/.exec(placed.response!.headers.get('location') ?? '')![1]!;
}

type DetailData = Awaited<ReturnType<typeof detailPage.loader>>;
const detail = async (id: string, browser = alphaAdmin, slug = 'alpha', search = '') =>
  respond(() =>
    detailPage.loader(
      args(get(`/t/${slug}/brokered-support/${id}${search}`, browser), { tenant: slug, brokerageId: id }),
    ),
  );
const detailData = async (id: string, search = '') =>
  (await detail(id, alphaAdmin, 'alpha', search)).value as DetailData;

const withdraw = (id: string, fields: Record<string, string>, browser = alphaAdmin, slug = 'alpha') =>
  respond(() =>
    detailPage.action(
      args(post(`/t/${slug}/brokered-support/${id}`, { intent: 'withdraw', ...fields }, browser), {
        tenant: slug,
        brokerageId: id,
      }),
    ),
  );

async function brokerage(id: string) {
  const db = await ownerDb();
  const b = await db.selectFrom('brokered_supports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const order = await db
    .selectFrom('orders')
    .selectAll()
    .where('tenant_id', '=', springhill.id)
    .where('id', '=', b.order_id)
    .executeTakeFirstOrThrow();
  const line = await db
    .selectFrom('order_lines')
    .selectAll()
    .where('tenant_id', '=', springhill.id)
    .where('id', '=', b.order_line_id)
    .executeTakeFirstOrThrow();
  return { b, order, line };
}

async function accept(orderId: string) {
  const accepted = await respond(() =>
    orderPage.action(
      args(post(`/t/springhill/orders/${orderId}`, { intent: 'accept' }, springhillAdmin), {
        tenant: 'springhill',
        orderId,
      }),
    ),
  );
  expect(accepted.status).toBe(302);
}

const errorsOf = (value: unknown) => (value as { errors: Array<{ field?: string; message: string }> }).errors;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  springhill = await teachingSchool();
  alphaAdmin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
  betaAdmin = await asUser(beta.adminId, `tenant:${beta.id}`);
  springhillAdmin = await asUser(springhill.adminId, `tenant:${springhill.id}`);
  const ctx = await tenantCtx(springhill.adminId, 'springhill');
  sleDay = await createService(
    ctx,
    serviceForm.parse({
      ...EP_DAY_FIELDS,
      code: 'SLE-DAY',
      name: 'Specialist leader of education day',
      category: 'school_improvement',
      cancellationNoticeDays: '30',
      lateCancellationPercent: String(LATE_PERCENT),
    }),
  );
  const schedule = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
  await changeServiceStatus(ctx, sleDay, 'published');
  const price = (pence: number) => ({
    model: 'per_unit' as const,
    unitPricePence: pence,
    minimumChargePence: 0,
    rounding: 'penny' as const,
  });
  for (const customerClass of ['own_maintained', 'academy'] as const)
    await setServicePrice(ctx, schedule, sleDay, customerClass, price(40000));
  await setServicePrice(ctx, schedule, sleDay, 'other_la_school', price(SCHOOL_RATE));
  await setServicePrice(ctx, schedule, sleDay, 'partner_council', price(COUNCIL_RATE));
  await publishSchedule(ctx, schedule);
});

describe('withdrawing a brokerage', () => {
  it('before the provider accepts: the order is closed with the reason, free, audited on both sides, the provider emailed', async () => {
    const id = await brokerTwoDays('school');
    const before = await detailData(id);
    expect(before.withdrawal).toEqual({ ok: true, accepted: false, chargePence: 0, working: [] });
    const page = render(detailPage.default, before);
    expect(page).toContain('Withdraw this brokerage');
    expect(page).toContain(`href="/t/alpha/brokered-support/${id}?confirm=withdraw"`);

    // The confirm step says what happens and what it costs.
    const asking = await detailData(id, '?confirm=withdraw');
    expect(asking.askingWithdraw).toBe(true);
    const confirm = render(detailPage.default, asking);
    expect(confirm).toContain('Are you sure you want to withdraw brokerage BRK-0001?');
    expect(confirm).toContain('has not accepted the order yet, so withdrawing costs nothing');
    expect(confirm).toContain('name="charge" value="0"');
    expect(confirm).toContain('<label class="govuk-label" for="reason">');

    const done = await withdraw(id, { reason: 'The school found support nearer home', charge: '0' });
    expect(done.status, JSON.stringify(done.value)).toBe(302);
    expect(done.response!.headers.get('location')).toBe(`/t/alpha/brokered-support/${id}?withdrawn=1`);

    const { order, line } = await brokerage(id);
    expect(order).toMatchObject({
      status: 'cancelled',
      closed_reason: 'The school found support nearer home',
      closed_by: alpha.adminId,
    });
    expect(line).toMatchObject({ status: 'cancelled' });
    expect(Number(line.cancellation_charge_pence)).toBe(0);

    const mails = await readMails();
    const told = mails.filter(
      (m) =>
        m.subject === `Order ${order.reference} withdrawn by alpha education services` && m.text.includes(order.id),
    );
    expect(told.map((m) => m.to)).toEqual(['springhill@example.com']);
    expect(told[0]!.text).toContain('The school found support nearer home');
    expect(told[0]!.text).toContain('nothing is charged');
    expect(told[0]!.text).toContain(`/t/springhill/orders/${order.id}`);
    // The school was to pay: its business manager is told too, and that it costs nothing.
    const schoolTold = mails.filter((m) => m.to === 'bursar@alpha-school.example' && m.subject.includes('withdrawn'));
    expect(schoolTold.map((m) => m.subject)).toEqual([
      'Support for alpha primary school withdrawn by alpha education services',
    ]);
    expect(schoolTold[0]!.text).toContain(`Order ${order.reference} is cancelled`);
    expect(schoolTold[0]!.text).toContain('Their reason: The school found support nearer home');
    expect(schoolTold[0]!.text).toContain('had not yet accepted the order, so nothing is charged');

    const db = await ownerDb();
    const audit = await db
      .selectFrom('audit_events')
      .select(['tenant_id', 'action', 'actor_user_id', 'detail'])
      .where('action', 'in', ['brokered_support.withdrawn', 'order.cancelled'])
      .execute();
    expect(audit).toHaveLength(2);
    const councilSide = audit.find((a) => a.tenant_id === alpha.id)!;
    const providerSide = audit.find((a) => a.tenant_id === springhill.id)!;
    expect(councilSide).toMatchObject({ action: 'brokered_support.withdrawn', actor_user_id: alpha.adminId });
    expect(councilSide.detail).toMatchObject({ reference: 'BRK-0001', accepted: false, cancellationChargePence: 0 });
    expect(providerSide).toMatchObject({ action: 'order.cancelled', actor_user_id: alpha.adminId });
    expect(providerSide.detail).toMatchObject({
      by: 'broker',
      brokeredBy: 'alpha education services',
      brokerage: 'BRK-0001',
      cancellationChargePence: 0,
    });

    // The brokerage reads withdrawn, from its order; nothing more can be withdrawn.
    const after = await detailData(id, '?withdrawn=1');
    expect(after.b).toMatchObject({ lineStatus: 'cancelled', withdrawnReason: 'The school found support nearer home' });
    expect(after.withdrawal).toBeNull();
    const html = render(detailPage.default, after, undefined, 'withdrawn=1');
    expect(html).toContain('Brokerage withdrawn');
    expect(html).toContain('>Withdrawn</strong>');
    expect(html).not.toContain('Withdraw this brokerage');
    const list = (
      await respond(() =>
        listPage.loader(args(get(`/t/alpha/brokered-support?year=${YEAR}`, alphaAdmin), { tenant: 'alpha' })),
      )
    ).value as Awaited<ReturnType<typeof listPage.loader>>;
    expect(render(listPage.default, list)).toContain('>Withdrawn</strong>');
    const again = await withdraw(id, { reason: 'Twice', charge: '0' });
    expect(again.status).toBe(409);
    expect(errorsOf(again.value)[0]!.message).toMatch(/nothing to withdraw/);
  });

  it('after acceptance: the line is cancelled with the late-cancellation charge shown, and the budget stops committing it and spends the charge', async () => {
    const id = await brokerTwoDays('authority');
    const { order } = await brokerage(id);
    const ctx = await tenantCtx(alpha.adminId, 'alpha');
    const brokered = async () =>
      (await improvementBudget(ctx, Number(YEAR))).position.byCategory.find((c) => c.category === 'brokered')!;
    const committed = async () => (await brokered()).committedPence;
    expect(await committed()).toBe(2 * COUNCIL_RATE);
    expect((await brokered()).spentPence).toBe(0);

    // Shown free while the provider had not accepted; accepted meanwhile, that figure is refused.
    expect((await detailData(id)).withdrawal).toMatchObject({ ok: true, chargePence: 0 });
    await accept(order.id);
    const stale = await withdraw(id, { reason: 'No longer needed', charge: '0' });
    expect(stale.status).toBe(409);
    expect(errorsOf(stale.value)[0]!.message).toMatch(/check the cancellation charge and confirm again/);
    expect((await brokerage(id)).order.status).toBe('accepted');

    const charge = (2 * COUNCIL_RATE * LATE_PERCENT) / 100;
    const asking = await detailData(id, '?confirm=withdraw');
    expect(asking.withdrawal).toMatchObject({ ok: true, accepted: true, chargePence: charge });
    const confirm = render(detailPage.default, asking, stale.value);
    expect(confirm).toContain('withdrawing today costs the authority £400.00 under the line&#x27;s cancellation terms');
    expect(confirm).toContain('40% of £1,000.00 = £400.00');
    expect(confirm).toContain(`name="charge" value="${charge}"`);
    expect(confirm).toContain('govuk-error-summary');

    const done = await withdraw(id, { reason: 'No longer needed', charge: String(charge) });
    expect(done.status, JSON.stringify(done.value)).toBe(302);
    const { order: closed, line } = await brokerage(id);
    expect(closed).toMatchObject({ status: 'cancelled', closed_reason: 'No longer needed' });
    expect(line.status).toBe('cancelled');
    expect(Number(line.cancellation_charge_pence)).toBe(charge);
    expect(await committed()).toBe(0);
    // The charge the authority pays for withdrawing late is spent from the budget.
    expect((await brokered()).spentPence).toBe(charge);
    const after = await detailData(id);
    expect(after.b.cancellationChargePence).toBe(charge);
    expect(render(detailPage.default, after)).toContain('£400.00');
    const told = (await readMails()).filter(
      (m) =>
        m.subject === `Order ${order.reference} withdrawn by alpha education services` && m.text.includes(order.id),
    );
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain("Under the line's cancellation terms a charge of £400.00 applies to the buyer.");
    // The authority paid, not the school: the school is not written to.
    expect(
      (await readMails()).some((m) => m.to === 'bursar@alpha-school.example' && m.text.includes('No longer needed')),
    ).toBe(false);
  });

  it('refuses once work is logged, and says so on the page', async () => {
    const id = await brokerTwoDays('school');
    const { order, line } = await brokerage(id);
    await accept(order.id);
    const logged = await respond(() =>
      linePage.action(
        args(
          post(
            `/t/springhill/lines/${line.id}`,
            {
              intent: 'log',
              deliveredOn: '2026-03-01',
              units: '1',
              practitionerId: springhill.adminId,
              workType: 'Visit',
              note: '',
            },
            springhillAdmin,
          ),
          { tenant: 'springhill', lineId: line.id },
        ),
      ),
    );
    expect(logged.status, JSON.stringify(logged.value)).toBe(302);
    const page = await detailData(id);
    expect(page.withdrawal).toMatchObject({ ok: false, final: false });
    expect(render(detailPage.default, page)).toContain('Work has already been logged against it');
    const r = await withdraw(id, { reason: 'Too late', charge: '0' });
    expect(r.status).toBe(409);
    expect((await brokerage(id)).order.status).toBe('accepted');
  });

  it('needs a reason: the error summary names the field and nothing changes, in the page and in the database', async () => {
    const id = await brokerTwoDays('school');
    for (const reason of ['', '   ']) {
      const r = await withdraw(id, { reason, charge: '0' });
      expect(r.status).toBe(400);
      expect(errorsOf(r.value)).toEqual([{ field: 'reason', message: 'Enter a reason for withdrawing the brokerage' }]);
      const html = render(detailPage.default, await detailData(id), r.value);
      expect(html).toContain('govuk-error-summary');
      expect(html).toContain('href="#reason"');
      expect(html).toContain('Are you sure you want to withdraw brokerage BRK-0001?');
    }
    expect((await withdraw(id, { reason: 'x'.repeat(1001), charge: '0' })).status).toBe(400);
    const db = await ownerDb();
    await expect(
      runScoped(db, { tenantId: alpha.id, userId: alpha.adminId }, (tx) =>
        sql`select * from withdraw_brokerage(${id}::uuid, ' ', '2026-03-01'::date, 0, '{}'::text[])`.execute(tx),
      ),
    ).rejects.toThrow(/Enter a reason/);
    expect((await brokerage(id)).order.status).toBe('awaiting_provider');
  });

  it('another council gets 404 and is refused in the database; a practitioner is refused', async () => {
    const id = await brokerTwoDays('school');
    expect((await withdraw(id, { reason: 'Mine now', charge: '0' }, betaAdmin, 'beta')).status).toBe(404);
    expect((await withdraw(id, { reason: 'Mine now', charge: '0' }, betaAdmin, 'alpha')).status).toBe(404);
    expect((await withdraw(randomUUID(), { reason: 'Nothing', charge: '0' })).status).toBe(404);
    expect((await detail(id, betaAdmin, 'beta', '?confirm=withdraw')).status).toBe(404);

    const db = await ownerDb();
    await runScoped(db, { tenantId: beta.id, userId: beta.adminId }, async (tx) => {
      expect((await sql`select * from brokerage_withdrawal_terms(${id}::uuid)`.execute(tx)).rows).toEqual([]);
      await expect(
        sql`select * from withdraw_brokerage(${id}::uuid, 'Mine now', '2026-03-01'::date, 0, '{}'::text[])`.execute(tx),
      ).rejects.toThrow(/not one of the council/);
    });

    const practitionerId = await createUser('adviser@alpha.example', 'Alex Adviser');
    await addMember(alpha.id, practitionerId, 'practitioner');
    const practitioner = await asUser(practitionerId, `tenant:${alpha.id}`);
    const read = await detail(id, practitioner, 'alpha', '?confirm=withdraw');
    expect(read.status).toBe(200);
    expect((read.value as DetailData).withdrawal).toBeNull();
    expect((read.value as DetailData).askingWithdraw).toBe(false);
    expect(render(detailPage.default, read.value)).not.toContain('Withdraw this brokerage');
    expect((await withdraw(id, { reason: 'Not mine to', charge: '0' }, practitioner)).status).toBe(403);
    await expect(
      runScoped(db, { tenantId: alpha.id, userId: practitionerId }, (tx) =>
        sql`select * from withdraw_brokerage(${id}::uuid, 'Not mine to', '2026-03-01'::date, 0, '{}'::text[])`.execute(
          tx,
        ),
      ),
    ).rejects.toThrow(/Only a service manager or admin/);
    // The provider cannot withdraw a brokerage through the council's function either.
    await expect(
      runScoped(db, { tenantId: springhill.id, userId: springhill.adminId }, (tx) =>
        sql`select * from withdraw_brokerage(${id}::uuid, 'x', '2026-03-01'::date, 0, '{}'::text[])`.execute(tx),
      ),
    ).rejects.toThrow(/Only a service manager or admin/);
    expect((await brokerage(id)).order.status).toBe('awaiting_provider');
  });
});

describe("the school's view of a brokered order", () => {
  it('says which council brokered it and why; another buyer sees neither the order nor the brokerage', async () => {
    const id = await brokerTwoDays('school');
    const { order } = await brokerage(id);
    const bursar = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    const view = await respond(() =>
      buyerOrderPage.loader(
        args(get(`/buy/orders/springhill/${order.id}`, bursar), { tenant: 'springhill', orderId: order.id }),
      ),
    );
    expect(view.status).toBe(200);
    const data = view.value as Awaited<ReturnType<typeof buyerOrderPage.loader>>;
    expect(data.brokerage).toMatchObject({ councilName: 'alpha education services', reason: 'Maths leadership' });
    const html = render(buyerOrderPage.default, data);
    expect(html).toContain('Brokered by');
    expect(html).toContain('alpha education services (BRK-0001), bought by the school');
    expect(html).toContain('Maths leadership');

    const otherBuyer = await asUser(beta.buyerId, `org:${beta.schoolOrganisationId}`);
    expect(
      (
        await respond(() =>
          buyerOrderPage.loader(
            args(get(`/buy/orders/springhill/${order.id}`, otherBuyer), { tenant: 'springhill', orderId: order.id }),
          ),
        )
      ).status,
    ).toBe(404);
    const db = await ownerDb();
    await runScoped(db, { organisationId: beta.schoolOrganisationId, userId: beta.buyerId }, async (tx) => {
      expect((await sql`select * from order_brokerage(${order.id}::uuid)`.execute(tx)).rows).toEqual([]);
    });
  });
});

describe('withdrawal in the audit log', () => {
  it('reads in words on both sides', () => {
    expect(
      describeAuditEvent({
        action: 'brokered_support.withdrawn',
        subjectType: 'brokered_support',
        subjectLabel: null,
        detail: {
          reference: 'BRK-0001',
          provider: 'Springhill',
          school: 'Bitterne Park',
          orderReference: 'SPRING-ORD-00001',
          accepted: true,
          cancellationChargePence: 40000,
          reason: 'No longer needed',
        },
      }),
    ).toBe(
      'withdrew BRK-0001 (Springhill supporting Bitterne Park, order SPRING-ORD-00001) with a cancellation charge of £400.00: “No longer needed”',
    );
    expect(
      describeAuditEvent({
        action: 'order.cancelled',
        subjectType: 'order',
        subjectLabel: 'order SPRING-ORD-00001',
        detail: {
          by: 'broker',
          brokeredBy: 'Southampton',
          brokerage: 'BRK-0001',
          cancellationChargePence: 0,
          reason: 'Nearer home',
        },
      }),
    ).toBe('cancelled order SPRING-ORD-00001 as Southampton, which brokered it (BRK-0001): “Nearer home”');
  });
});
