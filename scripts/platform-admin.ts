import { closeDatabase } from '../db/client.server';
import { migrateToLatest } from '../db/migrate.server';
import { findUserIdByEmail } from '../db/queries/platform';
import { ensurePlatformAdmin } from '../db/queries/platform-admins';
import { openDatabaseForCommand } from './open-database';

// npm run platform:admin -- EMAIL: makes an existing person a platform administrator (with the
// server stopped on the embedded database; at any time on PostgreSQL).
const email = process.argv[2];
if (!email) {
  console.error('Usage: npm run platform:admin -- person@example.gov.uk');
  process.exit(2);
}
const { db } = await openDatabaseForCommand();
await migrateToLatest(db);
const userId = await findUserIdByEmail(db, email);
if (!userId) {
  await closeDatabase();
  console.error(`Nobody signs in as ${email} yet: invite them to a tenant first, then run this again.`);
  process.exit(1);
}
await ensurePlatformAdmin(db, userId);
await closeDatabase();
console.log(`${email} is a platform administrator: they import schools at /platform/schools.`);
