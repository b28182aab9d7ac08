import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAuditLog } from '../../src/platform/audit/audit.js';
import { createAuditSealer } from '../../src/platform/audit/audit.sealer.js';
import { verifyAuditLog } from '../../src/platform/audit/audit.verify.js';
import { changesOf } from '../../src/platform/db/changes.js';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { formatCursor, type LiveEvent, parseCursor, START } from '../../src/platform/events/events.js';
import { createPostgresReader } from '../../src/platform/events/events.postgres.js';
import { startTestApp, TEST_AUDIT_KEY, type TestApp } from '../support/harness.js';
import { waitUntil } from '../support/smtp.js';
import { openStream, type SseStream } from '../support/sse.js';

// PostgreSQL's write path without a single head (issue 16 point 1): events are read in the order their
// transactions became visible, so one that committed late is not skipped; audit rows are sealed after commit by
// one sealer, and another takes over when it dies.
describe.each(['postgres'] as const)('the write path without a single head on %s', (dialect) => {
  let t: TestApp;
  let other: DatabaseHandle;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    other = openDatabase({ databaseUrl: t.handle.url, dataDir: '/nonexistent' });
  });
  let listening: string | undefined;
  const eventsUrl = async () => {
    if (!listening) {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const address = t.app.server.address();
      if (!address || typeof address === 'string') throw new Error('no address');
      listening = `http://127.0.0.1:${address.port}/api/v1/events`;
    }
    return listening;
  };
  // An event and its reader row written by hand in the caller's transaction, as the write path does, and the
  // notification that wakes the readers.
  const insertEvent = (incident: string, org: string) =>
    `with e as (insert into events (at, type, incident_id, reader_org_ids, payload, txid)
       values ('2026-01-01T00:00:00Z', 'report.added', '${incident}', '["${org}"]', '{}', pg_current_xact_id())
       returning seq, txid),
     r as (insert into event_readers (reader_id, seq, txid) select '${org}', seq, txid from e)
     select pg_notify('renraku_events', '')`;
  afterAll(async () => {
    await other?.destroy();
    await t?.close();
  });

  it('never skips an event whose transaction took the smaller number but committed last', async () => {
    const heard: LiveEvent[] = [];
    const stop = t.services.events.subscribe((e) => heard.push(e));
    const before = (await t.services.events.places()).head;
    const pool = t.handle.pool;
    if (!pool) throw new Error('no pool');
    const [early, late] = [await pool.connect(), await pool.connect()];
    try {
      // The first takes the smaller number and stays open; the second commits first.
      await early.query('begin');
      await early.query(insertEvent('smaller-number', 'late-org'));
      await late.query('begin');
      await late.query(insertEvent('larger-number', 'late-org'));
      await late.query('commit');
      // A reader in between: the committed event is not yet readable, since an older transaction still runs.
      const between = await t.services.events.places();
      const replayedBetween = await t.services.events.addressedTo(['late-org'], before, between.head, 10);
      expect(replayedBetween).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heard.filter((e) => e.readerOrgIds.includes('late-org'))).toEqual([]);
      await early.query('commit');
    } finally {
      early.release();
      late.release();
    }
    await waitUntil(
      async () => heard.filter((e) => e.readerOrgIds.includes('late-org')).length >= 2,
      5_000,
      'both events live',
    );
    stop();
    // Live: each once, in readers' order (the earlier transaction first).
    expect(heard.filter((e) => e.readerOrgIds.includes('late-org')).map((e) => e.incidentId)).toEqual([
      'smaller-number',
      'larger-number',
    ]);
    // Replay from the place read in between, and from the start: both, once.
    const { head } = await t.services.events.places();
    for (const from of [before, START]) {
      const places = await t.services.events.addressedTo(['late-org'], from, head, 10);
      const events = await t.services.events.bySeqs(places.map((p) => p.seq));
      expect(events.map((e) => e.incidentId)).toEqual(['smaller-number', 'larger-number']);
    }
  });

  it('streams an event once its transaction committed, before an older one ends; each once; ids taken in between resume without loss or repeat', async () => {
    const url = await eventsUrl();
    const g = await t.government();
    const stranger = await t.government();
    const pool = t.handle.pool;
    if (!pool) throw new Error('no pool');
    const ours = (s: SseStream) =>
      s.frames.map((f) => String(f.data.incidentId)).filter((id) => id.startsWith('early-'));
    const before = formatCursor((await t.services.events.places()).head);
    const live = await openStream(url, g.ministryOfficer.headers);
    const outsider = await openStream(url, stranger.ministryOfficer.headers);
    const streams: SseStream[] = [live, outsider];
    const [older, later, third] = [await pool.connect(), await pool.connect(), await pool.connect()];
    try {
      // The older transaction takes the smaller place and stays open; the later one commits, addressed to the
      // ministry and (another event) to the stranger's.
      await older.query('begin');
      await older.query(insertEvent('early-smaller', g.ministry.id));
      // A third takes its id now and writes only after the reader has read past the later one's commit: the
      // reader, which looks again only at transactions its last snapshot could not see, must see it.
      await third.query('begin');
      await third.query('select pg_current_xact_id()');
      await later.query('begin');
      await later.query(insertEvent('early-larger', g.ministry.id));
      await later.query(insertEvent('early-foreign', stranger.ministry.id));
      await later.query('commit');
      // Live at once, though not final: replay still stops before it.
      const early = await live.waitFor((f) => f.data.incidentId === 'early-larger', 5_000);
      await outsider.waitFor((f) => f.data.incidentId === 'early-foreign', 5_000);
      await third.query(insertEvent('early-third', g.ministry.id));
      await third.query('commit');
      await live.waitFor((f) => f.data.incidentId === 'early-third', 5_000);
      const { head } = await t.services.events.places();
      expect(
        await t.services.events.addressedTo([g.ministry.id], parseCursor(before) ?? START, head, 10),
      ).toEqual([]);
      // Its id names the last final place and the early event sent since.
      expect(early.lastEventId).toMatch(/^[0-9]+\.[0-9]+\+[0-9]+$/);
      // Resuming from it now: nothing yet, and the early event is not sent again, neither now nor once final. From
      // the place before all three: all, in readers' order, once final.
      const resumedBetween = await openStream(url, {
        ...g.ministryOfficer.headers,
        'last-event-id': early.lastEventId,
      });
      const resumedBefore = await openStream(url, { ...g.ministryOfficer.headers, 'last-event-id': before });
      streams.push(resumedBetween, resumedBefore);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ours(resumedBetween)).toEqual([]);
      expect(ours(resumedBefore)).toEqual([]);
      await older.query('commit');
      await live.waitFor((f) => f.data.incidentId === 'early-smaller', 5_000);
      await resumedBetween.waitFor((f) => f.data.incidentId === 'early-smaller', 5_000);
      await resumedBefore.waitFor((f) => f.data.incidentId === 'early-larger', 5_000);
      // A later event proves that nothing else is on its way.
      const next = await t.fileIncident(g.agencyReporter);
      for (const s of [live, resumedBetween, resumedBefore])
        await s.waitFor((f) => f.data.incidentId === next.id);
      expect(ours(live)).toEqual(['early-larger', 'early-third', 'early-smaller']);
      expect(ours(resumedBetween)).toEqual(['early-smaller', 'early-third']);
      expect(ours(resumedBefore)).toEqual(['early-smaller', 'early-third', 'early-larger']);
      // The stranger's ministry got its own event only; the ministry never the stranger's.
      expect(ours(outsider)).toEqual(['early-foreign']);
      for (const s of [live, resumedBetween, resumedBefore]) expect(ours(s)).not.toContain('early-foreign');
      // Every id after the older transaction's end is a final place again, and resuming from the last one of the
      // live stream sends nothing of these.
      const last = live.frames.at(-1);
      expect(last?.lastEventId).toMatch(/^[0-9]+\.[0-9]+$/);
      const resumedAfter = await openStream(url, {
        ...g.ministryOfficer.headers,
        'last-event-id': last?.lastEventId ?? '',
      });
      streams.push(resumedAfter);
      const after = await t.fileIncident(g.agencyReporter);
      await resumedAfter.waitFor((f) => f.data.incidentId === after.id);
      expect(ours(resumedAfter)).toEqual([]);
      expect(resumedAfter.frames.map((f) => f.data.incidentId)).not.toContain(next.id);
    } finally {
      // A failed step must not leave a transaction open in the pool: it would hold every later event back.
      for (const c of [older, later, third]) {
        await c.query('rollback').catch(() => undefined);
        c.release();
      }
      await Promise.all(streams.map((s) => s.close()));
    }
  });

  it('takes an id naming early events it does not hold, or another body’s, as nothing more than a place', async () => {
    const g = await t.government();
    const stranger = await t.government();
    const { head } = await t.services.events.places();
    const foreign = await t.fileIncident(stranger.agencyReporter);
    const missed = await t.fileIncident(g.agencyReporter);
    const foreignEvent = (await t.services.events.since(head.seq, 1_000)).find(
      (e) => e.incidentId === foreign.id,
    );
    if (!foreignEvent) throw new Error('event not recorded');
    // The stranger's event named as sent early (it never was to this caller) and a number nothing holds: neither
    // sends anything nor hides what the caller missed.
    const forged = `${formatCursor(head)}+${foreignEvent.seq}+999999999999`;
    const url = await eventsUrl();
    const replay = await openStream(url, { ...g.ministryOfficer.headers, 'last-event-id': forged });
    try {
      await replay.waitFor((f) => f.data.incidentId === missed.id);
      const next = await t.fileIncident(g.agencyReporter);
      await replay.waitFor((f) => f.data.incidentId === next.id);
      expect(replay.frames.map((f) => f.data.incidentId)).not.toContain(foreign.id);
      expect(replay.frames.map((f) => f.event)).not.toContain('reload');
    } finally {
      await replay.close();
    }
    // Too many early events named, or a malformed list: an id that is none of ours.
    for (const bad of [
      `${formatCursor(head)}${'+1'.repeat(33)}`,
      `${formatCursor(head)}+`,
      `${formatCursor(head)}+-1`,
    ]) {
      const stream = await openStream(url, { ...g.ministryOfficer.headers, 'last-event-id': bad });
      try {
        const reload = await stream.waitFor((f) => f.event === 'reload');
        expect(reload.data).toMatchObject({ reason: 'unknown_id' });
      } finally {
        await stream.close();
      }
    }
  });

  it('forgets an event streamed early and purged before it was final, and stops reading again for it', async () => {
    // A reader of its own on a second connection, whose reads are counted as they go to PostgreSQL.
    let reads = 0;
    const counted: DatabaseHandle = {
      ...other,
      db: other.db.withPlugin({
        transformQuery: (args) => {
          reads++;
          return args.node;
        },
        transformResult: async (args) => args.result,
      }),
    };
    const early: LiveEvent[] = [];
    const reader = createPostgresReader({
      handle: counted,
      changes: changesOf(counted),
      head: async () => (await t.services.events.places()).head,
      wantsEarly: () => true,
      emit: () => undefined,
      emitEarly: (e) => early.push(e),
    });
    const pool = t.handle.pool;
    if (!pool) throw new Error('no pool');
    const [older, later] = [await pool.connect(), await pool.connect()];
    try {
      await reader.start();
      await older.query('begin');
      await older.query(insertEvent('purged-older', 'purged-org'));
      await later.query(insertEvent('purged-early', 'purged-org'));
      await waitUntil(() => early.some((e) => e.incidentId === 'purged-early'));
      // While it waits to be final, the reader looks again every few milliseconds (no notification may come).
      const waiting = reads;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(reads - waiting).toBeGreaterThan(3);
      // Purged (the retention's sweep) before it was final, and the older transaction ends without it: it will
      // never be final, and the reader must not look for it forever.
      await later.query(`delete from event_readers where reader_id = 'purged-org'`);
      await later.query(`delete from events where incident_id = 'purged-early'`);
      await older.query('rollback');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const settled = reads;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(reads - settled).toBeLessThanOrEqual(2);
    } finally {
      await older.query('rollback').catch(() => undefined);
      for (const c of [older, later]) c.release();
      await reader.stop();
    }
  });

  it('refuses an event or a reader written without its transaction id (no default to hide a forgotten one)', async () => {
    const pool = t.handle.pool;
    if (!pool) throw new Error('no pool');
    await expect(
      pool.query(`insert into events (at, type, incident_id, reader_org_ids, payload)
        values ('2026-01-01T00:00:00Z', 'report.added', 'no-txid', '[]', '{}')`),
    ).rejects.toMatchObject({ code: '23502' });
    await expect(
      pool.query(`insert into event_readers (reader_id, seq) values ('no-txid-org', 1)`),
    ).rejects.toMatchObject({ code: '23502' });
    // What the application writes: every event's readers carry the event's own transaction id.
    const mismatched = await sql<{ n: string }>`select count(*)::text as n from event_readers r
      join events e on e.seq = r.seq where r.txid <> e.txid`.execute(t.handle.db);
    expect(mismatched.rows[0]?.n).toBe('0');
  });

  it('is not held back by a transaction of another database on the same server, and is by one of its own', async () => {
    // Another application's database (here the server's own `postgres`) with a write transaction left open:
    // the cluster-wide xmin stays behind it, the database's horizon does not.
    const elsewhere = new pg.Client({ connectionString: inject('postgresUrl') });
    await elsewhere.connect();
    const pool = t.handle.pool;
    if (!pool) throw new Error('no pool');
    const own = await pool.connect();
    const heard: LiveEvent[] = [];
    const stop = t.services.events.subscribe((e) => heard.push(e));
    const arrived = (id: string) => heard.some((e) => e.incidentId === id);
    try {
      await elsewhere.query('begin');
      await elsewhere.query('select pg_current_xact_id()');
      const g = await t.government();
      const first = await t.fileIncident(g.agencyReporter);
      await waitUntil(
        async () => arrived(first.id),
        5_000,
        'an event past another database’s open transaction',
      );
      const { head } = await t.services.events.places();
      const places = await t.services.events.addressedTo([g.agency.id], START, head, 1_000);
      const replayed = await t.services.events.bySeqs(places.map((p) => p.seq));
      expect(replayed.map((e) => e.incidentId)).toContain(first.id);

      // One of this database's own, older and open: what commits after it is final only once it has ended (a
      // stream hears of it earlier: see above).
      await own.query('begin');
      await own.query('select pg_current_xact_id()');
      const second = await t.fileIncident(g.agencyReporter);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(arrived(second.id)).toBe(false);
      await own.query('commit');
      await waitUntil(async () => arrived(second.id), 5_000, 'the event once the older transaction ended');
    } finally {
      stop();
      await elsewhere.query('rollback').catch(() => undefined);
      await elsewhere.end();
      own.release();
    }
  });

  it('seals on one node at a time, and another node takes over when the leading one dies', async () => {
    // Two started nodes (as `renraku serve` starts them), each with its own audit log and sealer.
    const audits = [createAuditLog(TEST_AUDIT_KEY), createAuditLog(TEST_AUDIT_KEY)] as const;
    const [first, second] = audits.map((audit) =>
      createAuditSealer({ handle: other, audit, intervalMs: 50 }),
    );
    if (!first || !second) throw new Error('no sealers');
    first.start();
    await waitUntil(async () => first.holding(), 5_000, 'the first node leads');
    second.start();
    try {
      const write = (n: number) =>
        inTransaction(other, async (unit) => {
          for (let i = 0; i < n; i++)
            await audits[1].append(
              unit,
              {
                actorUserId: null,
                actorOrgId: null,
                action: 'incident.read',
                subjectType: 'incident',
                subjectId: `failover-${i}`,
              },
              t.clock.now(),
            );
        });
      const unsealed = async () =>
        Number(
          (
            await sql<{ n: number }>`select count(*) as n from audit_log where seq is null`.execute(
              t.handle.db,
            )
          ).rows[0]?.n,
        );
      // The second node is answered at commit; the leader seals its rows on its own timer.
      await write(3);
      expect(second.holding()).toBe(false);
      await waitUntil(async () => (await unsealed()) === 0, 10_000, 'the leader seals');
      expect(second.holding()).toBe(false);

      // The leading connection dies, and with it the lead: a node takes it (the first may take it again).
      await sql`select pg_terminate_backend(pid) from pg_locks
        where locktype = 'advisory' and objid = 72061016 and granted`.execute(other.db);
      await write(2);
      await waitUntil(
        async () => first.holding() !== second.holding() && (await unsealed()) === 0,
        10_000,
        'a node leads again and seals',
      );
      // The leading node stops: the other leads, and seals what is written next.
      const [leader, follower] = first.holding() ? [first, second] : [second, first];
      await leader.stop();
      await write(2);
      await waitUntil(
        async () => follower.holding() && (await unsealed()) === 0,
        10_000,
        'the other node seals',
      );
      const verified = await t.services.anchoring.verify();
      expect(verified).toMatchObject({ ok: true, unsealedRows: 0 });
      const chain = await t.handle.db
        .selectFrom('audit_log')
        .select('seq')
        .where('subject_id', 'like', 'failover-%')
        .orderBy('seq')
        .execute();
      expect(chain).toHaveLength(7);
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  it('seals the rows of a process that does not lead (a CLI command) before it is answered', async () => {
    // The test app is not started: nobody leads, and its writes are sealed by itself.
    await t.fileIncident((await t.government()).agencyReporter);
    expect(t.services.auditSealer.holding()).toBe(false);
    const left = await t.handle.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('seq', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
  });

  it('fails verify when a row stays unsealed longer than the bound, and passes once it is sealed', async () => {
    await t.handle.db
      .insertInto('audit_log')
      .values({
        at: t.clock.now().toISOString(),
        actor_user_id: null,
        actor_org_id: null,
        action: 'incident.read',
        subject_type: 'incident',
        subject_id: 'stuck',
        detail: '{}',
        seq: null,
        prev_hash: '',
        hash: '',
      })
      .execute();
    const check = (now: Date) =>
      verifyAuditLog({
        db: t.handle.db,
        hmac: createAuditLog(TEST_AUDIT_KEY).hashOf,
        trustedKeys: [],
        anchors: false,
        unsealed: { now, maxSeconds: 60 },
      });
    expect(await check(t.clock.now())).toMatchObject({ ok: true, unsealedRows: 1 });
    const late = new Date(t.clock.now().getTime() + 61_000);
    expect(await check(late)).toMatchObject({ ok: false, problem: expect.stringMatching(/not sealed/) });
    const sealed = await t.services.auditSealer.sealNow();
    const after = await check(late);
    expect(after, JSON.stringify({ sealed, after })).toMatchObject({ ok: true, unsealedRows: 0 });
  });
});
