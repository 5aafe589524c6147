import { deliveryView } from './delivery-view';
import { findOrderLine } from '../../db/queries/commissioning';
import { listLineDeliveries } from '../../db/queries/delivery';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { contractYearLabel, contractYearStarting } from '../calendar/contract-year';
import { UNIT_KINDS } from '../catalogue/service-input';
import { linePositions } from '../commissioning/line-positions.server';
import type { OrderStatus } from '../commissioning/order-state';

/** One of this provider's order lines: what was bought, what was delivered against it and what remains. */
export async function lineForProvider(ctx: TenantContext, lineId: string) {
  return withTenant(ctx, async (tx) => {
    // The line, its deliveries and its position read at once (one write, one wait on PostgreSQL).
    const [line, deliveries, positions] = await Promise.all([
      findOrderLine(tx, ctx.tenantId, lineId),
      listLineDeliveries(tx, ctx.tenantId, lineId),
      linePositions(tx, ctx.tenantId, { lineIds: [lineId] }),
    ]);
    if (!line) throw notFound();
    const position = positions.get(lineId)!;
    const year = contractYearStarting(Number(line.year_start.slice(0, 4)), line.year_kind);
    return {
      line: {
        id: line.id,
        orderId: line.order_id,
        reference: line.reference,
        orderStatus: line.orderStatus as OrderStatus,
        buyerName: line.buyerName,
        buyerKind: line.buyerKind,
        lineNumber: line.line_number,
        serviceCode: line.service_code,
        serviceName: line.service_name,
        unit: UNIT_KINDS[line.unit_kind],
        yearLabel: contractYearLabel(line.year_kind, line.year_start),
        yearStart: year.start,
        yearEnd: year.end,
        status: line.status,
        assignedTo: line.assigned_to,
        assignedName: line.assignedName,
        acceptedOn: line.orderAcceptedOn,
        startsOn: line.starts_on,
        position,
      },
      deliveries: deliveries.map(deliveryView),
    };
  });
}
