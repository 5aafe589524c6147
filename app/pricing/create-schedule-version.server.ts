import { insertAuditEvent } from '../../db/queries/audit';
import { copySchedulePrices, insertSchedule, latestScheduleVersion } from '../../db/queries/catalogue';
import type { YearKind } from '../../db/schema';
import { withTenant, type Scoped } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import {
  contractYearLabel,
  contractYearStarting,
  formatDate,
  isRealDate,
  isWithin,
  londonToday,
} from '../calendar/contract-year';
import { DomainError } from '../errors';

/**
 * Starts a draft for a contract year: version 1 takes effect when the year starts; a later version
 * copies the prices of the latest one and supersedes it from a stated date within the year.
 */
export async function createScheduleVersion(ctx: TenantContext, input: ScheduleVersionInput): Promise<string> {
  return withTenant(ctx, (tx) => startScheduleVersion(tx, ctx, input));
}

export interface ScheduleVersionInput {
  yearKind: YearKind;
  startYear: number;
  effectiveFrom?: string;
  note?: string;
}

/** The same inside a transaction the caller holds, so an import can add prices atomically. */
export async function startScheduleVersion(
  tx: Scoped,
  ctx: TenantContext,
  input: ScheduleVersionInput,
  today = londonToday(),
): Promise<string> {
  const year = contractYearStarting(input.startYear, input.yearKind);
  const latest = await latestScheduleVersion(tx, ctx.tenantId, input.yearKind, year.start);
  if (latest?.status === 'draft')
    throw new DomainError(
      'schedule.draft_exists',
      `There is already a draft for the ${contractYearLabel(input.yearKind, year.start)}: publish or discard it first`,
      'startYear',
      409,
    );
  let effectiveFrom = year.start;
  if (latest) {
    if (!input.effectiveFrom)
      throw new DomainError('schedule.effective_from', 'Enter the date the new version takes effect', 'effectiveFrom');
    if (!isRealDate(input.effectiveFrom))
      throw new DomainError(
        'schedule.effective_from',
        'Enter a real date as year-month-day, like 2026-01-01',
        'effectiveFrom',
      );
    if (!isWithin(input.effectiveFrom, year))
      throw new DomainError(
        'schedule.effective_from',
        `The date must be within the contract year, ${formatDate(year.start)} to ${formatDate(year.end)}`,
        'effectiveFrom',
      );
    if (input.effectiveFrom <= latest.effective_from)
      throw new DomainError(
        'schedule.effective_from',
        `The date must be after ${formatDate(latest.effective_from)}, when version ${latest.version} took effect`,
        'effectiveFrom',
      );
    // A new version never changes the prices of days already gone.
    if (input.effectiveFrom < today)
      throw new DomainError(
        'schedule.effective_from',
        'The date cannot be in the past: a new version takes effect from today or later',
        'effectiveFrom',
      );
    effectiveFrom = input.effectiveFrom;
  }
  const { id } = await insertSchedule(tx, {
    tenantId: ctx.tenantId,
    yearKind: input.yearKind,
    yearStart: year.start,
    version: (latest?.version ?? 0) + 1,
    effectiveFrom,
    supersedesId: latest?.id ?? null,
    note: input.note ?? '',
    createdBy: ctx.userId,
  });
  if (latest) await copySchedulePrices(tx, ctx.tenantId, latest.id, id);
  await insertAuditEvent(tx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.userId,
    action: 'schedule.draft_created',
    subjectType: 'charge_schedule',
    subjectId: id,
    detail: { yearKind: input.yearKind, yearStart: year.start, version: (latest?.version ?? 0) + 1, effectiveFrom },
  });
  return id;
}
