import { listTermDates } from '../../db/queries/calendar';
import type { Scoped } from '../../db/scope.server';
import { instalmentSchedule, type InstalmentScheduleRequest, type ScheduledInstalment } from './instalments';

/**
 * A line's instalments with the provider's own term dates: a contract year touches the academic
 * year it starts in and, for a financial year, the one before (its summer term).
 */
export async function instalmentScheduleIn(
  tx: Scoped,
  tenantId: string,
  request: Omit<InstalmentScheduleRequest, 'terms'>,
): Promise<ScheduledInstalment[]> {
  const startYear = Number(request.yearStart.slice(0, 4));
  const terms = await listTermDates(tx, tenantId, [startYear - 1, startYear]);
  return instalmentSchedule({ ...request, terms });
}
