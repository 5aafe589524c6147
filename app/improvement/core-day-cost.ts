import type { UnitKind } from '../../db/schema';
import { costPerDayPence, HOURS_PER_PRODUCTIVE_DAY, type CostModel } from '../catalogue/cost-recovery';

/** A service's costs as the income page's cost recovery reads them for a financial year. */
export interface ServiceDayCostFacts extends CostModel {
  unitKind: UnitKind;
  unitHours: number | null;
  /** The cost per unit set for the financial year (service_budgets), if any. */
  costPerUnitPence: number | null;
}

/**
 * What one core day of school improvement costs, from the same numbers as the service's cost
 * recovery: the cost per unit set for the year wins (a day as it is; an hour or a session scaled
 * to a productive day), and without one the service's own cost model gives a productive day's cost.
 * Null when neither is known, or the unit is not time (a package, a place).
 */
export function serviceDayCostPence(s: ServiceDayCostFacts): number | null {
  if (s.costPerUnitPence !== null) {
    if (s.unitKind === 'day') return s.costPerUnitPence;
    if (s.unitKind === 'hour') return s.costPerUnitPence * HOURS_PER_PRODUCTIVE_DAY;
    if (s.unitKind === 'session' && s.unitHours)
      return Math.round((s.costPerUnitPence * HOURS_PER_PRODUCTIVE_DAY) / s.unitHours);
  }
  return costPerDayPence(s);
}

/** The budget's choice: a cost per day set directly, else the chosen service's, else not known. */
export function coreDayCostPence(setDirectly: number | null, service: ServiceDayCostFacts | null): number | null {
  if (setDirectly !== null) return setDirectly;
  return service ? serviceDayCostPence(service) : null;
}
