import { z } from 'zod';
import { dayRangeFields, readDayRange } from '../calendar/day-range';
import { isUuid } from '../forms/ids';
import { RECONCILIATION_VIEWS, type ReconciliationView } from './reconciliation-views';

const optionalId = (message: string) =>
  z
    .string()
    .optional()
    .default('')
    .refine((v) => v === '' || isUuid(v), message)
    .transform((v) => v || undefined);

/**
 * The reconciliation's question, read from the query string: a period (both days, at most three
 * years; blank means the given default), how to group it, and what to narrow it to.
 */
export function reconciliationForm(defaultPeriod: { from: string; to: string }) {
  return z
    .object({
      view: z
        .string()
        .optional()
        .default('service')
        .refine((v) => v in RECONCILIATION_VIEWS, 'Select how to group the figures from the list')
        .transform((v) => v as ReconciliationView),
      service: optionalId('Select a service from the list'),
      customer: optionalId('Select a customer from the list'),
      practitioner: optionalId('Select a practitioner from the list'),
      agreement: optionalId('Select an agreement from the list'),
      ...dayRangeFields,
    })
    .transform((v, ctx) => {
      const blank = [v['from-day'], v['from-month'], v['from-year'], v['to-day'], v['to-month'], v['to-year']].every(
        (p) => !p.trim(),
      );
      const range = blank
        ? { ok: true as const, ...defaultPeriod }
        : readDayRange(v, {
            required: true,
            maxDays: { days: 1100, message: 'The period must be 3 years or shorter' },
          });
      if (!range.ok) {
        for (const p of range.problems)
          ctx.issues.push({ code: 'custom', path: [p.field], message: p.message, input: v });
        return z.NEVER;
      }
      return {
        view: v.view,
        from: range.from!,
        to: range.to!,
        serviceId: v.service,
        organisationId: v.customer,
        practitionerId: v.practitioner,
        agreementId: v.agreement,
      };
    });
}

export type ReconciliationQuestion = z.output<ReturnType<typeof reconciliationForm>>;
