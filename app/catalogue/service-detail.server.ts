import { findSchedulePrice, findService, listPublishedSchedules } from '../../db/queries/catalogue';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { contractYearLabel, contractYearOf, londonToday } from '../calendar/contract-year';
import { priceModelSchema } from '../pricing/price-model';
import { costPerUnitPence, pricePerUnitPence, recoveryPercent } from './cost-recovery';
import { classesSoldTo } from './service-input';

/** A service with its prices in the schedule in force, and its cost recovery per customer class. */
export async function serviceDetail(ctx: TenantContext, serviceId: string, today = londonToday()) {
  return withTenant(ctx, async (tx) => {
    const service = await findService(tx, ctx.tenantId, serviceId);
    if (!service) throw notFound();
    const published = await listPublishedSchedules(tx, ctx.tenantId);
    // The version in force today, else the most recent published one.
    const inForce =
      published.find((s) => contractYearOf(today, s.year_kind).start === s.year_start && s.effective_from <= today) ??
      published[0] ??
      null;
    const cost = costPerUnitPence(
      {
        salaryPence: service.cost_salary_pence,
        productiveDays: service.cost_productive_days,
        overheadBasisPoints: service.cost_overhead_basis_points,
      },
      service.unit_kind,
      service.unit_hours === null ? null : Number(service.unit_hours),
    );
    const prices = [];
    for (const customerClass of classesSoldTo(service.sold_to)) {
      const row = inForce
        ? await findSchedulePrice(tx, ctx.tenantId, inForce.id, service.id, customerClass)
        : undefined;
      const price = row ? priceModelSchema.parse(row.price) : null;
      const perUnit = price ? pricePerUnitPence(price) : null;
      prices.push({ customerClass, price, perUnit, recovery: recoveryPercent(perUnit, cost) });
    }
    return {
      service,
      costPerUnitPence: cost,
      schedule: inForce
        ? {
            label: `${contractYearLabel(inForce.year_kind, inForce.year_start)}, version ${inForce.version}`,
            id: inForce.id,
          }
        : null,
      prices,
    };
  });
}
