import { formatDate } from '../calendar/contract-year';
import { formatPence } from '../money';
import { roundHalfUp } from '../pricing/quote';

export interface CancellableLine {
  serviceName: string;
  /** The start date the buyer gave, else the start of the contract year. */
  startsOn: string;
  noticeDays: number | null;
  latePercent: number;
  totalPence: number;
}

function daysBetween(from: string, to: string): number {
  const day = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((day(to) - day(from)) / 86_400_000);
}

/** What cancelling one line costs today under its agreed terms, with the working. */
export function lineCancellationCharge(line: CancellableLine, today: string): { chargePence: number; working: string } {
  if (line.noticeDays === null) return { chargePence: 0, working: `${line.serviceName}: no charge (no notice period)` };
  const notice = daysBetween(today, line.startsOn);
  if (notice >= line.noticeDays)
    return {
      chargePence: 0,
      working: `${line.serviceName}: no charge (${line.noticeDays} days' notice needed before ${formatDate(line.startsOn)}, ${notice} given)`,
    };
  const charge = roundHalfUp(BigInt(line.totalPence) * BigInt(line.latePercent), 100n);
  return {
    chargePence: charge,
    working: `${line.serviceName}: ${line.latePercent}% of ${formatPence(line.totalPence)} = ${formatPence(charge)} (less than ${line.noticeDays} days' notice before ${formatDate(line.startsOn)})`,
  };
}

/**
 * What cancelling costs today under each line's agreed terms: free with enough notice before the
 * start, otherwise the late-cancellation share of the line's price.
 */
export function cancellationCharge(
  lines: CancellableLine[],
  today: string,
): { chargePence: number; working: string[]; perLinePence: number[] } {
  const each = lines.map((line) => lineCancellationCharge(line, today));
  return {
    chargePence: each.reduce((sum, c) => sum + c.chargePence, 0),
    working: each.map((c) => c.working),
    perLinePence: each.map((c) => c.chargePence),
  };
}
