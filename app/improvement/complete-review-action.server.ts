import { insertAuditEvent } from '../../db/queries/audit';
import { completeReviewAction, findProgressReview, listReviewActions } from '../../db/queries/progress-reviews';
import { findTenantSchool } from '../../db/queries/school-performance';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { formatDate } from '../calendar/contract-year';
import type { FieldError } from '../components/ErrorSummary';
import { completionFields, type CompleteActionInput } from './progress-review-forms';

export type CompleteActionResult = { ok: true } | { ok: false; notFound: true } | { ok: false; errors: FieldError[] };

/**
 * Marks one action of a review complete: once, with the date and an optional note, audited. A
 * second completion (two people at once, or an old page) is told who completed it and when.
 */
export async function completeAction(
  ctx: TenantContext,
  urn: number,
  reviewId: string,
  input: CompleteActionInput,
): Promise<CompleteActionResult> {
  const { date } = completionFields(input.position);
  return withTenant(ctx, async (tx) => {
    const review = await findProgressReview(tx, ctx.tenantId, reviewId);
    if (!review || review.urn !== urn) return { ok: false, notFound: true } as const;
    const action = (await listReviewActions(tx, ctx.tenantId, [reviewId])).find((a) => a.position === input.position);
    if (!action) return { ok: false, notFound: true } as const;
    const already = (on: string | null, by: string | null): CompleteActionResult => ({
      ok: false,
      errors: [
        {
          field: date,
          message: `Action ${action.position} was already marked complete${by ? ` by ${by}` : ''}${on ? ` on ${formatDate(on)}` : ''}: a completion is recorded once`,
        },
      ],
    });
    if (action.completedOn) return already(action.completedOn, action.completedBy);
    if (input.completedOn < review.metOn)
      return {
        ok: false,
        errors: [
          {
            field: date,
            message: `The date it was completed must be on or after the date the group met (${formatDate(review.metOn)})`,
          },
        ],
      } as const;
    const updated = await completeReviewAction(tx, ctx.tenantId, action.id, {
      completedOn: input.completedOn,
      completedBy: ctx.userId,
      note: input.note,
    });
    if (updated === 0) {
      const now = (await listReviewActions(tx, ctx.tenantId, [reviewId])).find((a) => a.id === action.id);
      return already(now?.completedOn ?? null, now?.completedBy ?? null);
    }
    const school = await findTenantSchool(tx, ctx.tenantId, urn);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'progress_review.action_completed',
      subjectType: 'school',
      subjectId: String(urn),
      detail: {
        school: school?.name ?? null,
        action: action.action,
        owner: action.owner,
        metOn: review.metOn,
        completedOn: input.completedOn,
        note: input.note,
        reviewId,
      },
    });
    return { ok: true } as const;
  });
}
