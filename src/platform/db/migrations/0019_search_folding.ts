import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

// Incident search matches a folded copy of the search text (NFKC, case, dashes, the optional final long vowel
// mark: half-width ﾗﾝｻﾑ finds ランサム, ＲＡＮＳＯＭ finds ransom, サーバー finds サーバ). The text as written
// stays in `body`, which the guard of sharing reads; `folded` is what is indexed, and every existing row is
// folded here with a copy of the application's function as it was when this migration was written.

const IGNORABLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const SPACES = /\p{White_Space}+/gu;
const DASHES = /[\u2010-\u2015\u2212\uFE63\uFF0D]/g;
const DASH_AS_LONG_VOWEL = /(?<=[\u30A1-\u30FA\u30FC])-(?=[\u30A1-\u30FA\u30FC]|[^\p{L}\p{N}]|$)/gu;
const OPTIONAL_LONG_VOWEL = /(?<=[\u30A1-\u30FA\u30FC]{3})\u30FC+(?![\u30A1-\u30FA\u30FC])/gu;

function fold(text: string): string {
  return text
    .replace(IGNORABLE, '')
    .normalize('NFKC')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKC')
    .replace(DASHES, '-')
    .replace(/\u301C/g, '~')
    .replace(DASH_AS_LONG_VOWEL, '\u30FC')
    .replace(OPTIONAL_LONG_VOWEL, '')
    .replace(SPACES, ' ');
}

const BATCH = 500;

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') {
    // An FTS5 table takes no new column: a new one is filled by rowid (the incident's, see the repository) and
    // takes the old one's name. Only `folded` is indexed; `body` is kept, unindexed.
    await sql`create virtual table incident_search_folded
      using fts5(incident_id unindexed, body unindexed, folded, tokenize = 'trigram')`.execute(db);
    let after = -1;
    for (;;) {
      const rows = (
        await sql<{ rowid: number; incident_id: string; body: string }>`select rowid, incident_id, body
          from incident_search where rowid > ${after} order by rowid limit ${BATCH}`.execute(db)
      ).rows;
      const last = rows.at(-1);
      if (!last) break;
      for (const r of rows)
        await sql`insert into incident_search_folded (rowid, incident_id, body, folded)
          values (${r.rowid}, ${r.incident_id}, ${r.body}, ${fold(r.body)})`.execute(db);
      after = last.rowid;
    }
    await sql`drop table incident_search`.execute(db);
    await sql`alter table incident_search_folded rename to incident_search`.execute(db);
    return;
  }
  await sql`alter table incident_search add column folded text not null default ''`.execute(db);
  let after = '';
  for (;;) {
    const rows = (
      await sql<{ incident_id: string; body: string }>`select incident_id, body from incident_search
        where incident_id > ${after} order by incident_id limit ${BATCH}`.execute(db)
    ).rows;
    const last = rows.at(-1);
    if (!last) break;
    for (const r of rows)
      await sql`update incident_search set folded = ${fold(r.body)} where incident_id = ${r.incident_id}`.execute(
        db,
      );
    after = last.incident_id;
  }
  // Search reads `folded` only: the index moves to it (one trigram index to keep up on every report, as before).
  await sql`drop index incident_search_trgm`.execute(db);
  await sql`create index incident_search_trgm on incident_search using gin (folded gin_trgm_ops)`.execute(db);
}
