import { once } from 'node:events';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compareCursors, formatCursor, parseCursor, writingTxid } from '../../src/platform/events/events.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { waitUntil } from '../support/smtp.js';
import { openStream, type SseStream } from '../support/sse.js';

// The live stream's replay (finding 6 of the security test): a reconnecting client is sent what it missed, read
// in SQL by what it may receive, in order and once; past the replay window, or from an id the server does not
// hold, it is told to reload; and streams are capped per credential and per client address.

/** Writes events as recording does (the row and its readers), without telling live subscribers. */
async function insertEvents(
  t: TestApp,
  events: { readers: string[]; named?: string[]; incidentId: string }[],
) {
  const at = t.clock.now().toISOString();
  const seqs: number[] = [];
  for (let i = 0; i < events.length; i += 500) {
    const chunk = events.slice(i, i + 500);
    // One transaction, as recording writes them: an event and its readers carry the same transaction id.
    await t.handle.db.transaction().execute(async (db) => {
      const rows = await db
        .insertInto('events')
        .values(
          chunk.map((e) => ({
            at,
            type: 'report.added',
            incident_id: e.incidentId,
            reader_org_ids: JSON.stringify(e.readers),
            reader_user_ids: e.named ? JSON.stringify(e.named) : null,
            payload: '{}',
            txid: writingTxid(t.handle.dialect),
          })),
        )
        .returning(['seq', 'txid'])
        .execute();
      const readers = rows.flatMap((r, j) => {
        const e = chunk[j] as (typeof chunk)[number];
        return (e.named ?? e.readers).map((reader_id) => ({ reader_id, seq: r.seq, txid: r.txid }));
      });
      for (let k = 0; k < readers.length; k += 500)
        await db
          .insertInto('event_readers')
          .values(readers.slice(k, k + 500))
          .execute();
      seqs.push(...rows.map((r) => r.seq));
    });
  }
  return seqs;
}

/** The last place a reader may take now, as an SSE id. */
const head = async (t: TestApp) => formatCursor((await t.services.events.places()).head);

/** The place of event `seq` as an SSE id, or of a number next to it (`seq` may be one that does not exist). */
async function placeOf(t: TestApp, seq: number, of = seq) {
  const row = await t.handle.db
    .selectFrom('events')
    .select('txid')
    .where('seq', '=', of)
    .executeTakeFirstOrThrow();
  return formatCursor({ txid: String(row.txid), seq });
}

/** Whether the SSE ids are in readers' order, each once. */
const ordered = (ids: string[]) =>
  ids.every((id, i) => {
    const here = parseCursor(id);
    const before = i > 0 ? parseCursor(ids[i - 1] as string) : undefined;
    return here !== undefined && (before === undefined || compareCursors(before, here) < 0);
  });

async function listening(t: TestApp) {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { base: `http://127.0.0.1:${address.port}`, port: address.port };
}

describe.each(DIALECTS)('replaying the live stream on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  const streams: SseStream[] = [];
  beforeAll(async () => {
    t = await startTestApp(dialect);
    ({ base } = await listening(t));
  });
  afterEach(async () => {
    await Promise.all(streams.splice(0).map((s) => s.close()));
  });
  afterAll(async () => t?.close());

  const open = async (u: TestUser, lastEventId: number | string) => {
    const s = await openStream(`${base}/api/v1/events`, {
      ...u.headers,
      'last-event-id': String(lastEventId),
    });
    streams.push(s);
    return s;
  };

  it('a caller who may see a few events among many more than the old bound gets exactly those, in order, once', async () => {
    const g = await t.government();
    const other = await t.government();
    const colleague = await t.user(g.ministry, 'reporter');
    const start = await head(t);
    // 21,000 events of another government, then the caller's own among more of them: a replay that read
    // everything up to a bound of 20,000 would never reach the caller's.
    const foreign = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => ({
        readers: [other.ministry.id],
        incidentId: `foreign-${from + i}`,
      }));
    await insertEvents(t, foreign(21_000, 0));
    await insertEvents(t, [
      { readers: [g.ministry.id], incidentId: 'mine-1' },
      ...foreign(5, 21_000),
      { readers: [g.ministry.id], named: [g.ministryOfficer.id], incidentId: 'mine-named' },
      { readers: [g.ministry.id], named: [colleague.id], incidentId: 'colleague-named' },
      { readers: [g.ministry.id, other.ministry.id], incidentId: 'mine-2' },
      { readers: [g.agency.id], incidentId: 'agency-only' },
      { readers: [g.ministry.id], incidentId: 'mine-3' },
    ]);
    const stream = await open(g.ministryOfficer, start);
    await stream.waitFor((f) => f.data.incidentId === 'mine-3', 15_000);
    const live = await t.fileIncident(g.ministryReporter);
    await stream.waitFor((f) => f.data.incidentId === live.id);
    expect(stream.frames.map((f) => f.data.incidentId)).toEqual([
      'mine-1',
      'mine-named',
      'mine-2',
      'mine-3',
      live.id,
    ]);
    expect(ordered(stream.frames.map((f) => f.lastEventId))).toBe(true);
  });

  it('an auditor, who may receive nothing, replays nothing and is not told to reload', async () => {
    const center = await t.org('center');
    const auditor = await t.user(center, 'auditor');
    const stream = await open(auditor, 0);
    const g = await t.government();
    const incident = await t.fileIncident(g.agencyReporter);
    // A stream of the center that may see it proves the event went out.
    const analyst = await open(g.analyst, await head(t));
    const later = await t.fileIncident(g.agencyReporter);
    await analyst.waitFor((f) => f.data.incidentId === later.id);
    expect(stream.frames).toEqual([]);
    expect(incident.id).not.toBe(later.id);
  });

  it('tells a client with an id from the future, or none of ours, to reload, and then goes on live', async () => {
    const g = await t.government();
    const now = (await t.services.events.places()).head;
    const future = formatCursor({ ...now, seq: now.seq + 1_000 });
    for (const id of [future, 'abc', '-1', '1e3', '1.2.3']) {
      const stream = await open(g.ministryOfficer, id);
      const reload = await stream.waitFor((f) => f.event === 'reload');
      expect(reload.data).toMatchObject({ type: 'reload', reason: 'unknown_id' });
      expect(reload.lastEventId).toBe(await head(t));
      const incident = await t.fileIncident(g.agencyReporter);
      await stream.waitFor((f) => f.data.incidentId === incident.id);
      await stream.close();
    }
  });

  it('tells a client whose events were removed since to reload', async () => {
    const g = await t.government();
    const seqs = await insertEvents(t, [
      { readers: [g.ministry.id], incidentId: 'pruned-1' },
      { readers: [g.ministry.id], incidentId: 'pruned-2' },
    ]);
    const first = seqs[0] as number;
    const before = await placeOf(t, first - 1, first);
    // What housekeeping of a long-running deployment would do: the oldest events are gone.
    await t.handle.db
      .deleteFrom('event_readers')
      .where('seq', '<=', first + 1)
      .execute();
    await t.handle.db
      .deleteFrom('events')
      .where('seq', '<=', first + 1)
      .execute();
    const stream = await open(g.ministryOfficer, before);
    const reload = await stream.waitFor((f) => f.event === 'reload');
    expect(reload.data.reason).toBe('unknown_id');
    expect(stream.frames.map((f) => f.data.incidentId)).not.toContain('pruned-2');
  });
});

describe.each(DIALECTS)('the replay window and stream caps on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let port: number;
  const streams: SseStream[] = [];
  beforeAll(async () => {
    t = await startTestApp(dialect, {
      config: { sseReplayMax: 3, sseMaxPerCredential: 2, sseMaxPerAddress: 4 },
    });
    ({ base, port } = await listening(t));
  });
  afterEach(async () => {
    await Promise.all(streams.splice(0).map((s) => s.close()));
  });
  afterAll(async () => t?.close());

  /** Opens a stream, waiting for a slot that a stream of an earlier test may still hold to be given back. */
  const open = async (u: TestUser, headers: Record<string, string> = {}) => {
    let s: SseStream | undefined;
    await waitUntil(
      async () => {
        s = await openStream(`${base}/api/v1/events`, { ...u.headers, ...headers }).catch(() => undefined);
        return s !== undefined;
      },
      5_000,
      'a free slot',
    );
    streams.push(s as SseStream);
    return s as SseStream;
  };
  /** Asks for a stream and lets it go at once: the status it got. */
  const ask = async (u: TestUser) => {
    const res = await fetch(`${base}/api/v1/events`, { headers: u.headers });
    await res.body?.cancel();
    return res.status;
  };

  it('sends a reload event, not a partial replay, when more was missed than the window holds', async () => {
    const g = await t.government();
    const from = await head(t);
    const missed = [];
    for (let i = 0; i < 4; i++) missed.push((await t.fileIncident(g.agencyReporter)).id);
    const stream = await open(g.ministryOfficer, { 'last-event-id': String(from) });
    const reload = await stream.waitFor((f) => f.event === 'reload');
    expect(reload.data).toMatchObject({ type: 'reload', reason: 'window' });
    expect(reload.lastEventId).toBe(await head(t));
    const live = await t.fileIncident(g.agencyReporter);
    await stream.waitFor((f) => f.data.incidentId === live.id);
    expect(stream.frames.map((f) => f.event)).toEqual(['reload', 'incident.reported']);
    await stream.close();

    // Within the window, what was missed is replayed; the reload's id is a position to resume from.
    const back = await open(g.ministryOfficer, { 'last-event-id': reload.lastEventId });
    await back.waitFor((f) => f.data.incidentId === live.id);
    expect(back.frames.map((f) => f.data.incidentId)).toEqual([live.id]);
    expect(missed).not.toContain(live.id);
  });

  it('answers 429 with Retry-After past the streams of one credential, and frees the slot when one closes', async () => {
    const g = await t.government();
    const [a, b] = [await open(g.analyst), await open(g.analyst)];
    const res = await fetch(`${base}/api/v1/events`, { headers: g.analyst.headers });
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toMatchObject({ status: 429, code: 'events.too_many_streams' });
    // Another credential of the same person is counted apart; the address has room for it.
    expect((await open(g.ministryOfficer)).status).toBe(200);
    await a.close();
    await waitUntil(async () => (await ask(g.analyst)) === 200, 5_000, 'a freed slot');
    expect(b.status).toBe(200);
  });

  it('frees the slot of a client that vanishes without closing its stream', async () => {
    const g = await t.government();
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write(
      `GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nAuthorization: ${g.analyst.headers.authorization}\r\n\r\n`,
    );
    const [first] = (await once(socket, 'data')) as [Buffer];
    expect(first.toString('utf8')).toMatch(/^HTTP\/1\.1 200/);
    await open(g.analyst);
    expect(await ask(g.analyst)).toBe(429);
    // Gone without a goodbye: the connection is reset, as when the client's process dies.
    socket.resetAndDestroy();
    await waitUntil(async () => (await ask(g.analyst)) === 200, 5_000, 'the vanished client’s slot');
  });

  it('keeps no slot for a client gone before its stream began', async () => {
    const g = await t.government();
    // Each asks and is gone at once, while the server still authenticates it.
    for (let i = 0; i < 6; i++) {
      const socket = connect(port, '127.0.0.1');
      await once(socket, 'connect');
      socket.write(
        `GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${g.analyst.headers.authorization}\r\n\r\n`,
      );
      socket.resetAndDestroy();
    }
    await waitUntil(async () => (await ask(g.analyst)) === 200, 5_000, 'a slot');
    expect((await open(g.analyst)).status).toBe(200);
    expect((await open(g.analyst)).status).toBe(200);
  });

  it('caps the streams of one client address, whatever credentials it uses', async () => {
    const center = await t.org('center');
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await t.user(center, 'center-analyst'));
    for (const u of people.slice(0, 4)) expect((await open(u)).status).toBe(200);
    expect(await ask(people[4] as TestUser)).toBe(429);
  });
});

describe.each(DIALECTS)('many streams from one auditor token at once on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp(dialect, { config: { sseMaxPerCredential: 8 } });
    ({ base } = await listening(t));
  });
  afterAll(async () => t?.close());

  it('holds eight, refuses the rest, and keeps answering /healthz', async () => {
    const center = await t.org('center');
    const auditor = await t.user(center, 'auditor');
    const g = await t.government();
    await t.fileIncident(g.agencyReporter);
    // The attack of the security test, scaled down: a burst of resumptions from the start, on one token.
    const answers = await Promise.all(
      Array.from({ length: 200 }, () =>
        fetch(`${base}/api/v1/events`, { headers: { ...auditor.headers, 'last-event-id': '0' } }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(8);
    expect(statuses.filter((s) => s === 429)).toHaveLength(192);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    await Promise.all(answers.map((r) => r.body?.cancel()));
  });
});
