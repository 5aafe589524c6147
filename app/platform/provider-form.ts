import { z } from 'zod';
import type { ProviderKind } from '../../db/schema';

/** What a provider is, as the platform administrator chooses it. */
export const PROVIDER_KINDS: Record<ProviderKind, { label: string; hint: string }> = {
  council: { label: 'Council', hint: 'A local authority selling services to schools' },
  teaching_school: {
    label: 'Teaching school (hub)',
    hint: 'A school selling school-to-school support, such as specialist leader of education days',
  },
  academy_trust: { label: 'Academy trust', hint: 'A trust selling support from its schools to other schools' },
};

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const upper = (v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase().replace(/\s+/g, '') : v);

const laCode = z.preprocess(
  blank,
  z
    .string()
    .regex(/^[0-9]{3}$/, 'Enter the local authority code as 3 digits, like 852')
    .optional(),
);

/**
 * The "Add a provider" form. Fields that only one kind needs are checked for that kind; the
 * database then checks what only it can know (a URN in the schools list, a slug or prefix taken).
 */
export const providerForm = z
  .object({
    kind: z.enum(['council', 'teaching_school', 'academy_trust'], { error: 'Select what kind of provider this is' }),
    name: z.preprocess(
      trimmed,
      z.string().min(1, 'Enter the provider’s name').max(120, 'The name must be 120 characters or fewer'),
    ),
    slug: z.preprocess(
      trimmed,
      z
        .string()
        .min(1, 'Enter a web address name')
        .max(60, 'The web address name must be 60 characters or fewer')
        .regex(
          /^[a-z0-9]+(-[a-z0-9]+)*$/,
          'The web address name must be lower-case letters and numbers, with single hyphens between words',
        ),
    ),
    urn: z.preprocess(
      blank,
      z.coerce
        .number({ error: 'Enter the school’s URN as 6 or 7 digits' })
        .int('Enter the school’s URN as 6 or 7 digits')
        .min(100000, 'Enter the school’s URN as 6 or 7 digits')
        .max(9999999, 'Enter the school’s URN as 6 or 7 digits')
        .optional(),
    ),
    trustName: z.preprocess(
      blank,
      z.string().trim().max(200, 'The trust’s name must be 200 characters or fewer').optional(),
    ),
    companiesHouseNumber: z.preprocess(
      (v) => blank(upper(v)),
      z
        .string()
        .regex(/^([0-9]{8}|[A-Z]{2}[0-9]{6})$/, 'Enter the Companies House number as 8 characters, like 07654321')
        .optional(),
    ),
    laCode,
    address: z.preprocess(blank, z.string().trim().max(300, 'The address must be 300 characters or fewer').optional()),
    postcode: z.preprocess(
      (v) => blank(typeof v === 'string' ? v.trim().toUpperCase().replace(/\s+/g, ' ') : v),
      z
        .string()
        .regex(/^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$/, 'Enter a full UK postcode, like SO15 2HW')
        .optional(),
    ),
    contactEmail: z.preprocess(
      trimmed,
      z.email({ error: 'Enter the provider’s contact email address, like services@example.org' }),
    ),
    invoicePrefix: z.preprocess(
      upper,
      z.string().regex(/^[A-Z]{2,5}-$/, 'Enter an invoice prefix of 2 to 5 capital letters and a hyphen, like STS-'),
    ),
    referencePrefix: z.preprocess(
      upper,
      z.string().regex(/^[A-Z]{2,6}$/, 'Enter a reference prefix of 2 to 6 capital letters, like STS'),
    ),
    vatNumber: z.preprocess(
      (v) => blank(upper(v)),
      z
        .string()
        .regex(/^GB[0-9]{9}$/, 'Enter the VAT number as GB and 9 digits, or leave it blank')
        .optional(),
    ),
    adminEmail: z.preprocess(
      trimmed,
      z
        .email({ error: 'Enter the first admin’s email address, like name@example.org' })
        .transform((e) => e.toLowerCase()),
    ),
  })
  .superRefine((f, ctx) => {
    const need = (field: keyof typeof f, message: string) => {
      if (f[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message });
    };
    if (f.kind === 'teaching_school')
      need('urn', 'Enter the URN of the school, from the schools list (Get Information about Schools)');
    if (f.kind === 'academy_trust') {
      need('trustName', 'Enter the trust’s name');
      need('companiesHouseNumber', 'Enter the trust’s Companies House number');
    }
    // A school's area and address come from the schools list when left blank.
    if (f.kind !== 'teaching_school') {
      need(
        'laCode',
        f.kind === 'council'
          ? 'Enter the council’s local authority code'
          : 'Enter the code of the area the trust serves',
      );
      need('address', 'Enter the provider’s address');
      need('postcode', 'Enter the provider’s postcode');
    }
  });

export type ProviderInput = z.output<typeof providerForm>;
