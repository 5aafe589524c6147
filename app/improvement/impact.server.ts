import {
  currentPlacements,
  listBrokeredSupport,
  listSchoolFeedback,
  resultsOf,
  sumReviews,
  sumTradedDeliveries,
  sumVisits,
} from '../../db/queries/improvement-impact';
import { listReviewActions, listSchoolReviews } from '../../db/queries/progress-reviews';
import { findTenantSchool, findThresholds } from '../../db/queries/school-performance';
import type { Scoped } from '../../db/scope.server';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { londonToday } from '../calendar/contract-year';
import { inYear, practitionerImpact, providerImpact, schoolImpact, type ImpactRows } from './impact';

async function impactRows(tx: Scoped, tenantId: string, urn: number | null): Promise<ImpactRows> {
  const today = londonToday();
  const [placements, visits, deliveries, feedback, brokered, reviews] = await Promise.all([
    currentPlacements(tx, tenantId, urn),
    sumVisits(tx, tenantId, urn),
    sumTradedDeliveries(tx, tenantId, urn),
    listSchoolFeedback(tx, tenantId, urn),
    listBrokeredSupport(tx, tenantId, urn),
    sumReviews(tx, tenantId, urn, today),
  ]);
  const urns = new Set<number>(urn === null ? [] : [urn]);
  for (const list of [placements, visits, deliveries, feedback, brokered, reviews])
    for (const r of list) urns.add(r.urn);
  const results = await resultsOf(tx, [...urns]);
  return { placements, visits, deliveries, feedback, brokered, reviews, results };
}

/** One school's impact by year and its progress reviews (null when it is not the tenant's school). */
export async function schoolImpactPage(ctx: TenantContext, urn: number) {
  return withTenant(ctx, async (tx) => {
    const school = await findTenantSchool(tx, ctx.tenantId, urn);
    if (!school) return null;
    const [thresholds, rows, reviews] = await Promise.all([
      findThresholds(tx, ctx.tenantId),
      impactRows(tx, ctx.tenantId, urn),
      listSchoolReviews(tx, ctx.tenantId, urn),
    ]);
    const actions = await listReviewActions(
      tx,
      ctx.tenantId,
      reviews.map((r) => r.id),
    );
    return {
      school: { urn: school.urn, name: school.name },
      thresholds: { ptrwmExpFloor: thresholds.ptrwmExpFloor, progressLimit: thresholds.progressLimit },
      years: schoolImpact(rows, urn, thresholds),
      reviews: reviews.map((r) => ({
        id: r.id,
        academicYear: r.academicYear,
        metOn: r.metOn,
        recordedBy: r.recordedBy,
        actions: actions
          .filter((a) => a.reviewId === r.id)
          .map((a) => ({
            position: a.position,
            action: a.action,
            owner: a.owner,
            dueOn: a.dueOn,
            completedOn: a.completedOn,
          })),
      })),
    };
  });
}

/** The managers' view: impact and feedback by provider and by practitioner, for a year or every year. */
export async function impactByProvider(ctx: TenantContext, year: number | null) {
  return withTenant(ctx, async (tx) => {
    const all = await impactRows(tx, ctx.tenantId, null);
    const years = new Set<number>();
    for (const list of [all.visits, all.deliveries, all.feedback, all.brokered])
      for (const r of list) years.add(r.academicYear);
    const rows = inYear(all, year);
    return {
      years: [...years].sort((a, b) => b - a),
      providers: providerImpact(rows, { id: ctx.tenantId, name: ctx.tenant.name }),
      practitioners: practitionerImpact(rows),
    };
  });
}
