import { insertAuditEvent } from '../../db/queries/audit';
import { deleteSchedulePrice, findSchedule, findService, upsertSchedulePrice } from '../../db/queries/catalogue';
import type { CustomerClass } from '../../db/schema';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import type { PriceModel } from './price-model';

/** Sets (or clears, with null) one service's price for one customer class in a draft schedule. */
export async function setServicePrice(
  ctx: TenantContext,
  scheduleId: string,
  serviceId: string,
  customerClass: CustomerClass,
  price: PriceModel | null,
): Promise<void> {
  await withTenant(ctx, async (tx) => {
    const schedule = await findSchedule(tx, ctx.tenantId, scheduleId);
    const service = await findService(tx, ctx.tenantId, serviceId);
    if (!schedule || !service) throw notFound();
    if (schedule.status !== 'draft')
      throw new DomainError(
        'schedule.published',
        'This schedule is published and cannot change: create a new version to change prices',
        undefined,
        409,
      );
    if (price) await upsertSchedulePrice(tx, { tenantId: ctx.tenantId, scheduleId, serviceId, customerClass, price });
    else await deleteSchedulePrice(tx, ctx.tenantId, scheduleId, serviceId, customerClass);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: price ? 'schedule.price_set' : 'schedule.price_cleared',
      subjectType: 'charge_schedule',
      subjectId: scheduleId,
      detail: { service: service.code, customerClass, price },
    });
  });
}
