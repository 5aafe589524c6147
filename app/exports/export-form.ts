import { z } from 'zod';
import type { IsoDate } from '../calendar/contract-year';
import { dayRangeFields, readDayRange } from '../calendar/day-range';

/** What can be downloaded, in the order the page offers them. */
export const EXPORTS = {
  orders: { label: 'Orders', hint: 'One row for each order submitted in the period' },
  lines: {
    label: 'Order lines',
    hint: 'One row for each line of those orders: agreed, delivered, still to deliver and what it comes to',
  },
  deliveries: { label: 'Delivery records', hint: 'One row for each record of work done in the period, in any state' },
} as const;

export type ExportKind = keyof typeof EXPORTS;
export const EXPORT_KINDS = Object.keys(EXPORTS) as ExportKind[];

/** At most this many days in one download (a little over two contract years). */
export const MAX_EXPORT_DAYS = 800;

/**
 * The export form, read from the query string (the form is a GET, so the browser downloads the
 * file): what to export and the first and last day, as GOV.UK date inputs.
 */
export const exportForm = z
  .object({ what: z.enum(EXPORT_KINDS, { error: 'Select what to download' }), ...dayRangeFields })
  .transform((v, ctx): { what: ExportKind; from: IsoDate; to: IsoDate } => {
    const range = readDayRange(v, {
      required: true,
      maxDays: { days: MAX_EXPORT_DAYS, message: 'Choose a period of two years or less' },
    });
    if (!range.ok) {
      for (const p of range.problems)
        ctx.issues.push({ code: 'custom', path: [p.field], message: p.message, input: v });
      return z.NEVER;
    }
    return { what: v.what, from: range.from!, to: range.to! };
  });
