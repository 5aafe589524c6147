import { DomainError } from '../errors';
import { formatPence } from '../money';

/** The database's refusals of a statement or a netting, in words a person can act on. */
export function asNettingRefusal(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  if (code !== '42501') return error;
  if (message.includes('not a partner'))
    return new DomainError(
      'settlement.not_partner',
      'You and that council do not each supply the other, so there is nothing to net',
      'partner',
      409,
    );
  if (message.includes('Nothing is left to net'))
    return new DomainError(
      'settlement.nothing_to_net',
      'Nothing is left to net for this period: one of the two councils owes the other nothing',
      undefined,
      409,
    );
  const pence = /: (\d+) pence can be netted now/.exec(message)?.[1];
  if (pence !== undefined)
    return new DomainError(
      'settlement.changed',
      `The amounts owed have changed since you saw the statement: ${formatPence(Number(pence))} can be netted now. Check the statement and settle again`,
      undefined,
      409,
    );
  if (message.includes('Only finance'))
    return new DomainError(
      'settlement.not_finance',
      'Only finance of one of the two councils can settle their account by netting',
      undefined,
      403,
    );
  return error;
}
