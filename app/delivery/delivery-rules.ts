import { roundHalfUp } from '../pricing/quote';

/** "1.5" or "0.25" units → hundredths (150, 25); null when not a positive amount in quarters or hundredths. */
export function parseUnits(text: string): number | null {
  const match = /^(\d{1,4})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0') || '0');
  return hundredths > 0 ? hundredths : null;
}

export function formatUnits(hundredths: number): string {
  const whole = Math.floor(hundredths / 100);
  const rest = hundredths % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

/** How much of a new delivery falls beyond what was bought, given what was delivered before. */
export function beyondAllowance(deliveredBefore: number, units: number, allowance: number): number {
  return Math.max(0, deliveredBefore + units - allowance) - Math.max(0, deliveredBefore - allowance);
}

/** The charge for units beyond the allowance at the agreed rate, to the penny (half up). */
export function overageCharge(beyondHundredths: number, unitPricePence: number): number {
  return roundHalfUp(BigInt(beyondHundredths) * BigInt(unitPricePence), 100n);
}

export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

export const WORK_TYPES = [
  'Visit',
  'Consultation',
  'Statutory assessment',
  'Supported self-review',
  'Progress review group',
  'Training',
  'Meeting',
  'Report writing',
  'Other',
] as const;
