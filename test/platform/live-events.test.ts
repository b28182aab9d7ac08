import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { formatCursor, writingTxid } from '../../src/platform/events/events.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, TEST_AUDIT_KEY, type TestApp } from '../support/harness.js';
import { openStream } from '../support/sse.js';
import { freePort } from '../support/throwaway-postgres.js';

describe.each(DIALECTS)('live stream on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  const streams: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    t = await startTestApp(dialect);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
  });
  afterEach(async () => {
    await Promise.all(streams.splice(0).map((s) => s.close()));
  });
  afterAll(async () => t?.close());

  it('is an event stream that delivers a new agency report to its ministry and the center', async () => {
    const g = await t.government();
    const ministry = await openStream(`${base}/api/v1/events`, g.ministryOfficer.headers);
    const center = await openStream(`${base}/api/v1/events`, g.analyst.headers);
    streams.push(ministry, center);
    expect(ministry.contentType).toMatch(/^text\/event-stream/);
    const incident = await t.fileIncident(g.agencyReporter);
    for (const s of [ministry, center]) {
      const frame = await s.waitFor(
        (f) => f.data.incidentId === incident.id && f.event === 'incident.reported',
      );
      expect(frame.data).toMatchObject({ type: 'incident.reported', orgSlug: g.agency.slug });
      expect(Number(frame.id)).toBeGreaterThan(0);
    }
  });

  it('delivers an event addressed to hundreds of bodies (larger than a notification), in order', async () => {
    const g = await t.government();
    const stream = await openStream(`${base}/api/v1/events`, g.ministryReporter.headers);
    streams.push(stream);
    const many = [
      ...Array.from({ length: 300 }, (_, i) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`),
      g.ministry.id,
    ];
    const record = (type: string, readerOrgIds: string[]) =>
      inTransaction(t.handle, (unit) =>
        t.services.events.record(
          unit,
          { type, incidentId: null, readerOrgIds, payload: { shareId: type } },
          t.clock.now(),
        ),
      );
    await record('share.published', many);
    await record('share.updated', [g.ministry.id]);
    await stream.waitFor((f) => f.data.shareId === 'share.updated');
    expect(stream.frames.map((f) => f.event)).toEqual(['share.published', 'share.updated']);
  });

  it('sends an event addressed to named people to them alone, not to their colleagues', async () => {
    const g = await t.government();
    const named = await openStream(`${base}/api/v1/events`, g.ministryOfficer.headers);
    const colleague = await openStream(`${base}/api/v1/events`, g.ministryReporter.headers);
    streams.push(named, colleague);
    const record = (shareId: string, readerUserIds?: string[]) =>
      inTransaction(t.handle, (unit) =>
        t.services.events.record(
          unit,
          {
            type: 'share.published',
            incidentId: null,
            readerOrgIds: [g.ministry.id],
            ...(readerUserIds ? { readerUserIds } : {}),
            payload: { shareId },
          },
          t.clock.now(),
        ),
      );
    await record('red', [g.ministryOfficer.id]);
    await record('whole-body');
    await named.waitFor((f) => f.data.shareId === 'whole-body');
    await colleague.waitFor((f) => f.data.shareId === 'whole-body');
    expect(named.frames.map((f) => f.data.shareId)).toEqual(['red', 'whole-body']);
    expect(colleague.frames.map((f) => f.data.shareId)).toEqual(['whole-body']);
  });

  it('replays what was missed after Last-Event-ID, still only what the caller may see', async () => {
    const g = await t.government();
    const other = await t.government();
    const first = await t.fileIncident(g.agencyReporter);
    const firstEvent = (await t.services.events.since(0, 10_000)).find((e) => e.incidentId === first.id);
    if (!firstEvent) throw new Error('event not recorded');
    const missed = await t.fileIncident(g.agencyReporter);
    const foreign = await t.fileIncident(other.agencyReporter);
    const stream = await openStream(`${base}/api/v1/events`, {
      ...g.ministryOfficer.headers,
      'last-event-id': formatCursor(firstEvent),
    });
    streams.push(stream);
    await stream.waitFor((f) => f.data.incidentId === missed.id);
    const live = await t.fileIncident(g.agencyReporter);
    await stream.waitFor((f) => f.data.incidentId === live.id);
    const ids = stream.frames.map((f) => f.data.incidentId);
    expect(ids).not.toContain(first.id);
    expect(ids).not.toContain(foreign.id);
  });

  it('replays more than one page of missed events, in order', async () => {
    const g = await t.government();
    const start = formatCursor((await t.services.events.places()).head);
    const at = t.clock.now().toISOString();
    // More than a page of the replay, within its window (RENRAKU_SSE_REPLAY_MAX).
    const rows = Array.from({ length: 900 }, (_, i) => ({
      at,
      type: 'report.added',
      incident_id: `missed-${i}`,
      reader_org_ids: JSON.stringify([g.ministry.id]),
      payload: '{}',
    }));
    // Each chunk in one transaction, as recording writes them: the events and their readers share its id.
    for (let i = 0; i < rows.length; i += 300)
      await t.handle.db.transaction().execute(async (db) => {
        const seqs = await db
          .insertInto('events')
          .values(rows.slice(i, i + 300).map((r) => ({ ...r, txid: writingTxid(t.handle.dialect) })))
          .returning(['seq', 'txid'])
          .execute();
        await db
          .insertInto('event_readers')
          .values(seqs.map((r) => ({ reader_id: g.ministry.id, seq: r.seq, txid: r.txid })))
          .execute();
      });
    const stream = await openStream(`${base}/api/v1/events`, {
      ...g.ministryOfficer.headers,
      'last-event-id': start,
    });
    streams.push(stream);
    await stream.waitFor((f) => f.data.incidentId === 'missed-899', 10_000);
    const missed = stream.frames
      .map((f) => f.data.incidentId)
      .filter((id) => String(id).startsWith('missed-'));
    expect(missed).toEqual(rows.map((r) => r.incident_id));
  });

  it('refuses an anonymous subscriber', async () => {
    const res = await fetch(`${base}/api/v1/events`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });
});

describe('two server processes on one PostgreSQL', () => {
  let t: TestApp;
  const children: ChildProcess[] = [];

  async function serve(): Promise<string> {
    const port = await freePort();
    const child = spawn(process.execPath, [inject('cliPath'), 'serve'], {
      env: {
        ...process.env,
        DATABASE_URL: t.handle.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        RENRAKU_DATA_DIR: mkdtempSync(join(tmpdir(), 'renraku-node-')),
        RENRAKU_AUDIT_KEY: TEST_AUDIT_KEY.toString('utf8'),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${url}/healthz`)).ok) return url;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('server process did not start');
  }

  beforeAll(async () => {
    t = await startTestApp('postgres');
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
    );
    await t?.close();
  });

  it('an event raised on one process reaches subscribers of the other, and only those who may see it', async () => {
    const g = await t.government();
    const stranger = await t.government();
    const [a, b] = await Promise.all([serve(), serve()]);
    const center = await openStream(`${b}/api/v1/events`, g.analyst.headers);
    const ministry = await openStream(`${b}/api/v1/events`, g.ministryOfficer.headers);
    const outsider = await openStream(`${b}/api/v1/events`, stranger.ministryOfficer.headers);
    try {
      const res = await fetch(`${a}/api/v1/incidents`, {
        method: 'POST',
        headers: { ...g.agencyReporter.headers, 'content-type': 'application/json' },
        body: JSON.stringify(t.quickReport()),
      });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      await center.waitFor((f) => f.data.incidentId === id);
      await ministry.waitFor((f) => f.data.incidentId === id);
      // The outsider's stream is on the same process and received the same notifications: a later event it may
      // see proves the earlier one was filtered, not merely late.
      const own = await t.fileIncident(stranger.agencyReporter);
      await outsider.waitFor((f) => f.data.incidentId === own.id);
      expect(outsider.frames.map((f) => f.data.incidentId)).not.toContain(id);
    } finally {
      await Promise.all([center.close(), ministry.close(), outsider.close()]);
    }
  });
});

describe.each(DIALECTS)('live stream access re-checked on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp(dialect, { config: { sseHeartbeatMs: 100 } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => t?.close());

  const endsWithin = (stream: { ended: Promise<void> }, ms: number) =>
    Promise.race([
      stream.ended.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), ms)),
    ]);

  it('ends the stream of a token revoked while it listens, and keeps the others', async () => {
    const g = await t.government();
    const revoked = await openStream(`${base}/api/v1/events`, g.ministryOfficer.headers);
    const kept = await openStream(`${base}/api/v1/events`, g.analyst.headers);
    try {
      expect(await endsWithin(revoked, 400)).toBe(false);
      const tokens = await t.request(g.ministryOfficer, { method: 'GET', url: '/api/v1/tokens' });
      const id = (tokens.json() as { items: { id: string }[] }).items[0]?.id;
      const res = await t.request(g.ministryOfficer, { method: 'DELETE', url: `/api/v1/tokens/${id}` });
      expect(res.statusCode).toBe(204);
      expect(await endsWithin(revoked, 3000)).toBe(true);
      // Nothing filed after the revocation reaches it; the other stream goes on.
      const incident = await t.fileIncident(g.agencyReporter);
      await kept.waitFor((f) => f.data.incidentId === incident.id);
      expect(revoked.frames.map((f) => f.data.incidentId)).not.toContain(incident.id);
    } finally {
      await Promise.all([revoked.close(), kept.close()]);
    }
  });

  it('ends the stream of a browser session that logs out', async () => {
    const center = await t.org('center');
    const analyst = await t.user(center, 'center-analyst', 'a-long-password-123');
    const { cookie, csrfToken } = await t.logIn(analyst, 'a-long-password-123');
    const stream = await openStream(`${base}/api/v1/events`, { cookie });
    try {
      expect(await endsWithin(stream, 400)).toBe(false);
      const out = await fetch(`${base}/api/v1/session`, {
        method: 'DELETE',
        headers: { cookie, 'x-csrf-token': csrfToken },
      });
      expect(out.status).toBe(204);
      expect(await endsWithin(stream, 3000)).toBe(true);
      const audited = await t.handle.db
        .selectFrom('audit_log')
        .select('action')
        .where('actor_user_id', '=', analyst.id)
        .where('action', 'like', 'session.%')
        .orderBy('seq')
        .execute();
      expect(audited.map((r) => r.action)).toEqual(['session.login_step', 'session.login', 'session.logout']);
    } finally {
      await stream.close();
    }
  });
});

describe('a lost LISTEN connection on PostgreSQL', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp('postgres');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => t?.close());

  it('reconnects and delivers what was committed while it was gone', async () => {
    const g = await t.government();
    const stream = await openStream(`${base}/api/v1/events`, g.ministryOfficer.headers);
    try {
      const before = await t.fileIncident(g.agencyReporter);
      await stream.waitFor((f) => f.data.incidentId === before.id);
      const killed = await sql<{ n: number }>`
        select count(pg_terminate_backend(pid)) as n from pg_stat_activity
        where datname = current_database() and query ilike 'listen%'`.execute(t.handle.db);
      expect(Number(killed.rows[0]?.n)).toBeGreaterThanOrEqual(1);
      const during = await t.fileIncident(g.agencyReporter);
      await stream.waitFor((f) => f.data.incidentId === during.id, 10_000);
      const after = await t.fileIncident(g.agencyReporter);
      await stream.waitFor((f) => f.data.incidentId === after.id, 10_000);
      const ids = stream.frames.map((f) => f.data.incidentId);
      expect(ids.filter((id) => id === during.id)).toHaveLength(1);
    } finally {
      await stream.close();
    }
  });
});
