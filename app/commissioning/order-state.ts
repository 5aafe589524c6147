import { ORDER_STATES } from '../vocabulary';
/**
 * The order state machine, pure. An order is submitted by a buyer; if the buyer's organisation
 * requires approval above a threshold, an approver (not the person who submitted it) approves or
 * rejects it; the provider then accepts or declines it; accepted orders are active until every
 * line is completed or cancelled. Under an agreement the provider may propose a line itself: the
 * commissioner's approval then accepts it, since both sides have agreed.
 */
export type OrderStatus =
  'awaiting_approval' | 'awaiting_provider' | 'rejected' | 'accepted' | 'declined' | 'cancelled' | 'completed';

export type OrderAction =
  | { type: 'approve'; by: string }
  | { type: 'reject'; by: string; reason: string }
  | { type: 'accept'; by: string }
  | { type: 'decline'; by: string; reason: string }
  | { type: 'cancel'; by: string; reason: string }
  | { type: 'complete'; by: string };

export interface OrderFacts {
  status: OrderStatus;
  submittedBy: string;
  /** A line the provider proposed under an agreement: the commissioner's approval completes it. */
  proposedBy?: 'buyer' | 'provider';
}

export type Transition = { ok: true; status: OrderStatus } | { ok: false; message: string };

const FINAL: OrderStatus[] = ['rejected', 'declined', 'cancelled', 'completed'];

export function isFinal(status: OrderStatus): boolean {
  return FINAL.includes(status);
}

/** The status an order starts in, given whether the buyer's approval rule catches it. */
export function initialStatus(needsApproval: boolean): OrderStatus {
  return needsApproval ? 'awaiting_approval' : 'awaiting_provider';
}

export function needsApproval(totalPence: number, thresholdPence: number | null): boolean {
  return thresholdPence !== null && totalPence >= thresholdPence;
}

export function transition(order: OrderFacts, action: OrderAction): Transition {
  const refuse = (message: string): Transition => ({ ok: false, message });
  switch (action.type) {
    case 'approve':
    case 'reject':
      if (order.status !== 'awaiting_approval')
        return refuse(`This order is not waiting for approval (it is ${describeStatus(order.status)})`);
      if (action.by === order.submittedBy)
        return refuse('You cannot approve or reject an order you placed: ask another approver');
      if (action.type === 'reject' && !action.reason.trim()) return refuse('Enter a reason for rejecting the order');
      if (action.type === 'reject') return { ok: true, status: 'rejected' };
      return { ok: true, status: order.proposedBy === 'provider' ? 'accepted' : 'awaiting_provider' };
    case 'accept':
    case 'decline':
      if (order.status !== 'awaiting_provider')
        return refuse(`This order is not waiting for the provider (it is ${describeStatus(order.status)})`);
      if (action.type === 'decline' && !action.reason.trim()) return refuse('Enter a reason for declining the order');
      return { ok: true, status: action.type === 'accept' ? 'accepted' : 'declined' };
    case 'cancel':
      if (isFinal(order.status)) return refuse(`This order is already ${describeStatus(order.status)}`);
      if (!action.reason.trim()) return refuse('Enter a reason for cancelling the order');
      return { ok: true, status: 'cancelled' };
    case 'complete':
      if (order.status !== 'accepted')
        return refuse(`Only an accepted order can be completed (this one is ${describeStatus(order.status)})`);
      return { ok: true, status: 'completed' };
  }
}

/** How each status reads inside a sentence (the words live in app/vocabulary.ts). */
export const STATUS_NAMES: Record<OrderStatus, string> = Object.fromEntries(
  Object.entries(ORDER_STATES).map(([status, words]) => [status, words.phrase]),
) as Record<OrderStatus, string>;

export function describeStatus(status: OrderStatus): string {
  return STATUS_NAMES[status];
}
