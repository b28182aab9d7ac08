import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/platform/access/roles.js';
import {
  eventReaderKeys,
  eventReceivableBy,
  incidentReadableBy,
  incidentReadings,
  notificationIsFor,
  notificationVisibleTo,
  readableIncidents,
  readerKeysOf,
} from '../../src/platform/access/visibility.js';
import { addressedToQuery, writingTxid } from '../../src/platform/events/events.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

// The visibility module writes some predicates in more than one form: the incident reader set as a correlated
// test and as a join (for the planner), notifications in SQL and in memory, live events in memory and as the
// keys their replay is read by. Each pair is checked here to agree, over real rows or generated ones.

const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

describe.each(DIALECTS)('the visibility module (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reads the same incidents for every body through each of its forms', async () => {
    const g = await t.government({ reviewMode: true });
    const ministry = await t.org('ministry');
    const agency = await t.org('agency', { parent: ministry });
    const incidents = [
      await t.fileIncident(g.agencyReporter),
      await t.fileIncident(g.ministryReporter),
      await t.fileIncident(await t.user(agency, 'reporter')),
      await t.fileIncident(await t.user(ministry, 'reporter')),
    ];
    // An exercise is read by nobody through the real structure.
    const exercise = await t.fileIncident(g.agencyReporter);
    await t.handle.db
      .updateTable('incidents')
      .set({ exercise_id: 'an-exercise' })
      .where('id', '=', exercise.id)
      .execute();
    const all = [...incidents.map((i) => i.id), exercise.id];
    const db = t.handle.db;
    const bodies = [g.center, g.ministry, g.agency, ministry, agency];
    const seen = new Map<string, string[]>();
    for (const body of bodies) {
      const correlated = ids(
        await db
          .selectFrom('incidents as i')
          .select('i.id')
          .where('i.id', 'in', all)
          .where(incidentReadableBy(body.id, 'i'))
          .execute(),
      );
      for (const drive of ['readers', 'incidents'] as const)
        expect(
          ids(
            await readableIncidents(db, body.id, drive)
              .select('incidents.id')
              .where('incidents.id', 'in', all)
              .execute(),
          ),
        ).toEqual(correlated);
      const pairs = (await incidentReadings(db, all, [body.id])).map((r) => ({ id: r.incidentId }));
      expect(ids(pairs)).toEqual(correlated);
      seen.set(body.slug, correlated);
    }
    const [reviewedAgency, reviewedMinistry, directAgency, directMinistry] = incidents.map((i) => i.id);
    expect(seen.get(g.agency.slug)).toEqual([reviewedAgency]);
    expect(seen.get(g.ministry.slug)).toEqual([reviewedAgency, reviewedMinistry].sort());
    // The reviewing ministry holds its agency's report: the center has the others only, so far.
    expect(seen.get(g.center.slug)).toEqual([reviewedMinistry, directAgency, directMinistry].sort());
    expect(seen.get(agency.slug)).toEqual([directAgency]);
    expect(seen.get(ministry.slug)).toEqual([directAgency, directMinistry].sort());
  });

  it('finds the notifications in SQL that it finds in memory', async () => {
    const orgs = ['org-a', 'org-b'];
    const users = ['user-1', 'user-2'];
    const emails = ['duty@example.test', 'Duty@Example.test', 'other@example.test'];
    const row = fc.record({
      user_id: fc.constantFrom<string | null>(null, ...users),
      email: fc.constantFrom<string | null>(null, 'duty@example.test', 'other@example.test'),
      org_id: fc.constantFrom(...orgs),
    });
    const reader = fc.record({
      userId: fc.constantFrom(...users),
      email: fc.constantFrom(...emails),
      orgId: fc.constantFrom(...orgs),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 12 }), reader, async (rows, r) => {
        const text = (v: string | null) => sql`cast(${v} as text)`;
        const values = sql.join(
          rows.map(
            (n, i) =>
              sql`select ${text(String(i))} as id, ${text(n.user_id)} as user_id, ${text(n.email)} as email, ${text(n.org_id)} as org_id`,
          ),
          sql` union all `,
        );
        const found = await t.handle.db
          .selectFrom(sql<{ id: string }>`(${values})`.as('n'))
          .select('n.id')
          .where(notificationVisibleTo(r, 'n'))
          .execute();
        const expected = rows.flatMap((n, i) => (notificationIsFor(r, n) ? [String(i)] : []));
        expect(found.map((f) => f.id).sort()).toEqual(expected.sort());
      }),
      { numRuns: 40 },
    );
  });

  it('replays by its keys every live event it would send in memory, and no other body’s', async () => {
    const orgs = ['org-a', 'org-b', 'org-c'];
    const users = ['user-1', 'user-2'];
    const event = fc.record(
      {
        readerOrgIds: fc.uniqueArray(fc.constantFrom(...orgs), { maxLength: 3 }),
        readerUserIds: fc.uniqueArray(fc.constantFrom(...users), { maxLength: 2 }),
      },
      { requiredKeys: ['readerOrgIds'] },
    );
    const roles: Role[] = ['reporter', 'security-officer', 'center-analyst', 'admin', 'auditor'];
    const actor = fc.record({
      userId: fc.constantFrom(...users),
      orgId: fc.constantFrom(...orgs),
      role: fc.constantFrom(...roles),
    });
    const BASE = 1_000_000_000;
    // Rows inserted here carry their own transaction's id (PostgreSQL): the range takes every transaction.
    const LAST_TXID = t.handle.dialect === 'postgres' ? '9223372036854775807' : '0';
    const db = t.handle.db;
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 10 }), actor, async (events, who) => {
        const a: Actor = {
          ...who,
          email: `${who.userId}@example.test`,
          orgSlug: who.orgId,
          orgKind: 'agency',
          via: 'token',
        };
        const rows = events.flatMap((e, i) =>
          eventReaderKeys(e).map((key) => ({
            reader_id: key,
            seq: BASE + i,
            txid: writingTxid(t.handle.dialect),
          })),
        );
        try {
          if (rows.length > 0) await db.insertInto('event_readers').values(rows).execute();
          const q = addressedToQuery(
            db,
            readerKeysOf(a),
            { txid: '0', seq: BASE - 1 },
            { txid: LAST_TXID, seq: BASE + events.length },
            events.length,
            t.handle.dialect,
          );
          const replayed = new Set(q ? (await q.execute()).map((r) => Number(r.seq) - BASE) : []);
          events.forEach((e, i) => {
            const live = eventReceivableBy(a, e);
            // The keys never miss what the stream would send; without named people they select exactly that.
            if (live) expect(replayed.has(i)).toBe(true);
            if (e.readerUserIds === undefined) expect(replayed.has(i)).toBe(live);
          });
        } finally {
          await db.deleteFrom('event_readers').where('seq', '>=', BASE).execute();
        }
      }),
      { numRuns: 40 },
    );
  });
});
