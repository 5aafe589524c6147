import { closeDatabase } from '../db/client.server';
import { migrateToLatest } from '../db/migrate.server';
import { openDatabaseForCommand } from './open-database';
import { seedDemo } from '../db/seed';

const { db } = await openDatabaseForCommand();
await migrateToLatest(db);
await seedDemo(db, { log: console.log });
await closeDatabase();
