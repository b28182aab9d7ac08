// Phase r: how fast a declaration reaches a thousand bodies. Every body in scope has a duty officer (e-mail and
// in-app) whose live stream is open; a center coordinator declares a situation to all bodies, and from the
// declaration's answer at the client the bench times (1) the e-mails to the duty officers accepted by the SMTP
// server in this process (bench/mailbox.ts), (2) the `situation.declared` event and (3) the in-app notice
// (`notification.created` of the situation) on each duty officer's live stream. E-mail and in-app notices come
// from the notifications of situations: where none arrives at all, they are reported as n/a, not as missing.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { linkOf, type Mailbox } from './mailbox.js';
import type { SituationBodies } from './situations-bodies.js';
import { subscribeAll } from './sse.js';
import { quantile } from './stats.js';

/** Arrivals of one kind at the streams, from the declaration's answer. */
export interface StreamArrivals {
  streams: number;
  received: number;
  missing: number;
  /** Arrived before the declaration's answer reached the client (counted as 0 ms). */
  beforeAnswer: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** From the declaration being sent, for context when the events beat its answer. */
  fromSendP99Ms: number;
}

export interface DeclarationResult {
  bodies: number;
  /** The situation declared (phase q's roll-call answers it when both phases run). */
  situationId?: string;
  /** The declaring request, sent → answered. */
  answerMs: number;
  declared: StreamArrivals;
  /** null: no in-app notice of the situation came at all (the notifications of situations are not there). */
  notices: StreamArrivals | null;
  /** null: no e-mail came at all. */
  email: {
    expected: number;
    /** Distinct duty officers whose e-mail was accepted. */
    accepted: number;
    /** E-mails that do not link to the situation, or that repeat a recipient. */
    wrong: number;
    firstMs: number;
    /** Answer → the last duty officer's e-mail accepted. */
    allMs: number;
    perSecond: number;
  } | null;
  errors: number;
  firstError?: string;
}

// How long the bench waits for what has not come: the targets are 10 s (e-mail) and 1 s (live).
const DEADLINE_MS = 30_000;
// Nothing at all after this long: that channel is not there.
const NOTHING_MS = 10_000;

/** The JSON request of the situation bench, timed at the client. */
export function jsonPoster(origin: string, connections: number) {
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  return {
    async post(token: string, path: string, body: unknown, dueAt = performance.now()) {
      const res = await pool.request({
        method: 'POST',
        path,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.body.text();
      return { status: res.statusCode, text, sentAt: dueAt, answeredAt: performance.now() };
    },
    close: () => pool.close(),
  };
}

/** The declaration of both phases: TLP:GREEN, to every body, at the lowest level (no escalation meanwhile). */
export async function declareToAll(poster: ReturnType<typeof jsonPoster>, coordinator: string) {
  const answer = await poster.post(coordinator, '/api/v1/situations', {
    name: '政府機関を狙った大規模 DDoS 攻撃',
    description:
      '複数の府省庁の公開 Web サイトに大規模な DDoS 攻撃を確認した。各機関は被害状況を確認し、報告されたい。',
    level: 'caution',
    tlp: 'TLP:GREEN',
    scope: { kind: 'all' },
  });
  if (answer.status !== 201)
    throw new Error(`declaring failed: ${answer.status} ${answer.text.slice(0, 300)}`);
  return { ...answer, id: (JSON.parse(answer.text) as { id: string }).id };
}

const arrivals = (times: (number | undefined)[], from: number, sentAt: number): StreamArrivals => {
  const got = times.filter((t): t is number => t !== undefined);
  const ms = got.map((t) => Math.max(0, t - from));
  return {
    streams: times.length,
    received: got.length,
    missing: times.length - got.length,
    beforeAnswer: got.filter((t) => t < from).length,
    p50Ms: quantile(ms, 0.5),
    p99Ms: quantile(ms, 0.99),
    maxMs: quantile(ms, 1),
    fromSendP99Ms: quantile(
      got.map((t) => t - sentAt),
      0.99,
    ),
  };
};

/** Phase (r): one declaration to every body, with every duty officer's live stream open. */
export async function measureDeclaration(args: {
  origin: string;
  bodies: SituationBodies;
  mailbox: Mailbox;
}): Promise<DeclarationResult> {
  const { origin, bodies, mailbox } = args;
  const n = bodies.bodies.length;
  const declared: (number | undefined)[] = new Array(n).fill(undefined);
  const notices: (number | undefined)[] = new Array(n).fill(undefined);
  let situationId: string | undefined;
  const early: { index: number; type: string; id: unknown; at: number }[] = [];
  const note = (index: number, type: string, id: unknown, at: number) => {
    const times = type === 'situation.declared' ? declared : notices;
    if (id === situationId && times[index] === undefined) times[index] = at;
  };
  const streams = await subscribeAll(
    origin,
    bodies.bodies.map((b) => b.token),
    (index, frame) => {
      if (frame.type !== 'situation.declared' && frame.type !== 'notification.created') return;
      // Events may beat the declaration's answer to the client: kept until its id is known.
      if (situationId === undefined)
        early.push({ index, type: frame.type, id: frame.data.situationId, at: frame.receivedAt });
      else note(index, frame.type, frame.data.situationId, frame.receivedAt);
    },
  );
  const poster = jsonPoster(origin, 1);
  const addresses = new Set(bodies.bodies.map((b) => b.email));
  const fromMail = mailbox.accepted.length;
  const mine = () => mailbox.accepted.slice(fromMail).filter((m) => m.to.some((t) => addresses.has(t)));
  try {
    const declaration = await declareToAll(poster, bodies.coordinator);
    situationId = declaration.id;
    for (const e of early) note(e.index, e.type, e.id, e.at);
    const at = declaration.answeredAt;
    const count = (times: (number | undefined)[]) => times.filter((t) => t !== undefined).length;
    const pending = (got: number, waited: number) => got < n && (got > 0 || waited < NOTHING_MS);
    for (;;) {
      const waited = performance.now() - at;
      if (waited > DEADLINE_MS) break;
      const mailed = new Set(mine().flatMap((m) => m.to)).size;
      if (!pending(count(declared), waited) && !pending(count(notices), waited) && !pending(mailed, waited))
        break;
      await sleep(5);
    }
    // Checked off the clock: each e-mail links to the situation, and no duty officer hears of it twice.
    const received = mine();
    const recipients = new Set(received.flatMap((m) => m.to));
    const path = `/situations/${encodeURIComponent(declaration.id)}`;
    const links = await Promise.all(received.map(linkOf));
    const first = Math.min(...received.map((m) => m.at));
    const last = Math.max(...received.map((m) => m.at));
    return {
      bodies: n,
      situationId: declaration.id,
      answerMs: declaration.answeredAt - declaration.sentAt,
      declared: arrivals(declared, at, declaration.sentAt),
      notices: count(notices) === 0 ? null : arrivals(notices, at, declaration.sentAt),
      email:
        received.length === 0
          ? null
          : {
              expected: addresses.size,
              accepted: recipients.size,
              wrong: links.filter((l) => l !== path).length + (received.length - recipients.size),
              firstMs: first - at,
              allMs: last - at,
              perSecond: (received.length * 1000) / Math.max(1, last - at),
            },
      errors: 0,
    };
  } catch (e) {
    return {
      bodies: n,
      answerMs: Number.NaN,
      declared: arrivals(declared, 0, 0),
      notices: null,
      email: null,
      errors: 1,
      firstError: e instanceof Error ? e.message : String(e),
    };
  } finally {
    await poster.close();
    await streams.close();
  }
}
