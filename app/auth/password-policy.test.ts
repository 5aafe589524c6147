import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy';
import { providerCan, buyerCan } from './permissions';
import { safeReturnTo } from '../forms/safe-return';

describe('password policy', () => {
  it('refuses short and common passwords, with a reason', () => {
    expect(passwordProblem('short')).toMatch(/8 characters/);
    expect(passwordProblem('password1')).toMatch(/too common/);
    expect(passwordProblem('Password123')).toMatch(/too common/);
    expect(passwordProblem('jo.whitfield-2026', { email: 'jo.whitfield@example.com' })).toMatch(/email/);
  });
  it('accepts a long passphrase with no composition rules', () => {
    expect(passwordProblem('orange kettle seaside')).toBeNull();
  });
});

describe('permissions', () => {
  it('lets only admins manage users', () => {
    expect(providerCan('admin', 'users.manage')).toBe(true);
    expect(providerCan('finance', 'users.manage')).toBe(false);
    expect(providerCan('practitioner', 'users.manage')).toBe(false);
  });
  it('lets approvers approve but not business managers', () => {
    expect(buyerCan('approver', 'buy.approve')).toBe(true);
    expect(buyerCan('business_manager', 'buy.approve')).toBe(false);
  });
});

describe('returning after sign-in', () => {
  it('follows only same-site paths', () => {
    expect(safeReturnTo('/t/southampton')).toBe('/t/southampton');
    expect(safeReturnTo('//evil.example')).toBeNull();
    expect(safeReturnTo('https://evil.example')).toBeNull();
    expect(safeReturnTo('/\\evil.example')).toBeNull();
  });
});
