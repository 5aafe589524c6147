import type { Scoped } from '../scope.server';
import type { CustomerClass, YearKind } from '../schema';
import { DEFAULT_YEAR_KIND } from '../../app/calendar/year-kind-defaults';

/** The contract year type a tenant uses by default for a customer class. */
export async function findYearKindDefault(
  _tx: Scoped,
  _tenantId: string,
  customerClass: CustomerClass,
): Promise<YearKind> {
  // Placeholder until tenants can set their own (the calendar migration adds the table).
  return DEFAULT_YEAR_KIND[customerClass];
}
