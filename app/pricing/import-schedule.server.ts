import { insertAuditEvent } from '../../db/queries/audit';
import {
  deleteAllSchedulePrices,
  findSchedule,
  listSchedulePrices,
  listServices,
  upsertSchedulePrice,
} from '../../db/queries/catalogue';
import type { CustomerClass } from '../../db/schema';
import { withTenant, type Scoped } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import { startScheduleVersion, type ScheduleVersionInput } from './create-schedule-version.server';
import type { PriceModel } from './price-model';
import { priceModelSchema } from './price-model';
import { parseScheduleCsv, scheduleToCsv, type CsvProblem } from './schedule-csv';

export async function exportScheduleCsv(
  ctx: TenantContext,
  scheduleId: string,
): Promise<{ csv: string; filename: string }> {
  return withTenant(ctx, async (tx) => {
    const schedule = await findSchedule(tx, ctx.tenantId, scheduleId);
    if (!schedule) throw notFound();
    const codes = new Map((await listServices(tx, ctx.tenantId)).map((s) => [s.id, s.code]));
    const prices = await listSchedulePrices(tx, ctx.tenantId, scheduleId);
    const csv = scheduleToCsv(
      prices.map((p) => ({
        serviceCode: codes.get(p.service_id)!,
        customerClass: p.customer_class,
        price: priceModelSchema.parse(p.price),
      })),
    );
    return {
      csv,
      filename: `${ctx.tenant.slug}-${schedule.year_kind}-${schedule.year_start.slice(0, 4)}-v${schedule.version}.csv`,
    };
  });
}

type ImportResult = { ok: true; scheduleId: string; rows: number } | { ok: false; problems: CsvProblem[] };

/**
 * A spreadsheet comes back as a new draft version of a contract year, in one transaction: any bad
 * row, or a year that already has a draft, and nothing at all is saved.
 */
export async function importScheduleCsv(
  ctx: TenantContext,
  input: ScheduleVersionInput & { text: string },
): Promise<ImportResult> {
  return withTenant(ctx, async (tx) => {
    const parsed = await parseForTenant(tx, ctx, input.text);
    if (!parsed.ok) return parsed;
    const scheduleId = await startScheduleVersion(tx, ctx, { ...input, note: 'Imported from a spreadsheet' });
    await replacePrices(tx, ctx, scheduleId, parsed.rows);
    return { ok: true, scheduleId, rows: parsed.rows.length };
  });
}

/** Replaces every price of an existing draft with the spreadsheet's rows. */
export async function importIntoDraft(ctx: TenantContext, scheduleId: string, text: string): Promise<ImportResult> {
  return withTenant(ctx, async (tx) => {
    const parsed = await parseForTenant(tx, ctx, text);
    if (!parsed.ok) return parsed;
    await replacePrices(tx, ctx, scheduleId, parsed.rows);
    return { ok: true, scheduleId, rows: parsed.rows.length };
  });
}

async function parseForTenant(tx: Scoped, ctx: TenantContext, text: string) {
  const ids = new Map((await listServices(tx, ctx.tenantId)).map((s) => [s.code, s.id]));
  const parsed = parseScheduleCsv(text, new Set(ids.keys()));
  if (!parsed.ok) return parsed;
  return { ok: true as const, rows: parsed.rows.map((r) => ({ ...r, serviceId: ids.get(r.serviceCode)! })) };
}

async function replacePrices(
  tx: Scoped,
  ctx: TenantContext,
  scheduleId: string,
  rows: Array<{ serviceId: string; customerClass: CustomerClass; price: PriceModel }>,
) {
  const schedule = await findSchedule(tx, ctx.tenantId, scheduleId);
  if (!schedule) throw notFound();
  if (schedule.status !== 'draft')
    throw new DomainError(
      'schedule.published',
      'A published schedule cannot change: create a new version',
      undefined,
      409,
    );
  await deleteAllSchedulePrices(tx, ctx.tenantId, scheduleId);
  for (const row of rows)
    await upsertSchedulePrice(tx, {
      tenantId: ctx.tenantId,
      scheduleId,
      serviceId: row.serviceId,
      customerClass: row.customerClass,
      price: row.price,
    });
  await insertAuditEvent(tx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.userId,
    action: 'schedule.imported',
    subjectType: 'charge_schedule',
    subjectId: scheduleId,
    detail: { rows: rows.length },
  });
}
