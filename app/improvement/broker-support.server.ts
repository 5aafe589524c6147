import { randomUUID } from 'node:crypto';
import { insertAuditEvent } from '../../db/queries/audit';
import {
  brokerageOffers,
  callBrokerSupport,
  findBrokerage,
  findOrderBrokerage,
  findProviderContact,
  listBrokerageSchoolContacts,
  listBrokerages,
} from '../../db/queries/brokered-support';
import { findTenantSchool } from '../../db/queries/school-performance';
import { withBuyer, withTenant } from '../../db/scope.server';
import type { BuyerContext, TenantContext } from '../auth/guards.server';
import { formatAmount } from '../delivery/delivery-rules';
import { sendAll } from '../commissioning/notify.server';
import { DomainError } from '../errors';
import type { Mail } from '../mail/mailer.server';
import { onBehalfOf } from '../mail/on-behalf-of';
import { formatPence } from '../money';
import { academicYearLabel } from '../performance/academic-year';
import { offerValue, type BrokerInput } from './broker-form';

const DAYS = { singular: 'day', plural: 'days' };

export interface BrokerOffer {
  value: string;
  providerName: string;
  providerKind: string;
  serviceName: string;
  /** The day rate the provider publishes for the payer's class, if it publishes one. */
  rateIfSchool: number | null;
  rateIfAuthority: number | null;
}

/** The school and what can be brokered for it in a year; null when the school is not the council's. */
export async function brokerChoices(ctx: TenantContext, urn: number, academicYear: number) {
  return withTenant(ctx, async (tx) => {
    const school = await findTenantSchool(tx, ctx.tenantId, urn);
    if (!school) return null;
    const [bySchool, byAuthority] = await Promise.all([
      brokerageOffers(tx, urn, academicYear, 'school'),
      brokerageOffers(tx, urn, academicYear, 'authority'),
    ]);
    const offers: BrokerOffer[] = bySchool.map((o) => ({
      value: offerValue(o),
      providerName: o.providerName,
      providerKind: o.providerKind,
      serviceName: o.serviceName,
      rateIfSchool: o.publishedRatePence,
      rateIfAuthority:
        byAuthority.find((a) => a.supportingTenantId === o.supportingTenantId && a.serviceId === o.serviceId)
          ?.publishedRatePence ?? null,
    }));
    // One key per form shown: the same form submitted twice brokers once.
    return { school: { urn: school.urn, name: school.name }, offers, key: randomUUID() };
  });
}

/** The database's refusals in words a person can act on, on the field they concern. */
function asBrokerRefusal(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  if (code !== '42501') return error;
  if (message.includes('Only a service manager'))
    return new DomainError('brokerage.not_allowed', message, undefined, 403);
  if (message.includes('Choose a provider other than') || message.includes('published services'))
    return new DomainError(
      'brokerage.unknown_offer',
      'Choose a provider and one of its published services from the list',
      'offer',
      422,
    );
  if (message.includes('not one of the council')) return new DomainError('brokerage.not_ours', message, undefined, 404);
  return new DomainError('brokerage.refused', message, undefined, 422);
}

/**
 * Brokers support for one of the council's schools: the supporting provider gets an order at the
 * agreed day rate (the school's, or the council's own when the authority funds it), waiting for it
 * to accept as any order; the brokerage is kept in the council's tenant. The database function
 * (migration 0036) checks the caller, the school, the provider and its service.
 */
export async function brokerSupport(ctx: TenantContext, urn: number, input: BrokerInput, baseUrl: string) {
  const mails: Mail[] = [];
  try {
    const placed = await withTenant(ctx, async (tx) => {
      const school = await findTenantSchool(tx, ctx.tenantId, urn);
      if (!school) throw new DomainError('brokerage.not_ours', 'That school is not one of yours', undefined, 404);
      const offer = (await brokerageOffers(tx, urn, input.academicYear, input.fundedBy)).find(
        (o) => o.supportingTenantId === input.offer.supportingTenantId && o.serviceId === input.offer.serviceId,
      );
      if (!offer)
        throw new DomainError(
          'brokerage.unknown_offer',
          'Choose a provider and one of its published services from the list',
          'offer',
          422,
        );
      const rate = input.rate ?? offer.publishedRatePence;
      if (rate === null)
        throw new DomainError(
          'brokerage.rate_missing',
          `Enter the agreed day rate: ${offer.providerName} publishes no day rate for ${offer.serviceName} to this payer for ${academicYearLabel(input.academicYear)}`,
          'rate',
          422,
        );
      const amount = formatAmount(input.days, DAYS);
      const working = `${amount} × ${formatPence(rate)} a day, the rate agreed by ${ctx.tenant.name} for ${school.name}`;
      const placed = await callBrokerSupport(tx, {
        urn,
        academicYear: input.academicYear,
        supportingTenantId: offer.supportingTenantId,
        serviceId: offer.serviceId,
        daysHundredths: input.days,
        dayRatePence: rate,
        fundedBy: input.fundedBy,
        reason: input.reason,
        contactName: ctx.session.name,
        contactEmail: ctx.session.email,
        working,
        key: input.key ?? randomUUID(),
      });
      await insertAuditEvent(tx, {
        tenantId: ctx.tenantId,
        actorUserId: ctx.userId,
        action: 'brokered_support.created',
        subjectType: 'brokered_support',
        subjectId: placed.brokerageId,
        detail: {
          reference: placed.reference,
          school: school.name,
          provider: offer.providerName,
          service: offer.serviceName,
          daysHundredths: input.days,
          dayRatePence: rate,
          fundedBy: input.fundedBy,
          orderReference: placed.orderReference,
        },
      });
      const provider = await findProviderContact(tx, offer.supportingTenantId);
      if (provider)
        mails.push({
          to: provider.contactEmail,
          subject: `New order ${placed.orderReference} brokered by ${ctx.tenant.name}`,
          text: `${ctx.tenant.name} brokered ${amount} of ${offer.serviceName} for ${school.name} at ${formatPence(rate)} a day, ${input.fundedBy === 'authority' ? 'funded by the authority' : 'bought by the school'}.\n\nReview the order: ${baseUrl}/t/${provider.slug}/orders/${placed.orderId}`,
          ...onBehalfOf(ctx.tenant.name, ctx.session.email),
        });
      // A school that pays is the buyer: its business managers and approvers are told what was arranged.
      if (input.fundedBy === 'school' && provider)
        for (const person of await listBrokerageSchoolContacts(tx, placed.brokerageId))
          mails.push({
            to: person.email,
            subject: `${ctx.tenant.name} arranged support for ${school.name} from ${offer.providerName}`,
            text: `${ctx.tenant.name} has arranged ${amount} of ${offer.serviceName} from ${offer.providerName} for ${school.name} (${placed.reference}), bought by the school at ${formatPence(rate)} a day: ${offer.providerName} will invoice the school for the days it delivers.\n\nWhy: ${input.reason}\n\nThe order (waiting for ${offer.providerName} to accept it): ${baseUrl}/buy/orders/${provider.slug}/${placed.orderId}`,
            ...onBehalfOf(ctx.tenant.name, ctx.session.email),
          });
      return { ...placed, providerName: offer.providerName, schoolName: school.name };
    });
    await sendAll(mails);
    return placed;
  } catch (error) {
    throw asBrokerRefusal(error);
  }
}

/** The council's brokerages for a year, each with how its line stands at the supporting provider. */
export async function listBrokeredSupport(ctx: TenantContext, academicYear: number) {
  return withTenant(ctx, (tx) => listBrokerages(tx, ctx.tenantId, { academicYear }));
}

/** One school's brokerages for a year (the school page). */
export async function schoolBrokeredSupport(ctx: TenantContext, urn: number, academicYear: number) {
  return withTenant(ctx, (tx) => listBrokerages(tx, ctx.tenantId, { urn, academicYear }));
}

/** One brokerage of the council's; undefined for any other (the route answers 404). */
export async function viewBrokeredSupport(ctx: TenantContext, id: string) {
  return withTenant(ctx, (tx) => findBrokerage(tx, ctx.tenantId, id));
}

/** For the supporting provider's order page: the council that brokered the order, and for whom. */
export async function brokerageOfOrder(ctx: TenantContext, orderId: string) {
  return withTenant(ctx, (tx) => findOrderBrokerage(tx, orderId));
}

/** For the buyer it was brokered for (the school, or the council's own buying side): who brokered its order, and why. */
export async function brokerageOfBuyerOrder(ctx: BuyerContext, orderId: string) {
  return withBuyer(ctx, (tx) => findOrderBrokerage(tx, orderId));
}
