import { type Kysely, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { foldForSearch } from '../../src/features/incidents/incidents.search.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { migrationsFor } from '../../src/platform/db/migrations/registry.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

// Migration 0019 folds the search text of incidents filed before it, so that a search after the upgrade finds
// them in any width and case, as it finds those filed after.
describe.each(DIALECTS)('migration 0019_search_folding on %s', (dialect) => {
  let destroy: (() => Promise<void>) | undefined;
  afterEach(async () => destroy?.());

  it('folds the search text of every earlier incident and keeps the text as written', async () => {
    const handle = await createTestDatabase(dialect, { migrate: false });
    destroy = () => handle.destroy();
    const db = handle.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    const migrator = new Migrator({
      db: db as unknown as Kysely<unknown>,
      provider: { getMigrations: async () => migrationsFor(handle.dialect) },
    });
    expect((await migrator.migrateTo('0015_outbox_due_by_channel')).error).toBeUndefined();
    const at = '2026-11-25T03:00:00.000Z';
    await db
      .insertInto('orgs')
      .values({ id: 'org-a', slug: 'a', kind: 'ministry', name_ja: 'A', name_en: 'A', created_at: at })
      .execute();
    await db
      .insertInto('users')
      .values({
        id: 'u-1',
        org_id: 'org-a',
        email: 'a@example.go.jp',
        role: 'reporter',
        display_name: 'A',
        created_at: at,
      })
      .execute();
    const texts = ['ﾗﾝｻﾑｳｪｱ感染 ＲＡＮＳＯＭ note', 'ファイルサーバー停止', 'plain'];
    for (const [i, body] of texts.entries()) {
      const id = `inc-${i}`;
      await db
        .insertInto('incidents')
        .values({
          id,
          org_id: 'org-a',
          exercise_id: null,
          status: 'open',
          title: body,
          summary: '',
          category: null,
          severity: null,
          tlp: 'TLP:AMBER',
          impact: '{}',
          affected_systems: '[]',
          detected_at: at,
          reported_at: at,
          last_report_at: at,
          final_at: null,
          report_count: 1,
          ministry_received_at: null,
          center_received_at: null,
          reporting_due_at: at,
          created_by: 'u-1',
        })
        .execute();
      if (dialect === 'sqlite')
        await sql`insert into incident_search (rowid, incident_id, body)
          values ((select rowid from incidents where id = ${id}), ${id}, ${body})`.execute(db);
      else await db.insertInto('incident_search').values({ incident_id: id, body }).execute();
    }

    expect(await migrateToLatest(handle)).toContain('0019_search_folding');

    const rows = await db
      .selectFrom('incident_search')
      .select(['incident_id', 'body', 'folded'])
      .orderBy('incident_id')
      .execute();
    // 0018 numbered the incidents first (fiscal 2026, in the order reported) and added the number to their text.
    const bodies = texts.map((text, i) => `${text}\n2026-00000${i + 1}`);
    expect(rows).toEqual(
      bodies.map((body, i) => ({ incident_id: `inc-${i}`, body, folded: foldForSearch(body) })),
    );
    expect(rows[0]?.folded).toBe('ランサムウェア感染 ransom note 2026-000001');
    expect(rows[1]?.folded).toBe('ファイルサーバ停止 2026-000002');
    // The index answers on the folded text (FTS5 match on SQLite, the trigram index's `like` on PostgreSQL).
    const found =
      dialect === 'sqlite'
        ? await sql<{ incident_id: string }>`select incident_id from incident_search
            where incident_search match ${'"ランサム"'}`.execute(db)
        : await sql<{ incident_id: string }>`select incident_id from incident_search
            where folded like ${'%ランサム%'}`.execute(db);
    expect(found.rows.map((r) => r.incident_id)).toEqual(['inc-0']);
  });
});
