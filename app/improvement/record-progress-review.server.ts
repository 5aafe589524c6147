import { insertAuditEvent } from '../../db/queries/audit';
import { insertProgressReview, insertReviewActions } from '../../db/queries/progress-reviews';
import { findTenantSchool } from '../../db/queries/school-performance';
import { listSchoolPlacements } from '../../db/queries/support-categories';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import type { FieldError } from '../components/ErrorSummary';
import { academicYearEndingOf, academicYearLabel } from '../performance/academic-year';
import type { ProgressReviewInput } from './progress-review-forms';

export type RecordReviewResult =
  { ok: true; reviewId: string } | { ok: false; notFound: true } | { ok: false; errors: FieldError[] };

/** The levels of support a progress review group is for. */
export const REVIEWED_LEVELS = ['intensive', 'targeted'] as const;

function notInSupport(schoolName: string, year: number, categoryName: string | null): FieldError {
  return {
    field: 'metOn',
    message: `${schoolName} is not in intensive or targeted support for ${academicYearLabel(year)}${
      categoryName ? ` (it is in ${categoryName})` : ' (it has no category of support for that year)'
    }: a progress review group is for a school in intensive or targeted support. Check the date the group met, or place the school in a category first`,
  };
}

/** The database's own refusal, should a category change between the check and the insert. */
function refusedByDatabase(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  return (
    e?.code === '23514' &&
    `${String(e.constraint ?? '')} ${String(e.message ?? '')}`.includes('intensive or targeted support')
  );
}

/**
 * Records a progress review group for a school and its actions, in one transaction, audited.
 * Only for a school whose category for the meeting's academic year is intensive or targeted: the
 * person is told so, naming the school's category, before the database would refuse it.
 */
export async function recordProgressReview(
  ctx: TenantContext,
  urn: number,
  input: ProgressReviewInput,
): Promise<RecordReviewResult> {
  const year = academicYearEndingOf(input.metOn);
  try {
    return await withTenant(ctx, async (tx) => {
      const school = await findTenantSchool(tx, ctx.tenantId, urn);
      if (!school) return { ok: false, notFound: true } as const;
      const placements = await listSchoolPlacements(tx, ctx.tenantId, urn);
      const current = placements.find((p) => p.academicYear === year && p.current) ?? null;
      if (!current || !(REVIEWED_LEVELS as readonly string[]).includes(current.level))
        return { ok: false, errors: [notInSupport(school.name, year, current?.categoryName ?? null)] } as const;
      const reviewId = await insertProgressReview(tx, {
        tenantId: ctx.tenantId,
        urn,
        academicYear: year,
        metOn: input.metOn,
        attendees: input.attendees,
        reviewed: input.reviewed,
        recordedBy: ctx.userId,
      });
      await insertReviewActions(tx, ctx.tenantId, reviewId, input.actions);
      await insertAuditEvent(tx, {
        tenantId: ctx.tenantId,
        actorUserId: ctx.userId,
        action: 'progress_review.recorded',
        subjectType: 'school',
        subjectId: String(urn),
        detail: {
          school: school.name,
          year,
          category: current.categoryName,
          metOn: input.metOn,
          actions: input.actions.length,
          reviewId,
        },
      });
      return { ok: true, reviewId } as const;
    });
  } catch (error) {
    if (refusedByDatabase(error)) {
      const name = await withTenant(ctx, (tx) => findTenantSchool(tx, ctx.tenantId, urn));
      return { ok: false, errors: [notInSupport(name?.name ?? 'This school', year, null)] };
    }
    throw error;
  }
}
