import { findSchedule, listSchedulePrices, listServices } from '../../db/queries/catalogue';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { contractYearLabel } from '../calendar/contract-year';
import { classesSoldTo, UNIT_KINDS } from '../catalogue/service-input';
import { describePrice } from './price-fields';
import { priceModelSchema } from './price-model';
import { missingPrices } from './publish-schedule.server';

/** A schedule with each service's price for each class it is sold to, and what stops publishing. */
export async function scheduleDetail(ctx: TenantContext, scheduleId: string) {
  return withTenant(ctx, async (tx) => {
    const schedule = await findSchedule(tx, ctx.tenantId, scheduleId);
    if (!schedule) throw notFound();
    const services = (await listServices(tx, ctx.tenantId)).filter((s) => s.status !== 'retired');
    const prices = await listSchedulePrices(tx, ctx.tenantId, scheduleId);
    const byKey = new Map(prices.map((p) => [`${p.service_id}/${p.customer_class}`, priceModelSchema.parse(p.price)]));
    return {
      schedule: {
        id: schedule.id,
        status: schedule.status,
        version: schedule.version,
        yearKind: schedule.year_kind,
        startYear: Number(schedule.year_start.slice(0, 4)),
        label: contractYearLabel(schedule.year_kind, schedule.year_start),
        effectiveFrom: schedule.effective_from,
        note: schedule.note,
        publishedAt: schedule.published_at?.toISOString() ?? null,
      },
      services: services.map((s) => ({
        id: s.id,
        code: s.code,
        name: s.name,
        status: s.status,
        prices: classesSoldTo(s.sold_to).map((customerClass) => {
          const price = byKey.get(`${s.id}/${customerClass}`);
          return { customerClass, description: price ? describePrice(price, UNIT_KINDS[s.unit_kind]) : null };
        }),
      })),
      missing: schedule.status === 'draft' ? await missingPrices(tx, ctx.tenantId, scheduleId) : [],
    };
  });
}
