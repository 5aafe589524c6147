import { insertAuditEvent } from '../../db/queries/audit';
import { findOrderLine } from '../../db/queries/commissioning';
import { answerDelivery, insertCorrection, lockDelivery, resolveDisputedDelivery } from '../../db/queries/delivery';
import { findTenantBySlug } from '../../db/queries/tenancy';
import { withBuyer, withTenant } from '../../db/scope.server';
import { notFound, type BuyerContext, type TenantContext } from '../auth/guards.server';
import { sendAll } from '../commissioning/notify.server';
import { DomainError } from '../errors';
import { formatDate } from '../calendar/contract-year';
import { formatUnits } from './delivery-rules';
import type { Mail } from '../mail/mailer.server';
import { onBehalfOf } from '../mail/on-behalf-of';

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
    await answerDelivery(
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
        text: `${ctx.organisationName} disputed work logged on ${formatDate(delivery.delivered_on)}: ${response.reason.trim()}\n\n${baseUrl}/t/${slug}/lines/${delivery.order_line_id}`,
        ...onBehalfOf(ctx.organisationName, ctx.session.email),
      });
    }
  });
  await sendAll(mails);
}

export type DisputeResolution =
  | { outcome: 'stands'; note: string }
  | { outcome: 'corrected'; unitsHundredths: number; note: string }
  | { outcome: 'voided'; note: string };

/**
 * The provider settles a dispute with a note the buyer can read: the record stands (confirmed),
 * is corrected to fewer units (a new confirmed record; the original is kept, marked corrected), or
 * did not happen (voided). Only confirmed units count as delivered for billing.
 */
export async function resolveDispute(ctx: TenantContext, deliveryId: string, resolution: DisputeResolution) {
  await withTenant(ctx, async (tx) => {
    const delivery = await lockDelivery(tx, ctx.tenantId, deliveryId);
    if (!delivery) throw notFound();
    if (delivery.status !== 'disputed')
      throw new DomainError('delivery.not_disputed', 'Only a disputed record can be resolved', undefined, 409);
    const note = resolution.note.trim();
    if (!note) throw new DomainError('delivery.resolution', 'Enter how the dispute was resolved', 'resolution');
    let correctionId: string | null = null;
    if (resolution.outcome === 'corrected') {
      if (resolution.unitsHundredths >= delivery.units_hundredths)
        throw new DomainError(
          'delivery.correction',
          `A correction must be less than the ${formatUnits(delivery.units_hundredths)} recorded: if the record is right, choose "The record stands"`,
          'correctedUnits',
        );
      ({ id: correctionId } = await insertCorrection(tx, delivery, resolution.unitsHundredths, note, ctx.userId));
    }
    await resolveDisputedDelivery(tx, ctx.tenantId, deliveryId, resolution.outcome, ctx.userId, note);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: `delivery.dispute_${resolution.outcome}`,
      subjectType: 'delivery',
      subjectId: deliveryId,
      detail: {
        note,
        unitsBefore: delivery.units_hundredths / 100,
        ...(resolution.outcome === 'corrected' ? { unitsAfter: resolution.unitsHundredths / 100, correctionId } : {}),
      },
    });
  });
}
