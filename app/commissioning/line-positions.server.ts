import { listLinePositionRows, type LinePositionFilter } from '../../db/queries/positions';
import type { Scoped } from '../../db/scope.server';
import { londonToday } from '../calendar/contract-year';
import { linePosition, orderPosition, type LinePosition } from './line-position';

/**
 * The positions of lines (by order, by line or a practitioner's work), on a date: a provider's
 * (tenantId given), or any a buyer may see (tenantId null).
 */
export async function linePositions(
  tx: Scoped,
  tenantId: string | null,
  filter: LinePositionFilter,
  asOf = londonToday(),
): Promise<Map<string, LinePosition>> {
  const rows = await listLinePositionRows(tx, tenantId, filter, asOf);
  return new Map(rows.map((row) => [row.id, linePosition(row)]));
}

/** What each order is worth now, from its lines (a buyer's orders span providers: pass no tenant). */
export async function orderPositions(tx: Scoped, tenantId: string | null, orderIds: string[], asOf = londonToday()) {
  const rows = await listLinePositionRows(tx, tenantId, { orderIds }, asOf);
  const byOrder = new Map<string, LinePosition[]>();
  for (const row of rows) byOrder.set(row.orderId, [...(byOrder.get(row.orderId) ?? []), linePosition(row)]);
  return new Map([...byOrder].map(([orderId, lines]) => [orderId, orderPosition(lines)]));
}
