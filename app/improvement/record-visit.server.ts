import { insertAuditEvent } from '../../db/queries/audit';
import { findSchedulePrice, listPublishedSchedules } from '../../db/queries/catalogue';
import {
  currentCategory,
  fundedDrawn,
  insertVisit,
  lockSchoolYear,
  schoolAsCustomer,
  schoolImprovementDayServices,
  schoolImprovementLines,
} from '../../db/queries/improvement-visits';
import { findTenantSchool } from '../../db/queries/school-performance';
import { findTenantMembership } from '../../db/queries/tenancy';
import { withTenant, type Scoped } from '../../db/scope.server';
import type { VisitType } from '../../db/tables/improvement-visits';
import { notFound, type TenantContext } from '../auth/guards.server';
import { contractYearOf, isRealDate, londonToday } from '../calendar/contract-year';
import { academicYearEndingOf } from '../performance/academic-year';
import { sendAll } from '../commissioning/notify.server';
import { logDeliveryIn } from '../delivery/log-delivery.server';
import { DomainError, isDomainError } from '../errors';
import type { Mail } from '../mail/mailer.server';
import { buyerCustomerClass } from '../pricing/price-in-force';
import { priceModelSchema } from '../pricing/price-model';
import { VISIT_TYPES } from '../vocabulary';
import { formatDays, splitVisit } from './entitlement';

export interface VisitInput {
  urn: number;
  visitedOn: string;
  visitType: VisitType;
  practitionerId: string;
  daysHundredths: number;
  note: string;
  agreedActions: string;
  /** The school's line the traded part is recorded on, when it has several. */
  orderLineId: string | null;
}

/** The delivery-recording rules speak of the line's fields; on the visit form they are these. */
const DELIVERY_FIELDS: Record<string, string> = {
  deliveredOn: 'visitedOn',
  units: 'days',
  practitionerId: 'practitionerId',
};

/**
 * Logs a visit in one transaction: what is left of the school's core entitlement for the year is
 * drawn first; the rest is traded, recorded as a delivery record on the school's school
 * improvement line (through the same use case as any delivery, so its period, capacity,
 * allowance and the school's confirmation apply) or, with no purchase, priced at the published
 * day rate for the school's customer class and shown as not commissioned.
 */
export async function recordVisit(ctx: TenantContext, input: VisitInput, baseUrl: string, today = londonToday()) {
  const mails: Mail[] = [];
  const id = await withTenant(ctx, (tx) => recordIn(tx, ctx, input, baseUrl, mails, today));
  await sendAll(mails);
  return id;
}

async function recordIn(
  tx: Scoped,
  ctx: TenantContext,
  input: VisitInput,
  baseUrl: string,
  mails: Mail[],
  today: string,
): Promise<string> {
  const school = await findTenantSchool(tx, ctx.tenantId, input.urn);
  if (!school) throw notFound();
  if (!isRealDate(input.visitedOn))
    throw new DomainError('visit.date', 'Enter a real date, like 20 11 2026', 'visitedOn');
  if (input.visitedOn > today)
    throw new DomainError(
      'visit.date',
      'The date of the visit cannot be in the future: log it once it is done',
      'visitedOn',
    );
  if (!(await findTenantMembership(tx, ctx.tenantId, input.practitionerId)))
    throw new DomainError('visit.practitioner', 'Select who made the visit', 'practitionerId');

  const academicYear = academicYearEndingOf(input.visitedOn);
  await lockSchoolYear(tx, ctx.tenantId, input.urn, academicYear);
  const category = await currentCategory(tx, ctx.tenantId, input.urn, academicYear);
  const drawn = await fundedDrawn(tx, ctx.tenantId, input.urn, academicYear);
  const split = splitVisit((category?.fundedDays ?? 0) * 100, drawn, input.daysHundredths);

  let orderLineId: string | null = null;
  let deliveryId: string | null = null;
  let tradedDayRatePence: number | null = null;
  if (split.tradedHundredths > 0) {
    const lines = await schoolImprovementLines(tx, ctx.tenantId, input.urn, input.visitedOn);
    if (lines.length > 0) {
      const chosen = input.orderLineId ? lines.find((l) => l.id === input.orderLineId) : undefined;
      if (input.orderLineId && !chosen)
        throw new DomainError('visit.line', 'Select one of the school’s school improvement purchases', 'orderLineId');
      if (!chosen && lines.length > 1)
        throw new DomainError(
          'visit.line',
          `Select which of the school’s purchases the ${formatDays(split.tradedHundredths)} beyond its core entitlement is recorded on`,
          'orderLineId',
        );
      orderLineId = (chosen ?? lines[0]!).id;
      deliveryId = await logTradedPart(tx, ctx, orderLineId, input, split, baseUrl, mails, today);
    } else {
      tradedDayRatePence = await publishedDayRate(tx, ctx, input.urn, input.visitedOn);
    }
  }

  const id = await insertVisit(tx, {
    tenantId: ctx.tenantId,
    urn: input.urn,
    academicYear,
    visitedOn: input.visitedOn,
    visitType: input.visitType,
    practitionerId: input.practitionerId,
    daysHundredths: input.daysHundredths,
    fundedHundredths: split.fundedHundredths,
    tradedHundredths: split.tradedHundredths,
    orderLineId,
    deliveryId,
    tradedDayRatePence,
    note: input.note,
    agreedActions: input.agreedActions,
    recordedBy: ctx.userId,
  });
  await insertAuditEvent(tx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.userId,
    action: 'improvement_visit.recorded',
    subjectType: 'improvement_visit',
    subjectId: id,
    detail: {
      school: school.name,
      urn: input.urn,
      visitType: input.visitType,
      visitTypeName: VISIT_TYPES[input.visitType],
      visitedOn: input.visitedOn,
      days: input.daysHundredths / 100,
      funded: split.fundedHundredths / 100,
      traded: split.tradedHundredths / 100,
      onLine: orderLineId !== null,
      deliveryId,
      tradedDayRatePence,
    },
  });
  return id;
}

async function logTradedPart(
  tx: Scoped,
  ctx: TenantContext,
  lineId: string,
  input: VisitInput,
  split: { fundedHundredths: number; tradedHundredths: number },
  baseUrl: string,
  mails: Mail[],
  today: string,
) {
  const from =
    split.fundedHundredths > 0
      ? `From a school improvement visit of ${formatDays(input.daysHundredths)}: ${formatDays(split.fundedHundredths)} from the core entitlement, ${formatDays(split.tradedHundredths)} on this line.`
      : `From a school improvement visit: the core entitlement was used up, so all ${formatDays(split.tradedHundredths)} is on this line.`;
  try {
    return await logDeliveryIn(
      tx,
      ctx,
      lineId,
      {
        deliveredOn: input.visitedOn,
        unitsHundredths: split.tradedHundredths,
        practitionerId: input.practitionerId,
        workType: VISIT_TYPES[input.visitType],
        note: [from, input.note].filter(Boolean).join('\n'),
      },
      baseUrl,
      mails,
      today,
    );
  } catch (error) {
    if (isDomainError(error))
      throw new DomainError(
        error.code,
        error.message,
        error.field ? (DELIVERY_FIELDS[error.field] ?? 'orderLineId') : 'orderLineId',
        error.status,
      );
    throw error;
  }
}

/**
 * The traded price of a day for this school when it has bought none: the first published school
 * improvement day service's price in the schedule in force on the date, for the school's customer
 * class. Null when there is no such price (the visit shows its traded days unpriced).
 */
async function publishedDayRate(tx: Scoped, ctx: TenantContext, urn: number, onDate: string) {
  const services = await schoolImprovementDayServices(tx, ctx.tenantId);
  if (services.length === 0) return null;
  const customer = await schoolAsCustomer(tx, ctx.tenantId, urn);
  if (!customer) return null;
  const customerClass = buyerCustomerClass(
    customer.accountClass,
    {
      kind: 'school',
      laCode: customer.laCode,
      typeGroup: customer.typeGroup,
      typeOfEstablishment: customer.typeOfEstablishment,
    },
    ctx.tenant.la_code,
  );
  const inYear = (await listPublishedSchedules(tx, ctx.tenantId)).filter(
    (s) => contractYearOf(onDate, s.year_kind).start === s.year_start,
  );
  const schedule = inYear.find((s) => s.effective_from <= onDate) ?? inYear.at(-1);
  if (!schedule) return null;
  for (const service of services) {
    const row = await findSchedulePrice(tx, ctx.tenantId, schedule.id, service.id, customerClass);
    if (!row) continue;
    const price = priceModelSchema.safeParse(row.price);
    if (!price.success) continue;
    if (price.data.model === 'per_unit') return price.data.unitPricePence;
    if (price.data.model === 'volume_bands' || price.data.model === 'graduated')
      return price.data.bands[0]!.unitPricePence;
  }
  return null;
}

/** What the form offers: the school's school improvement lines in the year, and the people who visit. */
export async function schoolLinesForYear(
  tx: Scoped,
  tenantId: string,
  urn: number,
  academicYear: number,
  today: string,
) {
  const inYear = academicYearEndingOf(today) === academicYear ? today : `${academicYear - 1}-09-01`;
  return schoolImprovementLines(tx, tenantId, urn, inYear);
}
