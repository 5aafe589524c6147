import {
  findTenantSchool,
  findThresholds,
  listKs2Results,
  listOfstedInspections,
  listTenantSchools,
} from '../../db/queries/school-performance';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { concernsFor } from './results-view';

/**
 * One school's results over the years and its inspections, for a provider's staff: only a school
 * in the provider's area or one of its customers (null otherwise, which the page answers with 404).
 */
export async function schoolResults(ctx: TenantContext, urn: number) {
  return withTenant(ctx, async (tx) => {
    const school = await findTenantSchool(tx, ctx.tenantId, urn);
    if (!school) return null;
    const [thresholds, results, inspections] = await Promise.all([
      findThresholds(tx, ctx.tenantId),
      listKs2Results(tx, urn),
      listOfstedInspections(tx, urn),
    ]);
    return { school, thresholds, results, inspections };
  });
}

/** The provider's schools, each with its latest KS2 result (and whether it is below a threshold) and inspection. */
export async function tenantSchoolList(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => {
    const thresholds = await findThresholds(tx, ctx.tenantId);
    const schools = await listTenantSchools(tx, ctx.tenantId);
    return {
      thresholds,
      schools: schools.map((s) => ({
        ...s,
        concerns:
          s.ks2Year === null
            ? []
            : concernsFor(
                {
                  academicYear: s.ks2Year,
                  eligiblePupils: null,
                  ptrwmExp: s.ptrwmExp,
                  ptrwmHigh: null,
                  readProg: s.readProg,
                  writProg: s.writProg,
                  matProg: s.matProg,
                },
                thresholds,
              ),
      })),
    };
  });
}
