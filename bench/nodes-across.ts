// Phase m's propagation across nodes: agencies file quick reports on one node at a steady rate (below what the
// nodes take, so that the figure is the path's and not a queue's) while their ministries' and the center's
// people hold live streams, half on the node that took the report and half on the other. For every report and
// every stream allowed to see it, the time from the reporter's answer to the frame's arrival: on the same node,
// and across nodes (the other node learns of the commit from PostgreSQL's NOTIFY and reads the events by
// commit visibility).
import { setTimeout as sleep } from 'node:timers/promises';
import { fileMeasured } from './load.js';
import { type LiveFrame, subscribe } from './sse.js';
import { quantile } from './stats.js';

export interface AcrossResult {
  rate: number;
  reports: number;
  errors: number;
  firstError: string | undefined;
  /** Frames expected but never received, and frames of reports a stream's body may not read: both must be 0. */
  missing: number;
  leaks: number;
  /** Frames a stream received a second time: must be 0. */
  repeated: number;
  sameNode: Latencies;
  otherNode: Latencies;
  postP50Ms: number;
  postP99Ms: number;
}

export interface Latencies {
  deliveries: number;
  /** From the reporter's answer to the frame (a frame that came first counts as 0 ms). */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Frames that came before the reporter had its answer. */
  beforeAnswer: number;
  /** From the moment the report was due to be sent: the whole way, a queue in front of the server included. */
  fromSendP99Ms: number;
}

export interface Watcher {
  token: string;
  /** The ministry whose agencies' reports it reads; null: the center (every report). */
  ministry: string | null;
}

export async function measureAcross(args: {
  /** The node that takes the reports, and the other one. */
  origin: string;
  otherOrigin: string;
  reporters: { token: string; ministry: string }[];
  watchers: Watcher[];
  rate: number;
  warmupSeconds: number;
  seconds: number;
}): Promise<AcrossResult> {
  const received = args.watchers.map(() => new Map<string, number>());
  let repeated = 0;
  const streams = await Promise.all(
    args.watchers.map((w, i) =>
      subscribe(i % 2 === 0 ? args.origin : args.otherOrigin, w.token, (frame: LiveFrame) => {
        if (frame.type !== 'incident.reported' || !frame.data.incidentId) return;
        // The first arrival counts; another is a repeat.
        if (received[i]?.has(frame.data.incidentId)) repeated++;
        else received[i]?.set(frame.data.incidentId, frame.receivedAt);
      }),
    ),
  );
  let filed: Awaited<ReturnType<typeof fileMeasured<string>>>;
  try {
    filed = await fileMeasured({
      origin: args.origin,
      reporters: args.reporters,
      rate: args.rate,
      warmupSeconds: args.warmupSeconds,
      seconds: args.seconds,
    });
    await sleep(2000);
  } finally {
    await Promise.all(streams.map((s) => s.close()));
  }
  const { reports, errors, firstError } = filed;
  const same: { ms: number; fromSend: number }[] = [];
  const other: { ms: number; fromSend: number }[] = [];
  let missing = 0;
  let leaks = 0;
  args.watchers.forEach((w, i) => {
    const got = received[i] as Map<string, number>;
    for (const [id, report] of reports) {
      const at = got.get(id);
      const mayRead = w.ministry === null || w.ministry === report.ministry;
      if (!mayRead) {
        if (at !== undefined) leaks++;
        continue;
      }
      if (at === undefined) missing++;
      else (i % 2 === 0 ? same : other).push({ ms: at - report.answeredAt, fromSend: at - report.sentAt });
    }
  });
  const figures = (frames: { ms: number; fromSend: number }[]): Latencies => {
    const ms = frames.map((d) => Math.max(0, d.ms));
    return {
      deliveries: frames.length,
      p50Ms: quantile(ms, 0.5),
      p99Ms: quantile(ms, 0.99),
      maxMs: quantile(ms, 1),
      beforeAnswer: frames.filter((d) => d.ms < 0).length,
      fromSendP99Ms: quantile(
        frames.map((d) => d.fromSend),
        0.99,
      ),
    };
  };
  const posts = [...reports.values()].map((r) => r.answeredAt - r.sentAt);
  return {
    rate: args.rate,
    reports: reports.size,
    errors,
    firstError,
    missing,
    leaks,
    repeated,
    sameNode: figures(same),
    otherNode: figures(other),
    postP50Ms: quantile(posts, 0.5),
    postP99Ms: quantile(posts, 0.99),
  };
}
