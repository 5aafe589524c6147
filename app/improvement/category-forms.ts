import { z } from 'zod';
import type { SupportLevel } from '../../db/tables/support-categories';

const LEVELS = ['intensive', 'targeted', 'universal'] as const satisfies readonly SupportLevel[];

const days = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the funded days a year for ${label}`)
    .refine((v) => /^\d{1,3}$/.test(v), `The funded days for ${label} must be a whole number, like 5`)
    .transform(Number)
    .refine((v) => v <= 200, `The funded days for ${label} must be 200 or fewer`);

const name = (label: string) =>
  z.string().trim().min(1, `Enter a name for ${label}`).max(60, `The name for ${label} must be 60 characters or fewer`);

const description = (label: string) =>
  z.string().trim().max(500, `The description of ${label} must be 500 characters or fewer`);

/** The categories settings form: fields `<level>-name`, `<level>-description`, `<level>-days`. */
export const categoriesForm = z
  .object(
    Object.fromEntries(
      LEVELS.flatMap((level) => {
        const label = `the ${level} category`;
        return [
          [`${level}-name`, name(label)],
          [`${level}-description`, description(label).default('')],
          [`${level}-days`, days(label)],
        ];
      }),
    ) as Record<string, z.ZodType<string | number>>,
  )
  .superRefine((v, ctx) => {
    const names = LEVELS.map((l) => String(v[`${l}-name`]).toLowerCase());
    LEVELS.forEach((level, i) => {
      if (names.indexOf(names[i]!) !== i)
        ctx.addIssue({ code: 'custom', path: [`${level}-name`], message: 'Each category needs a different name' });
    });
  })
  .transform((v) => ({
    categories: LEVELS.map((level) => ({
      level,
      name: String(v[`${level}-name`]),
      description: String(v[`${level}-description`] ?? ''),
      fundedDays: Number(v[`${level}-days`]),
    })),
  }));

export type CategoriesInput = z.output<typeof categoriesForm>;

/** Placing one school in a category: the category (by level), a reason, and what was suggested. */
export const placementForm = z.object({
  level: z.enum(LEVELS, { error: 'Choose a category' }),
  reason: z
    .string({ error: 'Enter the reason for this category' })
    .trim()
    .min(1, 'Enter the reason for this category')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
  suggestedLevel: z
    .enum(LEVELS)
    .optional()
    .catch(undefined)
    .transform((v) => v ?? null),
  academicYear: z
    .string()
    .regex(/^\d{4}$/, 'Choose an academic year')
    .transform(Number)
    .refine((v) => v >= 2000 && v <= 2100, 'Choose an academic year'),
});

export type PlacementInput = Omit<z.output<typeof placementForm>, never> & { urn: number };
