import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  generateRecoveryCodes,
  generateTotpSecret,
  matchingStep,
  normaliseRecoveryCode,
  normaliseTotpCode,
  totpKeyUri,
  totpStep,
  typedSecret,
} from './totp';

describe('TOTP codes', () => {
  const secret = new Uint8Array(Array.from({ length: 20 }, (_, i) => i + 1));
  const now = new Date('2026-12-02T09:00:10Z');
  const at = (step: bigint) => generateHOTP(secret, step, 6);

  it('matches the current step and one either side, and says which', () => {
    const step = totpStep(now);
    expect(matchingStep(secret, at(step), now)).toBe(step);
    expect(matchingStep(secret, at(step - 1n), now)).toBe(step - 1n);
    expect(matchingStep(secret, at(step + 1n), now)).toBe(step + 1n);
  });

  it('refuses codes two or more steps away, and any other secret', () => {
    const step = totpStep(now);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10_000 }), fc.boolean(), (distance, before) => {
        const other = before ? step - BigInt(distance) : step + BigInt(distance);
        const code = at(other);
        // A different step can give the same six digits by chance; only then may it match.
        const collides = [step - 1n, step, step + 1n].some((s) => at(s) === code);
        return collides || matchingStep(secret, code, now) === null;
      }),
    );
    expect(matchingStep(generateTotpSecret(), at(step), now)).toBeNull();
  });

  it('RFC 6238 test vector (SHA-1, 8 digits shown as 6): 59 seconds after the epoch gives 287082', () => {
    const rfcKey = new TextEncoder().encode('12345678901234567890');
    expect(matchingStep(rfcKey, '287082', new Date(59_000))).toBe(1n);
  });
});

describe('what a person sees and types', () => {
  it('writes the key in eight groups of four that decode to the secret', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (bytes) => {
        const typed = typedSecret(bytes);
        expect(typed).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
        expect(decodeBase32IgnorePadding(typed.replace(/ /g, ''))).toEqual(bytes);
      }),
    );
  });

  it('puts the service and the person in the QR code address', () => {
    const uri = new URL(totpKeyUri(new Uint8Array(20), 'sam@example.org'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Traded:sam@example.org');
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ issuer: 'Traded', digits: '6', period: '30' });
  });

  it('takes a code with spaces or a hyphen, and nothing but six digits', () => {
    expect(normaliseTotpCode(' 123 456 ')).toBe('123456');
    expect(normaliseTotpCode('123-456')).toBe('123456');
    for (const bad of ['', '12345', '1234567', '12345a', '１２３４５６']) expect(normaliseTotpCode(bad)).toBeNull();
  });

  it('issues ten different recovery codes that read back however they are typed', () => {
    const codes = generateRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
      expect(normaliseRecoveryCode(code.toUpperCase().replace('-', ' '))).toBe(code.replace('-', ''));
    }
    expect(normaliseRecoveryCode('abcde-fghi1')).toBeNull();
  });
});
