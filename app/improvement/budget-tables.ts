import type { SupportLevel } from '../../db/tables/support-categories';
import { cellCsv, cellText, type ReportCell, type ReportColumn } from '../income/income-tables';
import { academicYearLabel } from '../performance/academic-year';
import { BUDGET_FIGURES, BUDGET_SPEND_ROWS } from '../vocabulary';
import type { BudgetTableKey } from './budget-form';
import type { BudgetCategory, BudgetPosition } from './budget-position';

export { cellCsv, cellText };

/** One table of the budget page, as both the page and its CSV download show it. */
export interface BudgetTable {
  key: BudgetTableKey;
  caption: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
}

/** 150 hundredths → "1.5"; days as people write them. */
export function daysText(hundredths: number): string {
  const whole = Math.floor(hundredths / 100);
  const part = hundredths % 100;
  if (part === 0) return String(whole);
  return `${whole}.${String(part).padStart(2, '0').replace(/0$/, '')}`;
}

const money = (heading: string, empty?: string): ReportColumn => ({ heading, kind: 'money', empty });
const text = (heading: string): ReportColumn => ({ heading, kind: 'text' });

export function summaryTable(p: BudgetPosition): BudgetTable {
  const overspent = p.remainingPence !== null && p.remainingPence < 0;
  return {
    key: 'summary',
    caption: `Budget against spend, ${academicYearLabel(p.academicYear)} academic year`,
    columns: [text('Figure'), money('Amount', 'Not set')],
    rows: [
      [BUDGET_FIGURES.budget, p.budgetPence],
      [BUDGET_FIGURES.spent, p.spentPence],
      [BUDGET_FIGURES.committed, p.committedPence],
      overspent ? [BUDGET_FIGURES.overspent, -p.remainingPence!] : [BUDGET_FIGURES.remaining, p.remainingPence],
    ],
  };
}

/** The tenant's names for its categories, and the budget's own rows. */
export function categoryName(category: BudgetCategory, names: ReadonlyMap<SupportLevel, string>): string {
  if (category === 'unplaced' || category === 'brokered') return BUDGET_SPEND_ROWS[category];
  return names.get(category) ?? category;
}

export function byCategoryTable(p: BudgetPosition, names: ReadonlyMap<SupportLevel, string>): BudgetTable {
  const shown = p.byCategory.filter(
    (c) => c.category !== 'unplaced' || c.spentHundredths > 0 || c.committedHundredths > 0,
  );
  const sum = (f: (c: (typeof shown)[number]) => number) => shown.reduce((a, c) => a + f(c), 0);
  return {
    key: 'by-category',
    caption: `Spent and committed by category of support, ${academicYearLabel(p.academicYear)} academic year`,
    columns: [
      text('Category'),
      text('Days delivered'),
      money('Spent'),
      text('Days still to deliver'),
      money('Committed'),
      money('Spent and committed'),
    ],
    rows: [
      ...shown.map((c) => [
        categoryName(c.category, names),
        daysText(c.spentHundredths),
        c.spentPence,
        daysText(c.committedHundredths),
        c.committedPence,
        c.spentPence + c.committedPence,
      ]),
      [
        'All categories',
        daysText(sum((c) => c.spentHundredths)),
        p.spentPence,
        daysText(sum((c) => c.committedHundredths)),
        p.committedPence,
        p.spentPence + p.committedPence,
      ],
    ],
  };
}

export function byMonthTable(p: BudgetPosition): BudgetTable {
  const sum = (f: (m: (typeof p.byMonth)[number]) => number) => p.byMonth.reduce((a, m) => a + f(m), 0);
  return {
    key: 'by-month',
    caption: `Spent by month, ${academicYearLabel(p.academicYear)} academic year`,
    columns: [
      text('Month'),
      text('Core days delivered'),
      money('Core days cost'),
      text('Brokered days confirmed'),
      money('Brokered support cost'),
      money('Spent'),
      money('Spent to date', ''),
    ],
    rows: [
      ...p.byMonth.map((m) => [
        m.label,
        daysText(m.coreHundredths),
        m.corePence,
        daysText(m.brokeredHundredths),
        m.brokeredPence,
        m.spentPence,
        m.spentToDatePence,
      ]),
      [
        'Whole year',
        daysText(sum((m) => m.coreHundredths)),
        sum((m) => m.corePence),
        daysText(sum((m) => m.brokeredHundredths)),
        sum((m) => m.brokeredPence),
        p.spentPence,
        null,
      ],
    ],
  };
}

export function budgetTables(p: BudgetPosition, names: ReadonlyMap<SupportLevel, string>) {
  return {
    summary: summaryTable(p),
    'by-category': byCategoryTable(p, names),
    'by-month': byMonthTable(p),
  } satisfies Record<BudgetTableKey, BudgetTable>;
}
