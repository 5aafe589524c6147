import { createHash } from 'node:crypto';
import type { StatementLine } from './statement-line';

const norm = (s: string) => s.toUpperCase().replace(/\s+/g, ' ').trim();

/**
 * A key for each line that is the same whichever file it comes in: account, date, amount,
 * reference, payer and the bank's own id, plus which of several identical lines it is (the 2nd
 * £50.00 "SUBS" on one day). Re-importing a statement, or one that overlaps it, gives the same keys.
 */
export function fingerprintLines(lines: readonly StatementLine[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((l) => {
    const key = createHash('sha256')
      .update(
        JSON.stringify([
          l.account.replace(/[^0-9A-Z]/gi, ''),
          l.bookedOn,
          l.amountPence,
          norm(l.reference),
          norm(l.payerName),
          l.bankReference,
        ]),
      )
      .digest('base64url')
      .slice(0, 32);
    const ordinal = (seen.get(key) ?? 0) + 1;
    seen.set(key, ordinal);
    return `${key}.${ordinal}`;
  });
}
