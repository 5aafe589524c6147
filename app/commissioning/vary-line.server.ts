import { insertAuditEvent } from '../../db/queries/audit';
import { findOrganisationWithSchool } from '../../db/queries/catalogue';
import { findBuyerSettings, findOrderLine, listOrganisationPeople } from '../../db/queries/commissioning';
import { lockOrderLine } from '../../db/queries/delivery';
import { findTenantBySlug } from '../../db/queries/tenancy';
import { insertVariation, listLineVariations, lockVariation, setVariationStatus } from '../../db/queries/variations';
import { withBuyer, withTenant, type Scoped } from '../../db/scope.server';
import { notFound, type BuyerContext, type TenantContext } from '../auth/guards.server';
import { UNIT_KINDS } from '../catalogue/service-input';
import { formatUnits } from '../delivery/delivery-rules';
import { londonToday } from '../calendar/contract-year';
import { DomainError } from '../errors';
import type { Mail } from '../mail/mailer.server';
import { formatPence } from '../money';
import { priceModelSchema } from '../pricing/price-model';
import { quote } from '../pricing/quote';
import { allowanceFor } from './allowance';
import { linePositions } from './line-positions.server';
import { sendAll } from './notify.server';
import { needsApproval, transition, type OrderAction, type OrderStatus } from './order-state';
import { onBehalfOf } from '../mail/on-behalf-of';

/**
 * The buyer asks for more or fewer units on an active line. The change is priced from the line's
 * frozen price (the whole new quantity, less what was agreed), needs the buyer's approval where
 * its rule says so, and the provider's acceptance. The original line is never edited.
 */
export async function requestVariation(
  ctx: BuyerContext,
  slug: string,
  lineId: string,
  input: { quantity: number; reason: string },
  baseUrl: string,
) {
  const mails: Mail[] = [];
  const id = await withBuyer(ctx, async (tx) => {
    const tenant = await findTenantBySlug(tx, slug);
    const line = tenant ? await lockOrderLine(tx, tenant.id, lineId) : undefined;
    const full = tenant && line ? await findOrderLine(tx, tenant.id, lineId) : undefined;
    if (!tenant || !line || !full) throw notFound();
    if (line.status !== 'active')
      throw new DomainError(
        'variation.line_not_active',
        `Only an active line can be changed: this one is ${line.status}`,
        'quantity',
        409,
      );
    if (!input.reason.trim())
      throw new DomainError('variation.reason', 'Enter why the amount needs to change', 'reason');
    if (
      (await listLineVariations(tx, tenant.id, lineId)).some(
        (v) => v.status === 'awaiting_approval' || v.status === 'awaiting_provider',
      )
    )
      throw new DomainError(
        'variation.open',
        'A change to this line is already waiting for an answer',
        'quantity',
        409,
      );
    const position = (await linePositions(tx, tenant.id, { lineIds: [lineId] })).get(lineId)!;
    const now = {
      quantity: position.agreed.quantity,
      allowanceHundredths: position.agreed.allowanceHundredths,
      totalPence: position.agreed.totalPence,
    };
    if (input.quantity === now.quantity)
      throw new DomainError(
        'variation.same',
        `The line already stands at ${now.quantity}: enter a different amount`,
        'quantity',
      );
    const price = priceModelSchema.parse(line.price);
    const unit = UNIT_KINDS[line.unit_kind];
    const school = await findOrganisationWithSchool(tx, full.buyerOrganisationId);
    const priced = quote(
      price,
      { pupils: school?.pupils ?? null, phase: school?.phase ?? null },
      {
        quantity: input.quantity,
        packageCode: line.package_code ?? undefined,
        unitName: unit,
        year: { kind: line.year_kind, start: line.year_start },
      },
    );
    if (!priced.ok) throw new DomainError(`variation.${priced.code}`, priced.message, 'quantity');
    const allowance = allowanceFor(
      price,
      { quantity: input.quantity, packageCode: line.package_code },
      full.overagePolicy ?? 'charge',
    );
    const delivered = position.delivered.recordedHundredths;
    if (allowance.allowanceHundredths !== null && allowance.allowanceHundredths < delivered)
      throw new DomainError(
        'variation.below_delivered',
        `${formatUnits(delivered)} ${unit.plural} have already been delivered: the line cannot go below that`,
        'quantity',
      );
    const increase = Math.max(0, priced.totalPence - now.totalPence);
    const settings = await findBuyerSettings(tx, ctx.organisationId);
    const status =
      needsApproval(increase, settings?.approval_threshold_pence ?? null) && increase > 0
        ? 'awaiting_approval'
        : 'awaiting_provider';
    const { id } = await insertVariation(tx, {
      tenantId: tenant.id,
      lineId,
      quantityBefore: now.quantity,
      quantityAfter: input.quantity,
      // A line without an allowance keeps none (the position reads it as none).
      allowanceAfterHundredths: allowance.allowanceHundredths ?? 0,
      totalBeforePence: now.totalPence,
      totalAfterPence: priced.totalPence,
      quote: { lines: priced.lines, working: priced.working, instalments: priced.instalments },
      reason: input.reason.trim(),
      status,
      requestedBy: ctx.userId,
    });
    await insertAuditEvent(tx, {
      tenantId: tenant.id,
      actorUserId: ctx.userId,
      action: 'variation.requested',
      subjectType: 'order_line',
      subjectId: lineId,
      detail: {
        variationId: id,
        from: now.quantity,
        to: input.quantity,
        totalBefore: now.totalPence,
        totalAfter: priced.totalPence,
        status,
      },
    });
    const text = `${ctx.organisationName} asks to change ${full.service_name} on ${full.reference} from ${now.quantity} to ${input.quantity} ${unit.plural} (${formatPence(now.totalPence)} to ${formatPence(priced.totalPence)}): ${input.reason.trim()}`;
    if (status === 'awaiting_provider')
      mails.push({
        to: tenant.contact_email,
        subject: `Change requested on ${full.reference}`,
        text: `${text}\n\n${baseUrl}/t/${slug}/orders/${line.order_id}`,
        ...onBehalfOf(ctx.organisationName, ctx.session.email),
      });
    else
      for (const approver of (
        await listOrganisationPeople(tx, ctx.organisationId, ['approver', 'trust_finance', 'council_commissioner'])
      ).filter((p) => p.id !== ctx.userId))
        mails.push({
          to: approver.email,
          subject: `Change on ${full.reference} needs your approval`,
          text: `${text}\n\n${baseUrl}/buy/orders/${slug}/${line.order_id}`,
          ...onBehalfOf(ctx.organisationName, ctx.session.email),
        });
    return id;
  });
  await sendAll(mails);
  return id;
}

async function decideIn(tx: Scoped, tenantId: string, variationId: string, action: OrderAction) {
  const variation = await lockVariation(tx, tenantId, variationId);
  if (!variation) throw notFound();
  const next = transition({ status: variation.status as OrderStatus, submittedBy: variation.requested_by }, action);
  if (!next.ok) throw new DomainError('variation.transition', next.message.replace('order', 'change'), 'reason', 409);
  if (next.status === 'accepted') {
    const line = await lockOrderLine(tx, tenantId, variation.order_line_id);
    if (line?.status !== 'active')
      throw new DomainError('variation.line_not_active', 'The line is no longer active', undefined, 409);
    const position = (await linePositions(tx, tenantId, { lineIds: [variation.order_line_id] })).get(
      variation.order_line_id,
    )!;
    if (
      position.agreed.allowanceHundredths !== null &&
      position.delivered.recordedHundredths > variation.allowance_after_hundredths
    )
      throw new DomainError(
        'variation.below_delivered',
        'More has been delivered since this change was asked for: it can no longer be accepted',
        undefined,
        409,
      );
  }
  const reason = 'reason' in action ? action.reason : null;
  await setVariationStatus(tx, tenantId, variationId, {
    status: next.status as Exclude<OrderStatus, 'completed'>,
    by: action.by,
    kind: action.type === 'approve' ? 'approval' : 'decision',
    reason,
    on: londonToday(),
  });
  await insertAuditEvent(tx, {
    tenantId,
    actorUserId: action.by,
    action: `variation.${next.status}`,
    subjectType: 'order_line',
    subjectId: variation.order_line_id,
    detail: { variationId, reason },
  });
  return next.status;
}

/** The buyer's approver approves or rejects a change (never their own request). */
export async function decideVariationAsBuyer(
  ctx: BuyerContext,
  slug: string,
  variationId: string,
  decision: { approve: true } | { approve: false; reason: string },
) {
  return withBuyer(ctx, async (tx) => {
    const tenant = await findTenantBySlug(tx, slug);
    if (!tenant) throw notFound();
    return decideIn(
      tx,
      tenant.id,
      variationId,
      decision.approve
        ? { type: 'approve', by: ctx.userId }
        : { type: 'reject', by: ctx.userId, reason: decision.reason },
    );
  });
}

/** The provider accepts or declines a change; accepted, the line stands at the new amount. */
export async function decideVariationAsProvider(
  ctx: TenantContext,
  variationId: string,
  decision: { accept: true } | { accept: false; reason: string },
) {
  return withTenant(ctx, (tx) =>
    decideIn(
      tx,
      ctx.tenantId,
      variationId,
      decision.accept
        ? { type: 'accept', by: ctx.userId }
        : { type: 'decline', by: ctx.userId, reason: decision.reason },
    ),
  );
}
