import { insertAuditEvent } from '../../db/queries/audit';
import { listPublishedSchedules } from '../../db/queries/catalogue';
import {
  findOrderContactByReference,
  findRenewalWindow,
  findRenewalWindowForYear,
  insertRenewalResponse,
  insertRenewalWindow,
  listRenewableLines,
  listRenewalWindows,
} from '../../db/queries/renewals';
import { findTenantBySlug } from '../../db/queries/tenancy';
import type { YearKind } from '../../db/schema';
import { withBuyer, withTenant, type Scoped } from '../../db/scope.server';
import { notFound, type BuyerContext, type TenantContext } from '../auth/guards.server';
import {
  contractYearLabel,
  contractYearStarting,
  formatDate,
  isRealDate,
  londonToday,
} from '../calendar/contract-year';
import { UNIT_KINDS } from '../catalogue/service-input';
import { DomainError, isDomainError } from '../errors';
import type { Mail } from '../mail/mailer.server';
import { priceRequest } from './basket.server';
import { linePositions } from './line-positions.server';
import { sendAll } from './notify.server';
import { placeOrdersIn, type PlacedOrder } from './submit-order.server';
import { onBehalfOf } from '../mail/on-behalf-of';

function previousYear(kind: YearKind, yearStart: string) {
  return { kind, start: contractYearStarting(Number(yearStart.slice(0, 4)) - 1, kind).start };
}

/** Opens the buy-back window for a contract year whose charges are published, with a deadline. */
export async function openRenewalWindow(
  ctx: TenantContext,
  input: { yearKind: YearKind; startYear: number; closesOn: string; note: string },
  baseUrl: string,
  today = londonToday(),
) {
  const mails: Mail[] = [];
  const id = await withTenant(ctx, async (tx) => {
    const yearStart = contractYearStarting(input.startYear, input.yearKind).start;
    const label = contractYearLabel(input.yearKind, yearStart);
    if (
      !(await listPublishedSchedules(tx, ctx.tenantId)).some(
        (s) => s.year_kind === input.yearKind && s.year_start === yearStart,
      )
    )
      throw new DomainError(
        'renewal.no_schedule',
        `Publish the charge schedule for the ${label} first, so schools can see their prices`,
        'startYear',
        409,
      );
    if (!isRealDate(input.closesOn))
      throw new DomainError('renewal.deadline', 'The deadline must be a real date', 'closesOn');
    if (input.closesOn < today)
      throw new DomainError('renewal.deadline', 'The deadline cannot be in the past', 'closesOn');
    if (await findRenewalWindowForYear(tx, ctx.tenantId, input.yearKind, yearStart))
      throw new DomainError('renewal.exists', `The buy-back window for the ${label} is already open`, 'startYear', 409);
    const { id } = await insertRenewalWindow(tx, {
      tenantId: ctx.tenantId,
      yearKind: input.yearKind,
      yearStart,
      opensOn: today,
      closesOn: input.closesOn,
      note: input.note,
      createdBy: ctx.userId,
    });
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'renewal.window_opened',
      subjectType: 'renewal_window',
      subjectId: id,
      detail: { yearStart, closesOn: input.closesOn },
    });
    const lines = await listRenewableLines(tx, ctx.tenantId, previousYear(input.yearKind, yearStart), id);
    const notified = new Set<string>();
    for (const line of lines) {
      if (notified.has(line.organisationId)) continue;
      notified.add(line.organisationId);
      const contact = await findOrderContactByReference(tx, ctx.tenantId, line.reference);
      if (contact)
        mails.push({
          to: contact,
          subject: `Renew your services from ${ctx.tenant.name} for the ${label}`,
          text: [
            `The buy-back window for the ${label} is open until ${formatDate(input.closesOn)}.`,
            input.note.trim() ? `\n${ctx.tenant.name} says: ${input.note.trim()}\n` : '',
            `Renew, change or drop last year's subscriptions: ${baseUrl}/buy/renewals`,
          ]
            .filter(Boolean)
            .join('\n'),
          ...onBehalfOf(ctx.tenant.name, ctx.tenant.contact_email),
        });
    }
    return id;
  });
  await sendAll(mails);
  return id;
}

/** Who has renewed, changed, dropped, or not yet answered. */
export async function renewalStatus(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => {
    const windows = await listRenewalWindows(tx, { tenantId: ctx.tenantId });
    const result = [];
    for (const w of windows) {
      const lines = await listRenewableLines(tx, ctx.tenantId, previousYear(w.year_kind, w.year_start), w.id);
      const positions = await linePositions(tx, ctx.tenantId, { lineIds: lines.map((l) => l.lineId) });
      result.push({
        id: w.id,
        label: contractYearLabel(w.year_kind, w.year_start),
        opensOn: w.opens_on,
        closesOn: w.closes_on,
        note: w.note.trim(),
        lines: lines.map((l) => ({
          lineId: l.lineId,
          buyerName: l.buyerName,
          serviceName: l.serviceName,
          quantity: positions.get(l.lineId)!.agreed.quantity,
          packageCode: l.packageCode,
          decision: l.decision ?? null,
          renewalReference: l.renewalReference ?? null,
          renewalOrderId: l.renewalOrderId ?? null,
        })),
      });
    }
    return result;
  });
}

/** The open buy-back windows of the buyer's providers, with last year's subscriptions to answer. */
export async function renewalsForBuyer(ctx: BuyerContext, today = londonToday()) {
  return withBuyer(ctx, async (tx) => {
    const windows = await listRenewalWindows(tx, { openOn: today });
    const result = [];
    for (const w of windows) {
      const lines = await listRenewableLines(tx, w.tenant_id, previousYear(w.year_kind, w.year_start), w.id);
      if (lines.length === 0) continue;
      const positions = await linePositions(tx, w.tenant_id, { lineIds: lines.map((l) => l.lineId) }, today);
      const priced = [];
      for (const l of lines) {
        const now = positions.get(l.lineId)!.agreed;
        priced.push({ line: l, now, next: await nextYearPrice(tx, ctx, w, l, now.quantity) });
      }
      result.push({
        id: w.id,
        slug: w.slug,
        providerName: w.providerName,
        label: contractYearLabel(w.year_kind, w.year_start),
        closesOn: w.closes_on,
        // What the provider said when opening the window: schools read it before answering.
        note: w.note.trim(),
        lines: priced.map(({ line: l, now, next }) => ({
          lineId: l.lineId,
          buyerName: l.buyerName,
          serviceName: l.serviceName,
          unit: UNIT_KINDS[l.unitKind],
          quantity: now.quantity,
          packageCode: l.packageCode,
          lastYearPence: now.totalPence,
          next,
          decision: l.decision ?? null,
          renewalReference: l.renewalReference ?? null,
          renewalOrderId: l.renewalOrderId ?? null,
        })),
      });
    }
    return result;
  });
}

/**
 * What renewing a line as it stands now would cost in the new year: priced exactly as the order
 * would be, or the reason it cannot be.
 */
async function nextYearPrice(
  tx: Scoped,
  ctx: BuyerContext,
  window: { slug: string; year_kind: YearKind; year_start: string },
  line: { serviceId: string; organisationId: string; packageCode: string | null },
  quantity: number,
): Promise<{ ok: true; totalPence: number; working: string[] } | { ok: false; message: string }> {
  try {
    const { quote } = await priceRequest(tx, ctx, {
      slug: window.slug,
      serviceId: line.serviceId,
      yearKey: `${window.year_kind}:${window.year_start}`,
      schoolId: line.organisationId,
      quantity,
      packageCode: line.packageCode ?? undefined,
    });
    return { ok: true, totalPence: quote.totalPence, working: quote.working };
  } catch (error) {
    if (isDomainError(error)) return { ok: false, message: error.message };
    throw error;
  }
}

/** The window (open today) and one of last year's lines in it not yet answered, or why not. */
async function openRenewal(tx: Scoped, slug: string, windowId: string, lineId: string, today: string) {
  const tenant = await findTenantBySlug(tx, slug);
  const window = tenant ? await findRenewalWindow(tx, tenant.id, windowId) : undefined;
  if (!tenant || !window) throw notFound();
  if (today < window.opens_on)
    throw new DomainError(
      'renewal.closed',
      `The buy-back window opens on ${formatDate(window.opens_on)}: you can renew or drop your services from then`,
      undefined,
      409,
    );
  if (today > window.closes_on)
    throw new DomainError(
      'renewal.closed',
      `The buy-back window closed on ${formatDate(window.closes_on)}, so renewals can no longer be made here. To keep a service for the new year, contact ${tenant.name} at ${tenant.contact_email}, or order it from the catalogue`,
      undefined,
      409,
    );
  const line = (
    await listRenewableLines(tx, tenant.id, previousYear(window.year_kind, window.year_start), window.id)
  ).find((l) => l.lineId === lineId);
  if (!line) throw notFound();
  if (line.decision)
    throw new DomainError('renewal.answered', `You have already ${line.decision} this subscription`, undefined, 409);
  return { tenant, window: { ...window, slug }, line };
}

/**
 * What renewing with these answers would commit, for the buyer to check before renewing: this
 * year's amount and the new year's price of the quantity and package given, priced exactly as the
 * order will be. Changes nothing.
 */
export async function checkRenewal(
  ctx: BuyerContext,
  slug: string,
  windowId: string,
  lineId: string,
  answer: { quantity: number; packageCode: string | null },
  today = londonToday(),
) {
  return withBuyer(ctx, async (tx) => {
    const { tenant, window, line } = await openRenewal(tx, slug, windowId, lineId, today);
    const positions = await linePositions(tx, window.tenant_id, { lineIds: [lineId] }, today);
    const now = positions.get(lineId)!.agreed;
    const next = await nextYearPrice(tx, ctx, window, { ...line, packageCode: answer.packageCode }, answer.quantity);
    if (!next.ok) throw new DomainError('renewal.price', next.message, 'quantity', 422);
    return {
      providerName: tenant.name,
      label: contractYearLabel(window.year_kind, window.year_start),
      serviceName: line.serviceName,
      buyerName: line.buyerName,
      unit: UNIT_KINDS[line.unitKind],
      lastYear: { quantity: now.quantity, packageCode: line.packageCode, totalPence: now.totalPence },
      next: { quantity: answer.quantity, packageCode: answer.packageCode, ...next },
    };
  });
}

export interface RenewalAnswer {
  decision: 'renew' | 'drop';
  quantity: number;
  packageCode: string | null;
  poNumber: string;
  contactName: string;
  contactEmail: string;
  idempotencyKey: string;
}

/**
 * Renews (as it was, or changed) or drops one of last year's subscriptions while the window is
 * open. Renewing places an order for the new year at the new year's price.
 */
export async function answerRenewal(
  ctx: BuyerContext,
  slug: string,
  windowId: string,
  lineId: string,
  answer: RenewalAnswer,
  baseUrl: string,
  today = londonToday(),
) {
  const mails: Mail[] = [];
  const placed = await withBuyer(ctx, async (tx): Promise<PlacedOrder | null> => {
    const { tenant, window, line } = await openRenewal(tx, slug, windowId, lineId, today);
    let order: PlacedOrder | null = null;
    if (answer.decision === 'renew') {
      [order] = await placeOrdersIn(
        tx,
        ctx,
        tenant.id,
        {
          slug,
          poNumber: answer.poNumber,
          contactName: answer.contactName,
          contactEmail: answer.contactEmail,
          idempotencyKey: answer.idempotencyKey,
        },
        [
          {
            serviceId: line.serviceId,
            yearKind: window.year_kind,
            yearStart: window.year_start,
            forOrganisationId: line.organisationId,
            quantity: answer.quantity,
            packageCode: answer.packageCode,
            preferredDates: '',
          },
        ],
        baseUrl,
        mails,
      );
    }
    const recorded = await insertRenewalResponse(tx, {
      tenantId: tenant.id,
      windowId,
      previousLineId: lineId,
      organisationId: line.organisationId,
      decision: answer.decision === 'renew' ? 'renewed' : 'dropped',
      newOrderId: order?.status === 'duplicate' ? null : (order?.id ?? null),
      decidedBy: ctx.userId,
    });
    if (!recorded)
      throw new DomainError('renewal.answered', 'This subscription has already been answered', undefined, 409);
    await insertAuditEvent(tx, {
      tenantId: tenant.id,
      actorUserId: ctx.userId,
      action: answer.decision === 'renew' ? 'renewal.renewed' : 'renewal.dropped',
      subjectType: 'order_line',
      subjectId: lineId,
      detail: { windowId, newOrder: order?.reference ?? null, quantity: answer.quantity },
    });
    return order;
  });
  await sendAll(mails);
  return placed;
}
