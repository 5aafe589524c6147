import { formatPence, parsePounds, penceToPoundsText } from '../money';
import { instalmentPlans, priceModelSchema, roundingRules, type PriceModel } from './price-model';

/**
 * A price as flat text fields: the price form posts these, and a schedule CSV has one column each,
 * so people can keep price lists in spreadsheets. Amounts are pounds and pence ("565.00").
 */
export const PRICE_FIELDS = [
  'model',
  'unit_price',
  'bands',
  'flat_fee',
  'per_pupil',
  'phase_prices',
  'packages',
  'carry_over',
  'overage_unit_price',
  'annual_price',
  'instalments',
  'included_units',
  'minimum_charge',
  'rounding',
] as const;
export type PriceFields = Partial<Record<(typeof PRICE_FIELDS)[number], string>>;

export const MODEL_NAMES: Record<PriceModel['model'], string> = {
  per_unit: 'Per unit',
  volume_bands: 'Volume bands (the band reached prices the whole quantity)',
  graduated: 'Graduated tiers (each band priced separately)',
  flat_plus_per_pupil: 'Flat fee plus per pupil on roll',
  package: 'Packages drawn down as an allowance',
  subscription: 'Annual subscription paid in instalments',
};

export interface FieldProblem {
  field: string;
  message: string;
}

function splitList(text: string): string[] {
  return text
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function amount(
  text: string | undefined,
  field: string,
  label: string,
  problems: FieldProblem[],
  required = true,
): number | null {
  const value = (text ?? '').trim();
  if (value === '') {
    if (required) problems.push({ field, message: `Enter ${label} in pounds and pence, like 565.00` });
    return null;
  }
  const pence = parsePounds(value);
  if (pence === null)
    problems.push({
      field,
      message: `${label[0]!.toUpperCase()}${label.slice(1)} must be in pounds and pence, like 565.00 (not "${value}")`,
    });
  else if (pence < 0)
    problems.push({ field, message: `${label[0]!.toUpperCase()}${label.slice(1)} cannot be negative` });
  return pence;
}

/** Turns the text fields into a validated price, or says what to fix in which field. */
export function parsePriceFields(
  fields: PriceFields,
): { ok: true; price: PriceModel } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const model = (fields.model ?? '').trim();
  const common = {
    minimumChargePence: amount(fields.minimum_charge, 'minimum_charge', 'the minimum charge', problems, false) ?? 0,
    rounding: (fields.rounding ?? '').trim() || 'penny',
  };
  if (!(roundingRules as readonly string[]).includes(common.rounding))
    problems.push({ field: 'rounding', message: `Rounding must be one of ${roundingRules.join(', ')}` });

  let candidate: unknown;
  switch (model) {
    case 'per_unit':
      candidate = {
        model,
        unitPricePence: amount(fields.unit_price, 'unit_price', 'the price per unit', problems),
        ...common,
      };
      break;
    case 'volume_bands':
    case 'graduated': {
      const bands = splitList(fields.bands ?? '').map((part) => {
        const match = /^(\d+)\s*(?:-\s*(\d+)|(\+))\s*:\s*(.+)$/.exec(part);
        if (!match) {
          problems.push({
            field: 'bands',
            message: `Write each band as "from-to: price" or "from+: price", like "4-10: 500.00" (not "${part}")`,
          });
          return null;
        }
        return {
          from: Number(match[1]),
          to: match[3] ? null : Number(match[2]),
          unitPricePence: amount(
            match[4],
            'bands',
            `the band price for ${match[1]}${match[3] ? '+' : `-${match[2]}`}`,
            problems,
          ),
        };
      });
      if (bands.length === 0)
        problems.push({ field: 'bands', message: 'Enter at least one band, like "1-3: 565.00; 4+: 500.00"' });
      candidate = { model, bands: bands.filter(Boolean), ...common };
      break;
    }
    case 'flat_plus_per_pupil': {
      const byPhase: Record<string, { flatPence: number | null; perPupilPence: number | null }> = {};
      for (const part of splitList(fields.phase_prices ?? '')) {
        const match = /^([^:]+):\s*([^+]+)\+\s*(.+)$/.exec(part);
        if (!match) {
          problems.push({
            field: 'phase_prices',
            message: `Write each phase as "Phase: flat + per pupil", like "Secondary: 600.00 + 1.50" (not "${part}")`,
          });
          continue;
        }
        byPhase[match[1]!.trim()] = {
          flatPence: amount(match[2], 'phase_prices', `the flat fee for ${match[1]!.trim()}`, problems),
          perPupilPence: amount(match[3], 'phase_prices', `the per-pupil price for ${match[1]!.trim()}`, problems),
        };
      }
      candidate = {
        model,
        flatPence: amount(fields.flat_fee, 'flat_fee', 'the flat fee', problems),
        perPupilPence: amount(fields.per_pupil, 'per_pupil', 'the price per pupil', problems),
        byPhase,
        ...common,
      };
      break;
    }
    case 'package': {
      const packages = splitList(fields.packages ?? '').map((part) => {
        const bits = part.split('|').map((b) => b.trim());
        if (bits.length !== 4 || !/^\d+$/.test(bits[2]!)) {
          problems.push({
            field: 'packages',
            message: `Write each package as "CODE | Name | units | price", like "SILVER | Silver | 10 | 3500.00" (not "${part}")`,
          });
          return null;
        }
        return {
          code: bits[0]!.toUpperCase(),
          name: bits[1]!,
          units: Number(bits[2]),
          pricePence: amount(bits[3], 'packages', `the price of ${bits[1]}`, problems),
        };
      });
      if (packages.length === 0)
        problems.push({
          field: 'packages',
          message: 'Enter at least one package, like "SILVER | Silver | 10 | 3500.00"',
        });
      const carry = (fields.carry_over ?? '').trim().toLowerCase();
      if (!['yes', 'no', ''].includes(carry))
        problems.push({ field: 'carry_over', message: 'Carry-over must be yes or no' });
      candidate = {
        model,
        packages: packages.filter(Boolean),
        carryOver: carry === 'yes',
        overageUnitPricePence: amount(
          fields.overage_unit_price,
          'overage_unit_price',
          'the price per unit beyond the package',
          problems,
          false,
        ),
        ...common,
      };
      break;
    }
    case 'subscription': {
      const plan = (fields.instalments ?? '').trim() || 'annual';
      if (!(instalmentPlans as readonly string[]).includes(plan))
        problems.push({ field: 'instalments', message: `Instalments must be one of ${instalmentPlans.join(', ')}` });
      const included = (fields.included_units ?? '').trim();
      if (included !== '' && !/^[1-9]\d{0,3}$/.test(included))
        problems.push({
          field: 'included_units',
          message: 'Enter the units included as a whole number from 1 to 9999, like 6, or leave it blank',
        });
      candidate = {
        model,
        annualPence: amount(fields.annual_price, 'annual_price', 'the annual price', problems),
        instalments: plan,
        ...(included === '' ? {} : { includedUnits: Number(included) }),
        ...common,
      };
      break;
    }
    default:
      problems.push({ field: 'model', message: `Select a pricing model (${Object.keys(MODEL_NAMES).join(', ')})` });
  }
  if (problems.length > 0) return { ok: false, problems };
  const parsed = priceModelSchema.safeParse(candidate);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({ field: fieldOf(issue.path), message: issue.message })),
    };
  return { ok: true, price: parsed.data };
}

function fieldOf(path: PropertyKey[]): string {
  const head = String(path[0] ?? 'model');
  const map: Record<string, string> = {
    unitPricePence: 'unit_price',
    bands: 'bands',
    flatPence: 'flat_fee',
    perPupilPence: 'per_pupil',
    byPhase: 'phase_prices',
    packages: 'packages',
    overageUnitPricePence: 'overage_unit_price',
    annualPence: 'annual_price',
    instalments: 'instalments',
    includedUnits: 'included_units',
    minimumChargePence: 'minimum_charge',
    rounding: 'rounding',
  };
  return map[head] ?? 'model';
}

/** The inverse, for exporting and for filling the form with the price as it stands. */
export function priceToFields(price: PriceModel): Required<PriceFields> {
  const blank = Object.fromEntries(PRICE_FIELDS.map((f) => [f, ''])) as Required<PriceFields>;
  const out: Required<PriceFields> = {
    ...blank,
    model: price.model,
    minimum_charge: price.minimumChargePence ? penceToPoundsText(price.minimumChargePence) : '',
    rounding: price.rounding === 'penny' ? '' : price.rounding,
  };
  switch (price.model) {
    case 'per_unit':
      out.unit_price = penceToPoundsText(price.unitPricePence);
      break;
    case 'volume_bands':
    case 'graduated':
      out.bands = price.bands
        .map((b) => `${b.from}${b.to === null ? '+' : `-${b.to}`}: ${penceToPoundsText(b.unitPricePence)}`)
        .join('; ');
      break;
    case 'flat_plus_per_pupil':
      out.flat_fee = penceToPoundsText(price.flatPence);
      out.per_pupil = penceToPoundsText(price.perPupilPence);
      out.phase_prices = Object.entries(price.byPhase)
        .map(([phase, p]) => `${phase}: ${penceToPoundsText(p.flatPence)} + ${penceToPoundsText(p.perPupilPence)}`)
        .join('; ');
      break;
    case 'package':
      out.packages = price.packages
        .map((p) => `${p.code} | ${p.name} | ${p.units} | ${penceToPoundsText(p.pricePence)}`)
        .join('; ');
      out.carry_over = price.carryOver ? 'yes' : 'no';
      out.overage_unit_price =
        price.overageUnitPricePence === null ? '' : penceToPoundsText(price.overageUnitPricePence);
      break;
    case 'subscription':
      out.annual_price = penceToPoundsText(price.annualPence);
      out.instalments = price.instalments;
      out.included_units = price.includedUnits === undefined ? '' : String(price.includedUnits);
      break;
  }
  return out;
}

/** One line a person can read: "£565.00 a day up to 3 days, …". */
export function describePrice(price: PriceModel, unit: { singular: string; plural: string }): string {
  const min = price.minimumChargePence ? ` (minimum charge ${formatPence(price.minimumChargePence)})` : '';
  switch (price.model) {
    case 'per_unit':
      return `${formatPence(price.unitPricePence)} a ${unit.singular}${min}`;
    case 'volume_bands':
    case 'graduated':
      return (
        price.bands
          .map(
            (b) =>
              `${formatPence(b.unitPricePence)} a ${unit.singular} for ${b.to === null ? `${b.from} or more` : `${b.from} to ${b.to}`}`,
          )
          .join('; ') +
        (price.model === 'graduated' ? ' (each band priced separately)' : '') +
        min
      );
    case 'flat_plus_per_pupil':
      return price.perPupilPence === 0
        ? `${formatPence(price.flatPence)}${min}`
        : `${formatPence(price.flatPence)} plus ${formatPence(price.perPupilPence)} per pupil on roll${min}`;
    case 'package':
      return (
        price.packages.map((p) => `${p.name}: ${p.units} ${unit.plural} for ${formatPence(p.pricePence)}`).join('; ') +
        (price.overageUnitPricePence === null
          ? '; no use beyond the package'
          : `; then ${formatPence(price.overageUnitPricePence)} a ${unit.singular}`) +
        (price.carryOver ? '; unused units carry over' : '') +
        min
      );
    case 'subscription':
      return `${formatPence(price.annualPence)} a year${
        price.includedUnits === undefined
          ? ''
          : `, including ${price.includedUnits} ${price.includedUnits === 1 ? unit.singular : unit.plural}`
      }${min}`;
  }
}
