import { z } from 'zod';

/**
 * A price for one service and one customer class in a charge schedule. Money is integer pence.
 * The same shapes validate forms, CSV imports and tenant files, and feed the quote engine.
 */
const pence = z
  .number({ error: 'Enter an amount in pounds and pence' })
  .int('Amounts must be in whole pence')
  .nonnegative('Amounts cannot be negative')
  .max(100_000_000_00, 'Amount is too large');

export const roundingRules = ['penny', 'nearest_pound', 'up_to_pound'] as const;
export type RoundingRule = (typeof roundingRules)[number];

const band = z.object({
  from: z.number().int().positive('Bands start at 1 or more'),
  to: z.number().int().positive().nullable(),
  unitPricePence: pence,
});
export type Band = z.infer<typeof band>;

/** Bands must start at 1, run on without gaps or overlaps, and only the last may be open-ended. */
function checkBands(bands: Band[], ctx: z.RefinementCtx) {
  let expected = 1;
  bands.forEach((b, i) => {
    if (b.from !== expected)
      ctx.addIssue({
        code: 'custom',
        path: ['bands', i, 'from'],
        message:
          b.from > expected
            ? `Band ${i + 1} starts at ${b.from}, leaving a gap after ${expected - 1}: start it at ${expected}`
            : `Band ${i + 1} starts at ${b.from}, overlapping the band before: start it at ${expected}`,
      });
    if (b.to === null) {
      if (i !== bands.length - 1)
        ctx.addIssue({
          code: 'custom',
          path: ['bands', i, 'to'],
          message: `Only the last band can have no upper limit`,
        });
      expected = Number.POSITIVE_INFINITY;
    } else {
      if (b.to < b.from)
        ctx.addIssue({ code: 'custom', path: ['bands', i, 'to'], message: `Band ${i + 1} ends before it starts` });
      expected = b.to + 1;
    }
  });
  if (bands.length > 0 && bands[bands.length - 1]!.to !== null)
    ctx.addIssue({
      code: 'custom',
      path: ['bands'],
      message: 'The last band must have no upper limit, so every quantity has a price',
    });
}

const common = {
  minimumChargePence: pence.default(0),
  rounding: z.enum(roundingRules).default('penny'),
};

export const instalmentPlans = ['annual', 'termly', 'monthly', 'split_7_5'] as const;
export type InstalmentPlan = (typeof instalmentPlans)[number];

export const priceModelSchema = z.discriminatedUnion('model', [
  z.object({ model: z.literal('per_unit'), unitPricePence: pence, ...common }),
  z
    .object({ model: z.literal('volume_bands'), bands: z.array(band).min(1, 'Add at least one band'), ...common })
    .superRefine((v, ctx) => checkBands(v.bands, ctx)),
  z
    .object({ model: z.literal('graduated'), bands: z.array(band).min(1, 'Add at least one tier'), ...common })
    .superRefine((v, ctx) => checkBands(v.bands, ctx)),
  z.object({
    model: z.literal('flat_plus_per_pupil'),
    flatPence: pence,
    perPupilPence: pence,
    /** Optional prices by phase of education ("Primary", "Secondary", …) overriding the default. */
    byPhase: z.record(z.string(), z.object({ flatPence: pence, perPupilPence: pence })).default({}),
    ...common,
  }),
  z.object({
    model: z.literal('package'),
    packages: z
      .array(
        z.object({
          code: z.string().min(1),
          name: z.string().min(1),
          units: z.number().int().positive(),
          pricePence: pence,
        }),
      )
      .min(1, 'Add at least one package'),
    carryOver: z.boolean(),
    /** Price per unit beyond the package; null means use beyond the allowance is refused. */
    overageUnitPricePence: pence.nullable(),
    ...common,
  }),
  z.object({
    model: z.literal('subscription'),
    annualPence: pence,
    instalments: z.enum(instalmentPlans),
    /** Units of delivery the subscription includes (six governor meetings, say); none when it is access only. */
    includedUnits: z.number().int().positive().max(10_000).optional(),
    ...common,
  }),
]);

export type PriceModel = z.infer<typeof priceModelSchema>;
export type PriceModelInput = z.input<typeof priceModelSchema>;
