import { z } from 'zod';
import { priceModelSchema } from '../app/pricing/price-model';

const laCode = z.string().regex(/^[0-9]{3}$/, 'LA code must be 3 digits');
const email = z.email();
const providerRole = z.enum(['admin', 'service_manager', 'practitioner', 'finance']);
const buyerRole = z.enum(['business_manager', 'approver', 'trust_finance', 'council_commissioner']);

export const profileSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    /** A council (the default) or a teaching school, which is one of the schools in the schools list. */
    kind: z.enum(['council', 'teaching_school']).default('council'),
    /** A teaching school's own school (its organisation), by URN. */
    schoolUrn: z.number().int().positive().optional(),
    name: z.string().min(1),
    /** The council's organisation name; a council only. */
    councilName: z.string().min(1).optional(),
    /** A council's own area; for a teaching school, the area it serves. */
    laCode,
    address: z.array(z.string().min(1)).min(1),
    postcode: z.string().regex(/^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$/, 'postcode must be a full UK postcode'),
    vatNumber: z.string().regex(/^GB[0-9]{9}$/),
    vatNumberIsDemo: z.literal(true, 'demo VAT numbers must be marked as demo'),
    paymentTermsDays: z.number().int().min(0).max(365),
    invoicePrefix: z.string().regex(/^[A-Z]{2,6}-$/),
    /** Leads the provider's order and agreement references, so they read apart across providers. */
    referencePrefix: z.string().regex(/^[A-Z]{2,6}$/, 'reference prefix must be 2 to 6 capital letters'),
    contactEmail: email,
    /**
     * Where payment goes, printed on invoices. Demo tenants carry made-up details that no bank
     * issues (sort code 00-00-0x), so nobody can pay a real account from a demo invoice.
     */
    bank: z
      .object({
        name: z.string().min(1).max(100),
        sortCode: z.string().regex(/^00-00-[0-9]{2}$/, 'demo sort codes are 00-00-xx, which no bank uses'),
        accountNumber: z.string().regex(/^[0-9]{8}$/),
        isDemo: z.literal(true, 'demo bank details must be marked as demo'),
      })
      .optional(),
    partnerCouncils: z
      .array(
        z.object({
          laCode,
          poRequired: z.boolean().default(false),
          billingContact: z.object({ name: z.string().min(1), email }),
          /** A framework agreement under which this council commissions staff time. */
          agreement: z
            .object({
              title: z.string().min(1),
              yearKind: z.enum(['academic', 'financial']),
              firstYear: z.number().int().min(2000).max(2100),
              years: z.number().int().min(1).max(5),
              notes: z.string().default(''),
            })
            .strict()
            .optional(),
        }),
      )
      .default([]),
    /** A named contact officer at this provider for a school. */
    contactOfficers: z.array(z.object({ urn: z.number().int().positive(), staffEmail: email }).strict()).default([]),
    /** Last year's accepted orders, so the buy-back window has subscriptions to renew. */
    demoOrders: z
      .array(
        z
          .object({
            urn: z.number().int().positive(),
            buyerEmail: email,
            serviceCode: z.string().min(1),
            startYear: z.number().int().min(2000).max(2100),
            quantity: z.number().int().positive(),
            packageCode: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
    /** Other authorities whose schools this provider also sells to (e.g. under a joint arrangement). */
    sellsToSchoolsOf: z.array(laCode).default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.kind === 'council' && !p.councilName)
      ctx.addIssue({ code: 'custom', path: ['councilName'], message: 'a council needs its councilName' });
    if (p.kind === 'teaching_school' && p.schoolUrn === undefined)
      ctx.addIssue({ code: 'custom', path: ['schoolUrn'], message: 'a teaching school needs the URN of its school' });
    if (p.kind !== 'council' && (p.partnerCouncils.length || p.councilName))
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        message: 'only a council has a councilName and partner councils',
      });
  });

const organisationRef = z.union([
  z.object({ urn: z.number().int().positive() }).strict(),
  z.object({ councilLaCode: laCode }).strict(),
  z.object({ trustOfUrn: z.number().int().positive() }).strict(),
]);

export const peopleSchema = z
  .object({
    staff: z.array(z.object({ email, name: z.string().min(1), role: providerRole }).strict()).min(4),
    buyers: z.array(
      z
        .object({
          email,
          name: z.string().min(1),
          role: buyerRole,
          organisation: organisationRef,
          /** The school's approval threshold, held by its approver: orders at or above it wait for them. */
          approvalThresholdPence: z.number().int().positive().optional(),
        })
        .strict()
        .refine((b) => b.approvalThresholdPence === undefined || b.role === 'approver', {
          message: 'only an approver holds an approval threshold',
          path: ['approvalThresholdPence'],
        }),
    ),
  })
  .strict()
  .refine((p) => providerRole.options.every((role) => p.staff.some((s) => s.role === role)), {
    message: 'every provider role needs at least one demo user',
  })
  .superRefine((p, ctx) => {
    // One person, one side: a council's officer on another council's buying side muddles whose
    // agreement is walked from which end.
    const staff = new Set(p.staff.map((s) => s.email));
    p.buyers.forEach((b, i) => {
      if (staff.has(b.email))
        ctx.addIssue({ code: 'custom', path: ['buyers', i, 'email'], message: `${b.email} is already staff` });
    });
  });

export type TenantProfile = z.infer<typeof profileSchema>;
export type TenantPeople = z.infer<typeof peopleSchema>;
export type OrganisationRef = z.infer<typeof organisationRef>;

const customerClass = z.enum(['own_maintained', 'academy', 'other_la_school', 'partner_council', 'independent_other']);
const vatCode = z.enum(['S', 'E', 'O', 'Z']);

export const demoServiceSchema = z
  .object({
    code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,19}$/),
    name: z.string().min(1).max(200),
    category: z.enum([
      'school_improvement',
      'educational_psychology',
      'sen_inclusion',
      'governor_services',
      'hr',
      'finance',
      'other',
    ]),
    description: z.string().min(1),
    included: z.string().default(''),
    deliveredBy: z.string().default(''),
    statutory: z.boolean().default(false),
    unitKind: z.enum(['hour', 'session', 'day', 'meeting', 'place', 'pupil', 'package']),
    unitHours: z.number().positive().nullable().default(null),
    costCentre: z.string().nullable().default(null),
    subjectiveCode: z.string().nullable().default(null),
    vatByClass: z
      .object({ academy: vatCode, other_la_school: vatCode, partner_council: vatCode, independent_other: vatCode })
      .strict(),
    cancellationTerms: z.string().default(''),
    cancellationNoticeDays: z.number().int().min(0).max(365).nullable().default(null),
    lateCancellationPercent: z.number().int().min(0).max(100).default(100),
    soldTo: z
      .object({
        ownArea: z.boolean(),
        authorities: z.array(laCode).default([]),
        partnerCouncils: z.boolean(),
        anySchool: z.boolean(),
      })
      .strict(),
    overagePolicy: z.enum(['charge', 'refuse']).default('charge'),
    status: z.enum(['draft', 'published', 'retired']).default('published'),
    cost: z
      .object({
        salaryPence: z.number().int().nonnegative(),
        productiveDays: z.number().int().min(1).max(366),
        overheadBasisPoints: z.number().int().min(0).max(100000),
      })
      .strict()
      .optional(),
  })
  .strict();

export const demoScheduleSchema = z
  .object({
    yearKind: z.enum(['academic', 'financial']),
    startYear: z.number().int().min(2000).max(2100),
    status: z.enum(['draft', 'published']),
    /** service code → customer class → price (see app/pricing/price-model.ts) */
    prices: z.record(z.string(), z.partialRecord(customerClass, priceModelSchema)),
  })
  .strict();

export const catalogueSchema = z
  .object({ services: z.array(demoServiceSchema).min(1), schedules: z.array(demoScheduleSchema) })
  .strict()
  .superRefine((c, ctx) => {
    const codes = new Set(c.services.map((s) => s.code));
    if (codes.size !== c.services.length)
      ctx.addIssue({ code: 'custom', path: ['services'], message: 'service codes must be unique' });
    c.schedules.forEach((s, i) => {
      for (const code of Object.keys(s.prices))
        if (!codes.has(code))
          ctx.addIssue({
            code: 'custom',
            path: ['schedules', i, 'prices', code],
            message: `no service has the code ${code}`,
          });
    });
  });

export type DemoService = z.infer<typeof demoServiceSchema>;
export type DemoCatalogue = z.infer<typeof catalogueSchema>;
