import type { UnitKind } from '../../db/schema';
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

/** "1 day", "2.5 days": an amount of a unit for people to read. */
export function formatAmount(hundredths: number, unit: { singular: string; plural: string }): string {
  return `${formatUnits(hundredths)} ${hundredths === 100 ? unit.singular : unit.plural}`;
}

/** How much of a new delivery falls beyond what was bought, given what was recorded before. */
export function beyondAllowance(deliveredBefore: number, units: number, allowance: number | null): number {
  if (allowance === null) return 0;
  return Math.max(0, deliveredBefore + units - allowance) - Math.max(0, deliveredBefore - allowance);
}

/**
 * The most one practitioner can deliver of a unit on one date for one line, in hundredths: one
 * day, two sessions (morning and afternoon), a twelve-hour day; none for units that are not time.
 */
export const PER_DATE_CAPACITY_HUNDREDTHS: Record<UnitKind, number | null> = {
  day: 100,
  session: 200,
  hour: 1200,
  meeting: null,
  place: null,
  pupil: null,
  package: null,
};

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
