import type { CustomerClass, YearKind } from '../../db/schema';

/**
 * The contract year a customer class buys in unless its provider says otherwise: maintained
 * schools budget by the financial year, academies and everyone else by the academic year.
 */
export const DEFAULT_YEAR_KIND: Record<CustomerClass, YearKind> = {
  own_maintained: 'financial',
  academy: 'academic',
  other_la_school: 'financial',
  partner_council: 'financial',
  independent_other: 'academic',
};
