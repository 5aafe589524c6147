import { insertAuditEvent } from '../../db/queries/audit';
import {
  callWithdrawBrokerage,
  findBrokerage,
  findProviderContact,
  findWithdrawalTerms,
  listBrokerageSchoolContacts,
} from '../../db/queries/brokered-support';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { londonToday } from '../calendar/contract-year';
import { sendAll } from '../commissioning/notify.server';
import { formatAmount } from '../delivery/delivery-rules';
import { DomainError } from '../errors';
import type { Mail } from '../mail/mailer.server';
import { onBehalfOf } from '../mail/on-behalf-of';
import { formatPence } from '../money';
import { withdrawalPreview } from './brokerage-withdrawal';
import type { WithdrawInput } from './withdraw-form';

const DAYS = { singular: 'day', plural: 'days' };

/**
 * What withdrawing one of the council's brokerages would do today, for its confirm step; undefined
 * for a brokerage that is not the council's. Only a manager of the council may ask (the database's
 * brokerage_withdrawal_terms checks it too).
 */
export async function brokerageWithdrawal(ctx: TenantContext, brokerageId: string, today = londonToday()) {
  return withTenant(ctx, async (tx) => {
    const brokerage = await findBrokerage(tx, ctx.tenantId, brokerageId);
    if (!brokerage) return undefined;
    const terms = await findWithdrawalTerms(tx, brokerageId);
    if (!terms) return undefined;
    return withdrawalPreview(terms, brokerage.serviceName, today);
  });
}

/** The database's refusals in words, on the reason where they concern it. */
function asWithdrawRefusal(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  if (code !== '42501') return error;
  if (message.includes('Only a service manager'))
    return new DomainError('brokerage.not_allowed', message, undefined, 403);
  if (message.includes('not one of the council')) return new DomainError('brokerage.not_ours', message, undefined, 404);
  if (message.includes('reason')) return new DomainError('brokerage.reason', message, 'reason', 422);
  if (message.includes('has changed since'))
    return new DomainError('brokerage.charge_changed', message, undefined, 409);
  return new DomainError('brokerage.not_withdrawable', message, undefined, 409);
}

/**
 * Withdraws a brokerage: its order in the supporting provider's tenant is cancelled with the
 * reason, by the rules and at the charge a buyer cancelling would meet (free before the provider
 * accepts), through the database's withdraw_brokerage, which checks the caller manages the council
 * that brokered it and audits it in the provider's log. Audited here in the council's; the
 * provider is told by email after the transaction commits.
 */
export async function withdrawBrokerage(
  ctx: TenantContext,
  brokerageId: string,
  input: Pick<WithdrawInput, 'reason' | 'charge'>,
  baseUrl: string,
  today = londonToday(),
) {
  const mails: Mail[] = [];
  try {
    const done = await withTenant(ctx, async (tx) => {
      const b = await findBrokerage(tx, ctx.tenantId, brokerageId);
      if (!b) throw new DomainError('brokerage.not_ours', 'That brokerage is not one of yours', undefined, 404);
      const terms = await findWithdrawalTerms(tx, brokerageId);
      const preview = terms ? withdrawalPreview(terms, b.serviceName, today) : undefined;
      if (preview && !preview.ok) throw new DomainError('brokerage.not_withdrawable', preview.message, undefined, 409);
      const withdrawn = await callWithdrawBrokerage(tx, {
        brokerageId,
        reason: input.reason,
        today,
        chargePence: input.charge,
        working: preview?.ok ? preview.working : [],
      });
      await insertAuditEvent(tx, {
        tenantId: ctx.tenantId,
        actorUserId: ctx.userId,
        action: 'brokered_support.withdrawn',
        subjectType: 'brokered_support',
        subjectId: brokerageId,
        detail: {
          reference: b.reference,
          school: b.schoolName,
          provider: b.providerName,
          orderReference: withdrawn.orderReference,
          accepted: withdrawn.accepted,
          cancellationChargePence: withdrawn.chargePence,
          reason: input.reason,
        },
      });
      const provider = await findProviderContact(tx, b.supportingTenantId);
      if (provider) {
        const cost = !withdrawn.accepted
          ? 'You had not yet accepted the order, so nothing is charged.'
          : withdrawn.chargePence > 0
            ? `Under the line's cancellation terms a charge of ${formatPence(withdrawn.chargePence)} applies to the buyer.`
            : "Under the line's cancellation terms there is no charge.";
        mails.push({
          to: provider.contactEmail,
          subject: `Order ${withdrawn.orderReference} withdrawn by ${ctx.tenant.name}`,
          text: `${ctx.tenant.name} withdrew the support it brokered for ${b.schoolName} (${b.reference}): ${formatAmount(b.daysHundredths, DAYS)} of ${b.serviceName}. The order is cancelled.\n\nTheir reason: ${input.reason}\n\n${cost}\n\nThe order: ${baseUrl}/t/${provider.slug}/orders/${withdrawn.orderId}`,
          ...onBehalfOf(ctx.tenant.name, ctx.session.email),
        });
      }
      // A school that paid is the buyer: told too, with what the withdrawal costs it.
      if (b.fundedBy === 'school') {
        const schoolCost = !withdrawn.accepted
          ? `${b.providerName} had not yet accepted the order, so nothing is charged.`
          : withdrawn.chargePence > 0
            ? `Under the order's cancellation terms ${b.providerName} may charge the school ${formatPence(withdrawn.chargePence)}.`
            : "Under the order's cancellation terms there is no charge.";
        for (const person of await listBrokerageSchoolContacts(tx, brokerageId))
          mails.push({
            to: person.email,
            subject: `Support for ${b.schoolName} withdrawn by ${ctx.tenant.name}`,
            text: `${ctx.tenant.name} withdrew the support it arranged for ${b.schoolName} (${b.reference}): ${formatAmount(b.daysHundredths, DAYS)} of ${b.serviceName} from ${b.providerName}. Order ${withdrawn.orderReference} is cancelled.\n\nTheir reason: ${input.reason}\n\n${schoolCost}`,
            ...onBehalfOf(ctx.tenant.name, ctx.session.email),
          });
      }
      return { ...withdrawn, reference: b.reference };
    });
    await sendAll(mails);
    return done;
  } catch (error) {
    throw asWithdrawRefusal(error);
  }
}
