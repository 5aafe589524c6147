import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { runBillingRunsOnce } from '../app/billing/billing-run-worker.server';
import { billingRunOverManyCustomers } from '../test/setup/billing-customers';
import { ownerDb, useToday } from '../test/setup/fixtures';
import { getDatabase, type Db } from './client.server';

// What a bill names is checked once per statement (migration 0045), not by foreign keys row by row:
// a line's document, order line and delivery record, and a claim's line, exist; what they name cannot
// be deleted or re-keyed from under them; a line's claims go with it. Same error code as a key: 23503.

useToday('2026-11-05');

let db: Db;
let tenantId: string;
let orderLineId: string;
let organisationId: string;

beforeEach(async () => {
  const { alpha } = await billingRunOverManyCustomers(2, 930000);
  tenantId = alpha.id;
  db = await ownerDb();
  const line = await db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .select(['l.id', 'o.organisation_id'])
    .orderBy('o.organisation_id')
    .executeTakeFirstOrThrow();
  orderLineId = line.id;
  organisationId = line.organisation_id;
});

async function draft(): Promise<string> {
  const { rows } = await sql<{ id: string }>`insert into billing_documents (tenant_id, kind, organisation_id)
    values (${tenantId}, 'recharge', ${organisationId}) returning id`.execute(db);
  return rows[0]!.id;
}

function lineOn(
  documentId: string,
  names: { orderLineId?: string | null; deliveryId?: string | null; chargeKey?: string | null } = {},
) {
  const order = names.orderLineId === undefined ? orderLineId : names.orderLineId;
  const key = names.chargeKey === undefined ? (order ? `manual:${randomUUID()}` : null) : names.chargeKey;
  return sql<{ id: string }>`insert into billing_document_lines (tenant_id, document_id, line_number, charge_kind,
      order_line_id, delivery_id, charge_key, description, quantity_hundredths, unit_price_pence, net_pence, vat_code,
      vat_rate_basis_points, vat_pence, reason)
    values (${tenantId}, ${documentId},
            (select coalesce(max(line_number), 0) + 1 from billing_document_lines where document_id = ${documentId}),
            'manual', ${order}, ${names.deliveryId ?? null}, ${key}, 'Extra visit', 100, 5000, 5000, 'O', 0, 0, 'Agreed')
    returning id`;
}

async function claimsOf(lineId: string) {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from billed_charges
    where document_line_id = ${lineId}`.execute(db);
  return rows[0]!.n;
}

async function loggedDelivery(): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    insert into deliveries (tenant_id, order_line_id, delivered_on, units_hundredths, practitioner_id, work_type,
                            confirm_by, logged_by, status)
    select ${tenantId}, ${orderLineId}, '2026-10-12', 100, m.user_id, 'assessment', '2026-10-26', m.user_id, 'logged'
      from tenant_memberships m where m.tenant_id = ${tenantId} limit 1
    returning id`.execute(db);
  return rows[0]!.id;
}

describe('what a billing line names', () => {
  it('is written when it all exists, and the run bills through the same checks', async () => {
    expect(await runBillingRunsOnce()).toBe(1);
    const { rows } = await sql<{ lines: number; claims: number }>`select
      (select count(*)::int from billing_document_lines where tenant_id = ${tenantId}) as lines,
      (select count(*)::int from billed_charges where tenant_id = ${tenantId}) as claims`.execute(db);
    expect(rows[0]).toEqual({ lines: 2, claims: 2 });
    const documentId = await draft();
    const deliveryId = await loggedDelivery();
    await expect(lineOn(documentId, { deliveryId }).execute(db)).resolves.toBeDefined();
  });

  it('is refused when its document, order line or delivery record does not exist', async () => {
    const documentId = await draft();
    await expect(lineOn(randomUUID()).execute(db)).rejects.toMatchObject({ code: '23503' });
    await expect(lineOn(documentId, { orderLineId: randomUUID() }).execute(db)).rejects.toMatchObject({
      code: '23503',
    });
    await expect(lineOn(documentId, { deliveryId: randomUUID() }).execute(db)).rejects.toMatchObject({
      code: '23503',
    });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from billing_document_lines
      where document_id = ${documentId}`.execute(db);
    expect(rows[0]!.n).toBe(0);
  });

  it('claims only a line of the same document, order line and charge', async () => {
    const documentId = await draft();
    const { rows } = await lineOn(documentId, { chargeKey: 'manual:one' }).execute(db);
    const lineId = rows[0]!.id;
    const claim = (chargeKey: string, document = documentId) =>
      sql`insert into billed_charges (tenant_id, order_line_id, charge_key, document_id, document_line_id)
          values (${tenantId}, ${orderLineId}, ${chargeKey}, ${document}, ${lineId})`.execute(db);
    await expect(claim('manual:two')).rejects.toMatchObject({ code: '23503' });
    await expect(claim('manual:one', await draft())).rejects.toMatchObject({ code: '23503' });
    await claim('manual:one');
    expect(await claimsOf(lineId)).toBe(1);
  });

  it('goes with its claims when a draft line is removed, and keeps what it names from going', async () => {
    const documentId = await draft();
    const deliveryId = await loggedDelivery();
    const { rows } = await lineOn(documentId, { chargeKey: 'manual:one', deliveryId }).execute(db);
    const lineId = rows[0]!.id;
    await sql`insert into billed_charges (tenant_id, order_line_id, charge_key, document_id, document_line_id)
      values (${tenantId}, ${orderLineId}, 'manual:one', ${documentId}, ${lineId})`.execute(db);

    // What the line names stays, with its key, while the line is there. (An agreed order's line is
    // never deleted anyway, migration 0012; its key is this migration's to keep.)
    await expect(
      sql`update order_lines set id = ${randomUUID()} where id = ${orderLineId}`.execute(db),
    ).rejects.toMatchObject({ code: '23503' });
    await expect(sql`delete from deliveries where id = ${deliveryId}`.execute(db)).rejects.toMatchObject({
      code: '23503',
    });
    await expect(sql`delete from billing_documents where id = ${documentId}`.execute(db)).rejects.toMatchObject({
      code: '23503',
    });
    await expect(
      sql`update billing_documents set id = ${randomUUID()} where id = ${documentId}`.execute(db),
    ).rejects.toMatchObject({ code: '23503' });

    // The line goes with its claim; then the record and the draft can go too.
    await sql`delete from billing_document_lines where id = ${lineId}`.execute(db);
    expect(await claimsOf(lineId)).toBe(0);
    await sql`delete from deliveries where id = ${deliveryId}`.execute(db);
    await sql`delete from billing_documents where id = ${documentId}`.execute(db);
  });
});

describe.runIf(process.env.DATABASE_URL)('an order line re-keyed while a bill naming it is being written', () => {
  it('waits for that bill and is then refused', async () => {
    const { db: pool } = await getDatabase();
    const documentId = await draft();
    let commitLine!: () => void;
    let lineWritten!: () => void;
    const written = new Promise<void>((resolve) => (lineWritten = resolve));
    const writing = pool.transaction().execute(async (tx) => {
      await lineOn(documentId).execute(tx);
      lineWritten();
      await new Promise<void>((release) => (commitLine = release));
    });
    await written;
    let settled = false;
    const deleting = pool
      .transaction()
      .execute((tx) => sql`update order_lines set id = ${randomUUID()} where id = ${orderLineId}`.execute(tx))
      .finally(() => {
        settled = true;
      });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    commitLine();
    await writing;
    await expect(deleting).rejects.toMatchObject({ code: '23503' });
  });
});
