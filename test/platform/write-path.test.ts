import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      `with e as (insert into events (at, type, incident_id, reader_org_ids, payload)
         values ('2026-01-01T00:00:00Z', 'report.added', '${incident}', '["late-org"]', '{}') returning seq),
       r as (insert into event_readers (reader_id, seq) select 'late-org', seq from e)
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

  it('seals on one node at a time, and another node takes over when the sealing one dies', async () => {
    const audit = createAuditLog(TEST_AUDIT_KEY);
    const second = createAuditSealer({ handle: other, audit, intervalMs: 50 });
    // The app's own sealer took the lock when it first wrote; make sure it has.
    await t.fileIncident((await t.government()).agencyReporter);
    expect(t.services.auditSealer.holding()).toBe(true);
    second.start();
    try {
      const write = (n: number) =>
        inTransaction(other, async (unit) => {
          for (let i = 0; i < n; i++)
            await audit.append(
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
      await write(3);
      expect(second.holding()).toBe(false);
      // The app seals what the other node wrote (it holds the lock), when asked or on its own timer.
      await t.services.auditSealer.sealNow();
      expect(await unsealed()).toBe(0);

      // The sealing node dies: its connection ends, and with it the lock.
      await sql`select pg_terminate_backend(pid) from pg_locks
        where locktype = 'advisory' and objid = 72061016 and granted`.execute(other.db);
      await write(4);
      await waitUntil(
        async () => second.holding() && (await unsealed()) === 0,
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
      await second.stop();
    }
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
