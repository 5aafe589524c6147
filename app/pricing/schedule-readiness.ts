import type { YearKind } from '../../db/schema';
import { contractYearLabel, contractYearOf, type IsoDate } from '../calendar/contract-year';
import { addDays } from '../calendar/days';

/** How long before a contract year starts its provider is warned that its prices are not published. */
export const WARN_DAYS_AHEAD = 60;

interface ScheduleYear {
  year_kind: YearKind;
  year_start: IsoDate;
  status: 'draft' | 'published';
}

export interface YearAwaitingPrices {
  kind: YearKind;
  start: IsoDate;
  label: string;
  /** Whether the year has already begun (schools cannot order for it at all). */
  started: boolean;
}

/**
 * Contract years that have begun, or begin within the warning period, with no published charge
 * schedule: nothing can be ordered for them until one is published. A provider sees these as a
 * warning; the years are those of its own drafts, and the year running now of each kind it uses.
 */
export function yearsAwaitingPrices(schedules: ScheduleYear[], today: IsoDate): YearAwaitingPrices[] {
  const published = new Set(
    schedules.filter((s) => s.status === 'published').map((s) => `${s.year_kind}:${s.year_start}`),
  );
  const candidates = new Map<string, { kind: YearKind; start: IsoDate }>();
  for (const s of schedules)
    candidates.set(`${s.year_kind}:${s.year_start}`, { kind: s.year_kind, start: s.year_start });
  for (const kind of new Set(schedules.map((s) => s.year_kind))) {
    const now = contractYearOf(today, kind);
    candidates.set(`${kind}:${now.start}`, { kind, start: now.start });
  }
  return [...candidates]
    .filter(([key, y]) => {
      if (published.has(key)) return false;
      const end = contractYearOf(y.start, y.kind).end;
      return today <= end && addDays(today, WARN_DAYS_AHEAD) >= y.start;
    })
    .map(([, y]) => ({ ...y, label: contractYearLabel(y.kind, y.start), started: today >= y.start }))
    .sort((a, b) => a.start.localeCompare(b.start));
}
