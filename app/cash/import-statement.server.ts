import { randomUUID } from 'node:crypto';
import {
  findColumnMapping,
  findInvoicePrefix,
  insertAuditEvents,
  insertBankAllocations,
  insertBankLines,
  insertBankPayments,
  insertBankStatement,
  knownFingerprints,
  listMatchableCustomers,
  listMatchableDocuments,
  lockBankImports,
  type BankLineWrite,
  type BankPaymentWrite,
} from '../../db/queries/cash';
import type { BankPreset } from '../../db/tables/bank-statements';
import { withTenant } from '../../db/scope.server';
import { asAllocationRefusal } from '../payments/allocate-payment.server';
import { fingerprintLines } from './fingerprint';
import { matchCreditLines } from './match-lines';
import { readStatementFile } from './read-statement-file';
import type { StatementProblem } from './statement-line';

export interface ImportStatementInput {
  preset: BankPreset;
  fileName: string;
  bytes: Uint8Array;
}

export type ImportStatementResult =
  | { ok: false; problems: StatementProblem[] }
  | {
      ok: true;
      /** Null when every line was imported before: nothing new is recorded. */
      statementId: string | null;
      linesInFile: number;
      linesNew: number;
      linesMatched: number;
      linesWaiting: number;
    };

/** The payment a bank line becomes: its external id is the line's, so it is recorded once. */
export const bankPaymentExternalId = (fingerprint: string) => `bank:${fingerprint}`;

/**
 * Imports a bank statement and matches its new credit lines to open invoices and recharges, in
 * one transaction: the lines, the payments and their allocations are all saved, or none of them.
 * Lines already imported (the same file again, or an overlapping statement) are left out; debits
 * are kept for the record and ignored. Everything is read and matched in memory and written in a
 * few multi-row statements, so a statement of 100,000 lines takes seconds.
 */
export async function importBankStatement(
  ctx: { tenantId: string; userId: string | null },
  input: ImportStatementInput,
): Promise<ImportStatementResult> {
  try {
    return await withTenant(ctx, async (tx) => {
      const mapping = input.preset === 'mapping' ? await findColumnMapping(tx, ctx.tenantId) : null;
      const read = readStatementFile(input.bytes, input.preset, mapping);
      if (!read.ok) return read;
      const fingerprints = fingerprintLines(read.lines);
      await lockBankImports(tx, ctx.tenantId);
      const known = await knownFingerprints(tx, ctx.tenantId, fingerprints);
      const fresh = read.lines
        .map((line, i) => ({ line, fingerprint: fingerprints[i]! }))
        .filter((l) => !known.has(l.fingerprint));
      const base = { linesInFile: read.lines.length, linesNew: fresh.length };
      if (fresh.length === 0) return { ok: true, statementId: null, ...base, linesMatched: 0, linesWaiting: 0 };

      const credits = fresh.filter((l) => l.line.amountPence > 0);
      // One connection per transaction: these run one after the other.
      const documents = credits.length ? await listMatchableDocuments(tx, ctx.tenantId) : [];
      const customers = credits.length ? await listMatchableCustomers(tx, ctx.tenantId) : [];
      const prefix = credits.length ? await findInvoicePrefix(tx, ctx.tenantId) : '';
      const matches = matchCreditLines(
        credits.map((c) => c.line),
        documents,
        customers,
        prefix,
      );
      const matchOf = new Map(credits.map((c, i) => [c.fingerprint, matches[i]!]));

      const payments: BankPaymentWrite[] = [];
      const allocations: Array<{ paymentId: string; documentId: string; amountPence: number }> = [];
      const lines: BankLineWrite[] = fresh.map(({ line, fingerprint }) => {
        const match = matchOf.get(fingerprint);
        let paymentId: string | null = null;
        if (match?.matched) {
          paymentId = randomUUID();
          payments.push({
            id: paymentId,
            organisationId: match.organisationId,
            receivedOn: line.bookedOn,
            amountPence: line.amountPence,
            reference: (line.reference || line.payerName).slice(0, 100),
            externalId: bankPaymentExternalId(fingerprint),
          });
          for (const a of match.allocations) allocations.push({ paymentId, ...a });
        }
        return {
          lineNumber: line.lineNumber,
          fingerprint,
          account: line.account.slice(0, 60),
          bookedOn: line.bookedOn,
          amountPence: line.amountPence,
          reference: line.reference.slice(0, 200),
          payerName: line.payerName.slice(0, 200),
          description: line.description.slice(0, 500),
          status: line.amountPence < 0 ? 'debit' : match?.matched ? 'matched' : 'unmatched',
          matchedHow: match?.matched ? 'automatic' : null,
          matchReason: match ? match.reason.slice(0, 300) : null,
          paymentId,
        };
      });

      const statementId = randomUUID();
      const days = fresh.map((l) => l.line.bookedOn).sort();
      await insertBankStatement(tx, {
        tenantId: ctx.tenantId,
        id: statementId,
        preset: input.preset,
        fileName: input.fileName.slice(0, 200),
        account: read.account.slice(0, 60),
        firstOn: days[0] ?? null,
        lastOn: days.at(-1) ?? null,
        ...base,
        linesMatched: payments.length,
        importedBy: ctx.userId,
      });
      await insertBankPayments(tx, ctx.tenantId, ctx.userId, payments);
      await insertBankAllocations(tx, ctx.tenantId, ctx.userId, allocations);
      await insertBankLines(tx, ctx.tenantId, statementId, ctx.userId, lines);
      await insertAuditEvents(tx, ctx.tenantId, ctx.userId, [
        {
          action: 'bank_statement.imported',
          subjectType: 'bank_statement',
          subjectId: statementId,
          detail: { fileName: input.fileName, preset: input.preset, ...base, linesMatched: payments.length },
        },
        ...payments.map((p) => ({
          action: 'payment.recorded',
          subjectType: 'payment',
          subjectId: p.id,
          detail: {
            amountPence: p.amountPence,
            method: 'bank_transfer',
            receivedOn: p.receivedOn,
            matched: 'automatic',
          },
        })),
      ]);
      const waiting = lines.filter((l) => l.status === 'unmatched').length;
      return { ok: true, statementId, ...base, linesMatched: payments.length, linesWaiting: waiting };
    });
  } catch (error) {
    throw asAllocationRefusal(error);
  }
}
