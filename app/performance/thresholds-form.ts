import { z } from 'zod';

/** The form for a tenant's thresholds: a whole percentage, and a progress score to one decimal place. */
export const thresholdsForm = z.object({
  ptrwmExpFloor: z
    .string()
    .trim()
    .min(1, 'Enter the floor for pupils meeting the expected standard, as a percentage')
    .transform((v) => v.replace(/%$/, '').trim())
    .refine((v) => /^\d{1,3}$/.test(v), 'The floor must be a whole number, like 65')
    .transform(Number)
    .refine((v) => v <= 100, 'The floor must be 100% or less'),
  progressLimit: z
    .string()
    .trim()
    .min(1, 'Enter the limit for progress scores, like -5.0')
    .refine(
      (v) => /^[-+−]?\d{1,2}(\.\d)?$/.test(v),
      'The progress limit must be a number to one decimal place, like -5.0',
    )
    .transform((v) => Number(v.replace('−', '-')))
    .refine((v) => v >= -20 && v <= 20, 'The progress limit must be between -20.0 and 20.0'),
});

export type ThresholdsInput = z.output<typeof thresholdsForm>;
