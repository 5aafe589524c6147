import type { OrderBrokerage } from '../../db/queries/brokered-support';

/** "Southampton City Council for Bitterne Park School (BRK-0001), funded by the authority": on the supporting provider's order and line. */
export function brokeredWords(
  b: Pick<OrderBrokerage, 'councilName' | 'schoolName' | 'reference' | 'fundedBy'>,
): string {
  return `${b.councilName} for ${b.schoolName} (${b.reference}), ${b.fundedBy === 'authority' ? 'funded by the authority' : 'bought by the school'}`;
}
