import { insertAuditEvent } from '../../db/queries/audit';
import { listTermDates, upsertTermDates } from '../../db/queries/calendar';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import { editableAcademicYears } from './calendar-settings.server';
import { termProblems, termsFor, type AcademicYearTerms } from './terms';

/** A finance officer or tenant admin sets the term dates of the current or next academic year; audited. */
export async function saveTermDates(ctx: TenantContext, terms: AcademicYearTerms): Promise<void> {
  if (!editableAcademicYears().includes(terms.academicYear))
    throw new DomainError('calendar.year', 'Term dates can be set for the current and next academic year only');
  const problem = termProblems(terms)[0];
  if (problem) throw new DomainError('calendar.terms', problem.message, problem.field);
  await withTenant(ctx, async (tx) => {
    const before = termsFor(terms.academicYear, await listTermDates(tx, ctx.tenantId, [terms.academicYear]));
    await upsertTermDates(tx, ctx.tenantId, terms, ctx.userId);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'calendar.term_dates_set',
      subjectType: 'academic_year',
      subjectId: String(terms.academicYear),
      detail: { before, after: terms },
    });
  });
}
