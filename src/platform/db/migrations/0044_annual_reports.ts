import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // The annual report (年次報告書, issue 15 point 5): one per fiscal year, drafted by the center, reviewed by each
  // ministry, then final: its numbers and text are stored with their SHA-256 so that it never changes again.
  await db.schema
    .createTable('annual_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scoring', 'text', (c) => c.notNull())
    .addColumn('foreword_ja', 'text', (c) => c.notNull())
    .addColumn('foreword_en', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('content', 'text')
    .addColumn('sha256', 'text')
    .addColumn('finalized_by', 'text')
    .addColumn('finalized_at', 'text')
    .execute();
  // A ministry's comments on its own section while the report is a draft.
  await db.schema
    .createTable('annual_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('annual_reports.id'))
    .addColumn('ministry_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('annual_comments_by_section')
    .on('annual_comments')
    .columns(['report_id', 'ministry_id', 'created_at'])
    .execute();
}
