import { closeDatabase, getDatabase } from '../db/client.server';
import { migrateToLatest } from '../db/migrate.server';

const { db } = await getDatabase();
const applied = await migrateToLatest(db);
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date.');
await closeDatabase();
