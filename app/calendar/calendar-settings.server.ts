import { listTermDates, listYearKindDefaults } from '../../db/queries/calendar';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { contractYearLabel, londonToday } from './contract-year';
import { academicYearOf, defaultTerms, type AcademicYearTerms } from './terms';

/** The academic years whose term dates a provider looks after: the current one and the next. */
export function editableAcademicYears(today = londonToday()): [number, number] {
  const current = academicYearOf(today);
  return [current, current + 1];
}

export interface AcademicYearCalendar {
  academicYear: number;
  label: string;
  terms: AcademicYearTerms;
  /** False while the year still has the default dates. */
  setByProvider: boolean;
  defaults: AcademicYearTerms;
}

/** A provider's term dates for the current and next academic year, and its year type per customer class. */
export async function loadCalendarSettings(ctx: TenantContext) {
  const years = editableAcademicYears();
  return withTenant(ctx, async (tx) => {
    const stored = await listTermDates(tx, ctx.tenantId, years);
    const yearKinds = await listYearKindDefaults(tx, ctx.tenantId);
    const calendars: AcademicYearCalendar[] = years.map((academicYear) => {
      const own = stored.find((t) => t.academicYear === academicYear);
      const defaults = defaultTerms(academicYear);
      return {
        academicYear,
        label: contractYearLabel('academic', `${academicYear}-09-01`),
        terms: own ?? defaults,
        setByProvider: own !== undefined,
        defaults,
      };
    });
    return { years: calendars, yearKinds };
  });
}
