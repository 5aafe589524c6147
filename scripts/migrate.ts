import { closeDatabase } from '../db/client.server';
import { migrateToLatest } from '../db/migrate.server';
import { openDatabaseForCommand } from './open-database';

const { db } = await openDatabaseForCommand();
const applied = await migrateToLatest(db);
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date.');
await closeDatabase();
