import type { Migration } from 'kysely';
import * as foundation from './20261122_0001_foundation';

/** Every migration, in order. A static list so the same code runs under tsx and in the Vite build. */
export const migrations: Record<string, Migration> = {
  '20261122_0001_foundation': foundation,
};
