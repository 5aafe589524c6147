import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { randomBytesOnce } from '../http/random-bytes.server';

/** 160 random bits, base32: the secret that travels in a cookie or a link. */
export function generateToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytesOnce(20));
}

/** Only this hash is stored, so a leaked table does not leak live sessions or invitations. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
