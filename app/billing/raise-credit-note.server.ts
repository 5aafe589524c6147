import { insertAuditEvent } from '../../db/queries/audit';
import { insertDraftDocument, type DraftLine } from '../../db/queries/billing-documents';
import {
  findDocumentForCredit,
  listCreditableLines,
  listCreditNotesAgainst,
  lockCustomerMoney,
  type CreditableLineRow,
} from '../../db/queries/payments';
import { withTenant, type Scoped } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import { formatPence } from '../money';
import { DOCUMENT_KINDS } from '../vocabulary';
import { lineCredit, netLeftPence } from './credit-amounts';
import { creditLineField } from './credit-note-form';
import { finaliseInScope } from './finalise-document.server';

export interface RaiseCreditNoteInput {
  /** The whole of what is left of every line, or the net amounts given per line id. */
  scope: 'full' | 'lines';
  amounts: ReadonlyMap<string, number>;
  reason: string;
}

/** A final, not void, invoice or recharge of the tenant, or why it cannot be credited. */
export async function documentToCredit(tx: Scoped, tenantId: string, documentId: string, lock: boolean) {
  const doc = await findDocumentForCredit(tx, tenantId, documentId, lock);
  if (!doc || doc.status === 'draft') throw notFound();
  if (doc.kind === 'credit_note')
    throw new DomainError('credit.of_credit', 'A credit note cannot itself be credited', undefined, 409);
  if (doc.status !== 'final')
    throw new DomainError('credit.void', `${doc.number} is void: there is nothing to credit`, undefined, 409);
  return doc;
}

function creditLines(lines: readonly CreditableLineRow[], input: RaiseCreditNoteInput, userId: string): DraftLine[] {
  const byId = new Map(lines.map((l) => [l.id, l]));
  for (const id of input.amounts.keys())
    if (!byId.has(id))
      throw new DomainError('credit.line', 'Credit only the lines listed on this document', creditLineField(id));
  const chosen =
    input.scope === 'full'
      ? lines.filter((l) => netLeftPence(l) > 0).map((l) => ({ line: l, net: netLeftPence(l) }))
      : lines.filter((l) => input.amounts.has(l.id)).map((l) => ({ line: l, net: input.amounts.get(l.id)! }));
  if (chosen.length === 0)
    throw new DomainError(
      'credit.nothing',
      input.scope === 'full'
        ? 'Nothing is left to credit on this document'
        : 'Enter an amount to credit against at least one line',
      input.scope === 'full' ? 'scope' : lines[0] ? creditLineField(lines[0].id) : 'scope',
    );
  return chosen.map(({ line, net }) => {
    const left = netLeftPence(line);
    if (net > left)
      throw new DomainError(
        'credit.more_than_line',
        `${formatPence(net)} is more than the ${formatPence(left)} left to credit on line ${line.lineNumber} (before VAT)`,
        creditLineField(line.id),
      );
    const credit = lineCredit(line, net);
    const whole = credit.full && line.creditedNetPence === 0;
    return {
      chargeKind: 'credit',
      orderLineId: null,
      chargeKey: null,
      deliveryId: null,
      description: `Credit: ${line.description}`.slice(0, 500),
      periodStart: null,
      periodEnd: null,
      quantityHundredths: whole ? line.quantityHundredths : 100,
      unitPricePence: whole ? line.unitPricePence : credit.netPence,
      netPence: credit.netPence,
      vatCode: line.vatCode,
      vatRateBasisPoints: line.vatRateBasisPoints,
      vatPence: credit.vatPence,
      poNumber: null,
      costCentre: line.costCentre,
      subjectiveCode: line.subjectiveCode,
      creditsLineId: line.id,
      reason: input.reason,
      addedBy: userId,
    } satisfies DraftLine;
  });
}

/**
 * Raises a credit note against a final invoice or recharge and issues it at once, numbered from
 * the credit note series. Each line takes back no more than is left of that line, and the note no
 * more than is left of the document. Against a document already paid, what it takes back beyond
 * what was unpaid becomes the customer's credit.
 */
export async function raiseCreditNote(ctx: TenantContext, documentId: string, input: RaiseCreditNoteInput) {
  try {
    return await issueCreditNote(ctx, documentId, input);
  } catch (error) {
    throw asCreditRefusal(error);
  }
}

/** The database's own refusal (two credit notes at once, say), in pounds and with what to do. */
function asCreditRefusal(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  const pence = /at most (-?\d+) pence/.exec(message)?.[1];
  if (code !== '42501' || pence === undefined) return error;
  return new DomainError(
    'credit.more_than_document',
    `A credit note can take back at most ${formatPence(Math.max(0, Number(pence)))}, what is left of the document`,
    'scope',
  );
}

async function issueCreditNote(ctx: TenantContext, documentId: string, input: RaiseCreditNoteInput) {
  return withTenant(ctx, async (tx) => {
    const doc = await documentToCredit(tx, ctx.tenantId, documentId, true);
    await lockCustomerMoney(tx, ctx.tenantId, doc.organisationId);
    const lines = creditLines(await listCreditableLines(tx, ctx.tenantId, documentId), input, ctx.userId);
    const credits = await listCreditNotesAgainst(tx, ctx.tenantId, documentId);
    const creditedPence = credits.reduce((s, c) => s + (c.totalPence ?? 0), 0);
    const leftPence = (doc.totalPence ?? 0) - creditedPence;
    const thisPence = lines.reduce((s, l) => s + l.netPence + l.vatPence, 0);
    if (thisPence > leftPence)
      throw new DomainError(
        'credit.more_than_document',
        `This credit note comes to ${formatPence(thisPence)}, more than the ${formatPence(Math.max(0, leftPence))} left to credit on ${doc.number}`,
        'scope',
      );
    const creditNoteId = await insertDraftDocument(tx, ctx.tenantId, {
      kind: 'credit_note',
      runId: null,
      organisationId: doc.organisationId,
      poNumber: doc.poNumber,
      creditsDocumentId: documentId,
      reason: input.reason,
      createdBy: ctx.userId,
      lines,
    });
    const finalised = await finaliseInScope(tx, ctx, creditNoteId);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'document.credited',
      subjectType: 'billing_document',
      subjectId: documentId,
      detail: {
        number: doc.number,
        kind: DOCUMENT_KINDS[doc.kind].singular,
        creditNoteId,
        creditNoteNumber: finalised.number,
        totalPence: finalised.totalPence,
        reason: input.reason,
      },
    });
    return finalised;
  });
}

/** The document with what is left to credit on each line, and the credit notes already raised. */
export async function viewDocumentToCredit(ctx: TenantContext, documentId: string) {
  return withTenant(ctx, async (tx) => {
    const doc = await documentToCredit(tx, ctx.tenantId, documentId, false);
    const lines = await listCreditableLines(tx, ctx.tenantId, documentId);
    const credits = await listCreditNotesAgainst(tx, ctx.tenantId, documentId);
    const creditedPence = credits.reduce((s, c) => s + (c.totalPence ?? 0), 0);
    return {
      document: { ...doc, leftPence: Math.max(0, (doc.totalPence ?? 0) - creditedPence) },
      lines: lines.map((l) => ({ ...l, netLeftPence: netLeftPence(l) })),
      credits,
    };
  });
}
