import { timeOrderedId } from '../../db/time-ordered-id';
import {
  insertDrafts,
  listBilledChargesOfLines,
  listDeliveriesOfLines,
  listDueLinesOfCustomers,
  organisationsWithAccounts,
  type DueLineRow,
  type NewDraft,
  type NewDraftLine,
} from '../../db/queries/billing-due';
import { organisationNames } from '../../db/queries/billing-runs';
import { listTermDates } from '../../db/queries/calendar';
import type { CustomerClass, DocumentKind, VatCode } from '../../db/schema';
import type { Scoped } from '../../db/scope.server';
import type { AcademicYearTerms } from '../calendar/terms';
import { academicYearOf } from '../calendar/terms';
import { UNIT_KINDS } from '../vocabulary';
import { billedRecordsSummable, deliveryChargeKey, dueCharges, type DueDelivery } from './due-charges';
import { lineVatPence, VAT_RATE_BASIS_POINTS } from './vat';

export interface BillingRunRef {
  id: string;
  periodEnd: string;
  startedBy: string | null;
}

/** What billing one customer came to: its drafts and lines, or why it could not be billed. */
export interface CustomerBilled {
  customerId: string;
  documents: number;
  lines: number;
  /** A reason a person can act on; nothing was made for the customer. */
  error?: string;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** One customer's charges due, as draft lines by kind of document (in the order first met). */
function customerDraftLines(
  billToId: string,
  lines: readonly DueLineRow[],
  upTo: string,
  terms: readonly AcademicYearTerms[],
  deliveriesOf: ReadonlyMap<string, DueDelivery[]>,
  billedRecordsOf: ReadonlyMap<string, number>,
  billedOf: ReadonlyMap<string, Map<string, number>>,
): Map<DocumentKind, NewDraftLine[]> {
  const consolidated = lines.some((l) => l.organisationId !== billToId);
  const byKind = new Map<DocumentKind, NewDraftLine[]>();
  for (const line of lines) {
    const charges = dueCharges(
      {
        serviceName: line.serviceName,
        unit: UNIT_KINDS[line.unitKind],
        billingPlan: line.billingPlan,
        status: line.status,
        totalPence: line.totalPence,
        allowanceHundredths: line.allowanceHundredths,
        overageUnitPricePence: line.overageUnitPricePence,
        cancellationChargePence: line.cancellationChargePence,
        yearKind: line.yearKind,
        yearStart: line.yearStart,
        terms,
        deliveries: deliveriesOf.get(line.id) ?? [],
        billedRecordsHundredths: billedRecordsOf.get(line.id) ?? 0,
      },
      upTo,
      billedOf.get(line.id) ?? new Map(),
    );
    if (charges.length === 0) continue;
    const kind: DocumentKind = line.settlementMethod === 'recharge' ? 'recharge' : 'invoice';
    // A recharge is a journal inside the council: outside the scope of VAT whatever the service.
    const vatCode: VatCode =
      kind === 'recharge' ? 'O' : ((line.vatByClass as Record<CustomerClass, VatCode>)[line.customerClass] ?? 'S');
    const drafts = byKind.get(kind) ?? [];
    for (const c of charges)
      drafts.push({
        // Which draft, and where on it, is settled once the customer's drafts are known.
        id: '',
        documentId: '',
        lineNumber: 0,
        chargeKind: c.chargeKind,
        orderLineId: line.id,
        chargeKey: c.chargeKey,
        deliveryId: c.deliveryId,
        // On a trust's invoice each line says which school it is for.
        description: consolidated ? `${line.organisationName}: ${c.description}` : c.description,
        periodStart: c.periodStart,
        periodEnd: c.periodEnd,
        quantityHundredths: c.quantityHundredths,
        unitPricePence: c.unitPricePence,
        netPence: c.netPence,
        vatCode,
        vatRateBasisPoints: VAT_RATE_BASIS_POINTS[vatCode],
        vatPence: lineVatPence(c.netPence, vatCode),
        poNumber: line.poNumber,
        costCentre: line.costCentre,
        subjectiveCode: line.subjectiveCode,
      });
    byKind.set(kind, drafts);
  }
  return byKind;
}

/**
 * Bills a page of customers for a run, inside the caller's transaction: for each, every charge due
 * on its lines up to the run's end date and not billed before, as one draft per kind of document
 * (a recharge for an account settled by recharge, else a VAT invoice), addressed to the customer's
 * account or, when the school's account says so, its trust's. The page is read in a few set-based
 * statements and written in a few more; a customer that cannot be billed for a reason a person can
 * act on is returned with that reason and nothing made. A charge already claimed breaks the
 * billed_charges key (23505) and fails the whole page with the caller's transaction.
 */
export async function billCustomers(
  tx: Scoped,
  tenantId: string,
  run: BillingRunRef,
  customerIds: readonly string[],
): Promise<CustomerBilled[]> {
  const upTo = run.periodEnd;
  const lines = await listDueLinesOfCustomers(tx, tenantId, customerIds, upTo);
  const lineIds = lines.map((l) => l.id);
  const summed = lines.filter((l) => billedRecordsSummable(l)).map((l) => l.id);
  const deliveries = await listDeliveriesOfLines(tx, tenantId, lineIds, summed, upTo);
  const billed = await listBilledChargesOfLines(tx, tenantId, lineIds);
  let terms: AcademicYearTerms[] = [];
  if (lines.length > 0) {
    const firstYear = Math.min(...lines.map((l) => academicYearOf(l.yearStart)));
    const lastYear = academicYearOf(upTo) + 1;
    terms = await listTermDates(
      tx,
      tenantId,
      Array.from({ length: Math.max(0, lastYear - firstYear + 2) }, (_, i) => firstYear - 1 + i),
    );
  }
  const deliveriesOf = groupBy(deliveries, (d) => d.lineId);
  const billedRecordsOf = new Map(deliveries.map((d) => [d.lineId, d.billedUnitsOfLine]));
  const billedOf = new Map<string, Map<string, number>>();
  const claim = (lineId: string, chargeKey: string, quantityHundredths: number) => {
    const claims = billedOf.get(lineId) ?? new Map<string, number>();
    claims.set(chargeKey, quantityHundredths);
    billedOf.set(lineId, claims);
  };
  // Only an overage claim's quantity counts (dueCharges asks no other's).
  for (const b of billed) claim(b.lineId, b.chargeKey, b.quantityHundredths ?? 0);
  // A record's own charge was billed for the record's units.
  for (const d of deliveries) if (d.billed) claim(d.lineId, deliveryChargeKey(d.id), d.unitsHundredths);
  const linesOf = groupBy(lines, (l) => l.billTo);

  const due = new Map<string, Map<DocumentKind, NewDraftLine[]>>();
  for (const [billToId, customerLines] of linesOf) {
    const byKind = customerDraftLines(billToId, customerLines, upTo, terms, deliveriesOf, billedRecordsOf, billedOf);
    if (byKind.size > 0) due.set(billToId, byKind);
  }

  // A trust invoiced for its schools needs an account of its own to be billed to.
  const consolidating = [...due.keys()].filter((id) => linesOf.get(id)!.some((l) => l.organisationId !== id));
  const withAccounts = await organisationsWithAccounts(tx, tenantId, consolidating);
  const missing = consolidating.filter((id) => !withAccounts.has(id));
  const names = await organisationNames(tx, missing);

  const drafts: NewDraft[] = [];
  const draftLines: NewDraftLine[] = [];
  const outcomes = customerIds.map((customerId): CustomerBilled => {
    const byKind = due.get(customerId);
    if (!byKind) return { customerId, documents: 0, lines: 0 };
    if (missing.includes(customerId)) {
      const trust = names.get(customerId) ?? 'The trust';
      return {
        customerId,
        documents: 0,
        lines: 0,
        error: `${trust} is invoiced for its schools but has no customer account: open one for it, then run billing again`,
      };
    }
    let lineCount = 0;
    for (const [kind, kindLines] of byKind) {
      const documentId = timeOrderedId();
      const poNumbers = new Set(kindLines.map((l) => l.poNumber));
      drafts.push({
        id: documentId,
        kind,
        runId: run.id,
        organisationId: customerId,
        // One purchase order across the draft goes on the document; several stay on their lines.
        poNumber: poNumbers.size === 1 ? [...poNumbers][0]! : null,
        createdBy: run.startedBy,
      });
      kindLines.forEach((l, i) => {
        l.id = timeOrderedId();
        l.documentId = documentId;
        l.lineNumber = i + 1;
        draftLines.push(l);
      });
      lineCount += kindLines.length;
    }
    return { customerId, documents: byKind.size, lines: lineCount };
  });
  await insertDrafts(tx, tenantId, drafts, draftLines);
  return outcomes;
}
