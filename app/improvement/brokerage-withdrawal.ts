import type { BrokerageWithdrawalTerms } from '../../db/queries/brokered-support';
import { contractYearStarting, formatDate } from '../calendar/contract-year';
import { cancellationCharge } from '../commissioning/cancellation';
import { describeStatus, isFinal, type OrderStatus } from '../commissioning/order-state';

export type WithdrawalPreview =
  | { ok: true; accepted: boolean; chargePence: number; working: string[] }
  | {
      ok: false;
      message: string;
      /** The order has ended (declined, cancelled, completed): nothing to say on the page. */ final: boolean;
    };

/**
 * What withdrawing a brokerage would do today, by the rules a buyer cancelling its order meets
 * (app/commissioning/cancel-order.server.ts): nothing once the order is final, its contract year
 * has ended or work is logged; free before the provider accepts; afterwards the line's
 * late-cancellation share when less notice is given than its terms ask. The database's
 * withdraw_brokerage works the charge out the same way and refuses any other figure.
 */
export function withdrawalPreview(
  terms: BrokerageWithdrawalTerms,
  serviceName: string,
  today: string,
): WithdrawalPreview {
  const status = terms.orderStatus as OrderStatus;
  if (isFinal(status))
    return {
      ok: false,
      final: true,
      message: `Its order is ${describeStatus(status)}, so there is nothing to withdraw`,
    };
  const lastDay = contractYearStarting(Number(terms.yearStart.slice(0, 4)), terms.yearKind).end;
  if (lastDay < today)
    return {
      ok: false,
      final: false,
      message: `Its order's contract year ended on ${formatDate(lastDay)}, so it can no longer be withdrawn: ask the provider about a credit note`,
    };
  if (terms.deliveryRecords > 0)
    return {
      ok: false,
      final: false,
      message:
        'Work has already been logged against it, so it cannot be withdrawn here: contact the provider about the cancellation terms',
    };
  if (status !== 'accepted' || !['pending', 'active'].includes(terms.lineStatus))
    return { ok: true, accepted: false, chargePence: 0, working: [] };
  const charge = cancellationCharge(
    [
      {
        serviceName,
        startsOn: terms.startsOn ?? terms.yearStart,
        noticeDays: terms.noticeDays,
        latePercent: terms.latePercent,
        totalPence: terms.agreedTotalPence,
      },
    ],
    today,
  );
  return { ok: true, accepted: true, chargePence: charge.chargePence, working: charge.working };
}
