import { createHash } from 'node:crypto';
import { insertAuditEvent } from '../../db/queries/audit';
import {
  insertLedgerBatch,
  listUnbatchedLines,
  lockLedgerBatches,
  nextLedgerBatchNumber,
} from '../../db/queries/ledger';
import type { LedgerBatchKind } from '../../db/tables/ledger-export';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import { monthPeriod, type LedgerPeriod } from './export-form';
import { controlTotals, ledgerFileText, ledgerProblems, ledgerRows, type ControlTotals } from './ledger-file';
import { LEDGER_BATCH_KINDS } from './ledger-template';
import { ledgerTemplateInScope } from './ledger-templates.server';

/** Refused: each problem names the line (or customer) and what to fix. Nothing was saved. */
export class LedgerExportRefused extends DomainError {
  constructor(readonly problems: string[]) {
    super('ledger.not_ready', problems[0] ?? 'The batch cannot be exported', 'month');
  }
}

export interface ExportedBatch extends ControlTotals {
  batchId: string;
  reference: string;
  fileName: string;
  fileText: string;
}

export const batchReference = (number: number) => `LB${String(number).padStart(6, '0')}`;

/**
 * Makes the next batch of a kind for a period: every final document of that kind issued in the
 * period and in no batch yet, written with the tenant's template, its control totals, the file as
 * exported and each document's claim, in one transaction. Any document not ready for the ledger
 * refuses the whole batch.
 */
export async function exportLedgerBatch(
  ctx: Pick<TenantContext, 'tenantId' | 'userId'>,
  kind: LedgerBatchKind,
  period: LedgerPeriod,
): Promise<ExportedBatch> {
  return withTenant(ctx, async (tx) => {
    await lockLedgerBatches(tx, ctx.tenantId);
    const kinds = kind === 'sales' ? (['invoice', 'credit_note'] as const) : (['recharge'] as const);
    const lines = await listUnbatchedLines(tx, ctx.tenantId, kinds, period);
    if (lines.length === 0)
      throw new LedgerExportRefused([
        `There are no final ${LEDGER_BATCH_KINDS[kind].documents} issued in ${period.label} that are not already in a batch`,
      ]);
    const { template } = await ledgerTemplateInScope(tx, ctx.tenantId);
    const problems = ledgerProblems(lines, template);
    if (problems.length > 0) throw new LedgerExportRefused(problems);

    const number = await nextLedgerBatchNumber(tx, ctx.tenantId);
    const reference = batchReference(number);
    const rows = ledgerRows(kind, lines, template);
    const totals = controlTotals(kind, rows);
    const fileText = ledgerFileText(template, { reference, periodStart: period.start }, rows);
    const fileName = `${reference}-${kind === 'sales' ? 'invoices' : 'recharge-journal'}-${period.start.slice(0, 7)}.csv`;
    const documentIds = [...new Set(lines.map((l) => l.documentId))];
    const batchId = await insertLedgerBatch(
      tx,
      ctx.tenantId,
      {
        number,
        reference,
        kind,
        periodStart: period.start,
        periodEnd: period.end,
        ...totals,
        template,
        fileName,
        fileText,
        fileSha256: createHash('sha256').update(fileText, 'utf8').digest('hex'),
        exportedBy: ctx.userId,
      },
      documentIds,
    );
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'ledger.batch_exported',
      subjectType: 'tenant',
      subjectId: ctx.tenantId,
      detail: { batchId, reference, kind, period: period.label, documents: totals.documentCount },
    });
    return { batchId, reference, fileName, fileText, ...totals };
  });
}

/**
 * For `npm run bench:finance`: a month's batch of invoices and credit notes for a tenant, and the
 * file's bytes (UTF-8) as the download gives them.
 */
export async function exportMonthSalesBatch(
  ctx: { tenantId: string; userId: string },
  year: number,
  month: number,
): Promise<{ batchId: string; reference: string; documentCount: number; bytes: Uint8Array }> {
  const batch = await exportLedgerBatch(ctx, 'sales', monthPeriod(year, month));
  return {
    batchId: batch.batchId,
    reference: batch.reference,
    documentCount: batch.documentCount,
    bytes: Buffer.from(batch.fileText, 'utf8'),
  };
}
