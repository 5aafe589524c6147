import { sql, type RawBuilder } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { addBuyer, createUser, ownerDb, twoTenants, type TestTenant } from '../test/setup/fixtures';
import type { Db } from './client.server';
import { insertAgreementPrice, listAgreementPrices, nextAgreementReference } from './queries/agreements';
import { nextOrderReference } from './queries/commissioning';
import { runScoped, type Scope, type Scoped } from './scope.server';

// The database, not only the application, decides who may change what. Tables come from the
// catalogue, never from a fixed list, so a table added later is held to the same rules.

/** A buyer's own rows (its basket, priced afresh at checkout), not a provider's facts. */
const BUYER_OWNED: Record<string, string> = { basket_items: "a buyer's own basket" };

/** Money, quantity, status and price columns, by name. */
const GUARDED_COLUMN = /(_pence|_hundredths)$|^quantity|^allowance|^status$|^price$|^quote$/;

let db: Db;
let alpha: TestTenant;
let beta: TestTenant;
let ids: Awaited<ReturnType<typeof seed>>;

async function tenantTables(): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
     order by c.table_name`.execute(db);
  return rows.map((r) => r.table_name);
}

async function columnsOf(table: string) {
  const { rows } = await sql<{ column_name: string; data_type: string }>`
    select column_name, data_type from information_schema.columns
     where table_schema = 'public' and table_name = ${table} order by ordinal_position`.execute(db);
  return rows;
}

/** The values a check constraint allows a text column (status in ('a','b',…)). */
async function allowedValues(table: string, column: string): Promise<string[]> {
  const { rows } = await sql<{ def: string }>`
    select pg_get_constraintdef(c.oid) as def from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
     where c.conrelid = ${table}::regclass and c.contype = 'c' and a.attname = ${column}`.execute(db);
  return [...new Set(rows.flatMap((r) => [...r.def.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]!)))];
}

/** Everything in a table, as the owner sees it, in one comparable string. */
async function snapshot(table: string): Promise<string> {
  const { rows } = await sql<{ s: string | null }>`
    select string_agg(t::text, '|' order by t::text) as s from ${sql.table(table)} t`.execute(db);
  return rows[0]?.s ?? '';
}

function sqlState(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

/** Runs work in a scope, expecting the database to refuse it as not permitted (SQLSTATE 42501). */
async function expectRefused(scope: Scope, work: (tx: Scoped) => Promise<unknown>, message?: RegExp) {
  const error = await runScoped(db, scope, work).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'expected the database to refuse').not.toBeNull();
  expect(sqlState(error), String(error)).toBe('42501');
  if (message) expect(String((error as Error).message)).toMatch(message);
}

async function expectOwnerRefused(statement: RawBuilder<unknown>, message: RegExp) {
  await expect(statement.execute(db)).rejects.toThrow(message);
}

const perDay = { model: 'per_unit', unitPricePence: 50000, minimumChargePence: 0, rounding: 'penny' };

/** One provider (alpha) with rows in every state that matters, written as the owner. */
async function seed() {
  const practitionerId = await createUser('practitioner@alpha.example');
  const approverId = await createUser('head@alpha-school.example');
  await addBuyer(alpha.schoolOrganisationId, approverId, 'approver');
  const commissionerId = await createUser('commissioner@beta.example');
  const betaCouncil = await sql<{ id: string }>`
    select organisation_id as id from tenants where id = ${beta.id}`.execute(db);
  const councilId = betaCouncil.rows[0]!.id;
  await addBuyer(councilId, commissionerId, 'council_commissioner');
  await sql`insert into customer_accounts (tenant_id, organisation_id, customer_class, settlement_method)
            values (${alpha.id}, ${councilId}, 'partner_council', 'invoice')`.execute(db);

  const one = async <T>(query: RawBuilder<T>) => (await query.execute(db)).rows[0]!;
  const service = await one(sql<{ id: string }>`
    insert into services (tenant_id, code, name, category, unit_kind, vat_by_class, sold_to, status)
    values (${alpha.id}, 'EP-DAY', 'Educational psychology day', 'educational_psychology', 'day', '{}',
            '{"ownArea": true, "partnerCouncils": true}', 'published') returning id`);
  const published = await one(sql<{ id: string }>`
    insert into charge_schedules (tenant_id, year_kind, year_start, version, effective_from)
    values (${alpha.id}, 'academic', '2025-09-01', 1, '2025-09-01') returning id`);
  await sql`insert into schedule_prices (tenant_id, schedule_id, service_id, customer_class, price)
            values (${alpha.id}, ${published.id}, ${service.id}, 'own_maintained', ${JSON.stringify(perDay)})`.execute(
    db,
  );
  await sql`update charge_schedules set status = 'published', published_at = now() where id = ${published.id}`.execute(
    db,
  );
  const draft = await one(sql<{ id: string }>`
    insert into charge_schedules (tenant_id, year_kind, year_start, version, effective_from, supersedes_id)
    values (${alpha.id}, 'academic', '2025-09-01', 2, '2026-01-01', ${published.id}) returning id`);
  await sql`insert into schedule_prices (tenant_id, schedule_id, service_id, customer_class, price)
            values (${alpha.id}, ${draft.id}, ${service.id}, 'own_maintained', ${JSON.stringify(perDay)})`.execute(db);

  const order = async (reference: string, status: string) =>
    one(sql<{ id: string }>`
      insert into orders (tenant_id, reference, organisation_id, placed_by_organisation_id, customer_class,
                          settlement_method, contact_name, contact_email, status, submitted_total_pence,
                          idempotency_key, submitted_by, accepted_on)
      values (${alpha.id}, ${reference}, ${alpha.schoolOrganisationId}, ${alpha.schoolOrganisationId},
              'own_maintained', 'recharge', 'Bursar', 'bursar@example.com', ${status}, 150000, ${reference},
              ${alpha.buyerId}, ${status === 'accepted' ? '2025-09-01' : null}) returning id`);
  const line = async (orderId: string, status: string) =>
    one(sql<{ id: string }>`
      insert into order_lines (tenant_id, order_id, line_number, service_id, service_code, service_name, unit_kind,
                               schedule_id, year_kind, year_start, quantity, price, quote, total_pence,
                               allowance_hundredths, overage_unit_price_pence, status)
      values (${alpha.id}, ${orderId}, 1, ${service.id}, 'EP-DAY', 'Educational psychology day', 'day',
              ${published.id}, 'academic', '2025-09-01', 3, ${JSON.stringify(perDay)}, '{}', 150000, 300, 50000,
              ${status}) returning id`);
  const acceptedOrder = await order('OLD-1', 'accepted');
  const acceptedLine = await line(acceptedOrder.id, 'active');
  const waitingOrder = await order('OLD-2', 'awaiting_approval');
  const waitingLine = await line(waitingOrder.id, 'pending');

  const delivery = async (status: string) =>
    one(sql<{ id: string }>`
      insert into deliveries (tenant_id, order_line_id, delivered_on, units_hundredths, practitioner_id, work_type,
                              confirm_by, logged_by, status, confirmed_by, confirmed_at, dispute_reason,
                              disputed_by, disputed_at)
      values (${alpha.id}, ${acceptedLine.id}, '2026-01-12', 100, ${practitionerId}, 'assessment', '2026-01-26',
              ${practitionerId}, ${status},
              ${status === 'confirmed' ? alpha.buyerId : null}, ${status === 'confirmed' ? sql`now()` : null},
              ${status === 'disputed' ? 'Not that day' : null}, ${status === 'disputed' ? alpha.buyerId : null},
              ${status === 'disputed' ? sql`now()` : null}) returning id`);
  const logged = await delivery('logged');
  const confirmed = await delivery('confirmed');
  const disputed = await delivery('disputed');

  const variation = async (status: string, after: number) =>
    one(sql<{ id: string }>`
      insert into order_variations (tenant_id, order_line_id, quantity_before, quantity_after,
                                    allowance_after_hundredths, total_before_pence, total_after_pence, quote, reason,
                                    status, requested_by, decided_by, decided_at, accepted_on)
      values (${alpha.id}, ${acceptedLine.id}, 3, ${after}, ${after * 100}, 150000, ${after * 50000}, '{}',
              'More work', ${status}, ${alpha.buyerId}, ${status === 'accepted' ? alpha.adminId : null},
              ${status === 'accepted' ? sql`now()` : null}, ${status === 'accepted' ? '2026-01-05' : null})
      returning id`);
  const acceptedVariation = await variation('accepted', 4);
  const waitingVariation = await variation('awaiting_approval', 5);

  const agreement = await one(sql<{ id: string }>`
    insert into agreements (tenant_id, reference, commissioner_organisation_id, title, year_kind, first_year_start,
                            years, provider_contact_name, provider_contact_email, commissioner_contact_name,
                            commissioner_contact_email)
    values (${alpha.id}, 'AGR-001', ${councilId}, 'Support', 'academic', '2025-09-01', 3, 'Alpha', 'a@example.com',
            'Beta', 'b@example.com') returning id`);
  await sql`insert into agreement_prices (tenant_id, agreement_id, service_id, price)
            values (${alpha.id}, ${agreement.id}, ${service.id}, ${JSON.stringify(perDay)})`.execute(db);
  await sql`insert into audit_events (tenant_id, action, subject_type, subject_id)
            values (${alpha.id}, 'seeded', 'test', '1')`.execute(db);

  return {
    serviceId: service.id,
    publishedScheduleId: published.id,
    draftScheduleId: draft.id,
    acceptedOrderId: acceptedOrder.id,
    acceptedLineId: acceptedLine.id,
    waitingOrderId: waitingOrder.id,
    waitingLineId: waitingLine.id,
    loggedDeliveryId: logged.id,
    confirmedDeliveryId: confirmed.id,
    disputedDeliveryId: disputed.id,
    acceptedVariationId: acceptedVariation.id,
    waitingVariationId: waitingVariation.id,
    agreementId: agreement.id,
    councilId,
    commissionerId,
    approverId,
    practitionerId,
  };
}

beforeEach(async () => {
  db = await ownerDb();
  ({ alpha, beta } = await twoTenants());
  ids = await seed();
});

const school = () => ({ organisationId: alpha.schoolOrganisationId, userId: alpha.buyerId });
const approver = () => ({ organisationId: alpha.schoolOrganisationId, userId: ids.approverId });
const council = () => ({ organisationId: ids.councilId, userId: ids.commissionerId });
const provider = () => ({ tenantId: alpha.id, userId: alpha.adminId });

describe('tenant tables, from the catalogue', () => {
  it('are found, including every table that holds commitments', async () => {
    const tables = await tenantTables();
    for (const table of ['orders', 'order_lines', 'deliveries', 'order_variations', 'agreement_prices', 'audit_events'])
      expect(tables).toContain(table);
    for (const table of Object.keys(BUYER_OWNED)) expect(tables).toContain(table);
  });

  it('show no rows at all when no scope is set', async () => {
    const seen: string[] = [];
    for (const table of await tenantTables()) {
      const owner = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
      if (Number(owner.rows[0]!.n) > 0) seen.push(table);
      const rows = await runScoped(db, {}, (tx) => sql`select * from ${sql.table(table)}`.execute(tx)).then(
        (r) => r.rows,
        (e: unknown) => {
          // No privilege at all (the counters) is as good as no rows.
          expect(sqlState(e), `${table}: ${String(e)}`).toBe('42501');
          return [];
        },
      );
      expect(rows, table).toHaveLength(0);
    }
    expect(seen).toEqual(expect.arrayContaining(['orders', 'order_lines', 'deliveries', 'agreement_prices']));
  });

  it('lead every primary key, unique key and foreign key between tenant tables with tenant_id', async () => {
    const tables = await tenantTables();
    const { rows: keys } = await sql<{ name: string; table: string; first: string }>`
      select i.indexrelid::regclass::text as name, i.indrelid::regclass::text as table, a.attname as first
        from pg_index i
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
       where i.indisunique and i.indrelid = any(${tables}::regclass[])`.execute(db);
    expect(keys.filter((k) => k.first !== 'tenant_id')).toEqual([]);
    const { rows: keyed } = await sql<{ table: string }>`
      select conrelid::regclass::text as table from pg_constraint
       where contype = 'p' and conrelid = any(${tables}::regclass[])`.execute(db);
    expect(keyed.map((k) => k.table).sort()).toEqual([...tables].sort());

    const { rows: foreign } = await sql<{ name: string; from_first: string; to_first: string }>`
      select c.conname as name, fa.attname as from_first, ta.attname as to_first
        from pg_constraint c
        join pg_attribute fa on fa.attrelid = c.conrelid and fa.attnum = c.conkey[1]
        join pg_attribute ta on ta.attrelid = c.confrelid and ta.attnum = c.confkey[1]
       where c.contype = 'f' and c.conrelid = any(${tables}::regclass[]) and c.confrelid = any(${tables}::regclass[])`.execute(
      db,
    );
    expect(foreign.length).toBeGreaterThan(5);
    expect(foreign.filter((f) => f.from_first !== 'tenant_id' || f.to_first !== 'tenant_id')).toEqual([]);
  });

  it('give the runtime role no DELETE on any table holding money or units', async () => {
    const deletable: string[] = [];
    for (const table of await tenantTables()) {
      if (!(await columnsOf(table)).some((c) => /(_pence|_hundredths)$/.test(c.column_name))) continue;
      const { rows } = await sql<{ ok: boolean }>`
        select has_table_privilege('traded_app', ${table}::regclass, 'DELETE') as ok`.execute(db);
      if (rows[0]!.ok) deletable.push(table);
    }
    expect(deletable).toEqual([]);
  });
});

describe("a buyer's scope", () => {
  it('sees the rows it is about to be refused (so the refusals below are real)', async () => {
    const count = (scope: Scope, table: string) =>
      runScoped(db, scope, async (tx) =>
        Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(tx)).rows[0]!.n),
      );
    for (const table of ['orders', 'order_lines', 'deliveries', 'order_variations'])
      expect(await count(school(), table), table).toBeGreaterThan(0);
    for (const table of ['agreements', 'agreement_prices'])
      expect(await count(council(), table), table).toBeGreaterThan(0);
  });

  it("cannot change any money, quantity, status or price column of a provider's rows", async () => {
    const tried: string[] = [];
    for (const scope of [school(), council()])
      for (const table of await tenantTables()) {
        if (table in BUYER_OWNED) continue;
        for (const column of await columnsOf(table)) {
          if (!GUARDED_COLUMN.test(column.column_name)) continue;
          const col = sql.ref(column.column_name);
          const values =
            column.data_type === 'jsonb'
              ? [sql`coalesce(${col}, '{}'::jsonb) || '{"tampered": true}'::jsonb`]
              : ['integer', 'bigint', 'smallint', 'numeric'].includes(column.data_type)
                ? [sql`coalesce(${col}, 0) + 1`]
                : (await allowedValues(table, column.column_name)).map((v) => sql`${v}`);
          expect(values.length, `${table}.${column.column_name}`).toBeGreaterThan(0);
          for (const value of values) {
            tried.push(`${table}.${column.column_name}`);
            const before = await snapshot(table);
            const outcome = await runScoped(db, scope, (tx) =>
              sql`update ${sql.table(table)} set ${col} = ${value}`.execute(tx),
            ).then(
              () => 'done',
              (e: unknown) => e,
            );
            if (outcome !== 'done')
              expect(sqlState(outcome), `${table}.${column.column_name}: ${String(outcome)}`).toBe('42501');
            expect(await snapshot(table), `${table}.${column.column_name} changed`).toBe(before);
          }
        }
      }
    expect(tried).toEqual(
      expect.arrayContaining([
        'orders.status',
        'orders.submitted_total_pence',
        'order_lines.total_pence',
        'order_lines.allowance_hundredths',
        'order_lines.overage_unit_price_pence',
        'order_lines.cancellation_charge_pence',
        'deliveries.units_hundredths',
        'deliveries.status',
        'order_variations.status',
        'agreement_prices.price',
      ]),
    );
  });

  const insertOrder = (tx: Scoped, tenantId: string, status: string, reference = `T-${status}`) =>
    sql`insert into orders (tenant_id, reference, organisation_id, placed_by_organisation_id, customer_class,
                            settlement_method, contact_name, contact_email, status, submitted_total_pence,
                            idempotency_key, submitted_by)
        values (${tenantId}, ${reference}, ${alpha.schoolOrganisationId}, ${alpha.schoolOrganisationId},
                'own_maintained', 'recharge', 'B', 'b@example.com', ${status}, 1, ${reference}, ${alpha.buyerId})
        returning id`.execute(tx);

  it('places an order only in its first state, and only with a provider that sells to it', async () => {
    for (const status of ['accepted', 'rejected', 'declined', 'cancelled', 'completed'])
      await expectRefused(school(), (tx) => insertOrder(tx, alpha.id, status), /first|wait/);
    await expectRefused(school(), (tx) => insertOrder(tx, beta.id, 'awaiting_provider'), /does not sell/);
    await runScoped(db, school(), (tx) => insertOrder(tx, alpha.id, 'awaiting_provider'));
    await runScoped(db, school(), (tx) => insertOrder(tx, alpha.id, 'awaiting_approval'));
  });

  it('adds lines only to an order just placed, and asks for changes only undecided', async () => {
    const addLine = (orderId: string) => (tx: Scoped) =>
      sql`insert into order_lines (tenant_id, order_id, line_number, service_id, service_code, service_name, unit_kind,
                                   schedule_id, year_kind, year_start, quantity, price, quote, total_pence)
          values (${alpha.id}, ${orderId}, 2, ${ids.serviceId}, 'EP-DAY', 'EP', 'day', ${ids.publishedScheduleId},
                  'academic', '2025-09-01', 1, '{}', '{}', 1)`.execute(tx);
    await expectRefused(school(), addLine(ids.acceptedOrderId), /just been placed/);
    await runScoped(db, school(), addLine(ids.waitingOrderId));

    const askFor = (status: string) => (tx: Scoped) =>
      sql`insert into order_variations (tenant_id, order_line_id, quantity_before, quantity_after,
                                        allowance_after_hundredths, total_before_pence, total_after_pence, quote,
                                        reason, status, requested_by)
          values (${alpha.id}, ${ids.acceptedLineId}, 3, 9, 900, 150000, 1, '{}', 'x', ${status}, ${alpha.buyerId})`.execute(
        tx,
      );
    await expectRefused(school(), askFor('accepted'), /wait/);
    await expectRefused(school(), askFor('declined'), /wait/);
  });

  it('still makes the moves buyers make: approve, confirm, dispute, approve a change, cancel', async () => {
    await runScoped(db, approver(), (tx) =>
      sql`update orders set status = 'awaiting_provider', approved_by = ${ids.approverId}, approved_at = now()
           where id = ${ids.waitingOrderId}`.execute(tx),
    );
    // The person who placed an order never approves it.
    await sql`update orders set status = 'awaiting_approval', approved_by = null, approved_at = null
               where id = ${ids.waitingOrderId}`.execute(db);
    await expectRefused(school(), (tx) =>
      sql`update orders set status = 'awaiting_provider', approved_by = ${alpha.buyerId}, approved_at = now()
           where id = ${ids.waitingOrderId}`.execute(tx),
    );
    await runScoped(db, school(), (tx) =>
      sql`update deliveries set status = 'confirmed', confirmed_by = ${alpha.buyerId}, confirmed_at = now()
           where id = ${ids.loggedDeliveryId}`.execute(tx),
    );
    await runScoped(db, approver(), (tx) =>
      sql`update order_variations set status = 'awaiting_provider', approved_by = ${ids.approverId}, approved_at = now()
           where id = ${ids.waitingVariationId}`.execute(tx),
    );
    await expectRefused(school(), (tx) =>
      sql`update order_variations set status = 'accepted', decided_by = ${alpha.buyerId}, decided_at = now()
           where id = ${ids.waitingVariationId}`.execute(tx),
    );

    // A line is cancelled only with its order, in the same transaction, for no more than it is worth.
    await expectRefused(school(), (tx) =>
      sql`update order_lines set status = 'cancelled', cancellation_charge_pence = 1000
           where id = ${ids.acceptedLineId}`.execute(tx),
    );
    const cancel = (chargePence: number) => async (tx: Scoped) => {
      await sql`update orders set status = 'cancelled', closed_by = ${alpha.buyerId}, closed_at = now(),
                                  closed_reason = 'No longer needed'
                 where id = ${ids.acceptedOrderId}`.execute(tx);
      await sql`update order_lines set status = 'cancelled', cancellation_charge_pence = ${chargePence}
                 where id = ${ids.acceptedLineId}`.execute(tx);
    };
    // The line stands at 4 days (200,000p) since its accepted change.
    await expectRefused(school(), cancel(200001), /exceed/);
    await runScoped(db, school(), cancel(200000));
  });

  it('appends to the audit log only of a provider it deals with, and only as itself', async () => {
    const append = (tenantId: string, actor: string) => (tx: Scoped) =>
      sql`insert into audit_events (tenant_id, actor_user_id, action, subject_type, subject_id)
          values (${tenantId}, ${actor}, 'order.viewed', 'order', 'x')`.execute(tx);
    await runScoped(db, school(), append(alpha.id, alpha.buyerId));
    await expectRefused(school(), append(beta.id, alpha.buyerId));
    await expectRefused(school(), append(alpha.id, ids.approverId));
  });
});

describe('final facts, for the provider and the owner alike', () => {
  it("an agreed order line's terms", async () => {
    for (const change of [
      sql`total_pence = 1`,
      sql`quantity = 30`,
      sql`allowance_hundredths = 99900`,
      sql`overage_unit_price_pence = 0`,
      sql`late_cancellation_percent = 0`,
      sql`price = '{}'`,
      sql`year_start = '2026-09-01'`,
    ]) {
      await expectRefused(provider(), (tx) =>
        sql`update order_lines set ${change} where id = ${ids.acceptedLineId}`.execute(tx),
      );
      await expectOwnerRefused(sql`update order_lines set ${change} where id = ${ids.acceptedLineId}`, /never change/);
    }
    // What is not a term still moves, and a line of an order not yet agreed is not final.
    await runScoped(db, provider(), (tx) =>
      sql`update order_lines set assigned_to = ${ids.practitionerId} where id = ${ids.acceptedLineId}`.execute(tx),
    );
    await sql`update order_lines set allowance_hundredths = 400 where id = ${ids.waitingLineId}`.execute(db);
  });

  it('an accepted change to a line', async () => {
    await expectRefused(provider(), (tx) =>
      sql`update order_variations set total_after_pence = 1 where id = ${ids.acceptedVariationId}`.execute(tx),
    );
    await expectOwnerRefused(
      sql`update order_variations set closed_reason = 'x' where id = ${ids.acceptedVariationId}`,
      /never changes/,
    );
    await expectOwnerRefused(sql`delete from order_variations where id = ${ids.acceptedVariationId}`, /never deleted/);
  });

  it('a confirmed, corrected or voided delivery record; a disputed one only ends in an outcome', async () => {
    await expectRefused(provider(), (tx) =>
      sql`update deliveries set units_hundredths = 50 where id = ${ids.confirmedDeliveryId}`.execute(tx),
    );
    await expectOwnerRefused(
      sql`update deliveries set note = 'edited' where id = ${ids.confirmedDeliveryId}`,
      /never changes/,
    );
    await expectOwnerRefused(sql`delete from deliveries where id = ${ids.confirmedDeliveryId}`, /never deleted/);
    await expectRefused(provider(), (tx) =>
      sql`update deliveries set units_hundredths = 50 where id = ${ids.disputedDeliveryId}`.execute(tx),
    );
    // The dispute is settled by a correcting record; the original is kept, marked corrected.
    await runScoped(db, provider(), async (tx) => {
      await sql`insert into deliveries (tenant_id, order_line_id, delivered_on, units_hundredths, practitioner_id,
                                        work_type, confirm_by, logged_by, status, corrects_delivery_id)
                values (${alpha.id}, ${ids.acceptedLineId}, '2026-01-12', 50, ${ids.practitionerId}, 'assessment',
                        '2026-01-26', ${alpha.adminId}, 'confirmed', ${ids.disputedDeliveryId})`.execute(tx);
      await sql`update deliveries set status = 'corrected', resolution_outcome = 'corrected', resolved_by = ${alpha.adminId},
                                      resolved_at = now(), resolution_note = 'Half a day'
                 where id = ${ids.disputedDeliveryId}`.execute(tx);
    });
    await expectRefused(provider(), (tx) =>
      sql`update deliveries set status = 'confirmed', resolution_outcome = null where id = ${ids.disputedDeliveryId}`.execute(
        tx,
      ),
    );
    await expectOwnerRefused(
      sql`update deliveries set units_hundredths = 100 where corrects_delivery_id = ${ids.disputedDeliveryId}`,
      /never changes/,
    );
  });

  it('an agreed agreement price: a change is a new version, and the latest applies', async () => {
    await expectRefused(provider(), (tx) =>
      sql`update agreement_prices set price = '{}' where agreement_id = ${ids.agreementId}`.execute(tx),
    );
    await expectOwnerRefused(
      sql`update agreement_prices set price = '{}' where agreement_id = ${ids.agreementId}`,
      /new version/,
    );
    await expectOwnerRefused(sql`delete from agreement_prices where agreement_id = ${ids.agreementId}`, /new version/);
    const raised = { ...perDay, unitPricePence: 52000 };
    await runScoped(db, provider(), (tx) => insertAgreementPrice(tx, alpha.id, ids.agreementId, ids.serviceId, raised));
    const prices = await runScoped(db, provider(), (tx) => listAgreementPrices(tx, alpha.id, ids.agreementId));
    expect(prices).toHaveLength(1);
    expect(prices[0]!.price).toEqual(raised);
    const versions = await sql<{ version: number }>`
      select version from agreement_prices where agreement_id = ${ids.agreementId} order by version`.execute(db);
    expect(versions.rows.map((r) => r.version)).toEqual([1, 2]);
  });

  it('a published schedule price, moved neither out of nor into a published schedule', async () => {
    const prices = (set: RawBuilder<unknown>, where: RawBuilder<unknown>) =>
      sql`update schedule_prices set ${set} where tenant_id = ${alpha.id} and ${where}`;
    await expectOwnerRefused(
      prices(sql`price = '{}'`, sql`schedule_id = ${ids.publishedScheduleId}`),
      /published charge schedule/,
    );
    await expectRefused(provider(), (tx) =>
      sql`delete from schedule_prices where schedule_id = ${ids.publishedScheduleId}`.execute(tx),
    );
    // Out of a published schedule into a draft: the old schedule is checked too.
    await sql`update schedule_prices set customer_class = 'academy' where schedule_id = ${ids.draftScheduleId}`.execute(
      db,
    );
    await expectRefused(provider(), (tx) =>
      prices(sql`schedule_id = ${ids.draftScheduleId}`, sql`schedule_id = ${ids.publishedScheduleId}`).execute(tx),
    );
    await expectOwnerRefused(
      prices(sql`schedule_id = ${ids.draftScheduleId}`, sql`schedule_id = ${ids.publishedScheduleId}`),
      /published charge schedule/,
    );
    // Into a published schedule from a draft.
    await expectOwnerRefused(
      prices(sql`schedule_id = ${ids.publishedScheduleId}`, sql`schedule_id = ${ids.draftScheduleId}`),
      /published charge schedule/,
    );
    // A draft's prices still change.
    await runScoped(db, provider(), (tx) =>
      prices(sql`price = ${JSON.stringify(perDay)}`, sql`schedule_id = ${ids.draftScheduleId}`).execute(tx),
    );
  });

  it('the audit log: no UPDATE, DELETE or TRUNCATE, not even by the owner', async () => {
    await expectOwnerRefused(sql`update audit_events set action = 'changed'`, /append-only/);
    await expectOwnerRefused(sql`delete from audit_events`, /append-only/);
    await expectOwnerRefused(sql`truncate audit_events`, /append-only/);
    await expectOwnerRefused(sql`truncate tenants cascade`, /append-only/);
    const left = await sql<{ n: string }>`select count(*) as n from audit_events`.execute(db);
    expect(Number(left.rows[0]!.n)).toBeGreaterThan(0);
  });
});

describe('references', () => {
  const newOrder = (reference: string, key: string) =>
    sql`insert into orders (tenant_id, reference, organisation_id, placed_by_organisation_id, customer_class,
                            settlement_method, contact_name, contact_email, status, submitted_total_pence,
                            idempotency_key, submitted_by)
        values (${alpha.id}, ${reference}, ${alpha.schoolOrganisationId}, ${alpha.schoolOrganisationId},
                'own_maintained', 'recharge', 'B', 'b@example.com', 'awaiting_provider', 1, ${key}, ${alpha.buyerId})`;

  it('are refused for a tenant not in scope, or a provider that does not sell to the buyer', async () => {
    await expectRefused(provider(), (tx) => nextOrderReference(tx, beta.id), /in scope/);
    await expectRefused(provider(), (tx) => nextAgreementReference(tx, beta.id), /in scope/);
    await expectRefused(school(), (tx) => nextOrderReference(tx, beta.id), /in scope/);
    await expectRefused(school(), (tx) => nextAgreementReference(tx, alpha.id), /in scope/);
    await expectRefused({}, (tx) => nextOrderReference(tx, alpha.id), /in scope/);
  });

  it("carry the provider's prefix, within 18 characters", async () => {
    const order = await runScoped(db, school(), (tx) => nextOrderReference(tx, alpha.id));
    const agreement = await runScoped(db, provider(), (tx) => nextAgreementReference(tx, alpha.id));
    expect(order).toBe('ALPHA-ORD-00001');
    expect(agreement).toBe('ALPHA-AGR-001');
    const prefixes = await sql<{ reference_prefix: string }>`
      select reference_prefix from tenants order by slug`.execute(db);
    expect(prefixes.rows.map((r) => r.reference_prefix)).toEqual(['ALPHA', 'BETA']);
    await expect(sql`update tenants set reference_prefix = 'ALPHA' where id = ${beta.id}`.execute(db)).rejects.toThrow(
      /unique|duplicate/,
    );
    await expect(
      sql`update tenants set reference_prefix = 'ALPHABET' where id = ${beta.id}`.execute(db),
    ).rejects.toThrow(/check constraint/);
  });

  it('are distinct and consecutive when 20 orders are placed at once', async () => {
    const placed = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        runScoped(db, school(), async (tx) => {
          const reference = await nextOrderReference(tx, alpha.id);
          await newOrder(reference, `concurrent-${i}`).execute(tx);
          return reference;
        }),
      ),
    );
    expect([...placed].sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `ALPHA-ORD-${String(i + 1).padStart(5, '0')}`),
    );
  });

  it('are distinct and consecutive when 20 agreements are made at once', async () => {
    const made = await Promise.all(
      Array.from({ length: 20 }, () =>
        runScoped(db, provider(), async (tx) => {
          const reference = await nextAgreementReference(tx, alpha.id);
          await sql`insert into agreements (tenant_id, reference, commissioner_organisation_id, title, year_kind,
                                            first_year_start, years, provider_contact_name, provider_contact_email,
                                            commissioner_contact_name, commissioner_contact_email)
                    values (${alpha.id}, ${reference}, ${ids.councilId}, 'Support', 'academic', '2025-09-01', 1,
                            'A', 'a@example.com', 'B', 'b@example.com')`.execute(tx);
          return reference;
        }),
      ),
    );
    expect([...made].sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `ALPHA-AGR-${String(i + 1).padStart(3, '0')}`),
    );
  });
});
