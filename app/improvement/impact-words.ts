import { formatAmount } from '../delivery/delivery-rules';
import type { ResultChange } from './impact';

/** Words for the impact pages, shared by the school's page and the managers' page. */

export const daysText = (hundredths: number) => formatAmount(hundredths, { singular: 'day', plural: 'days' });

export const ratingText = (average: number | null, count: number) =>
  count === 0 || average === null
    ? 'No feedback'
    : `${average.toFixed(1)} out of 5 from ${count} ${count === 1 ? 'rating' : 'ratings'}`;

export const RESULT_CHANGES: Record<ResultChange, string> = {
  rose: 'Rose',
  fell: 'Fell',
  same: 'No change',
  unknown: 'Not known yet',
};

export const FUNDED_BY: Record<string, string> = {
  authority: 'funded by the council',
  school: 'bought by the school',
};
