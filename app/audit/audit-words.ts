import { contractYearLabel, formatDate } from '../calendar/contract-year';
import { formatPence } from '../money';
import { buyerRoleNames, providerRoleNames } from '../auth/permissions';
import { BILLING_PLANS, CUSTOMER_CLASS_NAMES } from '../vocabulary';
import type { BillingPlan, BuyerRole, CustomerClass, ProviderRole, YearKind } from '../../db/schema';

/** What the audit log records about, and how a person names each kind of record. */
export const AUDIT_SUBJECTS: Record<string, { label: string }> = {
  order: { label: 'Orders' },
  order_line: { label: 'Order lines' },
  delivery: { label: 'Delivery records' },
  service: { label: 'Services' },
  charge_schedule: { label: 'Charge schedules' },
  customer_account: { label: 'Customer accounts' },
  agreement: { label: 'Agreements' },
  renewal_window: { label: 'Renewals' },
  user: { label: 'People and roles' },
  invitation: { label: 'Invitations' },
  tenant: { label: 'Settings' },
  academic_year: { label: 'Calendar' },
  organisation: { label: 'Contact officers' },
  sign_in_provider: { label: 'Single sign-on' },
  billing_run: { label: 'Billing runs' },
  billing_document: { label: 'Invoices, recharges and credit notes' },
  payment: { label: 'Payments' },
  bank_statement: { label: 'Bank statements' },
  bank_line: { label: 'Bank statement lines' },
  net_settlement: { label: 'Settlements by netting' },
  support_category: { label: 'Categories of support' },
  school: { label: 'Schools’ categories of support' },
  brokered_support: { label: 'Brokered support' },
  improvement_budget: { label: 'School improvement budget' },
  improvement_visit: { label: 'School improvement visits' },
};

export interface AuditEventFacts {
  action: string;
  subjectType: string;
  /** The record in words ("order SOTON-ORD-00002"), when it can still be found. */
  subjectLabel: string | null;
  detail: Record<string, unknown>;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
const money = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? formatPence(v) : null);
const role = (v: unknown) =>
  typeof v === 'string' && v in providerRoleNames
    ? providerRoleNames[v as ProviderRole].toLowerCase()
    : typeof v === 'string' && v in buyerRoleNames
      ? buyerRoleNames[v as BuyerRole].toLowerCase()
      : null;
const providerKind = (v: unknown) =>
  v === 'teaching_school' ? 'a teaching school' : v === 'academy_trust' ? 'an academy trust' : 'a council';
const side = (v: unknown) => (v === 'buying' ? ' for the council' : '');
const plan = (v: unknown) =>
  typeof v === 'string' && v in BILLING_PLANS ? BILLING_PLANS[v as BillingPlan].label.toLowerCase() : null;
const because = (v: unknown) => (text(v) ? `: “${text(v)}”` : '');
const withAmount = (label: string, v: unknown) => (money(v) ? `${label} (${money(v)})` : label);

/** A change in words, after the person's name: "accepted order SOTON-ORD-00002 (£1,545.00)". */
export function describeAuditEvent(e: AuditEventFacts): string {
  const d = e.detail;
  const subject = e.subjectLabel ?? 'a record that no longer exists';
  switch (e.action) {
    case 'order.submitted':
      return `submitted ${withAmount(subject, d.totalPence)}`;
    case 'order.accepted':
    case 'order.approved':
      return `${e.action === 'order.accepted' ? 'accepted' : 'approved'} ${subject}`;
    case 'order.declined':
    case 'order.rejected':
      return `${e.action === 'order.declined' ? 'declined' : 'rejected'} ${subject}${because(d.reason)}`;
    case 'order.cancelled':
      return `cancelled ${subject}${d.by === 'broker' && text(d.brokeredBy) ? ` as ${text(d.brokeredBy)}, which brokered it${text(d.brokerage) ? ` (${text(d.brokerage)})` : ''}` : ''}${money(d.cancellationChargePence) && d.cancellationChargePence !== 0 ? ` with a cancellation charge of ${money(d.cancellationChargePence)}` : ''}${because(d.reason)}`;
    case 'delivery.logged':
      return `logged ${typeof d.units === 'number' ? `${d.units} unit${d.units === 1 ? '' : 's'}` : 'work'} on ${subject}${typeof d.deliveredOn === 'string' ? ` for ${formatDate(d.deliveredOn)}` : ''}`;
    case 'delivery.confirmed':
      return `confirmed the work recorded on ${subject}`;
    case 'delivery.disputed':
      return `disputed the work recorded on ${subject}${because(d.reason)}`;
    case 'delivery.auto_confirmed':
      return `confirmed ${typeof d.count === 'number' ? d.count : 'some'} delivery record${d.count === 1 ? '' : 's'} not answered in time`;
    case 'delivery.dispute_stands':
      return `resolved the dispute on ${subject}: the work stands`;
    case 'delivery.dispute_corrected':
      return `resolved the dispute on ${subject} by correcting the units`;
    case 'delivery.dispute_voided':
      return `resolved the dispute on ${subject} by voiding the record`;
    case 'variation.requested':
      return `asked to change ${subject}${typeof d.from === 'number' && typeof d.to === 'number' ? ` from ${d.from} to ${d.to}` : ''}${money(d.totalAfter) ? ` (${money(d.totalBefore) ?? '?'} to ${money(d.totalAfter)})` : ''}`;
    case 'variation.awaiting_provider':
      return `approved the change to ${subject}`;
    case 'variation.accepted':
    case 'variation.declined':
    case 'variation.rejected':
    case 'variation.cancelled':
      return `${e.action.slice('variation.'.length)} the change to ${subject}${because(d.reason)}`;
    case 'line.assigned':
      return `assigned ${subject}`;
    case 'feedback.given':
      return `gave feedback on ${subject}${typeof d.rating === 'number' ? ` (${d.rating} out of 5)` : ''}`;
    case 'provider.created':
      return `added ${text(d.name) ?? 'this provider'} to Traded as ${providerKind(d.kind)}, and invited its first admin`;
    case 'member.invited':
      return `invited ${text(d.email) ?? 'someone'}${role(d.role) ? ` as ${role(d.role)}` : ''}${side(d.side)}`;
    case 'member.joined':
      return `joined${role(d.role) ? ` as ${role(d.role)}` : ''}${side(d.side)}`;
    case 'member.role_changed':
      return `changed ${subject}’s role${role(d.from) && role(d.to) ? ` from ${role(d.from)} to ${role(d.to)}` : ''}`;
    case 'member.removed':
      return `removed ${text(d.email) ?? subject}${role(d.role) ? ` (${role(d.role)})` : ''}${side(d.side)}`;
    case 'service.created':
    case 'service.updated':
    case 'service.published':
    case 'service.retired':
      return `${e.action.slice('service.'.length)} ${subject}`;
    case 'schedule.draft_created':
      return `started ${subject}`;
    case 'schedule.draft_discarded':
      return `discarded ${subject}`;
    case 'schedule.imported':
      return `imported ${typeof d.rows === 'number' ? `${d.rows} prices` : 'prices'} into ${subject}`;
    case 'schedule.published':
      return `published ${subject}`;
    case 'schedule.price_set':
    case 'schedule.price_cleared': {
      const cls =
        typeof d.customerClass === 'string' && d.customerClass in CUSTOMER_CLASS_NAMES
          ? CUSTOMER_CLASS_NAMES[d.customerClass as CustomerClass].toLowerCase()
          : 'a customer class';
      return `${e.action === 'schedule.price_set' ? 'set' : 'cleared'} the price of ${text(d.service) ?? 'a service'} for ${cls} in ${subject}`;
    }
    case 'customer_account.created':
    case 'customer_account.opened':
    case 'customer_account.changed':
      return `${e.action === 'customer_account.changed' ? 'changed' : 'opened'} ${subject}${e.action === 'customer_account.opened' ? ' with its first order' : ''}`;
    case 'contact_officer.set':
      return `set the contact officer for ${subject}`;
    case 'agreement.created':
      return `created ${subject}`;
    case 'agreement.line_proposed':
      return `proposed a line under ${subject}`;
    case 'renewal.window_opened':
      return `opened the buy-back window${typeof d.closesOn === 'string' ? ` until ${formatDate(d.closesOn)}` : ''}`;
    case 'renewal.renewed':
      return `renewed ${subject}${text(d.newOrder) ? ` as order ${text(d.newOrder)}` : ''}`;
    case 'renewal.dropped':
      return `dropped ${subject} for next year`;
    case 'settings.changed':
      return 'changed the provider’s settings';
    case 'calendar.term_dates_set':
      return `set the term dates of ${subject}`;
    case 'calendar.year_kinds_set':
      return 'set the contract year for each customer class';
    case 'sign_in_provider.changed':
      return 'changed the single sign-on settings';
    case 'sign_in_provider.linked':
      return `linked their ${text(d.provider) === 'dfe_sign_in' ? 'DfE Sign-in' : 'Microsoft'} account`;
    case 'line.billing_plan_changed':
      return `changed how ${subject} is billed${plan(d.from) && plan(d.to) ? ` from “${plan(d.from)}” to “${plan(d.to)}”` : ''}`;
    case 'billing_run.started':
      return `started ${subject}`;
    case 'document.finalised':
      return `finalised ${withAmount(subject, d.totalPence)}`;
    case 'document.sent':
    case 'document.resent':
      return `${e.action === 'document.sent' ? 'sent' : 'sent again'} ${subject}${text(d.to) ? ` to ${text(d.to)}` : ''}`;
    case 'document.voided':
      return `voided ${subject}${because(d.reason)}`;
    case 'document.discarded':
      return `discarded ${subject}${because(d.reason)}`;
    case 'document.line_removed':
    case 'document.line_added': {
      const line = (typeof d.line === 'object' && d.line !== null ? d.line : {}) as Record<string, unknown>;
      const what = `${text(line.description) ? `“${text(line.description)}”` : 'a line'}${money(line.netPence) ? ` (${money(line.netPence)})` : ''}`;
      return e.action === 'document.line_removed'
        ? `removed ${what} from ${subject}${because(d.reason)}`
        : `added ${what} to ${subject}${because(d.reason)}`;
    }
    case 'document.credited':
      return `credited ${withAmount(subject, d.totalPence)}${text(d.creditNoteNumber) ? ` with credit note ${text(d.creditNoteNumber)}` : ''}${because(d.reason)}`;
    case 'support_category.changed':
      return `set the category of support ${text(d.name) ?? subject}${typeof d.fundedDays === 'number' ? ` to ${d.fundedDays} funded ${d.fundedDays === 1 ? 'day' : 'days'} a year` : ''}${text((d.before as Record<string, unknown> | undefined)?.name) && text((d.before as Record<string, unknown>).name) !== text(d.name) ? ` (was ${text((d.before as Record<string, unknown>).name)})` : ''}`;
    case 'support_category.placed':
      return `placed ${text(d.school) ?? subject} in ${text(d.category) ?? 'a category'}${typeof d.year === 'number' ? ` for ${d.year - 1}/${String(d.year % 100).padStart(2, '0')}` : ''}${text(d.before) ? `, superseding ${text(d.before)}` : ''}${because(d.reason)}`;
    case 'brokered_support.created':
      return `brokered ${text(d.reference) ?? subject}: ${text(d.provider) ?? 'a provider'} supporting ${text(d.school) ?? 'a school'}${typeof d.daysHundredths === 'number' ? ` for ${d.daysHundredths / 100} ${d.daysHundredths === 100 ? 'day' : 'days'}` : ''}${money(d.dayRatePence) ? ` at ${money(d.dayRatePence)} a day` : ''}, ${d.fundedBy === 'authority' ? 'funded by the authority' : 'bought by the school'}${text(d.orderReference) ? ` (order ${text(d.orderReference)})` : ''}`;
    case 'brokered_support.withdrawn':
      return `withdrew ${text(d.reference) ?? subject}${text(d.provider) ? ` (${text(d.provider)} supporting ${text(d.school) ?? 'a school'}${text(d.orderReference) ? `, order ${text(d.orderReference)}` : ''})` : ''}${money(d.cancellationChargePence) && d.cancellationChargePence !== 0 ? ` with a cancellation charge of ${money(d.cancellationChargePence)}` : ''}${because(d.reason)}`;
    case 'order.brokered':
      return `brokered ${withAmount(subject, d.totalPence)} for ${text(d.school) ?? 'a school'} on behalf of ${text(d.brokeredBy) ?? 'a council'}${text(d.brokerage) ? ` (${text(d.brokerage)})` : ''}, ${d.fundedBy === 'authority' ? 'funded by the authority' : 'bought by the school'}`;
    case 'improvement_visit.recorded':
      return `logged a visit to ${text(d.school) ?? 'a school'}${typeof d.visitedOn === 'string' ? ` on ${formatDate(d.visitedOn)}` : ''}${text(d.visitTypeName) ? ` (${text(d.visitTypeName)!.toLowerCase()})` : ''}${typeof d.funded === 'number' ? `: ${d.funded} ${d.funded === 1 ? 'day' : 'days'} from the core entitlement` : ''}${typeof d.traded === 'number' && d.traded > 0 ? `, ${d.traded} traded ${d.onLine ? 'on the school’s purchase' : 'not commissioned'}` : ''}`;
    case 'improvement_visit.voided':
      return `voided a school improvement visit${d.deliveryVoided ? ' and the delivery record it made' : ''}${because(d.reason)}`;
    case 'progress_review.recorded':
      return `recorded a progress review group for ${text(d.school) ?? subject}${typeof d.metOn === 'string' ? ` that met on ${formatDate(d.metOn)}` : ''}${typeof d.actions === 'number' ? `, with ${d.actions === 0 ? 'no actions' : `${d.actions} action${d.actions === 1 ? '' : 's'}`}` : ''}`;
    case 'progress_review.action_completed':
      return `marked complete the action${text(d.action) ? ` “${text(d.action)}”` : ''} for ${text(d.school) ?? subject}${typeof d.completedOn === 'string' ? `, done on ${formatDate(d.completedOn)}` : ''}${because(d.note)}`;
    case 'improvement_thresholds.changed':
      return `set the thresholds for school performance${typeof d.ptrwmExpFloor === 'number' ? ` to a floor of ${d.ptrwmExpFloor}%` : ''}${typeof d.progressLimit === 'number' ? ` and a progress limit of ${d.progressLimit.toFixed(1)}` : ''}`;
    case 'improvement_budget.set':
      return `set the school improvement budget${typeof d.academicYear === 'number' ? ` for ${d.academicYear - 1}/${String(d.academicYear % 100).padStart(2, '0')}` : ''}${money(d.budgetPence) ? ` to ${money(d.budgetPence)}` : ''}${money((d.before as Record<string, unknown> | null | undefined)?.budgetPence) ? ` (was ${money((d.before as Record<string, unknown>).budgetPence)})` : ''}`;
    case 'service_budget.changed':
      return `set the ${text(d.year) ? `${text(d.year)} ` : ''}budget and cost of ${subject}`;
    case 'payment.recorded':
      return `recorded ${withAmount(subject, d.amountPence)}`;
    case 'payment.allocated':
      return `allocated ${money(d.amountPence) ?? 'part'} of ${subject}${text(d.number) ? ` to ${text(d.number)}` : ''}`;
    case 'payment.received_by_stripe':
      return `recorded a Stripe payment${money(d.amountPence) ? ` of ${money(d.amountPence)}` : ''} against ${subject}`;
    case 'credit.refunded':
      return `refunded ${money(d.amountPence) ?? 'credit'} of credit to ${text(d.customer) ?? subject}`;
    case 'bank_statement.imported':
      return `imported the bank statement ${text(d.fileName) ? `“${text(d.fileName)}”` : ''}${typeof d.linesNew === 'number' ? `: ${d.linesNew} new line${d.linesNew === 1 ? '' : 's'}` : ''}${typeof d.linesMatched === 'number' ? `, ${d.linesMatched} matched automatically` : ''}`;
    case 'bank_line.not_ours':
      return `marked ${money(d.amountPence) ?? 'money'} paid in${typeof d.bookedOn === 'string' ? ` on ${formatDate(d.bookedOn)}` : ''} as not ours${because(d.reason)}`;
    case 'bank_mapping.set':
      return 'set the column mapping for bank statements';
    case 'debt.reminder_settings_saved':
      return d.enabled === false
        ? 'turned off reminder emails'
        : `set reminder emails${Array.isArray(d.daysAfterDue) ? ` for ${d.daysAfterDue.join(', ')} days after the due date` : ''}`;
    case 'ledger.batch_exported':
      return `exported ledger batch ${text(d.reference) ?? ''}${text(d.period) ? ` for ${text(d.period)}` : ''}${typeof d.documents === 'number' ? ` (${d.documents} document${d.documents === 1 ? '' : 's'})` : ''}`;
    case 'ledger.template_saved':
      return 'changed the ledger export template';
    case 'settlement.netted':
      return `settled ${money(d.amountPence) ?? 'an amount'} with ${text(d.partner) ?? 'a partner council'} by netting`;
    case 'stripe_settings.turned_on':
      return 'turned on card and Direct Debit payments through Stripe';
    case 'stripe_settings.changed':
      return 'changed the Stripe keys';
    case 'stripe_settings.removed':
      return 'turned off payments through Stripe';
    default:
      return `${e.action.replace(/[._]/g, ' ')} (${subject})`;
  }
}

/** A charge schedule in words: "the 2026/27 academic year charge schedule, version 2". */
export function scheduleLabel(yearKind: YearKind, yearStart: string, version: number): string {
  return `the ${contractYearLabel(yearKind, yearStart)} charge schedule, version ${version}`;
}
