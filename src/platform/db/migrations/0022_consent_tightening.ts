import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // How an approval tightened what was asked (JSON [{field, asked, granted}]), computed by the server when the
  // body answered: the share itself then holds only the granted terms, and the center must see the difference.
  await db.schema.alterTable('consent_requests').addColumn('tightened', 'text').execute();
}
