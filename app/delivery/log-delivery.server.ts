import { insertAuditEvent } from '../../db/queries/audit';
import { findOrderLine } from '../../db/queries/commissioning';
import { deliveredSoFar, insertDelivery, lockOrderLine } from '../../db/queries/delivery';
import { findTenantMembership } from '../../db/queries/tenancy';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { contractYearStarting, formatDate, isRealDate, isWithin, londonToday } from '../calendar/contract-year';
import { UNIT_KINDS } from '../catalogue/service-input';
import { sendAll } from '../commissioning/notify.server';
import { DomainError } from '../errors';
import type { Mail } from '../mail/mailer.server';
import { formatPence } from '../money';
import { addDays, beyondAllowance, formatUnits, overageCharge } from './delivery-rules';

export interface DeliveryInput {
  deliveredOn: string;
  unitsHundredths: number;
  practitionerId: string;
  workType: string;
  note: string;
}

/**
 * Records work delivered against an active line. Beyond what was bought, it is charged at the
 * agreed overage rate, or refused where the service allows no more. The buyer then confirms or
 * disputes it; unchallenged, it confirms itself after the provider's set number of days.
 */
export async function logDelivery(
  ctx: TenantContext,
  lineId: string,
  input: DeliveryInput,
  baseUrl: string,
  today = londonToday(),
) {
  const mails: Mail[] = [];
  const id = await withTenant(ctx, async (tx) => {
    const line = await lockOrderLine(tx, ctx.tenantId, lineId);
    if (!line) throw notFound();
    if (line.status !== 'active')
      throw new DomainError(
        'delivery.line_not_active',
        `Work cannot be logged against this line: it is ${line.status}`,
        undefined,
        409,
      );
    if (!isRealDate(input.deliveredOn))
      throw new DomainError('delivery.date', 'Enter a real date, like 2026-11-20', 'deliveredOn');
    const year = contractYearStarting(Number(line.year_start.slice(0, 4)), line.year_kind);
    if (!isWithin(input.deliveredOn, year))
      throw new DomainError(
        'delivery.date',
        `The date must be in the contract year, ${formatDate(year.start)} to ${formatDate(year.end)}`,
        'deliveredOn',
      );
    if (input.deliveredOn > today)
      throw new DomainError(
        'delivery.date',
        'The date cannot be in the future: log work once it is done',
        'deliveredOn',
      );
    const membership = await findTenantMembership(tx, ctx.tenantId, input.practitionerId);
    if (!membership) throw new DomainError('delivery.practitioner', 'Select who delivered the work', 'practitionerId');

    const before = await deliveredSoFar(tx, ctx.tenantId, lineId);
    const beyond = beyondAllowance(before, input.unitsHundredths, line.current_allowance_hundredths);
    const unit = UNIT_KINDS[line.unit_kind];
    if (beyond > 0 && line.overage_unit_price_pence === null)
      throw new DomainError(
        'delivery.beyond_allowance',
        `This goes ${formatUnits(beyond)} ${unit.plural} beyond the ${formatUnits(line.current_allowance_hundredths)} bought, and this service allows no more: the school needs to order more first`,
        'units',
        409,
      );
    const overagePence = beyond > 0 ? overageCharge(beyond, line.overage_unit_price_pence!) : 0;
    const { id } = await insertDelivery(tx, {
      tenantId: ctx.tenantId,
      lineId,
      deliveredOn: input.deliveredOn,
      unitsHundredths: input.unitsHundredths,
      beyondHundredths: beyond,
      overagePence,
      practitionerId: input.practitionerId,
      workType: input.workType,
      note: input.note,
      confirmBy: addDays(today, ctx.tenant.auto_confirm_days),
      loggedBy: ctx.userId,
    });
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'delivery.logged',
      subjectType: 'order_line',
      subjectId: lineId,
      detail: {
        deliveryId: id,
        deliveredOn: input.deliveredOn,
        units: input.unitsHundredths / 100,
        beyond: beyond / 100,
        overagePence,
      },
    });
    const full = (await findOrderLine(tx, ctx.tenantId, lineId))!;
    mails.push({
      to: full.buyerEmail,
      subject: `Work delivered: ${full.service_name} (${full.reference})`,
      text: [
        `${ctx.tenant.name} logged ${formatUnits(input.unitsHundredths)} ${unit.plural} of ${full.service_name} on ${formatDate(input.deliveredOn)} (${input.workType}).`,
        input.note ? `\n${input.note}\n` : '',
        beyond > 0
          ? `${formatUnits(beyond)} ${unit.plural} are beyond what was bought, charged at the agreed rate: ${formatPence(overagePence)}.`
          : '',
        `Confirm or dispute it by ${formatDate(addDays(today, ctx.tenant.auto_confirm_days))}; after that it counts as confirmed.`,
        `${baseUrl}/buy/orders/${ctx.tenant.slug}/${line.order_id}`,
      ]
        .filter(Boolean)
        .join('\n'),
    });
    return id;
  });
  await sendAll(mails);
  return id;
}
