import type { VatCode } from '../../db/schema';

/** The rate each VAT code charges, in basis points (2000 = 20%). */
export const VAT_RATE_BASIS_POINTS: Record<VatCode, number> = { S: 2000, E: 0, O: 0, Z: 0 };

/** VAT on one line: net × rate, rounded half up to the penny (away from zero for a negative net). */
export function lineVatPence(netPence: number, code: VatCode): number {
  if (!Number.isSafeInteger(netPence)) throw new RangeError(`lineVatPence needs whole pence, got ${netPence}`);
  const rate = BigInt(VAT_RATE_BASIS_POINTS[code]);
  const net = BigInt(Math.abs(netPence));
  const scaled = net * rate;
  let vat = scaled / 10000n;
  if ((scaled % 10000n) * 2n >= 10000n) vat += 1n;
  return netPence < 0 ? -Number(vat) : Number(vat);
}

export interface VatLine {
  netPence: number;
  vatCode: VatCode;
  vatPence: number;
}

export interface VatTotal {
  vatCode: VatCode;
  rateBasisPoints: number;
  netPence: number;
  vatPence: number;
}

/** Totals by VAT code in a fixed order (standard, zero, exempt, outside scope), only codes used. */
export function totalsByRate(lines: readonly VatLine[]): {
  byRate: VatTotal[];
  netPence: number;
  vatPence: number;
  totalPence: number;
} {
  const order: VatCode[] = ['S', 'Z', 'E', 'O'];
  const byRate = order
    .map((vatCode) => {
      const of = lines.filter((l) => l.vatCode === vatCode);
      return {
        vatCode,
        rateBasisPoints: VAT_RATE_BASIS_POINTS[vatCode],
        netPence: of.reduce((s, l) => s + l.netPence, 0),
        vatPence: of.reduce((s, l) => s + l.vatPence, 0),
        count: of.length,
      };
    })
    .filter((t) => t.count > 0)
    .map(({ count: _count, ...t }) => t);
  const netPence = byRate.reduce((s, t) => s + t.netPence, 0);
  const vatPence = byRate.reduce((s, t) => s + t.vatPence, 0);
  return { byRate, netPence, vatPence, totalPence: netPence + vatPence };
}
