import { listAssignedLines } from '../../db/queries/commissioning';
import { listSchedules } from '../../db/queries/catalogue';
import {
  deliveriesInStatus,
  draftDocuments,
  openRenewalsUnanswered,
  ordersInStatus,
  overdueDocuments,
  unallocatedPayments,
} from '../../db/queries/work-queue';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import { contractYearLabel, londonToday } from '../calendar/contract-year';
import { UNIT_KINDS } from '../catalogue/service-input';
import { linePositions } from '../commissioning/line-positions.server';
import { yearsAwaitingPrices } from '../pricing/schedule-readiness';

/** How many items of each kind a home page lists before its link to the rest. */
export const FIRST_FEW = 5;

/**
 * What waits for this person at their provider, section by section as their role's permissions
 * cover it: a section is null where the role does not do that work. One scoped transaction.
 */
export async function loadProviderQueue(ctx: TenantContext, today = londonToday()) {
  const can = (p: Parameters<typeof providerCan>[1]) => providerCan(ctx.role, p);
  return withTenant(ctx, async (tx) => {
    const manages = can('orders.manage');
    const ordersToAccept = manages
      ? await ordersInStatus(tx, { tenantId: ctx.tenantId, status: ['awaiting_provider'] }, FIRST_FEW)
      : null;
    const disputesToResolve = manages
      ? await deliveriesInStatus(tx, { tenantId: ctx.tenantId, status: 'disputed' }, FIRST_FEW)
      : null;
    const renewalsOutstanding = manages ? await openRenewalsUnanswered(tx, ctx.tenantId, today) : null;

    let yearsToPrice = null;
    if (can('catalogue.manage')) {
      const schedules = await listSchedules(tx, ctx.tenantId);
      yearsToPrice = yearsAwaitingPrices(schedules, today).map((y) => {
        // The newest draft for the year is the one to publish; with none, a version is still to make.
        const draft = schedules.find((s) => s.status === 'draft' && s.year_kind === y.kind && s.year_start === y.start);
        return { label: y.label, start: y.start, started: y.started, draftId: draft?.id ?? null };
      });
    }

    let assignedLines = null;
    let myDisputes = null;
    if (can('delivery.log')) {
      const lines = await listAssignedLines(tx, ctx.tenantId, ctx.userId);
      const positions = await linePositions(tx, ctx.tenantId, { activeAssignedTo: ctx.userId }, today);
      const withUnits = lines
        .map((l) => ({
          id: l.id,
          serviceName: l.service_name,
          buyerName: l.buyerName,
          reference: l.reference,
          unit: UNIT_KINDS[l.unit_kind],
          remainingHundredths: positions.get(l.id)?.remainingHundredths ?? null,
        }))
        // A line whose allowance is used up has nothing left to deliver; one not counted in units always has.
        .filter((l) => l.remainingHundredths === null || l.remainingHundredths > 0);
      assignedLines = { count: withUnits.length, first: withUnits.slice(0, FIRST_FEW) };
      myDisputes = await deliveriesInStatus(
        tx,
        { tenantId: ctx.tenantId, status: 'disputed', practitionerId: ctx.userId },
        FIRST_FEW,
      );
    }

    const finance = can('finance.manage');
    return {
      ordersToAccept,
      disputesToResolve,
      renewalsOutstanding: renewalsOutstanding?.map((r) => ({
        ...r,
        label: contractYearLabel(r.yearKind, r.yearStart),
      })),
      yearsToPrice,
      assignedLines,
      myDisputes,
      draftDocuments: finance ? await draftDocuments(tx, ctx.tenantId, FIRST_FEW) : null,
      overdueDocuments: finance ? await overdueDocuments(tx, ctx.tenantId, today, FIRST_FEW) : null,
      unallocatedPayments: finance ? await unallocatedPayments(tx, ctx.tenantId, FIRST_FEW) : null,
    };
  });
}
