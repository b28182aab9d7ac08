import { setTimeout as sleep } from 'node:timers/promises';
import type { Credential, Government } from './government.js';
import { fileMeasured } from './load.js';
import { type LiveFrame, subscribe } from './sse.js';
import { quantile } from './stats.js';

export interface PropagationResult {
  reports: number;
  errors: number;
  deliveries: number;
  missing: number;
  /** Frames that reached a subscriber whose body is not in the incident's reader set: must be 0. */
  leaks: number;
  /** Frames a subscriber received a second time: must be 0. */
  repeated: number;
  /** Deliveries that reached the subscriber before the reporter had its answer (counted as 0 ms). */
  beforeAnswer: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  ministryP99Ms: number;
  centerP99Ms: number;
  /** From the moment the report was due to be sent, for context. */
  fromSendP99Ms: number;
  postP50Ms: number;
  postP99Ms: number;
  firstError: string | undefined;
}

interface Subscriber extends Credential {
  level: 'ministry' | 'center';
  received: Map<string, number>;
}

/**
 * Phase (c): subscribers of the ministries and the center hold live streams while agencies report at a steady
 * rate; for every report and every subscriber allowed to see it, the time from the reporter's answer to the
 * frame's arrival.
 */
export async function measurePropagation(args: {
  origin: string;
  government: Government;
  rate: number;
  warmupSeconds: number;
  seconds: number;
  graceSeconds?: number;
}): Promise<PropagationResult> {
  const { origin, government } = args;
  const subscribers: Subscriber[] = [
    ...government.ministrySubscribers.map((c) => ({ ...c, level: 'ministry' as const, received: new Map() })),
    ...government.centerSubscribers.map((c) => ({ ...c, level: 'center' as const, received: new Map() })),
  ];
  let repeated = 0;
  const streams = await Promise.all(
    subscribers.map((s) =>
      subscribe(origin, s.token, (frame: LiveFrame) => {
        if (frame.type !== 'incident.reported' || !frame.data.incidentId) return;
        // The first arrival counts; another is a repeat.
        if (s.received.has(frame.data.incidentId)) repeated++;
        else s.received.set(frame.data.incidentId, frame.receivedAt);
      }),
    ),
  );

  const { reports, errors, firstError } = await fileMeasured({
    origin,
    reporters: government.reporters,
    rate: args.rate,
    warmupSeconds: args.warmupSeconds,
    seconds: args.seconds,
  });
  await sleep((args.graceSeconds ?? 2) * 1000);
  await Promise.all(streams.map((s) => s.close()));

  const all: number[] = [];
  const byLevel = { ministry: [] as number[], center: [] as number[] };
  const fromSend: number[] = [];
  let missing = 0;
  let beforeAnswer = 0;
  for (const [id, report] of reports) {
    for (const s of subscribers) {
      if (s.level === 'ministry' && s.ministry !== report.ministry) continue;
      const at = s.received.get(id);
      if (at === undefined) {
        missing++;
        continue;
      }
      const ms = at - report.answeredAt;
      if (ms < 0) beforeAnswer++;
      all.push(Math.max(0, ms));
      byLevel[s.level].push(Math.max(0, ms));
      fromSend.push(at - report.sentAt);
    }
  }
  let leaks = 0;
  const ministryOf = new Map<string, number>();
  for (const [id, r] of reports) ministryOf.set(id, r.ministry);
  for (const s of subscribers) {
    if (s.level !== 'ministry') continue;
    for (const id of s.received.keys()) {
      const m = ministryOf.get(id);
      if (m !== undefined && m !== s.ministry) leaks++;
    }
  }
  const posts = [...reports.values()].map((r) => r.answeredAt - r.sentAt);
  return {
    reports: reports.size,
    errors,
    deliveries: all.length,
    missing,
    leaks,
    repeated,
    beforeAnswer,
    p50Ms: quantile(all, 0.5),
    p99Ms: quantile(all, 0.99),
    maxMs: quantile(all, 1),
    ministryP99Ms: quantile(byLevel.ministry, 0.99),
    centerP99Ms: quantile(byLevel.center, 0.99),
    fromSendP99Ms: quantile(fromSend, 0.99),
    postP50Ms: quantile(posts, 0.5),
    postP99Ms: quantile(posts, 0.99),
    firstError,
  };
}
