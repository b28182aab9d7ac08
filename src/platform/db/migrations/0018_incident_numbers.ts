import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

/** The fiscal year (April to March) an instant falls in, in Japan's time: the deployments this backfill meets. */
function fiscalYearInTokyo(at: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: 'numeric',
  })
    .formatToParts(new Date(at))
    .reduce<Record<string, number>>((acc, p) => {
      acc[p.type] = Number(p.value);
      return acc;
    }, {});
  const year = parts.year ?? 0;
  return (parts.month ?? 1) >= 4 ? year : year - 1;
}

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  // One row per fiscal year holding its last number: a quick report takes the next one in a single upsert,
  // which on PostgreSQL locks that row until the report commits (or rolls back, giving the number back), so
  // that numbers are unique and without gaps however many reports arrive at once.
  await db.schema
    .createTable('incident_number_counters')
    .addColumn('fiscal_year', 'integer', (c) => c.primaryKey())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();
  // The number as people say it, YYYY-NNNNNN (the deployment's prefix is put before it when shown).
  await db.schema.alterTable('incidents').addColumn('number', 'text').execute();
  // What the report forms of JPCERT/CC and the ministries carry (response status, cause, next steps, contact
  // person, reports to the police and the PPC), as the latest report says it: JSON, like impact.
  await db.schema
    .alterTable('incidents')
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();

  // Existing incidents are numbered in the order they were reported, per fiscal year.
  const { rows } = await sql<{ id: string; reported_at: string }>`
    select id, reported_at from incidents order by reported_at, id`.execute(db);
  const last = new Map<number, number>();
  for (const row of rows) {
    const year = fiscalYearInTokyo(row.reported_at);
    const n = (last.get(year) ?? 0) + 1;
    last.set(year, n);
    const number = `${year}-${String(n).padStart(6, '0')}`;
    await sql`update incidents set number = ${number} where id = ${row.id}`.execute(db);
    // The number is searched like the reports' text.
    if (dialect === 'sqlite')
      await sql`update incident_search set body = body || ${`\n${number}`}
        where rowid = (select rowid from incidents where id = ${row.id})`.execute(db);
    else
      await sql`update incident_search set body = body || ${`\n${number}`} where incident_id = ${row.id}`.execute(
        db,
      );
  }
  for (const [year, n] of last)
    await sql`insert into incident_number_counters (fiscal_year, last_number) values (${year}, ${n})`.execute(
      db,
    );
  await db.schema.createIndex('incidents_number').unique().on('incidents').column('number').execute();
}
