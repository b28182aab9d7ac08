import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // A file attached by mistake (the wrong log, citizens' personal data) is withdrawn by its body: its bytes are
  // erased, its name, size and SHA-256 stay on the record with who withdrew it, when and why.
  for (const column of ['withdrawn_at', 'withdrawn_by', 'withdrawal_reason'])
    await db.schema.alterTable('attachments').addColumn(column, 'text').execute();
}
