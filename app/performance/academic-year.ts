import { academicYearOf } from '../calendar/terms';
import type { IsoDate } from '../calendar/contract-year';
/**
 * Performance data is by academic year (September to August), held as the year it ends in:
 * 2025 is 2024/25, as the DfE's own column suffixes count (PTRWM_EXP_24 is 2023/24).
 */

export const FIRST_ACADEMIC_YEAR = 1990;
export const LAST_ACADEMIC_YEAR = 2100;

/** The academic year a day falls in, as the year it ends in: 2026-11-22 → 2027 (2026/27). */
export function academicYearEndingOf(day: IsoDate): number {
  return academicYearOf(day) + 1;
}

/** 2025 → "2024/25". */
export function academicYearLabel(endYear: number): string {
  return `${endYear - 1}/${String(endYear % 100).padStart(2, '0')}`;
}

/**
 * "2024/25", "2024-25", "2024 to 2025" or "2024/2025" → 2025; null when it is not an academic
 * year (the second year must follow the first).
 */
export function readAcademicYear(text: string): number | null {
  const match = /^(\d{4})\s*(?:\/|-|–|to)\s*(\d{2}|\d{4})$/i.exec(text.trim());
  if (!match) return null;
  const start = Number(match[1]);
  const end = match[2]!.length === 2 ? Math.floor(start / 100) * 100 + Number(match[2]) : Number(match[2]);
  const fixedEnd = match[2]!.length === 2 && end <= start ? end + 100 : end;
  if (fixedEnd !== start + 1) return null;
  if (fixedEnd < FIRST_ACADEMIC_YEAR || fixedEnd > LAST_ACADEMIC_YEAR) return null;
  return fixedEnd;
}
