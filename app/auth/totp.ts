import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { encodeBase32LowerCaseNoPadding, encodeBase32NoPadding } from '@oslojs/encoding';

// Time-based one-time passwords (RFC 6238) as every authenticator app reads them: HMAC-SHA1,
// 30-second steps, 6 digits. Real time always (never TRADED_TODAY).

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ISSUER = 'Traded';
export const RECOVERY_CODE_COUNT = 10;

/** A new 160-bit secret (RFC 4226's recommended length). */
export function generateTotpSecret(): Uint8Array {
  const secret = new Uint8Array(20);
  crypto.getRandomValues(secret);
  return secret;
}

export function totpStep(now: Date): bigint {
  return BigInt(Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS));
}

/**
 * The time-step a code was made for: the current one or one either side (a clock a little out, a
 * code typed as it changed). Null when it matches none. The step, not just yes or no, so that the
 * database can refuse a step already used.
 */
export function matchingStep(secret: Uint8Array, code: string, now: Date): bigint | null {
  const current = totpStep(now);
  for (const step of [current, current - 1n, current + 1n])
    if (verifyHOTP(secret, step, TOTP_DIGITS, code)) return step;
  return null;
}

/** What the QR code carries: an otpauth:// address naming the service and the person. */
export function totpKeyUri(secret: Uint8Array, accountName: string): string {
  return createTOTPKeyURI(TOTP_ISSUER, accountName, secret, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** The secret to type in, in groups of four (32 letters and digits; apps ignore the spaces). */
export function typedSecret(secret: Uint8Array): string {
  return encodeBase32NoPadding(secret)
    .match(/.{1,4}/g)!
    .join(' ');
}

/** A code as a person typed it: spaces and hyphens dropped. Null unless six digits remain. */
export function normaliseTotpCode(value: string): string | null {
  const code = value.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}

/** Ten recovery codes of ten letters and digits (50 bits each), shown as `abcde-fghij`. */
export function generateRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = new Uint8Array(7);
    crypto.getRandomValues(bytes);
    const letters = encodeBase32LowerCaseNoPadding(bytes).slice(0, 10);
    return `${letters.slice(0, 5)}-${letters.slice(5)}`;
  });
}

/** A recovery code as a person typed it: any case, spaces and hyphens dropped. Null unless ten remain. */
export function normaliseRecoveryCode(value: string): string | null {
  const code = value.replace(/[\s-]/g, '').toLowerCase();
  return /^[a-z2-7]{10}$/.test(code) ? code : null;
}
