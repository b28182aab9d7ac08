import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // Situation reports (状況報告): drafted by the center, issued to the bodies in scope as 第n報 (numbered per
  // situation in issue order), corrected as new versions (版) of the same number. Every version is a row; a
  // draft has no number until it is issued. Issued rows are never updated.
  await db.schema
    .createTable('situation_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('situation_id', 'text', (c) => c.notNull().references('situations.id'))
    // draft | issued
    .addColumn('status', 'text', (c) => c.notNull())
    // Null while a draft; 1, 2, 3… per situation once issued.
    .addColumn('number', 'integer')
    // 1 for the report as first issued, 2… for each correction.
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // none | totals | by-ministry: which roll-call counts the center chose to include.
    .addColumn('counts_kind', 'text', (c) => c.notNull())
    // JSON snapshot of the board's counts at issue (null for a draft or when none are included).
    .addColumn('counts', 'text')
    // What a correction changed (null for version 1).
    .addColumn('change_note', 'text')
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text')
    .addColumn('issued_by', 'text', (c) => c.references('users.id'))
    // Optimistic concurrency of a draft's edits.
    .addColumn('row_version', 'integer', (c) => c.notNull())
    .execute();
  // One row per number and version of a situation: two issues at once cannot take one number (drafts have none).
  await db.schema
    .createIndex('situation_reports_number')
    .on('situation_reports')
    .columns(['situation_id', 'number', 'version'])
    .unique()
    .execute();
  await db.schema
    .createIndex('situation_reports_situation')
    .on('situation_reports')
    .columns(['situation_id', 'status', 'created_at'])
    .execute();
  // How often the center means to report (minutes), per situation that has an interval; and the due time of
  // which its coordinators were last reminded (each due report is reminded of once).
  await db.schema
    .createTable('situation_report_schedules')
    .addColumn('situation_id', 'text', (c) => c.primaryKey().references('situations.id'))
    .addColumn('interval_minutes', 'integer', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reminded_due_at', 'text')
    .execute();
}
