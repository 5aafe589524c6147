import type { UnitKind } from '../../db/schema';
import type { PriceModel } from '../pricing/price-model';

/** Hours in one productive day, for costing hourly and sessional units against a day's cost. */
export const HOURS_PER_PRODUCTIVE_DAY = 6;

export interface CostModel {
  salaryPence: number | null;
  productiveDays: number | null;
  overheadBasisPoints: number | null;
}

/** Full cost of one productive day: salary with on-costs plus overhead, over productive days. Whole pence, half up. */
export function costPerDayPence(cost: CostModel): number | null {
  if (cost.salaryPence === null || !cost.productiveDays) return null;
  const withOverhead = BigInt(cost.salaryPence) * BigInt(10_000 + (cost.overheadBasisPoints ?? 0));
  const denominator = BigInt(cost.productiveDays) * 10_000n;
  return Number((withOverhead * 2n + denominator) / (denominator * 2n));
}

/** Cost of one unit of delivery, where the unit is time; null for meetings, places and packages. */
export function costPerUnitPence(cost: CostModel, unitKind: UnitKind, unitHours: number | null): number | null {
  const day = costPerDayPence(cost);
  if (day === null) return null;
  const hours = unitKind === 'hour' ? 1 : unitKind === 'session' || unitKind === 'day' ? unitHours : null;
  if (hours === null) return null;
  return Math.round((day * hours) / HOURS_PER_PRODUCTIVE_DAY);
}

/** The headline price per unit of a price: the unit rate, or the first band's rate. */
export function pricePerUnitPence(price: PriceModel): number | null {
  if (price.model === 'per_unit') return price.unitPricePence;
  if (price.model === 'volume_bands' || price.model === 'graduated') return price.bands[0]?.unitPricePence ?? null;
  return null;
}

/** Price as a percentage of cost, to one decimal place; null where either is unknown. */
export function recoveryPercent(pricePence: number | null, costPence: number | null): number | null {
  if (pricePence === null || !costPence) return null;
  return Math.round((pricePence * 1000) / costPence) / 10;
}
