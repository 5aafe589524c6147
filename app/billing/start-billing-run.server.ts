import { insertAuditEvent } from '../../db/queries/audit';
import { insertBillingRun } from '../../db/queries/billing-runs';
import { listTermDates } from '../../db/queries/calendar';
import type { BillingPeriodKind } from '../../db/schema';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { formatDate, londonToday } from '../calendar/contract-year';
import { addDays, lastDayOfMonth } from '../calendar/days';
import { termNames, termsFor, type Term } from '../calendar/terms';
import { DomainError } from '../errors';
import { wakeBillingRunWorker } from './billing-run-worker.server';

export type BillingPeriodChoice =
  | { kind: 'month'; year: number; month: number }
  | { kind: 'term'; academicYear: number; term: Term }
  | { kind: 'up_to'; date: string };

const MONTHS = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

export function monthLabel(year: number, month: number): string {
  return MONTHS.format(new Date(Date.UTC(year, month - 1, 1)));
}

/** A term's name with the calendar year it falls in: "Autumn term 2026", "Spring term 2027". */
export function termLabel(academicYear: number, term: Term): string {
  return `${termNames[term]} ${term === 'autumn' ? academicYear : academicYear + 1}`;
}

/**
 * Queues a billing run for a month, a term (the provider's own dates) or everything due up to a
 * date; the worker bills everything due up to the period's end whatever the kind, which names it.
 * One run at a time: a second while one waits or runs is refused with the reason.
 */
export async function startBillingRun(ctx: TenantContext, choice: BillingPeriodChoice): Promise<string> {
  const latest = addDays(londonToday(), 366);
  const runId = await withTenant(ctx, async (tx) => {
    let period: { kind: BillingPeriodKind; label: string; start: string | null; end: string };
    if (choice.kind === 'month') {
      const start = `${choice.year}-${String(choice.month).padStart(2, '0')}-01`;
      period = {
        kind: 'month',
        label: monthLabel(choice.year, choice.month),
        start,
        end: lastDayOfMonth(choice.year, choice.month),
      };
    } else if (choice.kind === 'term') {
      const terms = termsFor(choice.academicYear, await listTermDates(tx, ctx.tenantId, [choice.academicYear]));
      const dates = terms[choice.term];
      period = { kind: 'term', label: termLabel(choice.academicYear, choice.term), start: dates.start, end: dates.end };
    } else {
      period = {
        kind: 'up_to',
        label: `Everything due up to ${formatDate(choice.date)}`,
        start: null,
        end: choice.date,
      };
    }
    if (period.end > latest)
      throw new DomainError(
        'billing.run_too_far',
        `A run can bill up to a year ahead at most: choose a period ending by ${formatDate(latest)}`,
        choice.kind === 'month' ? 'month' : choice.kind === 'term' ? 'term' : 'upTo',
      );
    try {
      const id = await insertBillingRun(tx, {
        tenantId: ctx.tenantId,
        periodKind: period.kind,
        periodLabel: period.label,
        periodStart: period.start,
        periodEnd: period.end,
        startedBy: ctx.userId,
      });
      await insertAuditEvent(tx, {
        tenantId: ctx.tenantId,
        actorUserId: ctx.userId,
        action: 'billing_run.started',
        subjectType: 'billing_run',
        subjectId: id,
        detail: { period: period.label, upTo: period.end },
      });
      return id;
    } catch (error) {
      if (error instanceof Error && (error as Error & { code?: unknown }).code === '23505')
        throw new DomainError(
          'billing.run_in_progress',
          'A billing run is already waiting or running: wait for it to finish, then start another',
          'periodKind',
          409,
        );
      throw error;
    }
  });
  wakeBillingRunWorker();
  return runId;
}
