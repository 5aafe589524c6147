import type {
  CustomerClass,
  DeliveryStatus,
  DisputeOutcome,
  LineStatus,
  SchoolImportStatus,
  ServiceCategory,
  ServiceStatus,
  SettlementMethod,
  UnitKind,
  VatCode,
} from '../db/schema';
import type { SignInProviderKind } from '../db/queries/single-sign-on';
import type { TagColour } from './components/Tag';
import type { OrderStatus } from './commissioning/order-state';

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
