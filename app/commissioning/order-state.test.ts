import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialStatus, isFinal, needsApproval, transition, type OrderAction, type OrderStatus } from './order-state';

const people = ['submitter', 'approver', 'provider'] as const;
const action: fc.Arbitrary<OrderAction> = fc.oneof(
  fc.record({ type: fc.constant('approve' as const), by: fc.constantFrom(...people) }),
  fc.record({
    type: fc.constant('reject' as const),
    by: fc.constantFrom(...people),
    reason: fc.constantFrom('', 'Over budget'),
  }),
  fc.record({ type: fc.constant('accept' as const), by: fc.constantFrom(...people) }),
  fc.record({
    type: fc.constant('decline' as const),
    by: fc.constantFrom(...people),
    reason: fc.constantFrom('', 'No capacity'),
  }),
  fc.record({
    type: fc.constant('cancel' as const),
    by: fc.constantFrom(...people),
    reason: fc.constantFrom('', 'No longer needed'),
  }),
  fc.record({ type: fc.constant('complete' as const), by: fc.constantFrom(...people) }),
);

// Where each status may lead: anything else is an invalid state change.
const allowed: Record<OrderStatus, OrderStatus[]> = {
  awaiting_approval: ['awaiting_provider', 'rejected', 'cancelled'],
  awaiting_provider: ['accepted', 'declined', 'cancelled'],
  accepted: ['completed', 'cancelled'],
  rejected: [],
  declined: [],
  cancelled: [],
  completed: [],
};

describe('order state machine', () => {
  it('no sequence of actions reaches an invalid state, and final states never change', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.constantFrom('buyer' as const, 'provider' as const),
        fc.array(action, { maxLength: 12 }),
        (approval, proposedBy, actions) => {
          let status = initialStatus(approval);
          let approvedBySubmitter = false;
          for (const a of actions) {
            const result = transition({ status, submittedBy: 'submitter', proposedBy }, a);
            if (!result.ok) {
              expect(result.message.length).toBeGreaterThan(10);
              continue;
            }
            const reachable =
              status === 'awaiting_approval' && proposedBy === 'provider'
                ? ['accepted', 'rejected', 'cancelled']
                : allowed[status];
            expect(reachable).toContain(result.status);
            expect(isFinal(status)).toBe(false);
            if ((a.type === 'approve' || a.type === 'reject') && a.by === 'submitter') approvedBySubmitter = true;
            if ('reason' in a && ['reject', 'decline', 'cancel'].includes(a.type)) expect(a.reason.trim()).not.toBe('');
            status = result.status;
          }
          expect(approvedBySubmitter).toBe(false);
        },
      ),
    );
  });

  it('needs an approver only at or above the threshold', () => {
    expect(needsApproval(100_00, null)).toBe(false);
    expect(needsApproval(99_99, 100_00)).toBe(false);
    expect(needsApproval(100_00, 100_00)).toBe(true);
    expect(needsApproval(0, 0)).toBe(true);
  });

  it('approving twice: the second attempt is refused, because the order has moved on', () => {
    const first = transition({ status: 'awaiting_approval', submittedBy: 'a' }, { type: 'approve', by: 'b' });
    expect(first).toEqual({ ok: true, status: 'awaiting_provider' });
    const second = transition({ status: 'awaiting_provider', submittedBy: 'a' }, { type: 'approve', by: 'c' });
    expect(second.ok).toBe(false);
  });
});
