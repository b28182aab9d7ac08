// Phase s: how fast a share reaches the live streams of its recipients once its source approves it. One reader
// of each recipient body holds a live stream; the center drafts a share of a ministry's incident to all of
// them, the ministry's officer approves it, and each stream's `share.published` frame is timed from the moment
// the approval was sent. Shares go one at a time: the phase measures one approval's fan-out, not throughput.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { quickReportBody } from './load.js';
import {
  type ArrivalBoard,
  arrivalBoard,
  type Round,
  type SharingResult,
  summarise,
} from './sharing-arrivals.js';
import type { SharingBodies } from './sharing-bodies.js';
import { type LiveFrame, subscribe } from './sse.js';

export type { SharingResult } from './sharing-arrivals.js';

/** Phase (s): `warmups` unmeasured shares, then `shares` measured ones, each to every recipient at once. */
export async function measureSharing(args: {
  origin: string;
  bodies: SharingBodies;
  shares: number;
  warmups: number;
}): Promise<SharingResult> {
  const { origin, bodies } = args;
  const api = apiClient(origin);
  const board = arrivalBoard(bodies.recipients.length);
  const streams = await openStreams(origin, bodies, board);
  const rounds: Round[] = [];
  let errors = 0;
  let firstError: string | undefined;
  try {
    const incidentId = await fileSourceIncident(api, bodies);
    for (let n = 0; n < args.warmups + args.shares; n++) {
      try {
        const round = await shareOnce(api, bodies, board, incidentId, n);
        if (n >= args.warmups) rounds.push(round);
      } catch (e) {
        errors++;
        firstError ??= e instanceof Error ? e.message : String(e);
      }
    }
    // A frame of the last share sent twice, or to the bystander, needs a moment to show as a leak.
    await sleep(200);
  } finally {
    await Promise.all(streams.map((s) => s.close()));
    await api.close();
  }
  return summarise(rounds, bodies.recipients.length, board.leaks(), errors, firstError);
}

/** A keep-alive client for the API calls of the phase; one connection, as every call waits for the last. */
function apiClient(origin: string) {
  const pool = new Pool(origin, { connections: 1, pipelining: 1, keepAliveTimeout: 60_000 });
  return {
    /** Calls the API as the token's holder; any answer but a success is an error. */
    async call<T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
      const res = await pool.request({
        method,
        path,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.body.text();
      if (res.statusCode >= 300)
        throw new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`);
      return JSON.parse(text) as T;
    },
    close: () => pool.close(),
  };
}
type Api = ReturnType<typeof apiClient>;

/** One live stream per recipient body, and one for the bystander, which must hear of no share. */
async function openStreams(origin: string, bodies: SharingBodies, board: ArrivalBoard) {
  const published = (frame: LiveFrame) =>
    frame.type === 'share.published' && typeof frame.data.shareId === 'string'
      ? frame.data.shareId
      : undefined;
  const streams = await Promise.all(
    bodies.recipients.map((r, i) =>
      subscribe(origin, r.token, (frame) => {
        const shareId = published(frame);
        if (shareId) board.record(shareId, i, frame.receivedAt);
      }),
    ),
  );
  streams.push(
    await subscribe(origin, bodies.bystander, (frame) => {
      if (published(frame)) board.leak();
    }),
  );
  return streams;
}

/** The source ministry files a quick report; a ministry's report goes straight to the center. */
async function fileSourceIncident(api: Api, bodies: SharingBodies): Promise<string> {
  const incident = await api.call<{ id: string }>(
    bodies.officer,
    'POST',
    '/api/v1/incidents',
    JSON.parse(quickReportBody(0)),
  );
  return incident.id;
}

/** The draft of share `n`: a TLP:GREEN share of the incident to every recipient body, with a few indicators. */
const draft = (incidentId: string, slugs: string[], n: number) => ({
  sourceIncidentIds: [incidentId],
  content: {
    title: `C2サーバへの通信を確認 ${n}`,
    body: '府省庁の端末から 203.0.113.9 への定期的な通信を確認した。同様の通信がないか確認されたい。',
    indicators: [
      { type: 'ipv4-addr', value: '203.0.113.9', description: 'C2' },
      { type: 'domain-name', value: `c2-${n}.example.net` },
    ],
    mitigations: ['203.0.113.9 への通信を遮断する'],
  },
  audience: { kind: 'orgs', orgs: slugs },
  tlp: 'TLP:GREEN',
});

/**
 * One share: drafted by the analyst, its consent request read by the officer, then approved; timed from the
 * approval being sent to every recipient's frame.
 */
async function shareOnce(
  api: Api,
  bodies: SharingBodies,
  board: ArrivalBoard,
  incidentId: string,
  n: number,
): Promise<Round> {
  const slugs = bodies.recipients.map((r) => r.slug);
  const share = await api.call<{ id: string; status: string }>(
    bodies.analyst,
    'POST',
    '/api/v1/shares',
    draft(incidentId, slugs, n),
  );
  if (share.status !== 'awaiting-consent')
    throw new Error(`share ${n} is ${share.status}, not awaiting consent`);
  const pending = await api.call<{ items: { id: string; share: { id: string } }[] }>(
    bodies.officer,
    'GET',
    '/api/v1/consent-requests?status=pending',
  );
  const request = pending.items.find((r) => r.share.id === share.id);
  if (!request) throw new Error(`no consent request for share ${n}`);
  const sentAt = performance.now();
  const decided = await api.call<{ share: { status: string } }>(
    bodies.officer,
    'POST',
    `/api/v1/consent-requests/${request.id}/decision`,
    { decision: 'approve' },
  );
  const answeredAt = performance.now();
  if (decided.share.status !== 'published')
    throw new Error(`share ${n} is ${decided.share.status} after approval`);
  return { sentAt, answeredAt, arrivals: await board.untilAll(share.id) };
}
