import type { DocumentKind, DocumentStatus } from '../../db/schema';

export type DocumentState = 'draft' | 'finalised' | 'sent' | 'part_paid' | 'paid' | 'overdue' | 'void' | 'credited';

export interface DocumentStateFacts {
  kind: DocumentKind;
  status: DocumentStatus;
  sentAt: Date | null;
  dueOn: string | null;
  totalPence: number | null;
  /** Payments allocated to it. */
  allocatedPence: number;
  /** Final credit notes raised against it. */
  creditedPence: number;
}

/** What is still owed on a document: its total less payments and credit notes, never below zero. */
export function balancePence(
  f: Pick<DocumentStateFacts, 'status' | 'totalPence' | 'allocatedPence' | 'creditedPence' | 'kind'>,
): number {
  if (f.status !== 'final' || f.kind === 'credit_note' || f.totalPence === null) return 0;
  return Math.max(0, f.totalPence - f.allocatedPence - f.creditedPence);
}

/**
 * Where a document stands, in the order a person asks: void; still a draft; settled (paid, or
 * credited in full); overdue (past its due date with something owed); part-paid; sent; finalised.
 */
export function documentState(f: DocumentStateFacts, today: string): DocumentState {
  if (f.status === 'void') return 'void';
  if (f.status === 'draft') return 'draft';
  if (f.kind === 'credit_note') return f.sentAt ? 'sent' : 'finalised';
  const balance = balancePence(f);
  if (balance === 0) return f.allocatedPence > 0 ? 'paid' : 'credited';
  if (f.dueOn !== null && f.dueOn < today) return 'overdue';
  if (f.allocatedPence > 0) return 'part_paid';
  return f.sentAt ? 'sent' : 'finalised';
}
