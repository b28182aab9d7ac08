import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, SORTS } from '../../src/features/incidents/incidents.cursor.js';
import { type IncidentRow, incidentsRepository } from '../../src/features/incidents/incidents.repository.js';
import { behindQuery, pendingQuery } from '../../src/features/sharing/sharing.fingerprints.js';
import { addressedToQuery } from '../../src/platform/events/events.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * The plan of a query as each dialect explains it. On PostgreSQL the named ways are turned off for it: tables
 * this small are cheaper to scan and sort, and the test is whether the planner can use the index at all.
 */
async function planOf(
  t: TestApp,
  query: { sql: string; parameters: readonly unknown[] },
  off: readonly ('seqscan' | 'sort' | 'bitmapscan')[],
): Promise<string> {
  return t.handle.db.transaction().execute(async (tx) => {
    if (t.handle.dialect === 'postgres')
      for (const way of off) await sql.raw(`set local enable_${way} = off`).execute(tx);
    const explain = t.handle.dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
    const result = await tx.executeQuery(CompiledQuery.raw(explain + query.sql, [...query.parameters]));
    return JSON.stringify(result.rows);
  });
}

// The list is fast only if each sort, walked along the incidents, reads the index of migration 0002 made for
// it: a query spelled differently from its index (the severity rank above all) silently falls back to sorting.

const INDEX = {
  'reported-desc': 'incidents_reported_id',
  'reported-asc': 'incidents_reported_id',
  'last-report-desc': 'incidents_last_report_id',
  'severity-desc': 'incidents_severity_rank',
} as const;

describe.each(DIALECTS)('query plans of the incident list on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const row = {
    id: '01a2149a-0000-7000-8000-000000000000',
    reported_at: '2026-11-25T03:00:00.000Z',
    last_report_at: '2026-11-25T03:00:00.000Z',
    severity: 'medium',
  } as IncidentRow;

  it.each(SORTS)('%s pages along its index, with and without a cursor', async (sort) => {
    for (const after of [undefined, decodeCursor(encodeCursor(sort, row), sort)]) {
      const query = incidentsRepository
        .pageQuery(
          t.handle.db,
          t.handle.dialect,
          { readerOrgId: 'x', terms: [] },
          {
            sort,
            after,
            limit: 51,
            drive: 'incidents',
          },
        )
        .compile();
      const plan = await planOf(t, query, ['seqscan', 'sort']);
      expect(plan, `${sort} ${after ? 'after a cursor' : 'first page'}`).toContain(INDEX[sort]);
      expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY|"Sort/);
    }
  });
});

// A reconnecting client's replay reads only the events addressed to its body and to itself, along the primary
// key of event_readers, however many events others received (migration 0013); then those events by number.
describe.each(DIALECTS)('query plans of the live-stream replay on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('reads each reader’s range of event_readers along its key, never the whole table', async () => {
    const txid = dialect === 'postgres' ? '1000' : '0';
    const query = addressedToQuery(
      t.handle.db,
      ['body-id', 'user-id'],
      { txid, seq: 10 },
      { txid, seq: 20_000 },
      1001,
      dialect,
    )?.compile();
    if (!query) throw new Error('no query');
    const plan = await planOf(t, query, ['seqscan', 'bitmapscan']);
    if (dialect === 'sqlite') {
      expect(
        plan.match(/SEARCH [^"]*event_readers USING PRIMARY KEY \(reader_id=\? AND seq>\? AND seq<\?\)/g),
      ).toHaveLength(2);
      expect(plan).not.toMatch(/SCAN [^"]*event_readers/);
    } else {
      expect(plan.match(/Index Only Scan using event_readers_cursor/g)).toHaveLength(2);
      expect(plan).not.toMatch(/Seq Scan/);
    }
  });

  it('reads the replayed events by their number', async () => {
    const query = t.handle.db
      .selectFrom('events')
      .selectAll()
      .where('seq', 'in', [1, 2, 3])
      .orderBy('seq')
      .compile();
    const plan = await planOf(t, query, ['seqscan', 'bitmapscan']);
    expect(plan).toMatch(
      dialect === 'sqlite' ? /SEARCH events USING INTEGER PRIMARY KEY/ : /Index Scan using events_pkey/,
    );
    expect(plan).not.toMatch(/SCAN events|Seq Scan/);
  });
});

// The guard of sharing reads, on every share, the incidents whose latest reports are not yet in its index; the
// indexer looks for them after every commit. Both must find the few behind through the partial index of
// migration 0014, never by reading every incident the center reads.
describe.each(DIALECTS)('query plans of the reports not yet indexed on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it.each([
    ['the guard', () => pendingQuery(t.handle.db, 'center-id', ['source-id']).compile()],
    ['the indexer', () => behindQuery(t.handle.db).where('id', '>', '').orderBy('id').limit(200).compile()],
  ])('%s finds them along the partial index', async (_, compile) => {
    const plan = await planOf(t, compile(), ['seqscan']);
    expect(plan).toContain('incidents_fingerprints_behind');
    expect(plan).not.toMatch(/SCAN [^"]*incident_readers|Seq Scan/);
  });
});
