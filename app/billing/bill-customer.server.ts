import { insertDraftDocument, type DraftLine } from '../../db/queries/billing-documents';
import {
  customerAccountExists,
  listBilledCharges,
  listCustomerLines,
  listLineDeliveries,
  organisationName,
} from '../../db/queries/billing-runs';
import { listTermDates } from '../../db/queries/calendar';
import { listLinePositionRows } from '../../db/queries/positions';
import type { CustomerClass, DocumentKind, VatCode } from '../../db/schema';
import type { Scoped } from '../../db/scope.server';
import { academicYearOf } from '../calendar/terms';
import { DomainError } from '../errors';
import { UNIT_KINDS } from '../vocabulary';
import { dueCharges } from './due-charges';
import { lineVatPence, VAT_RATE_BASIS_POINTS } from './vat';

export interface BillingRunRef {
  id: string;
  periodEnd: string;
  startedBy: string | null;
}

/**
 * Bills one customer for a run, inside the caller's transaction: every charge due on its lines up
 * to the run's end date and not billed before, as one draft per kind of document (a recharge for
 * an account settled by recharge, else a VAT invoice), addressed to the customer's account or, when
 * the school's account says so, its trust's. Returns what it made.
 */
export async function billCustomer(
  tx: Scoped,
  tenantId: string,
  run: BillingRunRef,
  billToId: string,
): Promise<{ documents: number; lines: number }> {
  const upTo = run.periodEnd;
  const lines = await listCustomerLines(tx, tenantId, billToId, upTo);
  if (lines.length === 0) return { documents: 0, lines: 0 };
  const lineIds = lines.map((l) => l.id);
  const positions = await listLinePositionRows(tx, tenantId, { lineIds }, upTo);
  const deliveries = await listLineDeliveries(tx, tenantId, lineIds, upTo);
  const billed = await listBilledCharges(tx, tenantId, lineIds);
  const firstYear = Math.min(...lines.map((l) => academicYearOf(l.yearStart)));
  const lastYear = academicYearOf(upTo) + 1;
  const terms = await listTermDates(
    tx,
    tenantId,
    Array.from({ length: Math.max(0, lastYear - firstYear + 2) }, (_, i) => firstYear - 1 + i),
  );
  const positionOf = new Map(positions.map((p) => [p.id, p]));
  const consolidated = lines.some((l) => l.organisationId !== billToId);

  const byKind = new Map<DocumentKind, DraftLine[]>();
  for (const line of lines) {
    const position = positionOf.get(line.id)!;
    const charges = dueCharges(
      {
        serviceName: line.serviceName,
        unit: UNIT_KINDS[line.unitKind],
        billingPlan: line.billingPlan,
        status: position.status,
        totalPence: position.totalPence,
        allowanceHundredths: position.allowanceHundredths,
        overageUnitPricePence: position.overageUnitPricePence,
        cancellationChargePence: position.cancellationChargePence,
        yearKind: line.yearKind,
        yearStart: line.yearStart,
        terms,
        deliveries: deliveries.filter((d) => d.lineId === line.id),
      },
      upTo,
      new Map(billed.filter((b) => b.lineId === line.id).map((b) => [b.chargeKey, b.quantityHundredths])),
    );
    if (charges.length === 0) continue;
    const kind: DocumentKind = line.settlementMethod === 'recharge' ? 'recharge' : 'invoice';
    // A recharge is a journal inside the council: outside the scope of VAT whatever the service.
    const vatCode: VatCode =
      kind === 'recharge' ? 'O' : ((line.vatByClass as Record<CustomerClass, VatCode>)[line.customerClass] ?? 'S');
    const drafts = byKind.get(kind) ?? [];
    for (const c of charges)
      drafts.push({
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
  if (byKind.size === 0) return { documents: 0, lines: 0 };

  if (consolidated && !(await customerAccountExists(tx, tenantId, billToId))) {
    const trust = (await organisationName(tx, billToId)) ?? 'The trust';
    throw new DomainError(
      'billing.trust_without_account',
      `${trust} is invoiced for its schools but has no customer account: open one for it, then run billing again`,
    );
  }

  let lineCount = 0;
  for (const [kind, draftLines] of byKind) {
    const poNumbers = new Set(draftLines.map((l) => l.poNumber));
    await insertDraftDocument(tx, tenantId, {
      kind,
      runId: run.id,
      organisationId: billToId,
      // One purchase order across the draft goes on the document; several stay on their lines.
      poNumber: poNumbers.size === 1 ? [...poNumbers][0]! : null,
      createdBy: run.startedBy,
      lines: draftLines,
    });
    lineCount += draftLines.length;
  }
  return { documents: byKind.size, lines: lineCount };
}
