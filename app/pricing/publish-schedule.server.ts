import { insertAuditEvent } from '../../db/queries/audit';
import { findSchedule, listSchedulePrices, listServices, markSchedulePublished } from '../../db/queries/catalogue';
import type { Scoped } from '../../db/scope.server';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { customerClassNames } from '../tenancy/customer-class';
import { classesSoldTo } from '../catalogue/service-input';
import { DomainError } from '../errors';
import { formatDate, londonToday } from '../calendar/contract-year';

/** What stops a schedule being published: a service sold to a class without a price for it. */
export async function missingPrices(tx: Scoped, tenantId: string, scheduleId: string): Promise<string[]> {
  const services = await listServices(tx, tenantId);
  const prices = await listSchedulePrices(tx, tenantId, scheduleId);
  const priced = new Set(prices.map((p) => `${p.service_id}/${p.customer_class}`));
  const servicesWithPrices = new Set(prices.map((p) => p.service_id));
  const problems: string[] = [];
  for (const service of services) {
    if (service.status === 'retired') continue;
    if (service.status !== 'published' && !servicesWithPrices.has(service.id)) continue;
    for (const cls of classesSoldTo(service.sold_to))
      if (!priced.has(`${service.id}/${cls}`))
        problems.push(`${service.code} ${service.name} has no price for ${customerClassNames[cls].toLowerCase()}`);
  }
  return problems;
}

export async function publishSchedule(ctx: TenantContext, scheduleId: string, today = londonToday()): Promise<void> {
  await withTenant(ctx, async (tx) => {
    const schedule = await findSchedule(tx, ctx.tenantId, scheduleId);
    if (!schedule) throw notFound();
    if (schedule.status !== 'draft')
      throw new DomainError('schedule.published', 'This schedule is already published', undefined, 409);
    if (schedule.version > 1 && schedule.effective_from < today)
      throw new DomainError(
        'schedule.effective_past',
        `This version was to take effect on ${formatDate(schedule.effective_from)}, which has passed: discard it and start a new version from today or later`,
        undefined,
        409,
      );
    const problems = await missingPrices(tx, ctx.tenantId, scheduleId);
    if (problems.length > 0)
      throw new DomainError(
        'schedule.incomplete',
        `Add the missing prices before publishing: ${problems.join('; ')}`,
        undefined,
        422,
      );
    await markSchedulePublished(tx, ctx.tenantId, scheduleId, ctx.userId);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'schedule.published',
      subjectType: 'charge_schedule',
      subjectId: scheduleId,
      detail: { version: schedule.version, effectiveFrom: schedule.effective_from },
    });
  });
}
