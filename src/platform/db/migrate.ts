import { type Kysely, Migrator } from 'kysely';
import type { DatabaseHandle } from './database.js';
import { migrationsFor } from './migrations/registry.js';

/** Applies every pending migration; returns the names applied. Throws on the first failure. */
export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  const migrator = new Migrator({
    db: handle.db as unknown as Kysely<unknown>,
    provider: { getMigrations: async () => migrationsFor(handle.dialect) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if ((results ?? []).some((r) => r.status === 'Success')) handle.schemaChanged?.();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
