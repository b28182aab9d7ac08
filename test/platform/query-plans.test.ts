import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, SORTS } from '../../src/features/incidents/incidents.cursor.js';
import { type IncidentRow, incidentsRepository } from '../../src/features/incidents/incidents.repository.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

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
      const plan = await t.handle.db.transaction().execute(async (tx) => {
        if (dialect === 'postgres') {
          // An empty table is cheaper to scan and sort; make the planner show whether it can use the index.
          await sql`set local enable_seqscan = off`.execute(tx);
          await sql`set local enable_sort = off`.execute(tx);
        }
        const explain = dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
        const result = await tx.executeQuery(CompiledQuery.raw(explain + query.sql, [...query.parameters]));
        return JSON.stringify(result.rows);
      });
      expect(plan, `${sort} ${after ? 'after a cursor' : 'first page'}`).toContain(INDEX[sort]);
      expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY|"Sort/);
    }
  });
});
