import type { PriceModel } from '../pricing/price-model';

/**
 * What a line buys, in hundredths of a unit (so half days are exact), and the agreed rate for use
 * beyond it: the unit rate, the band rate reached, or the package's overage rate; none where the
 * service refuses use beyond what was bought. A price that is not per unit (flat fee plus per
 * pupil, a subscription without included units) has no allowance: delivery is recorded against
 * it and nothing is drawn down.
 */
export function allowanceFor(
  price: PriceModel,
  request: { quantity: number; packageCode?: string | null },
  overagePolicy: 'charge' | 'refuse',
): { allowanceHundredths: number | null; overageUnitPricePence: number | null } {
  const q = request.quantity;
  let allowance: number | null = q;
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
      allowance = null;
      break;
    case 'subscription':
      allowance = price.includedUnits === undefined ? null : price.includedUnits * q;
      break;
  }
  return {
    allowanceHundredths: allowance === null ? null : allowance * 100,
    overageUnitPricePence: overagePolicy === 'refuse' || allowance === null ? null : rate,
  };
}
