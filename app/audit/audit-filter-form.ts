import { z } from 'zod';
import { dayRangeFields, readDayRange } from '../calendar/day-range';
import { isUuid } from '../forms/ids';
import { pageField } from '../forms/paging';
import { AUDIT_SUBJECTS } from './audit-words';

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
    ...dayRangeFields,
    page: pageField,
  })
  .transform((v, ctx) => {
    const range = readDayRange(v, { required: false });
    if (!range.ok) {
      for (const p of range.problems)
        ctx.issues.push({ code: 'custom', path: [p.field], message: p.message, input: v });
      return z.NEVER;
    }
    return {
      actorUserId: v.person || undefined,
      subjectType: v.record || undefined,
      from: range.from,
      to: range.to,
      page: v.page,
    };
  });

export type AuditFilter = z.output<typeof auditFilterForm>;
