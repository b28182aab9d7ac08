import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  // Signed checkpoints of the audit chain, numbered without gaps. The database keeps them to order them among
  // several nodes and to mirror them into the anchor file after a crash; what proves anything is the signed
  // `line`, kept outside the database too (file, e-mail, webhook).
  await db.schema
    .createTable('audit_anchors')
    .addColumn('n', big, (c) => c.primaryKey())
    .addColumn('audit_seq', big, (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('line', 'text', (c) => c.notNull())
    .execute();

  // Who stored an idempotent answer: a replay goes only to the same user in the same body and role.
  await db.schema.alterTable('idempotency_keys').addColumn('actor_role', 'text').execute();
  await db.schema.alterTable('idempotency_keys').addColumn('actor_org_id', 'text').execute();
}
