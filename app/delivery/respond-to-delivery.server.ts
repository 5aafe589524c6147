import { insertAuditEvent } from '../../db/queries/audit';
import { findOrderLine } from '../../db/queries/commissioning';
import { lockDelivery, markDelivery } from '../../db/queries/delivery';
import { findTenantBySlug } from '../../db/queries/tenancy';
import { withBuyer, withTenant } from '../../db/scope.server';
import { notFound, type BuyerContext, type TenantContext } from '../auth/guards.server';
import { sendAll } from '../commissioning/notify.server';
import { DomainError } from '../errors';
import type { Mail } from '../mail/mailer.server';

/** The buyer confirms a delivery record, or disputes it with a reason. Once only. */
export async function respondToDelivery(
  ctx: BuyerContext,
  slug: string,
  deliveryId: string,
  response: { confirm: true } | { confirm: false; reason: string },
  baseUrl: string,
) {
  const mails: Mail[] = [];
  await withBuyer(ctx, async (tx) => {
    const tenant = await findTenantBySlug(tx, slug);
    const delivery = tenant ? await lockDelivery(tx, tenant.id, deliveryId) : undefined;
    if (!tenant || !delivery) throw notFound();
    if (delivery.status !== 'logged')
      throw new DomainError('delivery.already_answered', `This record is already ${delivery.status}`, undefined, 409);
    if (!response.confirm && !response.reason.trim())
      throw new DomainError('delivery.reason', 'Enter what is wrong with this record', `reason-${deliveryId}`);
    await markDelivery(
      tx,
      tenant.id,
      deliveryId,
      response.confirm
        ? { status: 'confirmed', by: ctx.userId }
        : { status: 'disputed', by: ctx.userId, reason: response.reason.trim() },
    );
    await insertAuditEvent(tx, {
      tenantId: tenant.id,
      actorUserId: ctx.userId,
      action: response.confirm ? 'delivery.confirmed' : 'delivery.disputed',
      subjectType: 'delivery',
      subjectId: deliveryId,
      detail: response.confirm ? {} : { reason: response.reason.trim() },
    });
    if (!response.confirm) {
      const line = await findOrderLine(tx, tenant.id, delivery.order_line_id);
      mails.push({
        to: tenant.contact_email,
        subject: `Delivery disputed: ${line?.service_name ?? 'a service'} (${line?.reference ?? ''})`,
        text: `${ctx.organisationName} disputed work logged on ${delivery.delivered_on}: ${response.reason.trim()}\n\n${baseUrl}/t/${slug}/lines/${delivery.order_line_id}`,
      });
    }
  });
  await sendAll(mails);
}

/** The provider settles a dispute with a note the buyer can read. */
export async function resolveDispute(ctx: TenantContext, deliveryId: string, note: string) {
  await withTenant(ctx, async (tx) => {
    const delivery = await lockDelivery(tx, ctx.tenantId, deliveryId);
    if (!delivery) throw notFound();
    if (delivery.status !== 'disputed')
      throw new DomainError('delivery.not_disputed', 'Only a disputed record can be resolved', undefined, 409);
    if (!note.trim())
      throw new DomainError('delivery.resolution', 'Enter how the dispute was resolved', `note-${deliveryId}`);
    await markDelivery(tx, ctx.tenantId, deliveryId, { status: 'resolved', by: ctx.userId, note: note.trim() });
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'delivery.resolved',
      subjectType: 'delivery',
      subjectId: deliveryId,
      detail: { note: note.trim() },
    });
  });
}
