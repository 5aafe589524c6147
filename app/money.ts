/** Money is integer pence; these are the only conversions to and from what people type and read. */

const POUNDS = /^-?£?\s*(\d{1,3}(,\d{3})+|\d+)(\.(\d{1,2}))?$/;

/** "£1,234.5" → 123450; null when it is not an amount in pounds and pence. */
export function parsePounds(text: string): number | null {
  const trimmed = text.trim();
  const match = POUNDS.exec(trimmed);
  if (!match) return null;
  const whole = Number(match[1]!.replace(/,/g, ''));
  const fraction = Number((match[4] ?? '').padEnd(2, '0') || '0');
  const pence = whole * 100 + fraction;
  if (!Number.isSafeInteger(pence)) return null;
  return trimmed.startsWith('-') ? -pence : pence;
}

export function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 94494 → "£944.94"; -100 → "-£1.00". Exact for any whole number of pence; refuses fractions. */
export function formatPence(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`formatPence needs whole pence, got ${String(pence)}`);
  const negative = pence < 0;
  const abs = BigInt(negative ? -pence : pence);
  return `${negative ? '-' : ''}£${groupDigits((abs / 100n).toString())}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** 56500 → "565.00": for CSV cells and form fields. */
export function penceToPoundsText(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
