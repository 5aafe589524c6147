import type { PriceModel } from '../pricing/price-model';

/**
 * What a line buys, in hundredths of a unit (so half days are exact), and the agreed rate for use
 * beyond it: the unit rate, the band rate reached, or the package's overage rate; none where the
 * service refuses use beyond what was bought.
 */
export function allowanceFor(
  price: PriceModel,
  request: { quantity: number; packageCode?: string | null },
  overagePolicy: 'charge' | 'refuse',
): { allowanceHundredths: number; overageUnitPricePence: number | null } {
  const q = request.quantity;
  let allowance = q;
  let rate: number | null = null;
  switch (price.model) {
    case 'per_unit':
      rate = price.unitPricePence;
      break;
    case 'volume_bands':
    case 'graduated': {
      // Volume bands: the rate of the band reached; graduated: the rate the next unit would cost.
      const at = price.model === 'volume_bands' ? q : q + 1;
      rate = (
        price.bands.find((b) => at >= b.from && (b.to === null || at <= b.to)) ?? price.bands[price.bands.length - 1]!
      ).unitPricePence;
      break;
    }
    case 'package': {
      const chosen = price.packages.find((p) => p.code.toUpperCase() === (request.packageCode ?? '').toUpperCase());
      allowance = Math.max(q, chosen?.units ?? q);
      rate = price.overageUnitPricePence;
      break;
    }
    case 'flat_plus_per_pupil':
    case 'subscription':
      rate = null;
      break;
  }
  return { allowanceHundredths: allowance * 100, overageUnitPricePence: overagePolicy === 'refuse' ? null : rate };
}
