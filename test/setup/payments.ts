import type { TenantContext } from '../../app/auth/guards.server';
import { lineVatPence, VAT_RATE_BASIS_POINTS } from '../../app/billing/vat';
import { finaliseInScope } from '../../app/billing/finalise-document.server';
import { insertDraftDocument } from '../../db/queries/billing-documents';
import type { DocumentKind, VatCode } from '../../db/schema';
import { withTenant } from '../../db/scope.server';

/**
 * A final document for the customer with manual lines (net pence and VAT code each, ledger codes if
 * given), finalised as finance would finalise it; returns its id and number.
 */
export async function finalDocument(
  ctx: TenantContext,
  organisationId: string,
  lines: Array<{
    netPence: number;
    vatCode?: VatCode;
    description?: string;
    costCentre?: string | null;
    subjectiveCode?: string | null;
  }>,
  kind: Exclude<DocumentKind, 'credit_note'> = 'invoice',
  poNumber: string | null = null,
) {
  return withTenant(ctx, async (tx) => {
    const id = await insertDraftDocument(tx, ctx.tenantId, {
      kind,
      runId: null,
      organisationId,
      poNumber,
      createdBy: ctx.userId,
      lines: lines.map((l, i) => {
        const vatCode = kind === 'recharge' ? 'O' : (l.vatCode ?? 'S');
        return {
          chargeKind: 'manual',
          orderLineId: null,
          chargeKey: null,
          deliveryId: null,
          description: l.description ?? `Service ${i + 1}`,
          periodStart: null,
          periodEnd: null,
          quantityHundredths: 100,
          unitPricePence: l.netPence,
          netPence: l.netPence,
          vatCode,
          vatRateBasisPoints: VAT_RATE_BASIS_POINTS[vatCode],
          vatPence: lineVatPence(l.netPence, vatCode),
          poNumber,
          costCentre: l.costCentre ?? null,
          subjectiveCode: l.subjectiveCode ?? null,
          reason: 'Agreed with the school',
        };
      }),
    });
    const { number, totalPence } = await finaliseInScope(tx, ctx, id);
    return { id, number, totalPence };
  });
}
