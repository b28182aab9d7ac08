// Phase q: the roll-call storm. 20 center boards and one board per ministry hold their live streams; the
// situation phase r declared on the same server (or, q alone, one the phase declares) has sent its notices; then
// every body answers the roll-call once, at times spread evenly over the window (open loop: a slow answer does
// not delay the next). For each answer and each board that may see it (every center board; the board of the
// body's own ministry), the time from the answer reaching the client to its `rollcall.answered` event at that
// board. A ministry board that receives an answer of another ministry's body is a leak.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Mailbox } from './mailbox.js';
import type { SituationBodies, SituationBody } from './situations-bodies.js';
import { declareToAll, jsonPoster } from './situations-declare.js';
import { subscribeAll } from './sse.js';
import { quantile } from './stats.js';

export interface StormResult {
  bodies: number;
  seconds: number;
  centerBoards: number;
  ministryBoards: number;
  answered: number;
  errors: number;
  firstError?: string;
  answerP50Ms: number;
  answerP99Ms: number;
  answerMaxMs: number;
  /** Deliveries owed: each answer at every board that may see it. */
  expected: number;
  deliveries: number;
  missing: number;
  /** Answers of another ministry's bodies at a ministry board: must be 0. */
  leaks: number;
  /** The same answer twice at a board. */
  repeated: number;
  beforeAnswer: number;
  boardP50Ms: number;
  boardP99Ms: number;
  boardMaxMs: number;
  centerP99Ms: number;
  ministryP99Ms: number;
  /** How far the sender fell behind the schedule (its own event loop), for context. */
  behindMs: number;
  /** From the declaration's answer until its e-mails were out and the storm began. */
  settledMs: number;
}

const STATUSES = [
  'none',
  'none',
  'none',
  'none',
  'none',
  'none',
  'investigating',
  'investigating',
  'affected',
];
// After the declaration, before the storm: its notices (e-mail, in-app) go out first.
const SETTLE_MAX_MS = 60_000;
// No e-mail at all after this long: there are none to wait for.
const NOTHING_MS = 10_000;
const GRACE_MS = 2_000;

/** A fixed shuffle (every run and both dialects answer in the same order). */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let s = 20261205;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Waits until every duty officer's e-mail of the declaration has been accepted (its notices are out) and then no
 * e-mail has come for a second; at most SETTLE_MAX_MS. Answers how long it waited. The mailbox holds only this
 * server's e-mail.
 */
async function settle(mailbox: Mailbox, addresses: Set<string>): Promise<number> {
  const begin = performance.now();
  const told = new Set<string>();
  let read = 0;
  let quietSince = begin;
  for (;;) {
    const now = performance.now();
    if (now - begin > SETTLE_MAX_MS) break;
    for (; read < mailbox.accepted.length; read++) {
      for (const to of mailbox.accepted[read]?.to ?? []) if (addresses.has(to)) told.add(to);
      quietSince = now;
    }
    const nothing = read === 0 && now - begin > NOTHING_MS;
    if (nothing || (told.size >= addresses.size && now - quietSince > 1000)) break;
    await sleep(50);
  }
  return performance.now() - begin;
}

/** Phase (q): every body answers once within `seconds` while the boards watch. */
export async function measureStorm(args: {
  origin: string;
  bodies: SituationBodies;
  mailbox: Mailbox;
  ministries: number;
  seconds: number;
  /** A situation declared already (by phase r, on the same server); else the phase declares one. */
  situationId?: string | undefined;
}): Promise<StormResult> {
  const { origin, bodies, mailbox } = args;
  const ministryBoards = bodies.bodies.slice(0, args.ministries);
  const boards = [
    ...bodies.centerBoards.map((token) => ({ token, ministry: -1 })),
    ...ministryBoards.map((b) => ({ token: b.token, ministry: b.ministry })),
  ];
  // Per board: the answering body's org id → when its event came.
  const seen = boards.map(() => new Map<string, number>());
  let repeated = 0;
  let situationId: string | undefined;
  const streams = await subscribeAll(
    origin,
    boards.map((b) => b.token),
    (i, frame) => {
      if (frame.type !== 'rollcall.answered' || frame.data.situationId !== situationId) return;
      const orgId = String(frame.data.orgId);
      const board = seen[i] as Map<string, number>;
      if (board.has(orgId)) repeated++;
      else board.set(orgId, frame.receivedAt);
    },
  );
  const poster = jsonPoster(origin, 64);
  const answers = new Map<string, { body: SituationBody; sentAt: number; answeredAt: number }>();
  let errors = 0;
  let firstError: string | undefined;
  let behindMs = 0;
  let settledMs = Number.NaN;
  try {
    situationId = args.situationId ?? (await declareToAll(poster, bodies.coordinator)).id;
    settledMs = await settle(mailbox, new Set(bodies.bodies.map((b) => b.email)));
    const order = shuffled(bodies.bodies);
    const interval = (args.seconds * 1000) / order.length;
    const start = performance.now();
    const inflight: Promise<void>[] = [];
    const path = `/api/v1/situations/${encodeURIComponent(situationId)}/answers`;
    for (const [i, body] of order.entries()) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait >= 1) await sleep(wait);
      else behindMs = Math.max(behindMs, -wait);
      const input = { status: STATUSES[i % STATUSES.length], note: `被害状況の確認 ${body.slug}` };
      inflight.push(
        poster
          .post(body.token, path, input, due)
          .then((a) => {
            if (a.status === 201) answers.set(body.orgId, { body, ...a });
            else {
              errors++;
              firstError ??= `${a.status} ${a.text.slice(0, 300)}`;
            }
          })
          .catch((e: unknown) => {
            errors++;
            firstError ??= String(e);
          }),
      );
    }
    await Promise.all(inflight);
    await sleep(GRACE_MS);
  } catch (e) {
    errors++;
    firstError ??= e instanceof Error ? e.message : String(e);
  } finally {
    await poster.close();
    await streams.close();
  }

  const all: number[] = [];
  const byLevel = { center: [] as number[], ministry: [] as number[] };
  let expected = 0;
  let missing = 0;
  let beforeAnswer = 0;
  for (const [orgId, a] of answers)
    for (const [i, board] of boards.entries()) {
      if (board.ministry !== -1 && board.ministry !== a.body.ministry) continue;
      expected++;
      const at = seen[i]?.get(orgId);
      if (at === undefined) {
        missing++;
        continue;
      }
      if (at < a.answeredAt) beforeAnswer++;
      const ms = Math.max(0, at - a.answeredAt);
      all.push(ms);
      byLevel[board.ministry === -1 ? 'center' : 'ministry'].push(ms);
    }
  const ministryOf = new Map(bodies.bodies.map((b) => [b.orgId, b.ministry]));
  let leaks = 0;
  for (const [i, board] of boards.entries()) {
    if (board.ministry === -1) continue;
    for (const orgId of seen[i]?.keys() ?? []) if (ministryOf.get(orgId) !== board.ministry) leaks++;
  }
  const latencies = [...answers.values()].map((a) => a.answeredAt - a.sentAt);
  return {
    bodies: bodies.bodies.length,
    seconds: args.seconds,
    centerBoards: bodies.centerBoards.length,
    ministryBoards: ministryBoards.length,
    answered: answers.size,
    errors,
    ...(firstError ? { firstError } : {}),
    answerP50Ms: quantile(latencies, 0.5),
    answerP99Ms: quantile(latencies, 0.99),
    answerMaxMs: quantile(latencies, 1),
    expected,
    deliveries: all.length,
    missing,
    leaks,
    repeated,
    beforeAnswer,
    boardP50Ms: quantile(all, 0.5),
    boardP99Ms: quantile(all, 0.99),
    boardMaxMs: quantile(all, 1),
    centerP99Ms: quantile(byLevel.center, 0.99),
    ministryP99Ms: quantile(byLevel.ministry, 0.99),
    behindMs,
    settledMs,
  };
}
