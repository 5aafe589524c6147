import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { YearKind } from '../../db/schema';
import { instalmentPlans } from '../pricing/price-model';
import { contractYearOf, contractYearStarting, isRealDate, isWithin } from './contract-year';
import { addDays, dayOfWeek, easterSunday, isoDate, lastDayOfMonth } from './days';
import { instalmentSchedule } from './instalments';
import {
  TERMS,
  academicYearOf,
  defaultTerms,
  termOf,
  termProblems,
  termsFor,
  type AcademicYearTerms,
} from './terms';
import { formatDate } from './contract-year';

const KINDS: YearKind[] = ['academic', 'financial'];

/** Any calendar date from 2000 to 2099. */
const anyDate = fc.integer({ min: 0, max: 36_524 }).map((n) => addDays('2000-01-01', n));
const anyYear = fc.integer({ min: 2000, max: 2098 });

/** Random but valid terms for an academic year: six increasing dates inside it. */
const validTerms = anyYear.chain((academicYear) =>
  fc.uniqueArray(fc.integer({ min: 0, max: 364 }), { minLength: 6, maxLength: 6 }).map((offsets) => {
    const [a, b, c, d, e, f] = offsets.sort((x, y) => x - y).map((o) => addDays(`${academicYear}-09-01`, o));
    return {
      academicYear,
      autumn: { start: a!, end: b! },
      spring: { start: c!, end: d! },
      summer: { start: e!, end: f! },
    } satisfies AcademicYearTerms;
  }),
);

describe('day arithmetic', () => {
  const byDate = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);

  it('writes out a date as Date.UTC would, rolling a day or month out of range over', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2200 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: -1, max: 32 }),
        (y, m, d) => {
          expect(isoDate(y, m, d)).toBe(byDate(y, m, d));
          expect(lastDayOfMonth(y, m)).toBe(byDate(y, m + 1, 0));
        },
      ),
      { numRuns: 2000 },
    );
    expect(lastDayOfMonth(2028, 2)).toBe('2028-02-29');
    expect(lastDayOfMonth(2100, 2)).toBe('2100-02-28');
    expect(lastDayOfMonth(2000, 2)).toBe('2000-02-29');
  });

  it('puts the same date in the same words each time, and the default terms are the same each time', () => {
    expect(formatDate('2027-03-01')).toBe('1 March 2027');
    expect(formatDate('2027-03-01')).toBe('1 March 2027');
    expect(termsFor(2026, [])).toEqual(defaultTerms(2026));
    expect(termsFor(2026, [])).toBe(termsFor(2026, []));
    expect(Object.isFrozen(termsFor(2026, []).autumn)).toBe(true);
  });
});

describe('contract years', () => {
  it('every date falls in exactly one contract year of each kind', () => {
    fc.assert(
      fc.property(anyDate, fc.constantFrom(...KINDS), (date, kind) => {
        const year = contractYearOf(date, kind);
        expect(isWithin(date, year)).toBe(true);
        const startYear = Number(year.start.slice(0, 4));
        const containing = [startYear - 2, startYear - 1, startYear, startYear + 1, startYear + 2].filter((y) =>
          isWithin(date, contractYearStarting(y, kind)),
        );
        expect(containing).toEqual([startYear]);
        expect(addDays(year.end, 1)).toBe(contractYearStarting(startYear + 1, kind).start);
      }),
    );
  });
});

describe('terms', () => {
  it('default terms fall inside their academic year, in order, on weekdays, and pass the validation', () => {
    fc.assert(
      fc.property(anyYear, (academicYear) => {
        const terms = defaultTerms(academicYear);
        const year = contractYearStarting(academicYear, 'academic');
        for (const t of TERMS) {
          expect(isWithin(terms[t].start, year) && isWithin(terms[t].end, year)).toBe(true);
          expect(terms[t].end >= terms[t].start).toBe(true);
          expect([0, 6]).not.toContain(dayOfWeek(terms[t].start));
          expect([0, 6]).not.toContain(dayOfWeek(terms[t].end));
        }
        expect(terms.autumn.end < terms.spring.start && terms.spring.end < terms.summer.start).toBe(true);
        expect(termProblems(terms)).toEqual([]);
      }),
    );
  });

  it('the defaults look like an English school year', () => {
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(defaultTerms(2025)).toEqual({
      academicYear: 2025,
      autumn: { start: '2025-09-03', end: '2025-12-19' },
      spring: { start: '2026-01-05', end: '2026-03-27' },
      summer: { start: '2026-04-13', end: '2026-07-22' },
    });
  });

  it('every date falls in at most one term, and in one only inside its dates', () => {
    fc.assert(
      fc.property(validTerms, fc.integer({ min: -30, max: 400 }), (terms, offset) => {
        const date = addDays(`${terms.academicYear}-09-01`, offset);
        const inside = TERMS.filter((t) => date >= terms[t].start && date <= terms[t].end);
        expect(inside.length).toBeLessThanOrEqual(1);
        expect(termOf(date, terms)).toBe(inside[0] ?? null);
      }),
    );
    fc.assert(
      fc.property(anyDate, (date) => {
        const terms = defaultTerms(academicYearOf(date));
        const inside = TERMS.filter((t) => date >= terms[t].start && date <= terms[t].end);
        expect(inside.length).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('terms in order inside the year pass; a term ending before it starts, overlapping or outside the year does not', () => {
    fc.assert(
      fc.property(validTerms, (terms) => {
        expect(termProblems(terms)).toEqual([]);
      }),
    );
    const good = defaultTerms(2025);
    expect(termProblems({ ...good, autumn: { start: '2025-12-19', end: '2025-09-03' } })).toEqual([
      { field: 'autumnEnd', message: 'The autumn term must end on or after the day it starts' },
    ]);
    expect(termProblems({ ...good, spring: { start: '2025-12-01', end: '2026-03-27' } })).toEqual([
      { field: 'springStart', message: 'The spring term must start after the autumn term ends (19 December 2025)' },
    ]);
    expect(termProblems({ ...good, summer: { start: '2026-04-13', end: '2026-09-02' } })).toEqual([
      { field: 'summerEnd', message: 'The summer term must end between 1 September 2025 and 31 August 2026' },
    ]);
    expect(termProblems({ ...good, autumn: { start: '2025-08-28', end: '2025-12-19' } })[0]!.field).toBe('autumnStart');
  });
});

describe('instalment schedules', () => {
  const anyTotal = fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
  const anyYearOf = (kind: YearKind) => anyYear.map((y) => contractYearStarting(y, kind).start);
  const anyRequest = fc.constantFrom(...KINDS).chain((yearKind) =>
    fc.record({
      totalPence: anyTotal,
      plan: fc.constantFrom(...instalmentPlans),
      yearKind: fc.constant(yearKind),
      yearStart: anyYearOf(yearKind),
    }),
  );

  it('instalments add up exactly to the total, for any total and plan, with the remainder on the first', () => {
    fc.assert(
      fc.property(anyRequest, (request) => {
        const schedule = instalmentSchedule(request);
        expect(schedule).toHaveLength({ annual: 1, termly: 3, monthly: 12, split_7_5: 2 }[request.plan]);
        expect(schedule.reduce((s, i) => s + BigInt(i.amountPence), 0n)).toBe(BigInt(request.totalPence));
        for (const i of schedule) expect(Number.isSafeInteger(i.amountPence) && i.amountPence >= 0).toBe(true);
        if (request.plan === 'termly' || request.plan === 'monthly') {
          const [first, ...rest] = schedule.map((i) => i.amountPence);
          for (const amount of rest) expect(amount).toBe(rest[0]);
          expect(first! - rest[0]!).toBeGreaterThanOrEqual(0);
          expect(first! - rest[0]!).toBeLessThan(schedule.length);
        }
      }),
    );
  });

  it('labels and periods follow the year type: its first month first, periods in order inside the year, due at their start', () => {
    fc.assert(
      fc.property(anyRequest, (request) => {
        const schedule = instalmentSchedule(request);
        const year = contractYearOf(request.yearStart, request.yearKind);
        for (const [n, i] of schedule.entries()) {
          expect(isRealDate(i.periodStart) && isRealDate(i.periodEnd)).toBe(true);
          expect(isWithin(i.periodStart, year) && isWithin(i.periodEnd, year)).toBe(true);
          expect(i.periodEnd >= i.periodStart).toBe(true);
          expect(i.dueOn).toBe(i.periodStart);
          if (n > 0) expect(i.periodStart > schedule[n - 1]!.periodEnd).toBe(true);
        }
        const firstMonth = request.yearKind === 'academic' ? 'September' : 'April';
        if (request.plan === 'monthly') {
          expect(schedule[0]!.label).toBe(firstMonth);
          expect(schedule.map((i) => i.periodStart)).toEqual(
            Array.from({ length: 12 }, (_, m) => {
              const start = new Date(`${request.yearStart}T00:00:00Z`);
              start.setUTCMonth(start.getUTCMonth() + m);
              return start.toISOString().slice(0, 10);
            }),
          );
          expect(addDays(schedule[11]!.periodEnd, 0)).toBe(year.end);
        }
        if (request.plan === 'split_7_5') {
          const seven = schedule.find((i) => i.label === 'September to March (7/12)')!;
          const five = schedule.find((i) => i.label === 'April to August (5/12)')!;
          expect(schedule[0]!.label.startsWith(firstMonth)).toBe(true);
          expect(seven.periodStart.slice(5)).toBe('09-01');
          expect(seven.periodEnd.slice(5)).toBe('03-31');
          expect(five.periodStart.slice(5)).toBe('04-01');
          const total = BigInt(request.totalPence);
          const rounded = (total * 7n + 6n) / 12n;
          expect(BigInt(seven.amountPence)).toBe(rounded);
          expect(BigInt(five.amountPence)).toBe(total - rounded);
        }
        if (request.plan === 'termly') {
          const terms = schedule.map((i) => i.label.split(' ')[0]);
          expect(terms).toEqual(
            request.yearKind === 'academic' ? ['Autumn', 'Spring', 'Summer'] : ['Summer', 'Autumn', 'Spring'],
          );
        }
      }),
    );
  });

  it("termly instalments use the provider's term dates where it has set them", () => {
    const own: AcademicYearTerms = {
      academicYear: 2026,
      autumn: { start: '2026-09-02', end: '2026-12-18' },
      spring: { start: '2027-01-05', end: '2027-03-26' },
      summer: { start: '2027-04-12', end: '2027-07-21' },
    };
    expect(
      instalmentSchedule({
        totalPence: 90000,
        plan: 'termly',
        yearKind: 'financial',
        yearStart: '2026-04-01',
        terms: [own],
      }),
    ).toEqual([
      {
        label: 'Summer term 2026',
        periodStart: defaultTerms(2025).summer.start,
        periodEnd: defaultTerms(2025).summer.end,
        dueOn: defaultTerms(2025).summer.start,
        amountPence: 30000,
      },
      {
        label: 'Autumn term 2026',
        periodStart: '2026-09-02',
        periodEnd: '2026-12-18',
        dueOn: '2026-09-02',
        amountPence: 30000,
      },
      {
        label: 'Spring term 2027',
        periodStart: '2027-01-05',
        periodEnd: '2027-03-26',
        dueOn: '2027-01-05',
        amountPence: 30000,
      },
    ]);
    // A summer term starting before 1 April is cut at the start of the financial year.
    const early = { ...defaultTerms(2025), summer: { start: '2026-03-30', end: '2026-07-22' } };
    expect(
      instalmentSchedule({
        totalPence: 3,
        plan: 'termly',
        yearKind: 'financial',
        yearStart: '2026-04-01',
        terms: [early],
      })[0],
    ).toMatchObject({ periodStart: '2026-04-01', dueOn: '2026-04-01' });
  });

  it('refuses a year start that is not the first day of a contract year', () => {
    expect(() =>
      instalmentSchedule({ totalPence: 1, plan: 'annual', yearKind: 'financial', yearStart: isoDate(2026, 9, 1) }),
    ).toThrow();
  });
});
