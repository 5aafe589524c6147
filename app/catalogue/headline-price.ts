import { formatPence } from '../money';
import type { PriceModel } from '../pricing/price-model';
import { quote, type BuyerFacts, type UnitName } from '../pricing/quote';

/**
 * A price in a few words for a list of services, for one buyer: "£590.00 a day", "from £515.00 a
 * day", "£3,972.00 a year". A price that depends on the school (per pupil) is worked out by the
 * quote engine for the school's own roll, so it is the year's price that school would be quoted.
 */
export function headlinePrice(price: PriceModel, unit: UnitName, buyer: BuyerFacts): string {
  const a = `a ${unit.singular}`;
  switch (price.model) {
    case 'per_unit':
      return `${formatPence(price.unitPricePence)} ${a}`;
    case 'volume_bands':
    case 'graduated':
      return fromLowest(
        price.bands.map((b) => b.unitPricePence),
        (p) => `${formatPence(p)} ${a}`,
      );
    case 'package':
      return fromLowest(
        price.packages.map((p) => p.pricePence),
        (p) => {
          const cheapest = price.packages.find((x) => x.pricePence === p)!;
          return `${formatPence(p)} for ${cheapest.units} ${cheapest.units === 1 ? unit.singular : unit.plural}`;
        },
      );
    case 'subscription':
      return `${formatPence(price.annualPence)} a year`;
    case 'flat_plus_per_pupil': {
      const year = quote(price, buyer, { quantity: 1, unitName: unit });
      if (year.ok) return `${formatPence(year.totalPence)} a year`;
      return price.perPupilPence === 0
        ? `${formatPence(price.flatPence)} a year`
        : `${formatPence(price.flatPence)} a year plus ${formatPence(price.perPupilPence)} per pupil on roll`;
    }
  }
}

/** "from" only when there is more than one price to choose between. */
function fromLowest(amounts: number[], words: (pence: number) => string): string {
  const lowest = Math.min(...amounts);
  return `${amounts.some((p) => p !== lowest) ? 'from ' : ''}${words(lowest)}`;
}
