import { findAgreement, listAgreementPrices } from '../../db/queries/agreements';
import { insertAuditEvent } from '../../db/queries/audit';
import {
  findOrderByIdempotencyKey,
  insertOrder,
  insertOrderLines,
  nextOrderReference,
} from '../../db/queries/commissioning';
import { findBuyerAccountTerms } from '../../db/queries/customers';
import { findTenantBySlug } from '../../db/queries/tenancy';
import { withBuyer, withTenant, type Scoped } from '../../db/scope.server';
import { notFound, type BuyerContext, type TenantContext } from '../auth/guards.server';
import { UNIT_KINDS } from '../catalogue/service-input';
import { allowanceFor } from '../commissioning/allowance';
import { sendAll } from '../commissioning/notify.server';
import { DomainError } from '../errors';
import type { Mail } from '../mail/mailer.server';
import { formatPence } from '../money';
import { priceModelSchema } from '../pricing/price-model';
import { quote } from '../pricing/quote';
import { agreementYears } from './agreement-years';
import { onBehalfOf } from '../mail/on-behalf-of';

export interface LineProposal {
  serviceId: string;
  quantity: number;
  yearStart: string;
  period: string;
  idempotencyKey: string;
  /** Required when the commissioner's account requires one on every order. */
  poNumber?: string;
}

/**
 * A commissioned line under an agreement, at the agreed charge. Proposed by the commissioner it
 * waits for the provider; proposed by the provider it waits for the commissioner. Either way it
 * becomes active only when both sides have agreed.
 */
export async function proposeLineIn(
  tx: Scoped,
  tenantId: string,
  agreementId: string,
  by: { userId: string; side: 'buyer' | 'provider' },
  proposal: LineProposal,
) {
  const agreement = await findAgreement(tx, tenantId, agreementId);
  if (!agreement) throw notFound();
  if (agreement.status !== 'active')
    throw new DomainError(
      'agreement.ended',
      `This agreement has ended, so nothing more can be commissioned under it. To go on working together, ${agreement.providerName} and ${agreement.commissionerName} agree a new one`,
      undefined,
      409,
    );
  const key = `agreement:${proposal.idempotencyKey}`;
  const existing = await findOrderByIdempotencyKey(tx, tenantId, key);
  if (existing) return { id: existing.id, reference: existing.reference, agreement, duplicate: true, summary: '' };
  const years = agreementYears(agreement.year_kind, agreement.first_year_start, agreement.years);
  const year = years.find((y) => y.start === proposal.yearStart);
  if (!year)
    throw new DomainError(
      'agreement.year',
      `Choose a contract year of the agreement: ${years.map((y) => y.label).join(', ')}`,
      'yearStart',
    );
  const priced = (await listAgreementPrices(tx, tenantId, agreementId)).find(
    (p) => p.service_id === proposal.serviceId,
  );
  if (!priced) throw new DomainError('agreement.service', 'Choose a service with an agreed charge', 'serviceId');
  const price = priceModelSchema.parse(priced.price);
  const unit = UNIT_KINDS[priced.unit_kind];
  const result = quote(
    price,
    { pupils: null, phase: null },
    {
      quantity: proposal.quantity,
      unitName: unit,
      year: { kind: agreement.year_kind, start: year.start },
    },
  );
  if (!result.ok) throw new DomainError(`agreement.${result.code}`, result.message, 'quantity');
  // The agreement's commissioner always has an account (the database requires it).
  const account = (await findBuyerAccountTerms(tx, tenantId, agreement.commissioner_organisation_id))!;
  const poNumber = proposal.poNumber?.trim() ?? '';
  if (account.po_required && !poNumber)
    throw new DomainError(
      'agreement.po_required',
      `Enter a purchase order number: ${agreement.commissionerName} needs one on every order under this agreement`,
      'poNumber',
      422,
    );
  const reference = await nextOrderReference(tx, tenantId);
  const { id } = await insertOrder(tx, {
    tenantId,
    reference,
    organisationId: agreement.commissioner_organisation_id,
    placedByOrganisationId: agreement.commissioner_organisation_id,
    customerClass: account.customer_class,
    settlementMethod: account.settlement_method,
    poNumber: poNumber || null,
    contactName: agreement.commissioner_contact_name,
    contactEmail: agreement.commissioner_contact_email,
    status: by.side === 'buyer' ? 'awaiting_provider' : 'awaiting_approval',
    submittedTotalPence: result.totalPence,
    idempotencyKey: key,
    submittedBy: by.userId,
    agreementId,
    proposedBy: by.side,
    period: proposal.period.trim(),
  });
  await insertOrderLines(tx, tenantId, id, [
    {
      lineNumber: 1,
      serviceId: proposal.serviceId,
      serviceCode: priced.code,
      serviceName: priced.name,
      unitKind: priced.unit_kind,
      scheduleId: null,
      yearKind: agreement.year_kind,
      yearStart: year.start,
      quantity: proposal.quantity,
      packageCode: null,
      preferredDates: proposal.period.trim(),
      price,
      quote: { lines: result.lines, working: result.working, instalments: result.instalments },
      totalPence: result.totalPence,
      ...allowanceFor(price, { quantity: proposal.quantity }, priced.overage_policy),
      startsOn: null,
      cancellationNoticeDays: priced.cancellation_notice_days,
      lateCancellationPercent: priced.late_cancellation_percent,
    },
  ]);
  await insertAuditEvent(tx, {
    tenantId,
    actorUserId: by.userId,
    action: 'agreement.line_proposed',
    subjectType: 'order',
    subjectId: id,
    detail: {
      agreement: agreement.reference,
      side: by.side,
      service: priced.code,
      quantity: proposal.quantity,
      period: proposal.period,
      totalPence: result.totalPence,
      poNumber: poNumber || null,
    },
  });
  const summary = `${proposal.quantity} ${proposal.quantity === 1 ? unit.singular : unit.plural} of ${priced.name}${proposal.period.trim() ? ` (${proposal.period.trim()})` : ''}, ${year.label}: ${formatPence(result.totalPence)}`;
  return { id, reference, agreement, duplicate: false, summary };
}

export async function proposeLineAsCommissioner(
  ctx: BuyerContext,
  slug: string,
  agreementId: string,
  proposal: LineProposal,
  baseUrl: string,
) {
  const mails: Mail[] = [];
  const result = await withBuyer(ctx, async (tx) => {
    const tenant = await findTenantBySlug(tx, slug);
    if (!tenant) throw notFound();
    const r = await proposeLineIn(tx, tenant.id, agreementId, { userId: ctx.userId, side: 'buyer' }, proposal);
    if (!r.duplicate)
      mails.push({
        to: r.agreement.provider_contact_email,
        subject: `${r.agreement.commissionerName} commissions ${r.reference} under ${r.agreement.reference}`,
        text: `${ctx.session.name} commissioned ${r.summary}.\n\nAccept or decline it: ${baseUrl}/t/${slug}/orders/${r.id}`,
        ...onBehalfOf(r.agreement.commissionerName, ctx.session.email),
      });
    return r;
  });
  await sendAll(mails);
  return result;
}

export async function proposeLineAsProvider(
  ctx: TenantContext,
  agreementId: string,
  proposal: LineProposal,
  baseUrl: string,
) {
  const mails: Mail[] = [];
  const result = await withTenant(ctx, async (tx) => {
    const r = await proposeLineIn(tx, ctx.tenantId, agreementId, { userId: ctx.userId, side: 'provider' }, proposal);
    if (!r.duplicate)
      mails.push({
        to: r.agreement.commissioner_contact_email,
        subject: `${ctx.tenant.name} proposes ${r.reference} under ${r.agreement.reference}`,
        text: `${ctx.session.name} proposed ${r.summary}.\n\nAgree or reject it: ${baseUrl}/buy/orders/${ctx.tenant.slug}/${r.id}`,
        ...onBehalfOf(ctx.tenant.name, ctx.tenant.contact_email),
      });
    return r;
  });
  await sendAll(mails);
  return result;
}
