import type { YearKind } from '../../db/schema';
import { contractYearLabel, contractYearStarting } from '../calendar/contract-year';

/** The contract years an agreement covers, e.g. 2026/27 and the two following. */
export function agreementYears(kind: YearKind, firstYearStart: string, years: number) {
  const first = Number(firstYearStart.slice(0, 4));
  return Array.from({ length: years }, (_, i) => {
    const year = contractYearStarting(first + i, kind);
    return { start: year.start, end: year.end, label: contractYearLabel(kind, year.start) };
  });
}
