import { closeDatabase, getDatabase } from '../db/client.server';
import { migrateToLatest } from '../db/migrate.server';
import { seedDemo } from '../db/seed';

const { db } = await getDatabase();
await migrateToLatest(db);
await seedDemo(db, { log: console.log });
await closeDatabase();
