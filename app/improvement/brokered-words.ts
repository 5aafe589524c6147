import type { BrokerageRow, OrderBrokerage } from '../../db/queries/brokered-support';
import type { LineStatus } from '../../db/schema';
import { BROKERAGE_WITHDRAWN, LINE_STATES, type StateWords } from '../vocabulary';

/** "Southampton City Council for Bitterne Park School (BRK-0001), funded by the authority": on the supporting provider's order and line. */
export function brokeredWords(
  b: Pick<OrderBrokerage, 'councilName' | 'schoolName' | 'reference' | 'fundedBy'>,
): string {
  return `${b.councilName} for ${b.schoolName} (${b.reference}), ${b.fundedBy === 'authority' ? 'funded by the authority' : 'bought by the school'}`;
}

/** How a brokerage stands on the council's pages: withdrawn by the council, else its line's status. */
export function brokerageState(
  b: Pick<BrokerageRow, 'lineStatus'> & { withdrawnAt: Date | string | null },
): StateWords | null {
  if (b.withdrawnAt) return BROKERAGE_WITHDRAWN;
  return b.lineStatus && b.lineStatus in LINE_STATES ? LINE_STATES[b.lineStatus as LineStatus] : null;
}
