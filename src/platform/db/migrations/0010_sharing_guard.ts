import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  // What the guard of sharing recognises a report by, without reading every report: the winnowed
  // fingerprints of each report's normalised text ('q:…'), the canonical indicators it names ('4:…', 'h:…'…),
  // and a marker ('v:…') that the incident's reports were indexed by that version of the algorithm. Derived
  // data, written with each report; no foreign key, so that the report path pays no check per row.
  let fingerprints = db.schema
    .createTable('report_fingerprints')
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_fingerprints_pk', ['fingerprint', 'incident_id']);
  // On SQLite the primary key is the table: one B-tree, looked up by fingerprint.
  if (dialect === 'sqlite') fingerprints = fingerprints.modifyEnd(sql`without rowid`);
  await fingerprints.execute();

  // A body's other names (abbreviations such as METI or 経産省): JSON array of strings.
  await db.schema
    .alterTable('orgs')
    .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();

  // Four eyes for the center's own advisories: who changed the content after drafting (JSON array of user
  // ids), and who published it.
  await db.schema
    .alterTable('shares')
    .addColumn('edited_by', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('shares').addColumn('published_by', 'text').execute();
}
