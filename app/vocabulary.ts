import type {
  BillingPlan,
  BillingRunStatus,
  CustomerClass,
  DocumentKind,
  PaymentMethod,
  DeliveryStatus,
  DisputeOutcome,
  LineStatus,
  OrganisationKind,
  SchoolImportStatus,
  ServiceCategory,
  ServiceStatus,
  SettlementMethod,
  UnitKind,
  VatCode,
} from '../db/schema';
import type { SignInProviderKind } from '../db/queries/single-sign-on';
import type { BankLineStatus, BankPreset } from '../db/tables/bank-statements';
import type { VisitType } from '../db/tables/improvement-visits';
import type { TagColour } from './components/Tag';
import type { OrderStatus } from './commissioning/order-state';
import type { DocumentState } from './billing/document-state';

/*
 * The product's words in one place: customer classes, settlement, VAT codes, units, and the words
 * and tag colour of every state a person sees, so buyer and provider pages say the same thing.
 */

export const CUSTOMER_CLASS_NAMES: Record<CustomerClass, string> = {
  own_maintained: 'Own maintained school',
  academy: 'Academy or trust',
  other_la_school: "Another authority's school",
  partner_council: 'Partner council',
  independent_other: 'Independent or other',
};

export const SETTLEMENT_METHOD_NAMES: Record<SettlementMethod, string> = {
  recharge: 'Internal recharge',
  invoice: 'Invoice',
};

export const VAT_CODES: Record<VatCode, string> = {
  S: 'Standard rate (20%)',
  E: 'Exempt',
  O: 'Outside the scope of VAT',
  Z: 'Zero rate',
};

export const CATEGORIES: Record<ServiceCategory, string> = {
  school_improvement: 'School improvement',
  educational_psychology: 'Educational psychology',
  sen_inclusion: 'SEN and inclusion',
  governor_services: 'Governor services',
  hr: 'HR',
  finance: 'Finance',
  other: 'Other',
};

export const UNIT_KINDS: Record<UnitKind, { singular: string; plural: string; label: string }> = {
  hour: { singular: 'hour', plural: 'hours', label: 'Hour' },
  session: { singular: 'session', plural: 'sessions', label: 'Session of a set number of hours' },
  day: { singular: 'day', plural: 'days', label: 'Day of a set number of hours' },
  meeting: { singular: 'meeting', plural: 'meetings', label: 'Meeting' },
  place: { singular: 'place', plural: 'places', label: 'Place (for example on a course)' },
  pupil: { singular: 'pupil', plural: 'pupils', label: 'Pupil' },
  package: { singular: 'package', plural: 'packages', label: 'Package or subscription' },
};

export interface StateWords {
  /** As a sentence starts: "Waiting for approval". */
  label: string;
  /** Inside a sentence: "the order is waiting for approval". */
  phrase: string;
  colour: TagColour;
}

export const ORDER_STATES: Record<OrderStatus, StateWords> = {
  awaiting_approval: { label: 'Waiting for approval', phrase: 'waiting for approval', colour: 'yellow' },
  awaiting_provider: { label: 'Waiting for the provider', phrase: 'waiting for the provider', colour: 'orange' },
  accepted: { label: 'Accepted', phrase: 'accepted', colour: 'green' },
  completed: { label: 'Completed', phrase: 'completed', colour: 'teal' },
  rejected: { label: 'Rejected', phrase: 'rejected', colour: 'red' },
  declined: { label: 'Declined', phrase: 'declined', colour: 'red' },
  cancelled: { label: 'Cancelled', phrase: 'cancelled', colour: 'grey' },
};

export const LINE_STATES: Record<LineStatus, StateWords> = {
  pending: { label: 'Waiting for a decision', phrase: 'waiting for a decision on the order', colour: 'orange' },
  active: { label: 'Active', phrase: 'active', colour: 'green' },
  completed: { label: 'Completed', phrase: 'completed', colour: 'teal' },
  cancelled: { label: 'Cancelled', phrase: 'cancelled', colour: 'grey' },
  declined: { label: 'Declined', phrase: 'declined', colour: 'red' },
  rejected: { label: 'Rejected', phrase: 'rejected', colour: 'red' },
};

export const DELIVERY_STATES: Record<DeliveryStatus, StateWords> = {
  logged: { label: 'Waiting for confirmation', phrase: 'waiting for confirmation', colour: 'grey' },
  confirmed: { label: 'Confirmed', phrase: 'confirmed', colour: 'green' },
  disputed: { label: 'Disputed', phrase: 'disputed', colour: 'red' },
  corrected: { label: 'Corrected', phrase: 'corrected', colour: 'purple' },
  voided: { label: 'Did not happen', phrase: 'voided: it did not happen', colour: 'grey' },
};

export const DISPUTE_OUTCOMES: Record<DisputeOutcome, { label: string; hint: string }> = {
  stands: { label: 'The record stands', hint: 'The work happened as recorded: it counts as confirmed.' },
  corrected: {
    label: 'Correct the amount',
    hint: 'Less was delivered than recorded: a correcting record replaces it and the original is kept.',
  },
  voided: { label: 'It did not happen', hint: 'The record is voided: nothing is delivered or charged for it.' },
};

export const SERVICE_STATES: Record<ServiceStatus, StateWords> = {
  draft: { label: 'Draft', phrase: 'a draft', colour: 'grey' },
  published: { label: 'Published', phrase: 'published', colour: 'green' },
  retired: { label: 'Retired', phrase: 'retired', colour: 'red' },
};

export const SCHEDULE_STATES: Record<'draft' | 'published', StateWords> = {
  draft: { label: 'Draft', phrase: 'a draft', colour: 'grey' },
  published: { label: 'Published', phrase: 'published', colour: 'green' },
};

export const SCHOOL_IMPORT_STATES: Record<SchoolImportStatus, StateWords> = {
  importing: { label: 'Importing', phrase: 'importing', colour: 'yellow' },
  imported: { label: 'Imported', phrase: 'imported', colour: 'green' },
  stopped: { label: 'Stopped', phrase: 'stopped: nothing saved', colour: 'red' },
};

export const RENEWAL_DECISIONS: Record<'renewed' | 'dropped', StateWords> = {
  renewed: { label: 'Renewed', phrase: 'renewed', colour: 'green' },
  dropped: { label: 'Dropped', phrase: 'dropped', colour: 'red' },
};

/**
 * The OpenID Connect issuers people sign in with: the product as an admin configures it, and the
 * name on the sign-in page's button ("Sign in with DfE Sign-in", "Sign in with Microsoft").
 */
export const SIGN_IN_PROVIDERS: Record<SignInProviderKind, { product: string; button: string }> = {
  dfe_sign_in: { product: 'DfE Sign-in', button: 'DfE Sign-in' },
  entra_id: { product: 'Microsoft Entra ID', button: 'Microsoft' },
};

export const BILLING_PLANS: Record<BillingPlan, { label: string; hint: string; inAdvance: boolean }> = {
  annual: { label: 'In advance, once a year', hint: 'One invoice at the start of the contract year', inAdvance: true },
  termly: { label: 'In advance, each term', hint: 'Three instalments, each at the start of a term', inAdvance: true },
  monthly: {
    label: 'In advance, each month',
    hint: 'Twelve instalments, each at the start of a month',
    inAdvance: true,
  },
  split_7_5: {
    label: 'In advance, 7/12 and 5/12',
    hint: 'September to March, then April to August: across the academic and financial year boundary',
    inAdvance: true,
  },
  arrears_monthly: {
    label: 'In arrears, each month',
    hint: 'What was delivered and confirmed in a month, after it ends',
    inAdvance: false,
  },
  arrears_termly: {
    label: 'In arrears, each term',
    hint: 'What was delivered and confirmed in a term, after it ends',
    inAdvance: false,
  },
  as_delivered: { label: 'As delivered', hint: 'Each confirmed delivery on the next billing run', inAdvance: false },
};

export const DOCUMENT_KINDS: Record<DocumentKind, { singular: string; plural: string }> = {
  invoice: { singular: 'VAT invoice', plural: 'VAT invoices' },
  recharge: { singular: 'Internal recharge', plural: 'Internal recharges' },
  credit_note: { singular: 'Credit note', plural: 'Credit notes' },
};

export const DOCUMENT_STATES: Record<DocumentState, StateWords> = {
  draft: { label: 'Draft', phrase: 'a draft', colour: 'grey' },
  finalised: { label: 'Finalised', phrase: 'finalised', colour: 'purple' },
  sent: { label: 'Sent', phrase: 'sent', colour: 'teal' },
  part_paid: { label: 'Part paid', phrase: 'part paid', colour: 'yellow' },
  paid: { label: 'Paid', phrase: 'paid', colour: 'green' },
  credited: { label: 'Credited', phrase: 'credited in full', colour: 'green' },
  overdue: { label: 'Overdue', phrase: 'overdue', colour: 'red' },
  void: { label: 'Void', phrase: 'void', colour: 'grey' },
};

export const BILLING_RUN_STATES: Record<BillingRunStatus, StateWords> = {
  queued: { label: 'Waiting to start', phrase: 'waiting to start', colour: 'grey' },
  running: { label: 'Running', phrase: 'running', colour: 'yellow' },
  finished: { label: 'Finished', phrase: 'finished', colour: 'green' },
  failed: { label: 'Stopped', phrase: 'stopped', colour: 'red' },
};

/** Money that changed hands by offsetting what two councils owe each other (app/settlement). */
export const NETTING_METHOD = 'netting';

export const PAYMENT_METHODS: Record<PaymentMethod | typeof NETTING_METHOD, string> = {
  bank_transfer: 'Bank transfer',
  bacs: 'BACS',
  cheque: 'Cheque',
  card: 'Card (taken elsewhere)',
  stripe: 'Stripe (card or Direct Debit)',
  netting: 'Netting with a partner council',
};

/**
 * The buyer as the provider's pages name it: a partner council is not "the school". `theBuyer`
 * sits inside a sentence ("the council sees this"), `TheBuyer` starts one.
 */
const BUYER_NOUNS: Record<OrganisationKind, string> = { school: 'school', trust: 'trust', council: 'council' };

export function theBuyer(kind: OrganisationKind): string {
  return `the ${BUYER_NOUNS[kind]}`;
}

export function TheBuyer(kind: OrganisationKind): string {
  return `The ${BUYER_NOUNS[kind]}`;
}

/** How a bank line's state reads on every page, with its tag colour. */
export const BANK_LINE_STATES: Record<BankLineStatus, { label: string; colour: TagColour }> = {
  matched: { label: 'Matched', colour: 'green' },
  unmatched: { label: 'Waiting to be matched', colour: 'yellow' },
  not_ours: { label: 'Not ours', colour: 'grey' },
  debit: { label: 'Money out (ignored)', colour: 'grey' },
};

/** The presets a person chooses from, in the words of the upload form. */
export const BANK_PRESETS: Record<BankPreset, string> = {
  lloyds: 'Lloyds Commercial Banking Online CSV',
  barclays: 'Barclays.Net CSV',
  natwest: 'NatWest Bankline CSV',
  camt053: 'camt.053 XML (ISO 20022)',
  mapping: 'Column mapping you set',
};

/** Progress review groups (issue 13): how an agreed action's state reads, with its tag colour. */
export type ReviewActionState = 'open' | 'overdue' | 'complete';

export const REVIEW_ACTION_STATES: Record<ReviewActionState, StateWords> = {
  open: { label: 'Open', phrase: 'open', colour: 'yellow' },
  overdue: { label: 'Overdue', phrase: 'overdue', colour: 'red' },
  complete: { label: 'Complete', phrase: 'complete', colour: 'green' },
};

export function reviewActionState(a: { dueOn: string; completedOn: string | null }, today: string): ReviewActionState {
  if (a.completedOn) return 'complete';
  return a.dueOn < today ? 'overdue' : 'open';
}

/** The school improvement budget (issue 13): its rows beyond the tenant's own categories, and its figures. */
export const BUDGET_SPEND_ROWS = {
  unplaced: 'Core days at schools not placed in a category',
  brokered: 'Brokered school-to-school support',
} as const;

export const BUDGET_FIGURES = {
  budget: 'Budget',
  spent: 'Spent',
  committed: 'Committed',
  remaining: 'Remaining',
  overspent: 'Overspent by',
} as const;

/** Brokered school-to-school support (issue 13): who pays, in the words of the form and the lists. */
export const BROKERED_FUNDED_BY: Record<'authority' | 'school', { label: string; hint: string }> = {
  authority: { label: 'Funded by the authority', hint: 'From the school improvement budget: the council is the buyer' },
  school: { label: 'Bought by the school', hint: 'The school is the buyer and pays the provider' },
};

export const PROVIDER_KIND_NAMES: Record<'council' | 'teaching_school' | 'academy_trust', string> = {
  council: 'Council',
  teaching_school: 'Teaching school',
  academy_trust: 'Academy trust',
};

/** School improvement visits (issue 13): the kinds of visit, in the service's own words. */
export const VISIT_TYPES: Record<VisitType, string> = {
  supported_self_review: 'Supported self-review',
  progress_review_group: 'Progress review group',
  brokered_support: 'Brokered support',
  monitoring_visit: 'Monitoring visit',
  statutory_warning_notice: 'Statutory warning notice',
};

/** A brokerage the council withdrew (its order cancelled by the council): its status on the council's pages. */
export const BROKERAGE_WITHDRAWN: StateWords = {
  label: 'Withdrawn',
  phrase: 'withdrawn by the council',
  colour: 'grey',
};
