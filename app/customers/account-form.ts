import { z } from 'zod';
import type { AccountFields } from '../../db/queries/customers';
import type { CustomerClass } from '../../db/schema';
import { customerClassNames } from '../tenancy/customer-class';

const CUSTOMER_CLASSES = Object.keys(customerClassNames) as [CustomerClass, ...CustomerClass[]];

/** A full UK postcode (the GOV.UK pattern), any case and spacing. */
const UK_POSTCODE = /^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$/;

/** Upper case with one space before the inward code: "so181nx" becomes "SO18 1NX". */
export function normalisePostcode(postcode: string): string {
  const compact = postcode.replace(/\s+/g, '').toUpperCase();
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .default('')
    .transform((v) => v || null);

const yesNo = (message: string) => z.enum(['yes', 'no'], { error: message }).transform((v) => v === 'yes');

export const accountForm = z.object({
  customerClass: z.enum(CUSTOMER_CLASSES, { error: 'Select the customer class' }),
  settlementMethod: z.enum(['recharge', 'invoice'], { error: 'Select how the customer settles: recharge or invoice' }),
  billingContactName: optionalText(200, 'Billing contact name must be 200 characters or fewer'),
  billingContactEmail: z
    .string()
    .trim()
    .max(254, 'Billing contact email must be 254 characters or fewer')
    .default('')
    .pipe(
      z.union([z.literal(''), z.email('Enter the billing contact email in the correct format, like name@example.com')]),
    )
    .transform((v) => v || null),
  billingAddressLine1: z
    .string()
    .trim()
    .min(1, 'Enter the first line of the billing address')
    .max(100, 'Address line 1 must be 100 characters or fewer'),
  billingAddressLine2: optionalText(100, 'Address line 2 must be 100 characters or fewer'),
  billingTown: z
    .string()
    .trim()
    .min(1, 'Enter the town or city of the billing address')
    .max(100, 'Town or city must be 100 characters or fewer'),
  billingPostcode: z
    .string()
    .trim()
    .min(1, 'Enter the postcode of the billing address')
    .refine((v) => UK_POSTCODE.test(normalisePostcode(v)), 'Enter a real UK postcode, like SO18 1NX')
    .transform(normalisePostcode),
  accountCode: z
    .string()
    .trim()
    .toUpperCase()
    .default('')
    .refine(
      (v) => v === '' || /^[A-Z0-9][A-Z0-9/._-]{0,19}$/.test(v),
      'Enter the account code as up to 20 letters, numbers, hyphens, dots or slashes, like SCH-2407',
    )
    .transform((v) => v || null),
  poRequired: yesNo('Select whether orders need a purchase order number'),
  invoiceTrust: z
    .enum(['yes', 'no'])
    .default('no')
    .transform((v) => v === 'yes'),
  yearKind: z.enum(['academic', 'financial'], { error: 'Select the contract year the customer budgets by' }),
}) satisfies z.ZodType<AccountFields, unknown>;

/** An account's fields as the form shows them. */
export function accountFormValues(f: AccountFields): Record<string, string> {
  return {
    customerClass: f.customerClass,
    settlementMethod: f.settlementMethod,
    billingContactName: f.billingContactName ?? '',
    billingContactEmail: f.billingContactEmail ?? '',
    billingAddressLine1: f.billingAddressLine1,
    billingAddressLine2: f.billingAddressLine2 ?? '',
    billingTown: f.billingTown,
    billingPostcode: f.billingPostcode,
    accountCode: f.accountCode ?? '',
    poRequired: f.poRequired ? 'yes' : 'no',
    invoiceTrust: f.invoiceTrust ? 'yes' : 'no',
    yearKind: f.yearKind,
  };
}
