import { deliveryView } from '../delivery/delivery-view';
import { findContactOfficer, findOrder, listOrderLines } from '../../db/queries/commissioning';
import { listLineDeliveries, listLineFeedback } from '../../db/queries/delivery';
import { listLineVariations } from '../../db/queries/variations';
import { findTenantBySlug } from '../../db/queries/tenancy';
import { withBuyer, withTenant, type Scoped } from '../../db/scope.server';
import { notFound, type BuyerContext, type TenantContext } from '../auth/guards.server';
import { contractYearLabel, londonToday } from '../calendar/contract-year';
import { cancellationFor } from './cancel-order.server';
import { orderPosition } from './line-position';
import { linePositions } from './line-positions.server';
import type { OrderStatus } from './order-state';
import { UNIT_KINDS } from '../catalogue/service-input';
import type { QuoteResult } from '../pricing/quote';

/** An order with each line's agreed price, what was delivered and what remains, and feedback. */
async function loadOrder(tx: Scoped, tenantId: string, orderId: string, party: 'buyer' | 'provider') {
  const order = await findOrder(tx, tenantId, orderId);
  if (!order) return null;
  const today = londonToday();
  const lines = await listOrderLines(tx, tenantId, orderId);
  const positions = await linePositions(tx, tenantId, { orderIds: [orderId] }, today);
  const detailed = [];
  for (const line of lines) {
    const deliveries = await listLineDeliveries(tx, tenantId, line.id);
    const position = positions.get(line.id)!;
    const quote = line.quote as Extract<QuoteResult, { ok: true }>;
    detailed.push({
      id: line.id,
      lineNumber: line.line_number,
      serviceCode: line.service_code,
      serviceName: line.service_name,
      unit: UNIT_KINDS[line.unit_kind],
      yearLabel: contractYearLabel(line.year_kind, line.year_start),
      quantity: line.quantity,
      packageCode: line.package_code,
      preferredDates: line.preferred_dates,
      startsOn: line.starts_on,
      cancellationNoticeDays: line.cancellation_notice_days,
      lateCancellationPercent: line.late_cancellation_percent,
      position,
      variations: (await listLineVariations(tx, tenantId, line.id)).map((v) => ({
        id: v.id,
        quantityBefore: v.quantity_before,
        quantityAfter: v.quantity_after,
        totalBeforePence: v.total_before_pence,
        totalAfterPence: v.total_after_pence,
        reason: v.reason,
        status: v.status,
        requestedBy: v.requested_by,
        requestedByName: v.requestedByName,
        requestedAt: v.requested_at.toISOString(),
        closedReason: v.closed_reason,
      })),
      working: quote.working,
      status: line.status,
      assignedTo: line.assigned_to,
      assignedName: line.assignedName,
      deliveries: deliveries.map(deliveryView),
      feedback: (await listLineFeedback(tx, tenantId, line.id)).map((f) => ({
        rating: f.rating,
        whatChanged: f.what_changed,
        givenByName: f.givenByName,
        givenBy: f.given_by,
      })),
    });
  }
  const contactOfficer = await findContactOfficer(tx, tenantId, order.organisation_id);
  return {
    order: {
      id: order.id,
      tenantId: order.tenant_id,
      slug: order.slug,
      reference: order.reference,
      providerName: order.providerName,
      buyerName: order.buyerName,
      buyerKind: order.buyerKind,
      organisationId: order.organisation_id,
      customerClass: order.customer_class,
      settlementMethod: order.settlement_method,
      poNumber: order.po_number,
      contactName: order.contact_name,
      contactEmail: order.contact_email,
      status: order.status,
      submittedTotalPence: order.submitted_total_pence,
      acceptedOn: order.accepted_on,
      submittedBy: order.submitted_by,
      submittedByName: order.submittedByName,
      submittedAt: order.submitted_at.toISOString(),
      closedReason: order.closed_reason,
    },
    worth: orderPosition([...positions.values()]),
    // What cancelling today would cost the buyer under the agreed terms.
    cancellationPreview: (({ chargePence, working }) => ({ chargePence, working }))(
      cancellationFor(party, order.status as OrderStatus, lines, positions, today),
    ),
    lines: detailed,
    contactOfficer: contactOfficer ? { name: contactOfficer.name, email: contactOfficer.email } : null,
  };
}

export async function orderForBuyer(ctx: BuyerContext, slug: string, orderId: string) {
  return withBuyer(ctx, async (tx) => {
    const tenant = await findTenantBySlug(tx, slug);
    const loaded = tenant ? await loadOrder(tx, tenant.id, orderId, 'buyer') : null;
    if (!loaded) throw notFound();
    return loaded;
  });
}

export async function orderForProvider(ctx: TenantContext, orderId: string) {
  return withTenant(ctx, async (tx) => {
    const loaded = await loadOrder(tx, ctx.tenantId, orderId, 'provider');
    if (!loaded) throw notFound();
    return loaded;
  });
}
