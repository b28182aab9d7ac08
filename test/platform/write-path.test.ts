import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAuditLog } from '../../src/platform/audit/audit.js';
import { createAuditSealer } from '../../src/platform/audit/audit.sealer.js';
import { verifyAuditLog } from '../../src/platform/audit/audit.verify.js';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { type LiveEvent, START } from '../../src/platform/events/events.js';
import { startTestApp, TEST_AUDIT_KEY, type TestApp } from '../support/harness.js';
import { waitUntil } from '../support/smtp.js';

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
    const insert = (incident: string) =>
      `with e as (insert into events (at, type, incident_id, reader_org_ids, payload, txid)
         values ('2026-01-01T00:00:00Z', 'report.added', '${incident}', '["late-org"]', '{}', pg_current_xact_id())
         returning seq, txid),
       r as (insert into event_readers (reader_id, seq, txid) select 'late-org', seq, txid from e)
       select pg_notify('renraku_events', '')`;
    try {
      // The first takes the smaller number and stays open; the second commits first.
      await early.query('begin');
      await early.query(insert('smaller-number'));
      await late.query('begin');
      await late.query(insert('larger-number'));
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

      // One of this database's own, older and open: what commits after it waits for it.
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
