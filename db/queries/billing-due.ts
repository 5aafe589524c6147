import { sql } from 'kysely';
import type { DocumentKind } from '../schema';
import type { Scoped } from '../scope.server';
import type { DraftLine } from './billing-documents';
import { BILL_TO, linesToBill } from './billing-runs';

// A billing run reads and writes a page of customers at once. Lists of ids travel as one array
// parameter (`= any($1::uuid[])`) and rows to insert as one JSON parameter, so each statement has
// the same text whatever the page holds: one prepared statement each, however long the run.

/**
 * The lines of a page of customers that may have something due by the date, each with who it is
 * billed to and its agreed terms as of the date (the latest variation accepted by then, else what
 * was first agreed: the rule of db/queries/positions.ts), in billing order.
 */
export async function listDueLinesOfCustomers(
  tx: Scoped,
  tenantId: string,
  customerIds: readonly string[],
  upTo: string,
) {
  if (customerIds.length === 0) return [];
  const ids = [...customerIds];
  return (
    linesToBill(tx, tenantId, upTo)
      .innerJoin('services as s', (j) => j.onRef('s.tenant_id', '=', 'l.tenant_id').onRef('s.id', '=', 'l.service_id'))
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('order_variations as v')
            .select(['v.allowance_after_hundredths', 'v.total_after_pence'])
            .whereRef('v.tenant_id', '=', 'l.tenant_id')
            .whereRef('v.order_line_id', '=', 'l.id')
            .where('v.status', '=', 'accepted')
            .where('v.accepted_on', '<=', upTo)
            .orderBy('v.accepted_on', 'desc')
            .orderBy('v.decided_at', 'desc')
            .limit(1)
            .as('v'),
        (join) => join.onTrue(),
      )
      // The first test narrows by index to the customers' own orders (or their schools'); the
      // second keeps only those billed to one of them.
      .where(sql<boolean>`(ord.organisation_id = any(${ids}::uuid[]) or org.trust_id = any(${ids}::uuid[]))`)
      .where(sql<boolean>`${BILL_TO} = any(${ids}::uuid[])`)
      .select([
        BILL_TO.as('billTo'),
        'l.id',
        'l.service_name as serviceName',
        'l.unit_kind as unitKind',
        'l.billing_plan as billingPlan',
        'l.year_kind as yearKind',
        'l.year_start as yearStart',
        'l.status',
        'l.overage_unit_price_pence as overageUnitPricePence',
        'l.cancellation_charge_pence as cancellationChargePence',
        sql<number>`coalesce(v.total_after_pence, l.total_pence)::bigint`.as('totalPence'),
        sql<number | null>`case when l.allowance_hundredths is null then null
          else coalesce(v.allowance_after_hundredths, l.allowance_hundredths) end`.as('allowanceHundredths'),
        'ord.po_number as poNumber',
        'ord.customer_class as customerClass',
        'ord.organisation_id as organisationId',
        'org.name as organisationName',
        'ca.settlement_method as settlementMethod',
        's.vat_by_class as vatByClass',
        's.cost_centre as costCentre',
        's.subjective_code as subjectiveCode',
      ])
      .orderBy(sql`1`)
      .orderBy('ord.reference')
      .orderBy('l.line_number')
      .execute()
  );
}

export type DueLineRow = Awaited<ReturnType<typeof listDueLinesOfCustomers>>[number];

export interface DueDeliveryRow {
  id: string;
  lineId: string;
  deliveredOn: string;
  unitsHundredths: number;
  status: 'confirmed';
  /** The record's own charge is claimed already. */
  billed: boolean;
  /** Of a line whose billed records are summed: the units of those records, on each of its rows; else 0. */
  billedUnitsOfLine: number;
}

/**
 * The confirmed delivery records of these lines up to the date (the only ones a bill draws on:
 * logged and disputed records wait), each saying whether its charge is claimed already. The claim
 * travels with its record rather than as a row of its own: a year of monthly records is most of a
 * run's reading. For the lines in `summedLineIds` the records already billed are not listed: only
 * their units count, and those come summed on the line's other rows (a line with nothing new has
 * no rows). Which records are claimed is read as one set of the lines' delivery claims: a probe per
 * record compared each claim's key with text built from the record, which row-level security keeps
 * out of the index condition (the concatenation is not leakproof), so read every claim of the line.
 */
export async function listDeliveriesOfLines(
  tx: Scoped,
  tenantId: string,
  lineIds: readonly string[],
  summedLineIds: readonly string[],
  upTo: string,
): Promise<DueDeliveryRow[]> {
  if (lineIds.length === 0) return [];
  const { rows } = await sql<DueDeliveryRow>`
    select r.id, r.line_id as "lineId", r.delivered_on as "deliveredOn", r.units_hundredths as "unitsHundredths",
           r.status, r.billed, r.billed_units as "billedUnitsOfLine"
      from (select c.*, case when c.summed then sum(case when c.billed then c.units_hundredths else 0 end)
                          over (partition by c.line_id)::int else 0 end as billed_units
              from (select d.id, d.order_line_id as line_id, d.delivered_on, d.units_hundredths, d.status,
                           x.line_id in (select unnest(${[...summedLineIds]}::uuid[])) as summed,
                           d.id in (select substr(b.charge_key, 10)::uuid from billed_charges b
                                     where b.tenant_id = ${tenantId} and b.order_line_id = any(${[...lineIds]}::uuid[])
                                       and b.charge_key like 'delivery:%') as billed
                      from unnest(${[...lineIds]}::uuid[]) as x(line_id)
                      join deliveries d on d.tenant_id = ${tenantId} and d.order_line_id = x.line_id
                     where d.status = 'confirmed' and d.delivered_on <= ${upTo}
                    offset 0) c) r
     where not (r.summed and r.billed)`.execute(tx);
  return rows;
}

/**
 * The charges already claimed on these lines other than delivery records' (listDeliveriesOfLines
 * says which of those are claimed). An overage claim comes with the quantity it was billed for (the
 * units beyond the allowance already charged); the others' quantity is never asked, so their lines
 * are not read: most claims are instalments.
 */
export async function listBilledChargesOfLines(tx: Scoped, tenantId: string, lineIds: readonly string[]) {
  if (lineIds.length === 0) return [];
  return tx
    .selectFrom('billed_charges as b')
    .select([
      'b.order_line_id as lineId',
      'b.charge_key as chargeKey',
      sql<number | null>`case when b.charge_key like 'overage:%' then (select dl.quantity_hundredths
        from billing_document_lines dl where dl.tenant_id = b.tenant_id and dl.id = b.document_line_id) end`.as(
        'quantityHundredths',
      ),
    ])
    .where('b.tenant_id', '=', tenantId)
    .where(sql<boolean>`b.order_line_id = any(${[...lineIds]}::uuid[])`)
    .where('b.charge_key', 'not like', 'delivery:%')
    .execute();
}

/** Of these organisations, the ones with a customer account (a trust billed for its schools needs one). */
export async function organisationsWithAccounts(
  tx: Scoped,
  tenantId: string,
  organisationIds: readonly string[],
): Promise<Set<string>> {
  if (organisationIds.length === 0) return new Set();
  const rows = await tx
    .selectFrom('customer_accounts')
    .select('organisation_id')
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`organisation_id = any(${[...organisationIds]}::uuid[])`)
    .execute();
  return new Set(rows.map((r) => r.organisation_id));
}

export interface NewDraft {
  id: string;
  kind: DocumentKind;
  runId: string;
  organisationId: string;
  poNumber: string | null;
  createdBy: string | null;
}

export interface NewDraftLine extends DraftLine {
  id: string;
  documentId: string;
  lineNumber: number;
  orderLineId: string;
  chargeKey: string;
}

/**
 * Writes many drafts with their lines in three statements, and claims each line's charge in
 * billed_charges: a charge already billed breaks that key (23505) and everything rolls back with
 * the caller's transaction.
 */
export async function insertDrafts(
  tx: Scoped,
  tenantId: string,
  drafts: readonly NewDraft[],
  lines: readonly NewDraftLine[],
): Promise<void> {
  if (drafts.length === 0) return;
  await sql`
    insert into billing_documents (tenant_id, id, kind, run_id, organisation_id, po_number, created_by)
    select ${tenantId}::uuid, d.id, d.kind, d.run_id, d.organisation_id, d.po_number, d.created_by
      from json_to_recordset(${JSON.stringify(
        drafts.map((d) => ({
          id: d.id,
          kind: d.kind,
          run_id: d.runId,
          organisation_id: d.organisationId,
          po_number: d.poNumber,
          created_by: d.createdBy,
        })),
      )}::json)
        as d(id uuid, kind text, run_id uuid, organisation_id uuid, po_number text, created_by uuid)`.execute(tx);
  if (lines.length === 0) return;
  // Each line as an array in the order the statement reads it (a row of keys would be parsed per row).
  const rows = JSON.stringify(
    lines.map((l) => [
      l.id,
      l.documentId,
      l.lineNumber,
      l.chargeKind,
      l.orderLineId,
      l.deliveryId,
      l.chargeKey,
      l.description,
      l.periodStart,
      l.periodEnd,
      l.quantityHundredths,
      l.unitPricePence,
      l.netPence,
      l.vatCode,
      l.vatRateBasisPoints,
      l.vatPence,
      l.poNumber,
      l.costCentre,
      l.subjectiveCode,
    ]),
  );
  // One statement: the lines, and each line's claim from the same rows (not read back from the
  // lines: a RETURNING would check every written row against the tables' read policies as well).
  await sql`
    with r as materialized (
      select (e ->> 0)::uuid as id, (e ->> 1)::uuid as document_id, (e ->> 2)::integer as line_number,
             e ->> 3 as charge_kind, (e ->> 4)::uuid as order_line_id, (e ->> 5)::uuid as delivery_id,
             e ->> 6 as charge_key, e ->> 7 as description, (e ->> 8)::date as period_start,
             (e ->> 9)::date as period_end, (e ->> 10)::integer as quantity_hundredths,
             (e ->> 11)::bigint as unit_price_pence, (e ->> 12)::bigint as net_pence, e ->> 13 as vat_code,
             (e ->> 14)::integer as vat_rate_basis_points, (e ->> 15)::bigint as vat_pence, e ->> 16 as po_number,
             e ->> 17 as cost_centre, e ->> 18 as subjective_code
        from jsonb_array_elements(${rows}::jsonb) as e
    ),
    written as (
      insert into billing_document_lines (tenant_id, id, document_id, line_number, charge_kind, order_line_id,
        delivery_id, charge_key, description, period_start, period_end, quantity_hundredths, unit_price_pence,
        net_pence, vat_code, vat_rate_basis_points, vat_pence, po_number, cost_centre, subjective_code)
      select ${tenantId}::uuid, r.id, r.document_id, r.line_number, r.charge_kind, r.order_line_id, r.delivery_id,
             r.charge_key, r.description, r.period_start, r.period_end, r.quantity_hundredths, r.unit_price_pence,
             r.net_pence, r.vat_code, r.vat_rate_basis_points, r.vat_pence, r.po_number, r.cost_centre,
             r.subjective_code
        from r
    )
    insert into billed_charges (tenant_id, order_line_id, charge_key, document_id, document_line_id)
    select ${tenantId}::uuid, r.order_line_id, r.charge_key, r.document_id, r.id from r`.execute(tx);
}
