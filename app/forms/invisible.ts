/**
 * The one rule for characters nobody types: C0 and C1 control characters and DEL are refused
 * everywhere (PostgreSQL cannot store NUL at all, and the rest only confuse whoever reads them
 * later), except tab, line feed and carriage return, which a textarea legitimately sends.
 */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export function hasInvisibleCharacter(value: string): boolean {
  return INVISIBLE.test(value);
}

export const INVISIBLE_CHARACTER_MESSAGE =
  'Remove the invisible character from this answer: it may have been pasted in with the text';

/** A search box's text without invisible characters, at most `max` long (a search never fails for them). */
export function searchText(value: string | null, max = 100): string {
  return (value ?? '')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .trim()
    .slice(0, max);
}
