import type { LoaderFunctionArgs } from '@remix-run/node';
import { sql } from 'kysely';
import { requireTenantMember } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { runWithRequestMemo } from '../../app/http/request-memo.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as buyerOrders from '../../app/routes/buy.orders._index';
import * as catalogue from '../../app/routes/buy.services._index';
import * as servicePage from '../../app/routes/buy.services.$tenant.$serviceId';
import * as linePage from '../../app/routes/t.$tenant.lines.$lineId';
import * as providerOrders from '../../app/routes/t.$tenant.orders._index';
import * as workList from '../../app/routes/t.$tenant.work._index';
import { countStatements } from '../../db/statement-count.server';
import {
  copyService,
  addMember,
  asUser,
  createUser,
  EP_DAY_FIELDS,
  get,
  ownerDb,
  twoTenants,
  type Browser,
  type TestTenant,
} from './fixtures';

// The pages people use all day, over a provider whose lists are as long as asked: for the tests of
// what a page costs in statements and of the plans its queries use.

export const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

/** Runs work as one GET request does: with the request's memo, counting what it sends. */
export function asOneRequest<T>(work: () => Promise<T>) {
  return countStatements(
    () =>
      new Promise<T>((resolve, reject) => {
        runWithRequestMemo('GET', () => {
          work().then(resolve, reject);
        });
      }),
  );
}

export interface World {
  alpha: TestTenant;
  buyer: Browser;
  manager: Browser;
  practitioner: Browser;
  serviceId: string;
  lineId: string;
}

/**
 * Alpha with n published, priced services sold to its own area, and n accepted orders from its
 * school, each with one active line assigned to a practitioner with one delivery logged.
 */
export async function world(n: number): Promise<World> {
  const { alpha } = await twoTenants();
  const db = await ownerDb();
  const ctx = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'catalogue.manage');
  const serviceId = await createService(ctx, serviceForm.parse(EP_DAY_FIELDS));
  const scheduleId = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
  const price = { model: 'per_unit', unitPricePence: 50000, minimumChargePence: 0, rounding: 'penny' } as const;
  await setServicePrice(ctx, scheduleId, serviceId, 'own_maintained', price);
  await setServicePrice(ctx, scheduleId, serviceId, 'academy', price);
  // Copies of the first service, each priced the same, before the schedule is published.
  await copyService(
    serviceId,
    2,
    n,
    sql`jsonb_build_object('id', gen_random_uuid(), 'code', 'GEN-' || g, 'name', s.name || ' ' || g)`,
  );
  await sql`insert into schedule_prices (tenant_id, schedule_id, service_id, customer_class, price)
            select p.tenant_id, p.schedule_id, s.id, p.customer_class, p.price
              from schedule_prices p join services s on s.tenant_id = p.tenant_id and s.id <> p.service_id
             where p.service_id = ${serviceId}`.execute(db);
  await publishSchedule(ctx, scheduleId);
  await changeServiceStatus(ctx, serviceId, 'published');
  await sql`update services set status = 'published' where tenant_id = ${alpha.id}`.execute(db);

  const practitionerId = await createUser('ep@alpha.example', 'Priya Practitioner');
  await addMember(alpha.id, practitionerId, 'practitioner');
  const { rows: orders } = await sql<{ id: string }>`
    insert into orders (tenant_id, reference, organisation_id, placed_by_organisation_id, customer_class,
                        settlement_method, contact_name, contact_email, status, submitted_total_pence,
                        idempotency_key, submitted_by, accepted_on)
    select ${alpha.id}, 'ALPHA-ORD-' || lpad(g::text, 5, '0'), ${alpha.schoolOrganisationId},
           ${alpha.schoolOrganisationId}, 'own_maintained', 'recharge', 'Bursar', 'bursar@example.com',
           'accepted', 150000, 'key-' || g, ${alpha.buyerId}, '2025-09-01'
      from generate_series(1, ${n}) g returning id`.execute(db);
  const { rows: lines } = await sql<{ id: string }>`
    insert into order_lines (tenant_id, order_id, line_number, service_id, service_code, service_name, unit_kind,
                             schedule_id, year_kind, year_start, quantity, price, quote, total_pence,
                             allowance_hundredths, overage_unit_price_pence, status, assigned_to)
    select ${alpha.id}, o.id, 1, ${serviceId}, 'EP-DAY', 'Educational psychology day', 'day', ${scheduleId},
           'academic', '2025-09-01', 3, ${JSON.stringify(price)}, '{}', 150000, 300, 50000, 'active', ${practitionerId}
      from unnest(${orders.map((o) => o.id)}::uuid[]) o(id) returning id`.execute(db);
  await sql`
    insert into deliveries (tenant_id, order_line_id, delivered_on, units_hundredths, practitioner_id, work_type,
                            confirm_by, logged_by, status)
    select ${alpha.id}, l.id, '2026-01-12', 100, ${practitionerId}, 'assessment', '2026-01-26', ${practitionerId}, 'logged'
      from unnest(${lines.map((l) => l.id)}::uuid[]) l(id)`.execute(db);
  return {
    alpha,
    buyer: await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`),
    manager: await asUser(alpha.adminId, `tenant:${alpha.id}`),
    practitioner: await asUser(practitionerId, `tenant:${alpha.id}`),
    serviceId,
    lineId: lines[0]!.id,
  };
}

export type Loader = (a: LoaderFunctionArgs) => Promise<unknown>;

/** Each page a person uses all day: who asks for it, and its loader with its params. */
export function pages(w: World): Array<{
  name: string;
  browser: Browser;
  path: string;
  loader: Loader;
  params?: Record<string, string>;
  /** How long its list is (so the counts compare lists of 3 and of 30, not two empty pages). */
  size?: (data: never) => number;
}> {
  return [
    {
      name: "the buyer's catalogue",
      browser: w.buyer,
      path: '/buy/services',
      loader: catalogue.loader,
      size: (d: { services: unknown[] }) => d.services.length,
    },
    {
      name: "the buyer's catalogue, searched",
      browser: w.buyer,
      path: '/buy/services?q=psychology',
      loader: catalogue.loader,
      size: (d: { services: unknown[] }) => d.services.length,
    },
    {
      name: "a service page with the buyer's price",
      browser: w.buyer,
      path: `/buy/services/alpha/${w.serviceId}`,
      loader: servicePage.loader,
      params: { tenant: 'alpha', serviceId: w.serviceId },
    },
    {
      name: "the buyer's orders",
      browser: w.buyer,
      path: '/buy/orders',
      loader: buyerOrders.loader,
      size: (d: { orders: unknown[] }) => d.orders.length,
    },
    {
      name: "the provider's orders",
      browser: w.manager,
      path: '/t/alpha/orders',
      loader: providerOrders.loader,
      params: { tenant: 'alpha' },
      size: (d: { all: unknown[] }) => d.all.length,
    },
    {
      name: "the practitioner's work",
      browser: w.practitioner,
      path: '/t/alpha/work',
      loader: workList.loader,
      params: { tenant: 'alpha' },
      size: (d: { mine: unknown[] }) => d.mine.length,
    },
    {
      name: 'a line page',
      browser: w.practitioner,
      path: `/t/alpha/lines/${w.lineId}`,
      loader: linePage.loader,
      params: { tenant: 'alpha', lineId: w.lineId },
    },
  ];
}
