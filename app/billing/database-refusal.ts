import { DomainError } from '../errors';

/**
 * The database's own refusal (raised by refuse(), as insufficient_privilege): a rule about money
 * it keeps whatever the application does. Its message is written for people, so it is shown.
 */
export function asDomainRefusal(error: unknown, code: string, field?: string): unknown {
  if (error instanceof Error && (error as Error & { code?: unknown }).code === '42501')
    return new DomainError(code, error.message, field, 409);
  return error;
}
