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

/**
 * What cancelling costs today under each line's agreed terms: free with enough notice before the
 * start, otherwise the late-cancellation share of the line's price.
 */
export function cancellationCharge(
  lines: CancellableLine[],
  today: string,
): { chargePence: number; working: string[] } {
  let chargePence = 0;
  const working: string[] = [];
  for (const line of lines) {
    if (line.noticeDays === null) {
      working.push(`${line.serviceName}: no charge (no notice period)`);
      continue;
    }
    const notice = daysBetween(today, line.startsOn);
    if (notice >= line.noticeDays) {
      working.push(
        `${line.serviceName}: no charge (${line.noticeDays} days' notice needed before ${formatDate(line.startsOn)}, ${notice} given)`,
      );
      continue;
    }
    const charge = roundHalfUp(BigInt(line.totalPence) * BigInt(line.latePercent), 100n);
    chargePence += charge;
    working.push(
      `${line.serviceName}: ${line.latePercent}% of ${formatPence(line.totalPence)} = ${formatPence(charge)} (less than ${line.noticeDays} days' notice before ${formatDate(line.startsOn)})`,
    );
  }
  return { chargePence, working };
}
