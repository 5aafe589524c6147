import { insertAuditEvent } from '../../db/queries/audit';
import { createScheduleVersion } from './create-schedule-version.server';
import { deleteAllSchedulePrices, findSchedule, listServices, upsertSchedulePrice } from '../../db/queries/catalogue';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import { parseScheduleCsv, scheduleToCsv, type CsvProblem } from './schedule-csv';
import { listSchedulePrices } from '../../db/queries/catalogue';
import { priceModelSchema } from './price-model';
import type { YearKind } from '../../db/schema';

export async function exportScheduleCsv(ctx: TenantContext, scheduleId: string): Promise<{ csv: string; filename: string }> {
  return withTenant(ctx, async (tx) => {
    const schedule = await findSchedule(tx, ctx.tenantId, scheduleId);
    if (!schedule) throw notFound();
    const services = new Map((await listServices(tx, ctx.tenantId)).map((s) => [s.id, s.code]));
    const prices = await listSchedulePrices(tx, ctx.tenantId, scheduleId);
    const csv = scheduleToCsv(
      prices.map((p) => ({ serviceCode: services.get(p.service_id)!, customerClass: p.customer_class, price: priceModelSchema.parse(p.price) })),
    );
    return { csv, filename: `${ctx.tenant.slug}-${schedule.year_kind}-${schedule.year_start.slice(0, 4)}-v${schedule.version}.csv` };
  });
}

/**
 * A spreadsheet comes back as a new draft version of the contract year (or replaces the prices of
 * the draft there is). All or nothing: any bad row and nothing is saved.
 */
export async function importScheduleCsv(
  ctx: TenantContext,
  input: { yearKind: YearKind; startYear: number; effectiveFrom?: string; text: string },
): Promise<{ ok: true; scheduleId: string; rows: number } | { ok: false; problems: CsvProblem[] }> {
  const codes = await withTenant(ctx, async (tx) => new Map((await listServices(tx, ctx.tenantId)).map((s) => [s.code, s.id])));
  const parsed = parseScheduleCsv(input.text, new Set(codes.keys()));
  if (!parsed.ok) return parsed;
  let scheduleId: string;
  try {
    scheduleId = await createScheduleVersion(ctx, { ...input, note: 'Imported from a spreadsheet' });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'schedule.draft_exists') throw new DomainError(error.code, `${error.message}, or import into that draft from its page`, 'startYear', 409);
    throw error;
  }
  await replaceDraftPrices(ctx, scheduleId, parsed.rows.map((r) => ({ ...r, serviceId: codes.get(r.serviceCode)! })));
  return { ok: true, scheduleId, rows: parsed.rows.length };
}

/** Replaces every price of a draft with the spreadsheet's rows. */
export async function importIntoDraft(ctx: TenantContext, scheduleId: string, text: string) {
  const codes = await withTenant(ctx, async (tx) => new Map((await listServices(tx, ctx.tenantId)).map((s) => [s.code, s.id])));
  const parsed = parseScheduleCsv(text, new Set(codes.keys()));
  if (!parsed.ok) return parsed;
  await replaceDraftPrices(ctx, scheduleId, parsed.rows.map((r) => ({ ...r, serviceId: codes.get(r.serviceCode)! })));
  return { ok: true as const, scheduleId, rows: parsed.rows.length };
}

async function replaceDraftPrices(
  ctx: TenantContext,
  scheduleId: string,
  rows: Array<{ serviceId: string; customerClass: import('../../db/schema').CustomerClass; price: import('./price-model').PriceModel }>,
) {
  await withTenant(ctx, async (tx) => {
    const schedule = await findSchedule(tx, ctx.tenantId, scheduleId);
    if (!schedule) throw notFound();
    if (schedule.status !== 'draft') throw new DomainError('schedule.published', 'A published schedule cannot change: create a new version', undefined, 409);
    await deleteAllSchedulePrices(tx, ctx.tenantId, scheduleId);
    for (const row of rows)
      await upsertSchedulePrice(tx, { tenantId: ctx.tenantId, scheduleId, serviceId: row.serviceId, customerClass: row.customerClass, price: row.price });
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'schedule.imported',
      subjectType: 'charge_schedule',
      subjectId: scheduleId,
      detail: { rows: rows.length },
    });
  });
}
