import { insertAuditEvent } from '../../db/queries/audit';
import { lockDelivery } from '../../db/queries/delivery';
import {
  currentCategory,
  findVisit,
  listSchoolVisits,
  lockVisit,
  voidUnansweredDelivery,
  voidVisitRow,
  type VisitRow,
} from '../../db/queries/improvement-visits';
import { findTenantSchool } from '../../db/queries/school-performance';
import { listTenantUsers } from '../../db/queries/tenancy';
import { withTenant, type Scoped } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { londonToday } from '../calendar/contract-year';
import { DomainError } from '../errors';
import { academicYearEndingOf, academicYearLabel } from '../performance/academic-year';
import { entitlementPosition } from './entitlement';
import { schoolLinesForYear } from './record-visit.server';

function visitView(v: VisitRow) {
  return {
    id: v.id,
    visitedOn: v.visitedOn,
    visitType: v.visitType,
    practitionerName: v.practitionerName,
    daysHundredths: v.daysHundredths,
    fundedHundredths: v.fundedHundredths,
    tradedHundredths: v.tradedHundredths,
    line: v.orderLineId
      ? {
          id: v.orderLineId,
          name: `${v.orderReference} line ${v.lineNumber}: ${v.lineServiceName}`,
          deliveryStatus: v.deliveryStatus,
        }
      : null,
    tradedDayRatePence: v.tradedDayRatePence,
    note: v.note,
    agreedActions: v.agreedActions,
    recordedBy: v.recordedBy,
    recordedAt: v.recordedAt,
    voided: v.voidedAt ? { at: v.voidedAt, by: v.voidedBy, reason: v.voidReason } : null,
  };
}
export type VisitView = ReturnType<typeof visitView>;

async function positionIn(tx: Scoped, tenantId: string, urn: number, academicYear: number) {
  const [category, visits] = await Promise.all([
    currentCategory(tx, tenantId, urn, academicYear),
    listSchoolVisits(tx, tenantId, urn, academicYear),
  ]);
  const position = entitlementPosition(
    category?.fundedDays ?? null,
    visits.map((v) => ({
      fundedHundredths: v.fundedHundredths,
      tradedHundredths: v.tradedHundredths,
      onLine: v.orderLineId !== null,
      tradedDayRatePence: v.tradedDayRatePence,
      voided: v.voidedAt !== null,
    })),
  );
  return { category: category ? { name: category.name, fundedDays: category.fundedDays } : null, position, visits };
}

/** A school's entitlement for the year and its visits; null when the school is not the tenant's. */
export async function schoolVisits(ctx: TenantContext, urn: number, academicYear: number) {
  return withTenant(ctx, async (tx) => {
    const school = await findTenantSchool(tx, ctx.tenantId, urn);
    if (!school) return null;
    const { category, position, visits } = await positionIn(tx, ctx.tenantId, urn, academicYear);
    return {
      school: { urn: school.urn, name: school.name },
      academicYear,
      yearLabel: academicYearLabel(academicYear),
      category,
      position,
      visits: visits.map(visitView),
    };
  });
}

/** Just the position, for the school page's summary. */
export async function entitlementSummary(ctx: TenantContext, urn: number, academicYear: number) {
  return withTenant(ctx, async (tx) => (await positionIn(tx, ctx.tenantId, urn, academicYear)).position);
}

/** What the form to log a visit offers: the year's position, the school's lines and the tenant's people. */
export async function visitFormFacts(ctx: TenantContext, urn: number, today = londonToday()) {
  return withTenant(ctx, async (tx) => {
    const school = await findTenantSchool(tx, ctx.tenantId, urn);
    if (!school) return null;
    const academicYear = academicYearEndingOf(today);
    const [{ category, position }, lines, people] = await Promise.all([
      positionIn(tx, ctx.tenantId, urn, academicYear),
      schoolLinesForYear(tx, ctx.tenantId, urn, academicYear, today),
      listTenantUsers(tx, ctx.tenantId),
    ]);
    return {
      school: { urn: school.urn, name: school.name },
      academicYear,
      yearLabel: academicYearLabel(academicYear),
      today,
      category,
      position,
      lines: lines.map((l) => ({ id: l.id, name: `${l.orderReference} line ${l.lineNumber}: ${l.serviceName}` })),
      people: people.map((p) => ({ id: p.id, name: p.name })),
    };
  });
}

/** One visit of one of the tenant's schools; 404 when it is another school's or another tenant's. */
export async function visitDetail(ctx: TenantContext, urn: number, visitId: string) {
  return withTenant(ctx, async (tx) => {
    const school = await findTenantSchool(tx, ctx.tenantId, urn);
    const visit = school ? await findVisit(tx, ctx.tenantId, visitId) : undefined;
    if (!school || !visit || visit.urn !== urn) throw notFound();
    return {
      school: { urn: school.urn, name: school.name },
      yearLabel: academicYearLabel(visit.academicYear),
      academicYear: visit.academicYear,
      visit: visitView(visit),
    };
  });
}

/**
 * Voids a visit with a reason, freeing its funded days. A delivery record it made that the school
 * has not answered is voided with it; one the school has confirmed or disputed is the school's
 * answer on the line, which a void here cannot undo, so the void is refused until the record is
 * settled on the line (a dispute resolved as voided).
 */
export async function voidVisit(ctx: TenantContext, urn: number, visitId: string, reason: string) {
  await withTenant(ctx, async (tx) => {
    const visit = await lockVisit(tx, ctx.tenantId, visitId);
    if (!visit || visit.urn !== urn) throw notFound();
    if (visit.voided_at) throw new DomainError('visit.voided', 'This visit has already been voided', 'reason', 409);
    let deliveryVoided = false;
    if (visit.delivery_id) {
      const delivery = await lockDelivery(tx, ctx.tenantId, visit.delivery_id);
      if (delivery && delivery.status === 'logged') {
        deliveryVoided = await voidUnansweredDelivery(
          tx,
          ctx.tenantId,
          delivery.id,
          ctx.userId,
          `The school improvement visit it came from was voided: ${reason}`,
        );
      } else if (delivery && delivery.status !== 'voided') {
        const answer =
          delivery.status === 'disputed'
            ? 'has disputed the delivery record this visit made on its line: resolve the dispute on the line first (as voided if the visit did not happen)'
            : `has ${delivery.status === 'corrected' ? 'agreed a correction to' : 'confirmed'} the delivery record this visit made on its line, and a ${delivery.status} record never changes`;
        throw new DomainError(
          'visit.delivery_answered',
          `This visit cannot be voided: the school ${answer}`,
          'reason',
          409,
        );
      }
    }
    await voidVisitRow(tx, ctx.tenantId, visitId, ctx.userId, reason);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'improvement_visit.voided',
      subjectType: 'improvement_visit',
      subjectId: visitId,
      detail: { urn, reason, deliveryId: visit.delivery_id, deliveryVoided },
    });
  });
}
