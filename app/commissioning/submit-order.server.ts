import { insertAuditEvent } from '../../db/queries/audit';
import {
  deleteBasketItems,
  findBuyerSettings,
  findOrderByIdempotencyKey,
  findOrdersBySubmission,
  insertOrder,
  insertOrderLines,
  listBasketItems,
  listOrganisationPeople,
  lockSubmission,
  nextOrderReference,
  type NewOrderLine,
} from '../../db/queries/commissioning';
import { findTenantBySlug } from '../../db/queries/tenancy';
import type { YearKind } from '../../db/schema';
import { withBuyer, type Scoped } from '../../db/scope.server';
import type { BuyerContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import type { Mail } from '../mail/mailer.server';
import { formatPence } from '../money';
import { openBuyerAccountIn } from '../customers/open-buyer-account.server';
import { allowanceFor } from './allowance';
import { priceRequest } from './basket.server';
import { sendAll } from './notify.server';
import { initialStatus, needsApproval } from './order-state';
import { onBehalfOf } from '../mail/on-behalf-of';

export interface SubmitOrderInput {
  slug: string;
  poNumber: string;
  contactName: string;
  contactEmail: string;
  /** One per checkout form shown: submitting the same form twice places the order once. */
  idempotencyKey: string;
}

export interface OrderItem {
  serviceId: string;
  yearKind: YearKind;
  yearStart: string;
  forOrganisationId: string;
  quantity: number;
  packageCode: string | null;
  preferredDates: string;
  startsOn?: string | null;
}

export type PlacedOrder = {
  id: string;
  reference: string;
  status: string;
  totalPence: number;
  tenantId: string;
  organisationId?: string;
};

/**
 * Turns the basket's lines for one provider into orders (one for each school bought for), each
 * line priced afresh and frozen at that price. Needs approval when the buyer's rule says so.
 */
export async function submitOrder(ctx: BuyerContext, input: SubmitOrderInput, baseUrl: string): Promise<PlacedOrder[]> {
  const mails: Mail[] = [];
  const placed = await withBuyer(ctx, async (tx) => {
    // One checkout of this buyer's basket at a time, whichever tab or form it came from: the next
    // waits here, then sees only what is still in the basket.
    await lockSubmission(tx, `basket:${ctx.organisationId}`);
    const items = (await listBasketItems(tx)).filter((i) => i.slug === input.slug);
    const tenantId = items[0]?.tenant_id;
    if (!tenantId) {
      const existing = await findOrdersBySubmission(tx, input.idempotencyKey);
      if (existing.length)
        return existing.map((o) => ({
          id: o.id,
          reference: o.reference,
          status: 'duplicate',
          totalPence: o.submitted_total_pence,
          tenantId: o.tenant_id,
        }));
      throw new DomainError(
        'order.empty',
        'Your basket has nothing from this provider: add a service first',
        undefined,
        409,
      );
    }
    const results = await placeOrdersIn(
      tx,
      ctx,
      tenantId,
      input,
      items.map((i) => ({
        serviceId: i.service_id,
        yearKind: i.year_kind,
        yearStart: i.year_start,
        forOrganisationId: i.for_organisation_id,
        quantity: i.quantity,
        packageCode: i.package_code,
        preferredDates: i.preferred_dates,
        startsOn: i.starts_on,
      })),
      baseUrl,
      mails,
    );
    // Only what this submission ordered leaves the basket: items added after an earlier submission
    // of the same form stay there.
    const ordered = new Set(results.filter((r) => r.status !== 'duplicate').map((r) => r.organisationId));
    await deleteBasketItems(
      tx,
      items.filter((i) => ordered.has(i.for_organisation_id)).map((i) => i.id),
    );
    return results;
  });
  await sendAll(mails);
  return placed;
}

/** Places orders for items from one provider inside the caller's buyer transaction; mail goes to `mails`. */
export async function placeOrdersIn(
  tx: Scoped,
  ctx: BuyerContext,
  tenantId: string,
  input: SubmitOrderInput,
  items: OrderItem[],
  baseUrl: string,
  mails: Mail[],
  today?: string,
): Promise<PlacedOrder[]> {
  const settings = await findBuyerSettings(tx, ctx.organisationId);
  const provider = (await findTenantBySlug(tx, input.slug))!;
  const byOrganisation = new Map<string, OrderItem[]>();
  for (const item of items)
    byOrganisation.set(item.forOrganisationId, [...(byOrganisation.get(item.forOrganisationId) ?? []), item]);

  const results: PlacedOrder[] = [];
  for (const [organisationId, group] of byOrganisation) {
    const key = `${input.idempotencyKey}:${organisationId}`;
    // Two submissions of the same form at once: the second waits here, then finds the first's order.
    await lockSubmission(tx, key);
    const already = await findOrderByIdempotencyKey(tx, tenantId, key);
    if (already) {
      results.push({
        id: already.id,
        reference: already.reference,
        status: 'duplicate',
        totalPence: already.submitted_total_pence,
        tenantId,
        organisationId,
      });
      continue;
    }
    const lines: NewOrderLine[] = [];
    let customer: Awaited<ReturnType<typeof priceRequest>>['found'] | null = null;
    for (const [index, item] of group.entries()) {
      const { found, quote } = await priceRequest(
        tx,
        ctx,
        {
          slug: input.slug,
          serviceId: item.serviceId,
          yearKey: `${item.yearKind}:${item.yearStart}`,
          schoolId: item.forOrganisationId,
          quantity: item.quantity,
          packageCode: item.packageCode ?? undefined,
        },
        today,
      );
      if (found.year?.start !== item.yearStart)
        throw new DomainError(
          'order.no_price',
          `${found.service.name} has no published price for that contract year`,
          'quantity',
          422,
        );
      customer ??= found;
      const allowance = allowanceFor(
        found.price!,
        { quantity: item.quantity, packageCode: item.packageCode },
        found.service.overage_policy,
      );
      lines.push({
        lineNumber: index + 1,
        serviceId: found.service.id,
        serviceCode: found.service.code,
        serviceName: found.service.name,
        unitKind: found.service.unit_kind,
        scheduleId: found.schedule!.id,
        yearKind: found.year!.kind,
        yearStart: found.year!.start,
        quantity: item.quantity,
        packageCode: item.packageCode,
        preferredDates: item.preferredDates,
        price: found.price,
        quote: { lines: quote.lines, working: quote.working, instalments: quote.instalments },
        totalPence: quote.totalPence,
        ...allowance,
        startsOn: item.startsOn ?? null,
        cancellationNoticeDays: found.service.cancellation_notice_days,
        lateCancellationPercent: found.service.late_cancellation_percent,
      });
    }
    if (customer!.poRequired && !input.poNumber.trim())
      throw new DomainError(
        'order.po_required',
        `Enter a purchase order number: ${customer!.service.providerName} needs one on every order from ${customer!.buyingFor.name}. Your finance team raises it, usually in your finance system`,
        'poNumber',
        422,
      );
    const totalPence = lines.reduce((sum, l) => sum + l.totalPence, 0);
    const status = initialStatus(needsApproval(totalPence, settings?.approval_threshold_pence ?? null));
    await openBuyerAccountIn(tx, ctx, tenantId, organisationId);
    const reference = await nextOrderReference(tx, tenantId);
    const { id } = await insertOrder(tx, {
      tenantId,
      reference,
      organisationId,
      placedByOrganisationId: ctx.organisationId,
      customerClass: customer!.customerClass,
      settlementMethod: customer!.settlementMethod,
      poNumber: input.poNumber.trim() || null,
      contactName: input.contactName,
      contactEmail: input.contactEmail,
      status,
      submittedTotalPence: totalPence,
      idempotencyKey: key,
      submittedBy: ctx.userId,
    });
    await insertOrderLines(tx, tenantId, id, lines);
    await insertAuditEvent(tx, {
      tenantId,
      actorUserId: ctx.userId,
      action: 'order.submitted',
      subjectType: 'order',
      subjectId: id,
      detail: { reference, totalPence, status, lines: lines.length, poNumber: input.poNumber.trim() || null },
    });
    const link = `${baseUrl}/buy/orders/${input.slug}/${id}`;
    const summary = `${reference} for ${customer!.buyingFor.name}: ${lines.map((l) => `${l.quantity} × ${l.serviceName}`).join(', ')}, ${formatPence(totalPence)}`;
    if (status === 'awaiting_approval') {
      const approvers = (
        await listOrganisationPeople(tx, ctx.organisationId, ['approver', 'trust_finance', 'council_commissioner'])
      ).filter((p) => p.id !== ctx.userId);
      for (const approver of approvers)
        mails.push({
          to: approver.email,
          subject: `Order ${reference} needs your approval`,
          text: `${ctx.session.name} placed order ${summary}.\n\nApprove or reject it: ${link}`,
          ...onBehalfOf(customer!.buyingFor.name, ctx.session.email),
        });
    } else {
      mails.push({
        to: provider.contact_email,
        subject: `New order ${reference} from ${customer!.buyingFor.name}`,
        text: `Order ${summary}.\n\nReview it: ${baseUrl}/t/${input.slug}/orders/${id}`,
        ...onBehalfOf(customer!.buyingFor.name, input.contactEmail),
      });
    }
    // The confirmation goes to the contact given at checkout, and to whoever placed the order.
    for (const to of new Set([input.contactEmail.trim().toLowerCase(), ctx.session.email.toLowerCase()]))
      mails.push({
        to,
        subject: `Order ${reference} submitted`,
        text: `${ctx.session.name} submitted order ${summary}.\n\nFollow it: ${link}`,
        ...onBehalfOf(provider.name, provider.contact_email),
      });
    results.push({ id, reference, status, totalPence, tenantId, organisationId });
  }
  return results;
}
