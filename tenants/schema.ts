import { z } from 'zod';

const laCode = z.string().regex(/^[0-9]{3}$/, 'LA code must be 3 digits');
const email = z.email();
const providerRole = z.enum(['admin', 'service_manager', 'practitioner', 'finance']);
const buyerRole = z.enum(['business_manager', 'approver', 'trust_finance', 'council_commissioner']);

export const profileSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    name: z.string().min(1),
    councilName: z.string().min(1),
    laCode,
    address: z.array(z.string().min(1)).min(1),
    postcode: z.string().regex(/^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$/, 'postcode must be a full UK postcode'),
    vatNumber: z.string().regex(/^GB[0-9]{9}$/),
    vatNumberIsDemo: z.literal(true, 'demo VAT numbers must be marked as demo'),
    paymentTermsDays: z.number().int().min(0).max(365),
    invoicePrefix: z.string().regex(/^[A-Z]{2,6}-$/),
    contactEmail: email,
    partnerCouncils: z
      .array(
        z.object({
          laCode,
          poRequired: z.boolean().default(false),
          billingContact: z.object({ name: z.string().min(1), email }),
        }),
      )
      .default([]),
    /** Other authorities whose schools this provider also sells to (e.g. under a joint arrangement). */
    sellsToSchoolsOf: z.array(laCode).default([]),
  })
  .strict();

const organisationRef = z.union([
  z.object({ urn: z.number().int().positive() }).strict(),
  z.object({ councilLaCode: laCode }).strict(),
  z.object({ trustOfUrn: z.number().int().positive() }).strict(),
]);

export const peopleSchema = z
  .object({
    staff: z.array(z.object({ email, name: z.string().min(1), role: providerRole }).strict()).min(4),
    buyers: z.array(
      z.object({ email, name: z.string().min(1), role: buyerRole, organisation: organisationRef }).strict(),
    ),
  })
  .strict()
  .refine((p) => providerRole.options.every((role) => p.staff.some((s) => s.role === role)), {
    message: 'every provider role needs at least one demo user',
  });

export type TenantProfile = z.infer<typeof profileSchema>;
export type TenantPeople = z.infer<typeof peopleSchema>;
export type OrganisationRef = z.infer<typeof organisationRef>;
