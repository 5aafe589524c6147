import { z } from 'zod';
import { readDateParts } from '../calendar/calendar-forms';
import { isUuid } from '../forms/ids';
import { AUDIT_SUBJECTS } from './audit-words';

const part = z.string().optional().default('');

/** An optional day from a date input: blank is no limit; a part given means all three are needed. */
function optionalDay(parts: { day: string; month: string; year: string }, words: string) {
  if (!parts.day.trim() && !parts.month.trim() && !parts.year.trim()) return { ok: true as const, date: undefined };
  return readDateParts(parts, words);
}

/** The audit log's filters, read from the query string: person, kind of record, days and page. */
export const auditFilterForm = z
  .object({
    person: z
      .string()
      .optional()
      .default('')
      .refine((v) => v === '' || isUuid(v), 'Select a person from the list'),
    record: z
      .string()
      .optional()
      .default('')
      .refine((v) => v === '' || v in AUDIT_SUBJECTS, 'Select a kind of record from the list'),
    'from-day': part,
    'from-month': part,
    'from-year': part,
    'to-day': part,
    'to-month': part,
    'to-year': part,
    page: z
      .string()
      .optional()
      .default('1')
      .transform((v) => (/^\d{1,6}$/.test(v) && Number(v) >= 1 ? Number(v) : 1)),
  })
  .transform((v, ctx) => {
    const from = optionalDay({ day: v['from-day'], month: v['from-month'], year: v['from-year'] }, 'the first day');
    const to = optionalDay({ day: v['to-day'], month: v['to-month'], year: v['to-year'] }, 'the last day');
    if (!from.ok) ctx.issues.push({ code: 'custom', path: ['from'], message: from.message, input: v });
    if (!to.ok) ctx.issues.push({ code: 'custom', path: ['to'], message: to.message, input: v });
    if (!from.ok || !to.ok) return z.NEVER;
    if (from.date && to.date && to.date < from.date) {
      ctx.issues.push({
        code: 'custom',
        path: ['to'],
        message: 'The last day must be the same as or after the first day',
        input: v,
      });
      return z.NEVER;
    }
    return {
      actorUserId: v.person || undefined,
      subjectType: v.record || undefined,
      from: from.date,
      to: to.date,
      page: v.page,
    };
  });

export type AuditFilter = z.output<typeof auditFilterForm>;
