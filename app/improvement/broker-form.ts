import { z } from 'zod';
import { parsePounds } from '../money';
import { parseUnits } from '../delivery/delivery-rules';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An offer is chosen as "<provider tenant id>:<service id>" from one list, so no script is needed. */
export function offerValue(o: { supportingTenantId: string; serviceId: string }): string {
  return `${o.supportingTenantId}:${o.serviceId}`;
}

/** Brokering support for one school: who supports it with which service, for how many days, at what rate, paid by whom. */
export const brokerForm = z.object({
  academicYear: z.coerce
    .number({ error: 'Choose the academic year the support is for' })
    .int('Choose the academic year the support is for')
    .min(2000, 'Choose the academic year the support is for')
    .max(2100, 'Choose the academic year the support is for'),
  offer: z
    .string({ error: 'Choose the provider and the service it supports the school with' })
    .trim()
    .min(1, 'Choose the provider and the service it supports the school with')
    .refine((v) => {
      const [tenant, service, ...rest] = v.split(':');
      return rest.length === 0 && UUID.test(tenant ?? '') && UUID.test(service ?? '');
    }, 'Choose the provider and the service from the list')
    .transform((v) => {
      const [supportingTenantId, serviceId] = v.split(':') as [string, string];
      return { supportingTenantId, serviceId };
    }),
  days: z
    .string({ error: 'Enter the number of days of support' })
    .trim()
    .min(1, 'Enter the number of days of support')
    .refine((v) => parseUnits(v) !== null, 'Enter the days as a number above 0, like 2 or 1.5')
    .transform((v) => parseUnits(v)!)
    .refine((v) => v <= 100_000, 'The days must be 1,000 or fewer'),
  // Blank means the provider's published day rate for the payer (the use case fills it in).
  rate: z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || (parsePounds(v) ?? -1) >= 0, 'Enter the agreed day rate in pounds, like 450 or 450.00')
    .transform((v) => (v === '' ? null : parsePounds(v)!))
    .refine((v) => v === null || v <= 2_000_000_000, 'The agreed day rate is too large'),
  fundedBy: z.enum(['authority', 'school'], {
    error: 'Choose whether the authority funds the support or the school buys it',
  }),
  // One per form shown (hidden): the same form submitted twice brokers once.
  key: z.string().regex(UUID).optional(),
  reason: z
    .string({ error: 'Enter the reason for brokering this support' })
    .trim()
    .min(1, 'Enter the reason for brokering this support')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
});

export type BrokerInput = z.output<typeof brokerForm>;
