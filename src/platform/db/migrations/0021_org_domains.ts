import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // A body's own DNS domains (JSON array): the hosts under them are internal, and a share that removes internal
  // addresses removes them too (fs01.example.go.jp survived when only private suffixes were known).
  await db.schema
    .alterTable('orgs')
    .addColumn('domains', 'text', (c) => c.notNull().defaultTo(sql`'[]'`))
    .execute();
}
