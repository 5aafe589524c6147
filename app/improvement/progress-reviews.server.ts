import { findProgressReview, listReviewActions, listSchoolReviews } from '../../db/queries/progress-reviews';
import { findTenantSchool } from '../../db/queries/school-performance';
import { listSchoolPlacements } from '../../db/queries/support-categories';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { REVIEWED_LEVELS } from './record-progress-review.server';

/** One review with its school and actions (null when not the tenant's, or not this school's). */
export async function progressReview(ctx: TenantContext, urn: number, reviewId: string) {
  return withTenant(ctx, async (tx) => {
    const review = await findProgressReview(tx, ctx.tenantId, reviewId);
    if (!review || review.urn !== urn) return null;
    const school = await findTenantSchool(tx, ctx.tenantId, urn);
    if (!school) return null;
    const actions = await listReviewActions(tx, ctx.tenantId, [reviewId]);
    return { school: { urn: school.urn, name: school.name }, review, actions };
  });
}

/** What the new-review page needs: the school and the years it is in intensive or targeted support. */
export async function reviewableSchool(ctx: TenantContext, urn: number) {
  return withTenant(ctx, async (tx) => {
    const school = await findTenantSchool(tx, ctx.tenantId, urn);
    if (!school) return null;
    const placements = await listSchoolPlacements(tx, ctx.tenantId, urn);
    const current = placements.filter((p) => p.current);
    return {
      school: { urn: school.urn, name: school.name },
      years: current
        .filter((p) => (REVIEWED_LEVELS as readonly string[]).includes(p.level))
        .map((p) => ({ academicYear: p.academicYear, category: p.categoryName }))
        .sort((a, b) => b.academicYear - a.academicYear),
      otherYears: current
        .filter((p) => !(REVIEWED_LEVELS as readonly string[]).includes(p.level))
        .map((p) => ({ academicYear: p.academicYear, category: p.categoryName })),
    };
  });
}

/** A school's reviews with their actions, newest meeting first. */
export async function schoolReviews(ctx: TenantContext, urn: number) {
  return withTenant(ctx, async (tx) => {
    const reviews = await listSchoolReviews(tx, ctx.tenantId, urn);
    const actions = await listReviewActions(
      tx,
      ctx.tenantId,
      reviews.map((r) => r.id),
    );
    return reviews.map((r) => ({ ...r, actions: actions.filter((a) => a.reviewId === r.id) }));
  });
}
