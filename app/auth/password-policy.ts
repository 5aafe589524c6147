import { COMMON_PASSWORDS } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

/** Letters and digits in keyboard and alphabet order, forwards: runs like "abcdefgh" or "qwertyui". */
const SEQUENCES = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** The password with repeats of a short unit removed ("abcabcabc" → "abc", "aaaaaaaa" → "a"). */
function repeatedUnit(password: string): string {
  for (let size = 1; size <= password.length / 2; size++) {
    if (password.length % size !== 0) continue;
    const unit = password.slice(0, size);
    if (unit.repeat(password.length / size) === password) return unit;
  }
  return password;
}

function isRun(password: string): boolean {
  const reversed = [...password].reverse().join('');
  return SEQUENCES.some((sequence) => sequence.includes(password) || sequence.includes(reversed));
}

/** ASVS 5.0: length, not composition rules; refuse the passwords attackers try first. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'Password is too common: choose a password that is harder to guess';
  const unit = repeatedUnit(lower);
  if (unit.length <= 3 || new Set(lower).size <= 2)
    return 'Password must not be one character or a few characters repeated: use three or more words instead';
  if (isRun(unit)) return 'Password must not be a run of letters or numbers like abcdefgh or 12345678';
  const emailName = context.email?.split('@')[0]?.toLowerCase();
  if (emailName && emailName.length >= 4 && lower.includes(emailName))
    return 'Password must not contain your email address';
  if (emailName && emailName.length >= 3 && emailName.replace(/[^a-z0-9]/g, '') === lower.replace(/[^a-z0-9]/g, ''))
    return 'Password must not contain your email address';
  return null;
}
