/** One line of a bank statement as read from the bank's file, before it is stored. */
export interface StatementLine {
  /** Where it is in the file: a CSV row's line, or the line an XML entry starts on. */
  lineNumber: number;
  /** Sort code and account number, or IBAN; '' when the file does not say. */
  account: string;
  bookedOn: string;
  /** Money in is positive, money out negative. */
  amountPence: number;
  reference: string;
  payerName: string;
  description: string;
  /** The bank's own id for the entry (camt.053 AcctSvcrRef), when it gives one. */
  bankReference: string;
}

/** A problem with the file, on a line a person can find. */
export interface StatementProblem {
  line: number | null;
  message: string;
}

export type StatementRead =
  { ok: true; lines: StatementLine[]; account: string } | { ok: false; problems: StatementProblem[] };

/** Enough problems to see what is wrong without a page of thousands. */
export const MAX_PROBLEMS = 20;

export function problemText(p: StatementProblem): string {
  return p.line === null ? p.message : `Line ${p.line}: ${p.message}`;
}
