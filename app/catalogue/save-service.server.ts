import { insertAuditEvent } from '../../db/queries/audit';
import {
  findService,
  findServiceByCode,
  insertService,
  setServiceStatus,
  updateService,
} from '../../db/queries/catalogue';
import type { ServiceStatus } from '../../db/schema';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import type { ServiceInput } from './service-input';

export async function createService(ctx: TenantContext, input: ServiceInput): Promise<string> {
  return withTenant(ctx, async (tx) => {
    if (await findServiceByCode(tx, ctx.tenantId, input.code))
      throw new DomainError(
        'service.code_taken',
        `The code ${input.code} is already used by another service: choose another`,
        'code',
        409,
      );
    const { id } = await insertService(tx, ctx.tenantId, input);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'service.created',
      subjectType: 'service',
      subjectId: id,
      detail: { code: input.code },
    });
    return id;
  });
}

export async function editService(ctx: TenantContext, serviceId: string, input: ServiceInput): Promise<void> {
  await withTenant(ctx, async (tx) => {
    const existing = await findService(tx, ctx.tenantId, serviceId);
    if (!existing) throw notFound();
    if (existing.status === 'retired')
      throw new DomainError('service.retired', 'A retired service cannot be changed', undefined, 409);
    const clash = await findServiceByCode(tx, ctx.tenantId, input.code);
    if (clash && clash.id !== serviceId)
      throw new DomainError(
        'service.code_taken',
        `The code ${input.code} is already used by another service: choose another`,
        'code',
        409,
      );
    await updateService(tx, ctx.tenantId, serviceId, input);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'service.updated',
      subjectType: 'service',
      subjectId: serviceId,
      detail: { code: input.code },
    });
  });
}

const allowed: Record<ServiceStatus, ServiceStatus[]> = {
  draft: ['published', 'retired'],
  published: ['retired'],
  retired: [],
};

/** draft → published → retired; a retired service stays readable but is no longer offered. */
export async function changeServiceStatus(
  ctx: TenantContext,
  serviceId: string,
  status: 'published' | 'retired',
): Promise<void> {
  await withTenant(ctx, async (tx) => {
    const existing = await findService(tx, ctx.tenantId, serviceId);
    if (!existing) throw notFound();
    if (!allowed[existing.status].includes(status))
      throw new DomainError(
        'service.status',
        `A ${existing.status} service cannot be ${status === 'published' ? 'published' : 'retired'}`,
        undefined,
        409,
      );
    await setServiceStatus(tx, ctx.tenantId, serviceId, status);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: `service.${status}`,
      subjectType: 'service',
      subjectId: serviceId,
    });
  });
}
