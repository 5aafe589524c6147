import { z } from 'zod';
import type { CustomerClass, YearKind } from '../../db/schema';
import { customerClassNames } from '../tenancy/customer-class';
import { contractYearLabel, isRealDate, type IsoDate } from './contract-year';
import { TERMS, termNames, termProblems, type AcademicYearTerms, type TermField } from './terms';
import { DEFAULT_YEAR_KIND } from './year-kind-defaults';

export const TERM_FIELDS: TermField[] = TERMS.flatMap((t) => [`${t}Start` as const, `${t}End` as const]);

/** "the date the autumn term starts", for messages about one date field. */
export function termFieldWords(field: TermField): string {
  const term = field.replace(/(Start|End)$/, '') as (typeof TERMS)[number];
  return `the date the ${termNames[term].toLowerCase()} ${field.endsWith('Start') ? 'starts' : 'ends'}`;
}

const PARTS = ['day', 'month', 'year'] as const;

/**
 * One GOV.UK date input (day, month and year fields) as an ISO date, or the message the pattern
 * asks for: what is missing, or that it must be a real date.
 */
export function readDateParts(
  parts: { day: string; month: string; year: string },
  words: string,
): { ok: true; date: IsoDate } | { ok: false; message: string } {
  const Words = words.charAt(0).toUpperCase() + words.slice(1);
  const given = PARTS.map((p) => parts[p].trim());
  const missing = PARTS.filter((_, i) => given[i] === '');
  if (missing.length === 3) return { ok: false, message: `Enter ${words}` };
  if (missing.length > 0) return { ok: false, message: `${Words} must include a ${missing.join(' and ')}` };
  const [day, month, year] = given as [string, string, string];
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return { ok: false, message: `${Words} must be a real date` };
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isRealDate(date)) return { ok: false, message: `${Words} must be a real date` };
  return { ok: true, date };
}

const text = z.string().optional().default('');

/**
 * Term dates for one academic year, from six date inputs named `<term><Start|End>-day`, `-month`
 * and `-year`. Only the academic years given may be changed (the current and next).
 */
export function termDatesForm(academicYears: readonly number[]) {
  const fields = Object.fromEntries(
    TERM_FIELDS.flatMap((f) => PARTS.map((p) => [`${f}-${p}`, text] as const)),
  ) as Record<`${TermField}-${(typeof PARTS)[number]}`, typeof text>;
  return z
    .object({
      academicYear: z
        .string()
        .trim()
        .transform(Number)
        .refine(
          (y) => academicYears.includes(y),
          `Choose the ${academicYears.map((y) => contractYearLabel('academic', `${y}-09-01`)).join(' or ')}`,
        ),
      ...fields,
    })
    .transform((v, ctx): AcademicYearTerms => {
      const dates: Partial<Record<TermField, IsoDate>> = {};
      for (const field of TERM_FIELDS) {
        const read = readDateParts(
          { day: v[`${field}-day`], month: v[`${field}-month`], year: v[`${field}-year`] },
          termFieldWords(field),
        );
        if (read.ok) dates[field] = read.date;
        else ctx.issues.push({ code: 'custom', path: [field], message: read.message, input: v });
      }
      if (ctx.issues.length > 0) return z.NEVER;
      const terms = {
        academicYear: v.academicYear,
        autumn: { start: dates.autumnStart!, end: dates.autumnEnd! },
        spring: { start: dates.springStart!, end: dates.springEnd! },
        summer: { start: dates.summerStart!, end: dates.summerEnd! },
      };
      const problems = termProblems(terms);
      for (const p of problems) ctx.issues.push({ code: 'custom', path: [p.field], message: p.message, input: v });
      return problems.length > 0 ? z.NEVER : terms;
    });
}

export const CUSTOMER_CLASSES = Object.keys(DEFAULT_YEAR_KIND) as CustomerClass[];

/** The contract year type for every customer class, one radio group each. */
export const yearKindsForm = z.object(
  Object.fromEntries(
    CUSTOMER_CLASSES.map((c) => [
      c,
      z.enum(['academic', 'financial'], {
        error: `Select academic year or financial year for ${customerClassNames[c].toLowerCase()} customers`,
      }),
    ]),
  ) as Record<CustomerClass, z.ZodEnum<{ academic: 'academic'; financial: 'financial' }>>,
);

export type YearKinds = Record<CustomerClass, YearKind>;
