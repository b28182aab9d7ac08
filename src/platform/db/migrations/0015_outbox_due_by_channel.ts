import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // A sender claims the due items of the channels it can send. The index on (sent_at, failed_at, available_at)
  // led it through every unsent item of every channel: with e-mail not configured (no SMTP server yet), each
  // poll for webhooks walked the whole e-mail backlog, a little longer at every report. Only unsent items are
  // indexed now, by channel first.
  await db.schema.dropIndex('outbox_due').execute();
  await db.schema
    .createIndex('outbox_due')
    .on('outbox')
    .columns(['channel', 'available_at'])
    .where(sql.ref('sent_at'), 'is', null)
    .where(sql.ref('failed_at'), 'is', null)
    .execute();
}
