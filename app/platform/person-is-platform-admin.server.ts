import { isPlatformAdmin } from '../../db/queries/platform-admins';
import { withPerson } from '../../db/scope.server';

/** Whether this signed-in person is a platform administrator (to offer the platform pages). */
export function personIsPlatformAdmin(userId: string): Promise<boolean> {
  return withPerson(userId, (tx) => isPlatformAdmin(tx, userId));
}
