import { getDatabase, type DatabaseHandle } from '../db/client.server';
import { EmbeddedDatabaseInUse } from '../db/embedded-lock.server';

/** A command's database: refuses with what to do, and no stack trace, while the server holds it. */
export async function openDatabaseForCommand(): Promise<DatabaseHandle> {
  try {
    return await getDatabase();
  } catch (error) {
    if (error instanceof EmbeddedDatabaseInUse) {
      console.error(error.message);
      process.exit(3);
    }
    throw error;
  }
}
