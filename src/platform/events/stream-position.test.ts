import { describe, expect, it } from 'vitest';
import {
  compareCursors,
  type EventCursor,
  formatPosition,
  type LiveEvent,
  parsePosition,
  START,
} from './events.js';
import { streamPosition } from './stream-position.js';

// A model of PostgreSQL's readers: transactions take event numbers as they insert and commit in any order; a node
// emits each event early once its transaction committed while an older one still runs, and again once final (in
// readers' order, up to the horizon); a client drops its stream now and then and comes back with the last id it
// got, replayed from the final places as the server replays them. Whatever the interleaving, the client gets
// every event it may receive exactly once.

/** A small deterministic generator (mulberry32): every run checks the same interleavings. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row extends LiveEvent {
  receivable: boolean;
}

function run(seed: number) {
  const rnd = random(seed);
  const transactions = 2 + Math.floor(rnd() * 10);
  // Each transaction's id is its begin order; its events take numbers as they are inserted, interleaved.
  const open = Array.from({ length: transactions }, (_, i) => ({ txid: String(100 + i), rows: [] as Row[] }));
  let seq = 0;
  for (let i = 0; i < transactions * 3; i++) {
    const tx = open[Math.floor(rnd() * open.length)];
    if (!tx) continue;
    seq++;
    tx.rows.push({
      seq,
      txid: tx.txid,
      at: '',
      type: 'report.added',
      incidentId: `e${seq}`,
      readerOrgIds: [],
      payload: {},
      receivable: rnd() < 0.7,
    });
  }
  const committed: Row[] = [];
  const running = new Set(open.map((t) => t.txid));
  const final = () => {
    const horizon = [...running].reduce((m, t) => (BigInt(t) < m ? BigInt(t) : m), 1n << 62n);
    return committed.filter((r) => BigInt(r.txid) < horizon).sort(compareCursors);
  };
  // The node's reader.
  let delivered: EventCursor = START;
  const earlyDone = new Set<number>();
  let listener: ((e: LiveEvent) => void) | undefined;
  const read = () => {
    const now = final();
    for (const r of now.filter((r) => compareCursors(r, delivered) > 0)) {
      delivered = { txid: r.txid, seq: r.seq };
      listener?.(r);
    }
    const finalSeqs = new Set(now.map((r) => r.seq));
    for (const r of committed.filter((r) => !finalSeqs.has(r.seq)).sort(compareCursors)) {
      if (earlyDone.has(r.seq)) continue;
      earlyDone.add(r.seq);
      listener?.({ ...r, early: true, finalAt: delivered });
    }
  };
  // The client: every frame it was written, across its streams.
  const got: number[] = [];
  let lastId: string | undefined;
  const connect = () => {
    const place = streamPosition();
    const send = (e: LiveEvent) => {
      const row = committed.find((r) => r.seq === e.seq) as Row;
      if (place.take(e, row.receivable)) {
        got.push(e.seq);
        lastId = formatPosition(place.current());
      }
    };
    listener = send;
    if (lastId === undefined) return;
    // The replay, as the route does it: from the id's final place up to the head, the early events it names left
    // out (their places read again).
    const position = parsePosition(lastId);
    if (!position) throw new Error(`an id the server cannot read: ${lastId}`);
    const now = final();
    const head = now.at(-1) ?? START;
    place.resume(
      position.at,
      committed.filter((r) => position.early.includes(r.seq)),
    );
    for (const r of now) if (compareCursors(r, position.at) > 0 && compareCursors(r, head) <= 0) send(r);
    place.reach(head);
  };
  // The client's first stream opens at some point of the history, without an id: it is owed what is not final yet.
  const order = [...open].sort(() => rnd() - 0.5);
  const opensAt = Math.floor(rnd() * order.length);
  let owed = new Set<number>();
  for (const [i, tx] of order.entries()) {
    if (i === opensAt) {
      const before = new Set(final().map((r) => r.seq));
      owed = new Set(tx.rows.map((r) => r.seq));
      for (const r of [...committed, ...order.slice(i + 1).flatMap((t) => t.rows)])
        if (!before.has(r.seq)) owed.add(r.seq);
      connect();
    }
    running.delete(tx.txid);
    committed.push(...tx.rows);
    if (rnd() < 0.5) read();
    // The client drops its stream (what is emitted meanwhile is lost to it) and comes back with its last id (one
    // without an id asks for nothing missed: it drops only once it has one).
    if (lastId !== undefined && rnd() < 0.4) {
      listener = undefined;
      if (rnd() < 0.5) read();
      connect();
    }
    read();
  }
  read();
  return { got, expected: committed.filter((r) => r.receivable && owed.has(r.seq)).map((r) => r.seq) };
}

describe('a live stream’s position', () => {
  it('gets every event it may receive exactly once, early or final, across reconnections', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const { got, expected } = run(seed);
      expect(
        [...got].sort((a, b) => a - b),
        `seed ${seed}`,
      ).toEqual([...expected].sort((a, b) => a - b));
    }
  });

  it('writes an id that names its final place and the early events sent since, and reads it back', () => {
    const place = streamPosition();
    const event = (txid: string, seq: number, early?: EventCursor): LiveEvent => ({
      seq,
      txid,
      at: '',
      type: 'report.added',
      incidentId: null,
      readerOrgIds: [],
      payload: {},
      ...(early ? { early: true as const, finalAt: early } : {}),
    });
    expect(place.take(event('10', 5), true)).toBe(true);
    expect(formatPosition(place.current())).toBe('10.5');
    // Early, above an older running transaction: the id keeps the final place and names it.
    expect(place.take(event('12', 7, { txid: '10', seq: 5 }), true)).toBe(true);
    expect(place.take(event('13', 8, { txid: '10', seq: 5 }), false)).toBe(false);
    expect(formatPosition(place.current())).toBe('10.5+7');
    expect(parsePosition('10.5+7')).toEqual({ at: { txid: '10', seq: 5 }, early: [7] });
    // Once final: the older transaction's event is sent, the early ones are not again.
    expect(place.take(event('11', 6), true)).toBe(true);
    expect(formatPosition(place.current())).toBe('11.6+7');
    expect(place.take(event('12', 7), true)).toBe(false);
    expect(place.take(event('13', 8), false)).toBe(false);
    expect(formatPosition(place.current())).toBe('13.8');
    // SQLite's ids are the number alone, as before.
    expect(parsePosition('42')).toEqual({ at: { txid: '0', seq: 42 }, early: [] });
    for (const bad of ['', '1.', '.1', '1+', '1.2+', '1.2++3', '1.2+-3', `1${'+1'.repeat(33)}`, '1 2'])
      expect(parsePosition(bad), bad).toBeUndefined();
  });
});
