import { z } from 'zod';
import { normaliseRecoveryCode, normaliseTotpCode } from './totp';
import { ENTER_CODE_MESSAGE, ENTER_RECOVERY_CODE_MESSAGE } from './two-factor-errors';

/** A 6-digit code as typed (spaces and hyphens allowed), and where to go after signing in. */
export const codeForm = z.object({
  code: z
    .string({ error: ENTER_CODE_MESSAGE })
    .transform((value) => normaliseTotpCode(value) ?? '')
    .pipe(z.string().min(1, ENTER_CODE_MESSAGE)),
  returnTo: z.string().optional(),
});

export const recoveryCodeForm = z.object({
  recoveryCode: z
    .string({ error: ENTER_RECOVERY_CODE_MESSAGE })
    .transform((value) => normaliseRecoveryCode(value) ?? '')
    .pipe(z.string().min(1, ENTER_RECOVERY_CODE_MESSAGE)),
  returnTo: z.string().optional(),
});
