import { insertAuditEvent } from '../../db/queries/audit';
import { findTenantBySlug } from '../../db/queries/tenancy';
import {
  deleteBasketItems,
  findBuyerSettings,
  findOrderByIdempotencyKey,
  findOrdersBySubmission,
  listBasketItems,
  insertOrder,
  insertOrderLines,
  listOrganisationPeople,
  nextOrderReference,
  type NewOrderLine,
} from '../../db/queries/commissioning';
import { withBuyer } from '../../db/scope.server';
import type { BuyerContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import type { Mail } from '../mail/mailer.server';
import { formatPence } from '../money';
import { allowanceFor } from './allowance';
import { priceRequest } from './basket.server';
import { sendAll } from './notify.server';
import { initialStatus, needsApproval } from './order-state';

export interface SubmitOrderInput {
  slug: string;
  poNumber: string;
  contactName: string;
  contactEmail: string;
  /** One per checkout form shown: submitting the same form twice places the order once. */
  idempotencyKey: string;
}

/**
 * Turns the basket's lines for one provider into orders (one for each school bought for), each
 * line priced afresh and frozen at that price. Needs approval when the buyer's rule says so.
 */
export async function submitOrder(ctx: BuyerContext, input: SubmitOrderInput, baseUrl: string) {
  const mails: Mail[] = [];
  const placed = await withBuyer(ctx, async (tx) => {
    const items = (await listBasketItems(tx)).filter((i) => i.slug === input.slug);
    const tenantId = items[0]?.tenant_id;
    if (!tenantId) {
      const existing = await findOrdersBySubmission(tx, input.idempotencyKey);
      if (existing.length)
        return existing.map((o) => ({
          id: o.id,
          reference: o.reference,
          status: 'duplicate' as const,
          totalPence: o.total_pence,
          tenantId: o.tenant_id,
        }));
      throw new DomainError(
        'order.empty',
        'Your basket has nothing from this provider: add a service first',
        undefined,
        409,
      );
    }
    const settings = await findBuyerSettings(tx, ctx.organisationId);
    const byOrganisation = new Map<string, typeof items>();
    for (const item of items)
      byOrganisation.set(item.for_organisation_id, [...(byOrganisation.get(item.for_organisation_id) ?? []), item]);

    const results = [];
    for (const [organisationId, group] of byOrganisation) {
      const key = `${input.idempotencyKey}:${organisationId}`;
      const already = await findOrderByIdempotencyKey(tx, tenantId, key);
      if (already) {
        results.push({ ...already, status: 'duplicate' as const, totalPence: 0, tenantId });
        continue;
      }
      const lines: NewOrderLine[] = [];
      let customer: Awaited<ReturnType<typeof priceRequest>>['found'] | null = null;
      for (const [index, item] of group.entries()) {
        const { found, quote } = await priceRequest(tx, ctx, {
          slug: item.slug,
          serviceId: item.service_id,
          yearKey: `${item.year_kind}:${item.year_start}`,
          schoolId: item.for_organisation_id,
          quantity: item.quantity,
          packageCode: item.package_code ?? undefined,
        });
        customer ??= found;
        const allowance = allowanceFor(
          found.price!,
          { quantity: item.quantity, packageCode: item.package_code },
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
          packageCode: item.package_code,
          preferredDates: item.preferred_dates,
          price: found.price,
          quote: { lines: quote.lines, working: quote.working, instalments: quote.instalments },
          totalPence: quote.totalPence,
          ...allowance,
        });
      }
      if (customer!.poRequired && !input.poNumber.trim())
        throw new DomainError(
          'order.po_required',
          `${customer!.service.providerName} needs a purchase order number for orders from ${customer!.buyingFor.name}`,
          'poNumber',
          422,
        );
      const totalPence = lines.reduce((sum, l) => sum + l.totalPence, 0);
      const status = initialStatus(needsApproval(totalPence, settings?.approval_threshold_pence ?? null));
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
        totalPence,
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
          });
      } else {
        mails.push({
          to: (await findTenantBySlug(tx, input.slug))!.contact_email,
          subject: `New order ${reference} from ${customer!.buyingFor.name}`,
          text: `Order ${summary}.\n\nReview it: ${baseUrl}/t/${input.slug}/orders/${id}`,
        });
      }
      mails.push({
        to: ctx.session.email,
        subject: `Order ${reference} submitted`,
        text: `You submitted order ${summary}.\n\nFollow it: ${link}`,
      });
      results.push({ id, reference, status, totalPence, tenantId });
    }
    await deleteBasketItems(
      tx,
      items.map((i) => i.id),
    );
    return results;
  });
  await sendAll(mails);
  return placed;
}
