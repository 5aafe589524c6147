import { z } from 'zod';
import { insertAuditEvent } from '../../db/queries/audit';
import {
  appendDraftLines,
  findDocumentCustomer,
  lastLineNumber,
  lockDocument,
} from '../../db/queries/billing-documents';
import type { CustomerClass, DocumentKind, VatCode } from '../../db/schema';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import { parsePounds } from '../money';
import { lineVatPence, VAT_RATE_BASIS_POINTS } from './vat';

const QUANTITY = /^\d{1,6}(\.\d{1,2})?$/;

export const manualLineForm = z.object({
  description: z
    .string()
    .trim()
    .min(1, 'Enter what the line is for')
    .max(500, 'The description must be 500 characters or fewer'),
  quantity: z
    .string()
    .trim()
    .regex(QUANTITY, 'Enter the quantity as a number, like 1 or 2.5')
    .transform((q) => Math.round(Number(q) * 100))
    .refine((h) => h > 0, 'The quantity must be more than 0'),
  unitPrice: z
    .string()
    .trim()
    .min(1, 'Enter the unit price')
    .transform((text, c) => {
      const pence = parsePounds(text);
      if (pence === null || Math.abs(pence) > 100_000_000) {
        c.addIssue({ code: 'custom', message: 'Enter the unit price in pounds and pence, like 150 or 150.50' });
        return z.NEVER;
      }
      return pence;
    }),
  vatCode: z.enum(['S', 'E', 'O', 'Z'], { error: 'Select the VAT treatment' }),
  reason: z
    .string()
    .trim()
    .min(1, 'Enter why this line is added')
    .max(500, 'The reason must be 500 characters or fewer'),
});

export type ManualLine = z.output<typeof manualLineForm>;

/**
 * The VAT treatment a hand-added line starts with: none on an internal recharge or to the
 * council's own maintained schools (outside the scope), standard rate to anyone else.
 */
export function defaultVatCode(kind: DocumentKind, customerClass: CustomerClass | null): VatCode {
  if (kind === 'recharge' || customerClass === 'own_maintained') return 'O';
  return 'S';
}

/** quantity × unit price, to the penny, half up (away from zero for a negative price). */
export function manualNetPence(quantityHundredths: number, unitPricePence: number): number {
  const scaled = BigInt(quantityHundredths) * BigInt(Math.abs(unitPricePence));
  let net = scaled / 100n;
  if ((scaled % 100n) * 2n >= 100n) net += 1n;
  return unitPricePence < 0 ? -Number(net) : Number(net);
}

export async function manualLineDefault(ctx: TenantContext, documentId: string): Promise<VatCode> {
  return withTenant(ctx, async (tx) => {
    const doc = await lockDocument(tx, ctx.tenantId, documentId);
    if (!doc) throw notFound();
    const customer = await findDocumentCustomer(tx, ctx.tenantId, doc.organisation_id);
    return defaultVatCode(doc.kind, customer?.customer_class ?? null);
  });
}

/** Adds a line by hand to a draft, for a reason (kept on the line and in the audit). */
export async function addManualLine(ctx: TenantContext, documentId: string, input: ManualLine): Promise<string> {
  return withTenant(ctx, async (tx) => {
    const doc = await lockDocument(tx, ctx.tenantId, documentId);
    if (!doc) throw notFound();
    if (doc.status !== 'draft')
      throw new DomainError('document.not_draft', `${doc.number} is final: its lines never change`, undefined, 409);
    if (doc.kind === 'recharge' && input.vatCode !== 'O')
      throw new DomainError(
        'document.recharge_vat',
        'An internal recharge is outside the scope of VAT: select outside the scope',
        'vatCode',
      );
    const netPence = manualNetPence(input.quantity, input.unitPrice);
    const line = {
      chargeKind: 'manual' as const,
      orderLineId: null,
      chargeKey: null,
      deliveryId: null,
      description: input.description,
      periodStart: null,
      periodEnd: null,
      quantityHundredths: input.quantity,
      unitPricePence: input.unitPrice,
      netPence,
      vatCode: input.vatCode,
      vatRateBasisPoints: VAT_RATE_BASIS_POINTS[input.vatCode],
      vatPence: lineVatPence(netPence, input.vatCode),
      poNumber: doc.po_number,
      costCentre: null,
      subjectiveCode: null,
      reason: input.reason,
      addedBy: ctx.userId,
    };
    const [id] = await appendDraftLines(
      tx,
      ctx.tenantId,
      documentId,
      [line],
      (await lastLineNumber(tx, ctx.tenantId, documentId)) + 1,
    );
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'document.line_added',
      subjectType: 'billing_document',
      subjectId: documentId,
      detail: {
        reason: input.reason,
        line: {
          description: line.description,
          quantityHundredths: line.quantityHundredths,
          unitPricePence: line.unitPricePence,
          netPence,
          vatCode: line.vatCode,
          vatPence: line.vatPence,
        },
      },
    });
    return id!;
  });
}
