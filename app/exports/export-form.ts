import { z } from 'zod';
import { readDateParts } from '../calendar/calendar-forms';
import type { IsoDate } from '../calendar/contract-year';

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

const part = z.string().optional().default('');

/**
 * The export form, read from the query string (the form is a GET, so the browser downloads the
 * file): what to export and the first and last day, as GOV.UK date inputs.
 */
export const exportForm = z
  .object({
    what: z.enum(EXPORT_KINDS, { error: 'Select what to download' }),
    'from-day': part,
    'from-month': part,
    'from-year': part,
    'to-day': part,
    'to-month': part,
    'to-year': part,
  })
  .transform((v, ctx): { what: ExportKind; from: IsoDate; to: IsoDate } => {
    const from = readDateParts({ day: v['from-day'], month: v['from-month'], year: v['from-year'] }, 'the first day');
    const to = readDateParts({ day: v['to-day'], month: v['to-month'], year: v['to-year'] }, 'the last day');
    if (!from.ok) ctx.issues.push({ code: 'custom', path: ['from'], message: from.message, input: v });
    if (!to.ok) ctx.issues.push({ code: 'custom', path: ['to'], message: to.message, input: v });
    if (!from.ok || !to.ok) return z.NEVER;
    if (to.date < from.date) {
      ctx.issues.push({
        code: 'custom',
        path: ['to'],
        message: 'The last day must be the same as or after the first day',
        input: v,
      });
      return z.NEVER;
    }
    const days = (Date.parse(to.date) - Date.parse(from.date)) / 86_400_000 + 1;
    if (days > MAX_EXPORT_DAYS) {
      ctx.issues.push({ code: 'custom', path: ['to'], message: 'Choose a period of two years or less', input: v });
      return z.NEVER;
    }
    return { what: v.what, from: from.date, to: to.date };
  });
