import type { DeliveryStatus, DisputeOutcome, LineStatus } from '../db/schema';
import type { TagColour } from './components/Tag';
import type { OrderStatus } from './commissioning/order-state';

/**
 * The words and tag colours for every state a person sees, in one place: buyer and provider pages
 * show the same words and colours for the same state.
 */
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
