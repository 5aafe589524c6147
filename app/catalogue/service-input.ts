import { z } from 'zod';
import type { BillingPlan, CustomerClass, ServiceCategory, UnitKind, VatCode } from '../../db/schema';
import { parsePounds } from '../money';

import { BILLING_PLANS, CATEGORIES, UNIT_KINDS, VAT_CODES } from '../vocabulary';

export { CATEGORIES, UNIT_KINDS, VAT_CODES };

export const CUSTOMER_CLASSES = [
  'own_maintained',
  'academy',
  'other_la_school',
  'partner_council',
  'independent_other',
] as const satisfies readonly CustomerClass[];

const optionalText = (max: number) => z.string().trim().max(max, `Must be ${max} characters or fewer`).default('');
const checkbox = z
  .union([z.literal('yes'), z.literal('on'), z.literal('')])
  .optional()
  .transform((v) => v === 'yes' || v === 'on');
/** The same bounds as the services table's check on unit_hours. */
export const MIN_UNIT_HOURS = 0.5;
export const MAX_UNIT_HOURS = 12;
const vat = z.enum(['S', 'E', 'O', 'Z'], { error: 'Select the VAT treatment' });

/** The service form, as posted (all strings); the output is what the domain stores. */
export const serviceForm = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9][A-Z0-9-]{1,19}$/, 'Enter a code of 2 to 20 letters, numbers or hyphens, like EP-DAY'),
    name: z.string().trim().min(1, 'Enter the name of the service').max(200, 'Name must be 200 characters or fewer'),
    category: z.enum(Object.keys(CATEGORIES) as [ServiceCategory, ...ServiceCategory[]], {
      error: 'Select a category',
    }),
    description: optionalText(4000),
    included: optionalText(4000),
    deliveredBy: optionalText(200),
    statutory: z.enum(['statutory', 'traded'], { error: 'Select whether the service is statutory or traded' }),
    unitKind: z.enum(Object.keys(UNIT_KINDS) as [UnitKind, ...UnitKind[]], { error: 'Select the unit of delivery' }),
    unitHours: z
      .string()
      .trim()
      .default('')
      .refine((v) => v === '' || /^\d{1,2}(\.\d{1,2})?$/.test(v), 'Enter the hours as a number, like 3 or 6.5')
      .refine(
        (v) =>
          v === '' || !/^\d{1,2}(\.\d{1,2})?$/.test(v) || (Number(v) >= MIN_UNIT_HOURS && Number(v) <= MAX_UNIT_HOURS),
        `Enter the hours as a number from ${MIN_UNIT_HOURS} to ${MAX_UNIT_HOURS}, like 3 or 6.5`,
      ),
    costCentre: optionalText(40),
    subjectiveCode: optionalText(40),
    vatAcademy: vat,
    vatOtherLaSchool: vat,
    vatPartnerCouncil: vat,
    vatIndependentOther: vat,
    cancellationTerms: optionalText(2000),
    cancellationNoticeDays: z
      .string()
      .trim()
      .default('')
      .refine(
        (v) => v === '' || (/^\d+$/.test(v) && Number(v) <= 365),
        'Enter the notice as a whole number of days from 0 to 365',
      ),
    lateCancellationPercent: z
      .string()
      .trim()
      .default('100')
      .refine((v) => /^\d+$/.test(v) && Number(v) <= 100, 'Enter the charge as a whole percentage from 0 to 100'),
    soldOwnArea: checkbox,
    soldAuthorities: z
      .string()
      .trim()
      .default('')
      .refine(
        (v) => v === '' || /^\d{3}(\s*,\s*\d{3})*$/.test(v),
        'Enter local authority codes of 3 digits separated by commas, like 921, 850',
      ),
    soldPartnerCouncils: checkbox,
    soldAnySchool: checkbox,
    overagePolicy: z
      .enum(['charge', 'refuse'], { error: 'Select what happens beyond the amount bought' })
      .default('charge'),
    // Absent (an older form, an import) leaves the service's plan as it is.
    billingPlan: z
      .enum(Object.keys(BILLING_PLANS) as [BillingPlan, ...BillingPlan[]], {
        error: 'Select how orders for the service are billed',
      })
      .optional(),
    costSalary: z
      .string()
      .trim()
      .default('')
      .refine((v) => v === '' || (parsePounds(v) ?? -1) >= 0, 'Enter the salary with on-costs in pounds, like 71385'),
    costProductiveDays: z
      .string()
      .trim()
      .default('')
      .refine(
        (v) => v === '' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 366),
        'Enter productive days as a whole number from 1 to 366',
      ),
    costOverheadPercent: z
      .string()
      .trim()
      .default('')
      .refine(
        (v) => v === '' || (/^\d{1,3}(\.\d{1,2})?$/.test(v) && Number(v) <= 1000),
        'Enter the overhead as a percentage, like 15',
      ),
  })
  .superRefine((v, ctx) => {
    if ((v.unitKind === 'session' || v.unitKind === 'day') && v.unitHours === '')
      ctx.addIssue({ code: 'custom', path: ['unitHours'], message: `Enter how many hours a ${v.unitKind} lasts` });
    if (!v.soldOwnArea && v.soldAuthorities === '' && !v.soldPartnerCouncils && !v.soldAnySchool)
      ctx.addIssue({ code: 'custom', path: ['soldOwnArea'], message: 'Select who may buy this service' });
    const cost = [v.costSalary, v.costProductiveDays].filter((x) => x !== '').length;
    if (cost === 1)
      ctx.addIssue({
        code: 'custom',
        path: [v.costSalary ? 'costProductiveDays' : 'costSalary'],
        message: 'Enter both the salary and the productive days, or neither',
      });
  })
  .transform((v) => ({
    code: v.code,
    name: v.name,
    category: v.category,
    description: v.description,
    included: v.included,
    deliveredBy: v.deliveredBy,
    statutory: v.statutory === 'statutory',
    unitKind: v.unitKind,
    unitHours: v.unitHours === '' ? null : v.unitHours,
    costCentre: v.costCentre || null,
    subjectiveCode: v.subjectiveCode || null,
    vatByClass: {
      own_maintained: 'O',
      academy: v.vatAcademy,
      other_la_school: v.vatOtherLaSchool,
      partner_council: v.vatPartnerCouncil,
      independent_other: v.vatIndependentOther,
    } satisfies Record<CustomerClass, VatCode>,
    cancellationTerms: v.cancellationTerms,
    cancellationNoticeDays: v.cancellationNoticeDays === '' ? null : Number(v.cancellationNoticeDays),
    lateCancellationPercent: v.lateCancellationPercent === '' ? 100 : Number(v.lateCancellationPercent),
    soldTo: {
      ownArea: v.soldOwnArea,
      authorities: v.soldAuthorities === '' ? [] : v.soldAuthorities.split(',').map((s) => s.trim()),
      partnerCouncils: v.soldPartnerCouncils,
      anySchool: v.soldAnySchool,
    },
    overagePolicy: v.overagePolicy,
    billingPlan: v.billingPlan,
    costSalaryPence: v.costSalary === '' ? null : parsePounds(v.costSalary),
    costProductiveDays: v.costProductiveDays === '' ? null : Number(v.costProductiveDays),
    costOverheadBasisPoints: v.costOverheadPercent === '' ? null : Math.round(Number(v.costOverheadPercent) * 100),
  }));

export type ServiceInput = z.output<typeof serviceForm>;

/** Which customer classes a service is sold to (own maintained schools are always recharged). */
export function classesSoldTo(soldTo: ServiceInput['soldTo']): CustomerClass[] {
  const classes = new Set<CustomerClass>();
  if (soldTo.ownArea) ['own_maintained', 'academy'].forEach((c) => classes.add(c as CustomerClass));
  if (soldTo.authorities.length > 0 || soldTo.anySchool) classes.add('other_la_school');
  if (soldTo.anySchool) classes.add('independent_other');
  if (soldTo.partnerCouncils) classes.add('partner_council');
  return CUSTOMER_CLASSES.filter((c) => classes.has(c));
}

/** A stored service as the form's fields, to edit it. */
export function serviceToFormValues(s: {
  code: string;
  name: string;
  category: ServiceCategory;
  description: string;
  included: string;
  delivered_by: string;
  statutory: boolean;
  unit_kind: UnitKind;
  unit_hours: string | null;
  cost_centre: string | null;
  subjective_code: string | null;
  vat_by_class: Record<CustomerClass, VatCode>;
  cancellation_terms: string;
  cancellation_notice_days: number | null;
  late_cancellation_percent: number;
  sold_to: ServiceInput['soldTo'];
  overage_policy: 'charge' | 'refuse';
  billing_plan?: BillingPlan;
  cost_salary_pence: number | null;
  cost_productive_days: number | null;
  cost_overhead_basis_points: number | null;
}): Record<string, string> {
  return {
    code: s.code,
    name: s.name,
    category: s.category,
    description: s.description,
    included: s.included,
    deliveredBy: s.delivered_by,
    statutory: s.statutory ? 'statutory' : 'traded',
    unitKind: s.unit_kind,
    unitHours: s.unit_hours === null ? '' : String(Number(s.unit_hours)),
    costCentre: s.cost_centre ?? '',
    subjectiveCode: s.subjective_code ?? '',
    vatAcademy: s.vat_by_class.academy,
    vatOtherLaSchool: s.vat_by_class.other_la_school,
    vatPartnerCouncil: s.vat_by_class.partner_council,
    vatIndependentOther: s.vat_by_class.independent_other,
    cancellationTerms: s.cancellation_terms,
    cancellationNoticeDays: s.cancellation_notice_days === null ? '' : String(s.cancellation_notice_days),
    lateCancellationPercent: String(s.late_cancellation_percent),
    soldOwnArea: s.sold_to.ownArea ? 'yes' : '',
    soldAuthorities: s.sold_to.authorities.join(', '),
    soldPartnerCouncils: s.sold_to.partnerCouncils ? 'yes' : '',
    soldAnySchool: s.sold_to.anySchool ? 'yes' : '',
    overagePolicy: s.overage_policy,
    billingPlan: s.billing_plan ?? 'annual',
    costSalary: s.cost_salary_pence === null ? '' : String(s.cost_salary_pence / 100),
    costProductiveDays: s.cost_productive_days === null ? '' : String(s.cost_productive_days),
    costOverheadPercent: s.cost_overhead_basis_points === null ? '' : String(s.cost_overhead_basis_points / 100),
  };
}
