import { insertAuditEvent } from '../../db/queries/audit';
import { findOrderLine } from '../../db/queries/commissioning';
import { insertDelivery, lockOrderLine, unitsOnDate } from '../../db/queries/delivery';
import { findTenantMembership } from '../../db/queries/tenancy';
import { withTenant, type Scoped } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { contractYearStarting, formatDate, isRealDate, londonToday } from '../calendar/contract-year';
import { UNIT_KINDS } from '../catalogue/service-input';
import { linePositions } from '../commissioning/line-positions.server';
import { sendAll } from '../commissioning/notify.server';
import { DomainError } from '../errors';
import type { Mail } from '../mail/mailer.server';
import { formatPence } from '../money';
import { theBuyer } from '../vocabulary';
import {
  addDays,
  beyondAllowance,
  formatAmount,
  formatUnits,
  overageCharge,
  PER_DATE_CAPACITY_HUNDREDTHS,
} from './delivery-rules';
import { onBehalfOf } from '../mail/on-behalf-of';

export interface DeliveryInput {
  deliveredOn: string;
  unitsHundredths: number;
  practitionerId: string;
  workType: string;
  note: string;
}

/** The first day work can be logged for a line: the day its order was accepted, or its start date if later. */
function lineOpensOn(line: { orderAcceptedOn: string | null; starts_on: string | null }, yearStart: string): string {
  return [yearStart, line.orderAcceptedOn ?? yearStart, line.starts_on ?? yearStart].sort().at(-1)!;
}

/**
 * Records work delivered against an active line. Beyond what the line includes it is charged at
 * the agreed overage rate, or refused where the service allows no more; lines without an
 * allowance (flat fee plus per pupil) record visits without drawing anything down. The buyer
 * then confirms or disputes it; unchallenged, it confirms itself after the provider's set days.
 */
export async function logDelivery(
  ctx: TenantContext,
  lineId: string,
  input: DeliveryInput,
  baseUrl: string,
  today = londonToday(),
) {
  const mails: Mail[] = [];
  const id = await withTenant(ctx, (tx) => logDeliveryIn(tx, ctx, lineId, input, baseUrl, mails, today));
  await sendAll(mails);
  return id;
}

/**
 * The same, inside a transaction the caller holds (a school improvement visit records its traded
 * part this way): the mail to the buyer is added to `mails`, to send once the caller commits.
 */
export async function logDeliveryIn(
  tx: Scoped,
  ctx: TenantContext,
  lineId: string,
  input: DeliveryInput,
  baseUrl: string,
  mails: Mail[],
  today = londonToday(),
): Promise<string> {
  const locked = await lockOrderLine(tx, ctx.tenantId, lineId);
  const line = locked ? await findOrderLine(tx, ctx.tenantId, lineId) : undefined;
  if (!locked || !line) throw notFound();
  if (line.status !== 'active')
    throw new DomainError(
      'delivery.line_not_active',
      `Work cannot be logged against this line: it is ${line.status}`,
      undefined,
      409,
    );
  if (!isRealDate(input.deliveredOn))
    throw new DomainError('delivery.date', 'Enter a real date, like 20 11 2026', 'deliveredOn');
  const year = contractYearStarting(Number(line.year_start.slice(0, 4)), line.year_kind);
  const opensOn = lineOpensOn(line, year.start);
  if (input.deliveredOn < opensOn || input.deliveredOn > year.end)
    throw new DomainError(
      'delivery.date',
      `The date must be within this line's period, ${formatDate(opensOn)} to ${formatDate(year.end)}`,
      'deliveredOn',
    );
  if (input.deliveredOn > today)
    throw new DomainError('delivery.date', 'The date cannot be in the future: log work once it is done', 'deliveredOn');
  const membership = await findTenantMembership(tx, ctx.tenantId, input.practitionerId);
  if (!membership) throw new DomainError('delivery.practitioner', 'Select who delivered the work', 'practitionerId');

  const unit = UNIT_KINDS[line.unit_kind];
  const capacity = PER_DATE_CAPACITY_HUNDREDTHS[line.unit_kind];
  if (capacity !== null) {
    const already = await unitsOnDate(tx, ctx.tenantId, lineId, input.practitionerId, input.deliveredOn);
    if (already + input.unitsHundredths > capacity)
      throw new DomainError(
        'delivery.capacity',
        already > 0
          ? `One person can deliver at most ${formatAmount(capacity, unit)} on one date: ${formatUnits(already)} already recorded on ${formatDate(input.deliveredOn)}, so at most ${formatUnits(Math.max(0, capacity - already))} more`
          : `One person can deliver at most ${formatAmount(capacity, unit)} on one date: record each date separately`,
        'units',
      );
  }

  const position = (await linePositions(tx, ctx.tenantId, { lineIds: [lineId] }, '9999-12-31')).get(lineId)!;
  const allowance = position.agreed.allowanceHundredths;
  const beyond = beyondAllowance(position.delivered.recordedHundredths, input.unitsHundredths, allowance);
  if (beyond > 0 && position.agreed.overageUnitPricePence === null)
    throw new DomainError(
      'delivery.beyond_allowance',
      `This goes ${formatUnits(beyond)} ${unit.plural} beyond the ${formatUnits(allowance ?? 0)} bought, and this service allows no more: ${theBuyer(line.buyerKind)} needs to order more first`,
      'units',
      409,
    );
  const overagePence = beyond > 0 ? overageCharge(beyond, position.agreed.overageUnitPricePence!) : 0;
  const confirmBy = addDays(today, ctx.tenant.auto_confirm_days);
  const { id } = await insertDelivery(tx, {
    tenantId: ctx.tenantId,
    lineId,
    deliveredOn: input.deliveredOn,
    unitsHundredths: input.unitsHundredths,
    practitionerId: input.practitionerId,
    workType: input.workType,
    note: input.note,
    confirmBy,
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
  mails.push({
    to: line.buyerEmail,
    subject: `Work delivered: ${line.service_name} (${line.reference})`,
    text: [
      `${ctx.tenant.name} logged ${formatUnits(input.unitsHundredths)} ${unit.plural} of ${line.service_name} on ${formatDate(input.deliveredOn)} (${input.workType}).`,
      input.note ? `\n${input.note}\n` : '',
      beyond > 0
        ? `${formatUnits(beyond)} ${unit.plural} are beyond what was bought, charged at the agreed rate once confirmed: ${formatPence(overagePence)}.`
        : '',
      `Confirm or dispute it by ${formatDate(confirmBy)}; after that it counts as confirmed.`,
      `${baseUrl}/buy/orders/${ctx.tenant.slug}/${line.order_id}`,
    ]
      .filter(Boolean)
      .join('\n'),
    ...onBehalfOf(ctx.tenant.name, ctx.tenant.contact_email),
  });
  return id;
}
