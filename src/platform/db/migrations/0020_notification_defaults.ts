import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // A notification closed because its body did what it asked (forwarded the incident, decided the consent
  // request, acknowledged the share) says so: JSON of the action, its body and time. Null: not closed that way.
  // The default notification rules are not stored (a body without a row of its own follows the code's
  // defaults), so a deployment whose rules were never edited takes the new defaults with no data to change.
  await db.schema.alterTable('notifications').addColumn('closed_reason', 'text').execute();
  // A rule may ask acknowledgment only from a severity up (routine incidents inform). Rules written before
  // asked it at every severity, as null says: a body's own choice stays as it made it.
  await db.schema.alterTable('notification_rules').addColumn('ack_min_severity', 'text').execute();
}
