import { DomainError } from '../errors';
import { tryAgainAt } from './try-again-at';

// What a person is told about a code, in one place: the sign-in step, setting up and removing.

export const ENTER_CODE_MESSAGE = 'Enter the 6-digit code from your authenticator app';
export const ENTER_RECOVERY_CODE_MESSAGE = 'Enter one of your recovery codes, like abcde-fghij';

export function wrongCode(field = 'code'): DomainError {
  return new DomainError('two_factor.wrong_code', 'That code did not work. Check your app and try again', field, 400);
}

export function wrongRecoveryCode(): DomainError {
  return new DomainError(
    'two_factor.wrong_recovery_code',
    'That recovery code did not work. Check it and try again: each code works once',
    'recoveryCode',
    400,
  );
}

export function codeAlreadyUsed(field = 'code'): DomainError {
  return new DomainError(
    'two_factor.code_used',
    'That code has already been used. Wait for your app to show a new code, then enter it',
    field,
    400,
  );
}

export function tooManyAttempts(retryAt: Date, now: Date, field = 'code'): DomainError {
  return new DomainError(
    'two_factor.locked',
    `Too many attempts with the wrong code. ${tryAgainAt(retryAt, now)}. If you have lost your authenticator app and your recovery codes, ask whoever manages Traded users in your organisation to help`,
    field,
    429,
  );
}

export function signInAgain(): DomainError {
  return new DomainError(
    'two_factor.challenge_ended',
    'Too many attempts, or this sign-in took longer than 10 minutes. Sign in again',
    undefined,
    401,
  );
}
