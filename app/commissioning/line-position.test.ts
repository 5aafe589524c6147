import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeliveryStatus } from '../../db/schema';
import { roundHalfUp } from '../pricing/quote';
import { linePosition, orderPosition, type LinePositionFacts } from './line-position';

type Event =
  | { type: 'log'; units: number }
  | { type: 'confirm'; pick: number }
  | { type: 'dispute'; pick: number }
  | { type: 'resolve'; pick: number; outcome: 'stands' | 'voided' | 'corrected'; fraction: number }
  | { type: 'vary'; quantity: number }
  | { type: 'cancel'; latePercent: number };

const event: fc.Arbitrary<Event> = fc.oneof(
  fc.record({ type: fc.constant('log' as const), units: fc.constantFrom(25, 50, 75, 100) }),
  fc.record({ type: fc.constant('confirm' as const), pick: fc.nat() }),
  fc.record({ type: fc.constant('dispute' as const), pick: fc.nat() }),
  fc.record({
    type: fc.constant('resolve' as const),
    pick: fc.nat(),
    outcome: fc.constantFrom('stands' as const, 'voided' as const, 'corrected' as const),
    fraction: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ type: fc.constant('vary' as const), quantity: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ type: fc.constant('cancel' as const), latePercent: fc.integer({ min: 0, max: 100 }) }),
);

interface Record {
  units: number;
  status: DeliveryStatus;
}

/**
 * A line's life played out record by record, as the application allows it: delivery beyond the
 * allowance is refused where there is no overage rate, a variation cannot go below what is
 * recorded, and only a line with nothing delivered can be cancelled.
 */
function play(rate: number, overage: boolean, quantity: number, events: Event[]) {
  const records: Record[] = [];
  let q = quantity;
  let status: 'active' | 'cancelled' = 'active';
  let cancellationChargePence = 0;
  const live = () => records.filter((r) => ['logged', 'confirmed', 'disputed'].includes(r.status));
  const recorded = () => live().reduce((sum, r) => sum + r.units, 0);
  const withStatus = (s: DeliveryStatus) => records.filter((r) => r.status === s);
  for (const e of events) {
    if (status === 'cancelled') break;
    if (e.type === 'log') {
      if (!overage && recorded() + e.units > q * 100) continue;
      records.push({ units: e.units, status: 'logged' });
    } else if (e.type === 'confirm' || e.type === 'dispute') {
      const logged = withStatus('logged');
      if (logged.length) logged[e.pick % logged.length]!.status = e.type === 'confirm' ? 'confirmed' : 'disputed';
    } else if (e.type === 'resolve') {
      const disputed = withStatus('disputed');
      if (!disputed.length) continue;
      const record = disputed[e.pick % disputed.length]!;
      if (e.outcome === 'corrected') {
        const units = Math.floor((record.units * e.fraction) / 4 / 25) * 25;
        if (units <= 0 || units >= record.units) continue;
        record.status = 'corrected';
        records.push({ units, status: 'confirmed' });
      } else record.status = e.outcome === 'stands' ? 'confirmed' : 'voided';
    } else if (e.type === 'vary') {
      if (e.quantity * 100 >= recorded()) q = e.quantity;
    } else if (e.type === 'cancel') {
      if (records.length) continue;
      status = 'cancelled';
      cancellationChargePence = roundHalfUp(BigInt(q * rate) * BigInt(e.latePercent), 100n);
    }
  }
  const sum = (s: DeliveryStatus) => withStatus(s).reduce((total, r) => total + r.units, 0);
  const facts: LinePositionFacts = {
    id: 'line',
    status,
    originalQuantity: quantity,
    originalAllowanceHundredths: quantity * 100,
    originalTotalPence: quantity * rate,
    quantity: q,
    allowanceHundredths: q * 100,
    totalPence: q * rate,
    varied: q !== quantity,
    overageUnitPricePence: overage ? rate : null,
    cancellationChargePence,
    loggedHundredths: sum('logged'),
    confirmedHundredths: sum('confirmed'),
    disputedHundredths: sum('disputed'),
    correctedHundredths: sum('corrected'),
    voidedHundredths: sum('voided'),
    records: records.length,
    billedPence: 0,
  };
  return { facts, q, records, status };
}

const line = fc.record({
  rate: fc.integer({ min: 1, max: 200_000 }),
  overage: fc.boolean(),
  quantity: fc.integer({ min: 1, max: 10 }),
  events: fc.array(event, { maxLength: 40 }),
});

describe('a line’s position', () => {
  it('adds up: delivered by state, beyond the allowance, and what is owed from its parts', () => {
    fc.assert(
      fc.property(line, ({ rate, overage, quantity, events }) => {
        const { facts, q, records, status } = play(rate, overage, quantity, events);
        const p = linePosition(facts);
        const live = records.filter((r) => ['logged', 'confirmed', 'disputed'].includes(r.status));
        expect(p.delivered.recordedHundredths).toBe(live.reduce((s, r) => s + r.units, 0));
        expect(p.beyondAllowance.confirmedHundredths).toBeLessThanOrEqual(p.beyondAllowance.recordedHundredths);
        expect(p.beyondAllowance.heldHundredths).toBeGreaterThanOrEqual(0);
        expect(p.remainingHundredths! + p.delivered.recordedHundredths - p.beyondAllowance.recordedHundredths).toBe(
          q * 100,
        );
        if (!overage) expect(p.beyondAllowance.recordedHundredths).toBe(0);
        if (status === 'cancelled') {
          expect(p.owedPence).toBe(facts.cancellationChargePence);
        } else {
          expect(p.owedPence).toBe(p.agreed.totalPence + p.overageChargePence);
          // Never double counted: every confirmed unit is paid once, inside the agreed amount or beyond it.
          const beyond = Math.max(0, facts.confirmedHundredths - q * 100);
          expect(p.owedPence).toBe(q * rate + (overage ? roundHalfUp(BigInt(beyond) * BigInt(rate), 100n) : 0));
        }
        expect(p.toBillPence).toBe(p.owedPence - p.billedPence);
      }),
      { numRuns: 500 },
    );
  });

  it('an order is worth the sum of its lines', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        const positions = lines.map((l) => linePosition(play(l.rate, l.overage, l.quantity, l.events).facts));
        const order = orderPosition(positions);
        expect(order.owedPence).toBe(positions.reduce((s, p) => s + p.owedPence, 0));
        expect(order.owedPence).toBe(order.agreedPence + order.overageChargePence + order.cancellationChargePence);
      }),
      { numRuns: 200 },
    );
  });
});
