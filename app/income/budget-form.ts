import { z } from 'zod';
import { parsePounds } from '../money';
import { UNIT_KINDS } from '../vocabulary';
import type { UnitKind } from '../../db/schema';

/** The most any budget or cost may be: £1,000,000,000.00, as the database allows. */
export const MAX_BUDGET_PENCE = 100_000_000_000;

export interface BudgetService {
  id: string;
  name: string;
  unitKind: UnitKind;
}

/** The form's field names for one service. */
export const budgetFields = (serviceId: string) => ({
  budget: `budget-${serviceId}`,
  cost: `cost-${serviceId}`,
  unitCost: `unitCost-${serviceId}`,
});

/** What each field asks, in the words its label and its error messages use. */
export function budgetWords(service: BudgetService) {
  const unit = UNIT_KINDS[service.unitKind].singular;
  return {
    budget: `the income budget for ${service.name}`,
    cost: `the yearly cost of ${service.name}`,
    unitCost: `the cost per ${unit} of ${service.name} delivered`,
  };
}

const capital = (words: string) => `${words[0]!.toUpperCase()}${words.slice(1)}`;

/** Pounds and pence, £0.00 or more, or blank for not set (null). */
const optionalPounds = (words: string) =>
  z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || parsePounds(v) !== null, `Enter ${words} in pounds and pence, like 12000.00`)
    .refine((v) => v === '' || (parsePounds(v) ?? 0) >= 0, `${capital(words)} must be £0.00 or more`)
    .refine(
      (v) => v === '' || (parsePounds(v) ?? 0) <= MAX_BUDGET_PENCE,
      `${capital(words)} must be £1,000,000,000.00 or less`,
    )
    .transform((v) => (v === '' ? null : parsePounds(v)!));

/** The budgets form for these services: each service's three amounts, any of them blank. */
export function budgetForm(services: readonly BudgetService[]) {
  const shape: Record<string, ReturnType<typeof optionalPounds>> = {};
  for (const s of services) {
    const fields = budgetFields(s.id);
    const words = budgetWords(s);
    shape[fields.budget] = optionalPounds(words.budget);
    shape[fields.cost] = optionalPounds(words.cost);
    shape[fields.unitCost] = optionalPounds(words.unitCost);
  }
  return z.object(shape);
}

export interface BudgetInput {
  serviceId: string;
  incomeBudgetPence: number | null;
  costPence: number | null;
  costPerUnitPence: number | null;
}

/** The parsed form as one entry per service. */
export function budgetInputs(services: readonly BudgetService[], data: Record<string, number | null>): BudgetInput[] {
  return services.map((s) => {
    const fields = budgetFields(s.id);
    return {
      serviceId: s.id,
      incomeBudgetPence: data[fields.budget] ?? null,
      costPence: data[fields.cost] ?? null,
      costPerUnitPence: data[fields.unitCost] ?? null,
    };
  });
}
