// Phase s, the bench's side: when each recipient's live stream received each share, and the figures drawn
// from it.
import { quantile } from './stats.js';

export interface SharingResult {
  recipients: number;
  shares: number;
  errors: number;
  /** Frames that reached a stream twice, or the bystander at all: must be 0. */
  leaks: number;
  deliveries: number;
  missing: number;
  /** Approval sent → frame, over every delivery. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Approval sent → the first and the last of a share's recipients has it, per share. */
  firstP50Ms: number;
  firstP99Ms: number;
  lastP50Ms: number;
  lastP99Ms: number;
  /** Approval sent → its answer; frames that came before the answer show the events leave before it. */
  answerP50Ms: number;
  answerP99Ms: number;
  beforeAnswer: number;
  firstError: string | undefined;
}

/** One share's round, as the bench saw it. */
export interface Round {
  sentAt: number;
  answeredAt: number;
  arrivals: number[];
}

// Long enough for a stalled server to show as missing frames rather than as a hung bench.
const ARRIVAL_TIMEOUT_MS = 10_000;

/**
 * When each stream received each share's `share.published`. A share's frames can arrive before the approval's
 * answer, so a waiter that comes late finds them already counted.
 */
export function arrivalBoard(recipients: number) {
  const byShare = new Map<string, Map<number, number>>();
  const waiters = new Map<string, () => void>();
  let leaks = 0;
  const arrivedAt = (shareId: string) => {
    const m = byShare.get(shareId) ?? new Map<number, number>();
    byShare.set(shareId, m);
    return m;
  };
  return {
    record(shareId: string, stream: number, at: number) {
      const m = arrivedAt(shareId);
      if (m.has(stream)) leaks++;
      else m.set(stream, at);
      if (m.size === recipients) waiters.get(shareId)?.();
    },
    leak: () => void leaks++,
    leaks: () => leaks,
    /** The arrival times of a share once every recipient has it, or what came within the timeout. */
    async untilAll(shareId: string): Promise<number[]> {
      const m = arrivedAt(shareId);
      if (m.size < recipients) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => waiters.set(shareId, resolve)),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, ARRIVAL_TIMEOUT_MS);
          }),
        ]);
        clearTimeout(timer);
        waiters.delete(shareId);
      }
      return [...m.values()];
    },
  };
}
export type ArrivalBoard = ReturnType<typeof arrivalBoard>;

/** The figures of the measured shares. */
export function summarise(
  rounds: Round[],
  recipients: number,
  leaks: number,
  errors: number,
  firstError: string | undefined,
): SharingResult {
  const all: number[] = [];
  const first: number[] = [];
  const last: number[] = [];
  let missing = 0;
  let beforeAnswer = 0;
  for (const r of rounds) {
    const ms = r.arrivals.map((at) => at - r.sentAt);
    all.push(...ms);
    missing += recipients - ms.length;
    beforeAnswer += r.arrivals.filter((at) => at < r.answeredAt).length;
    // A share some recipient never got has no "last arrival": it counts as the timeout.
    if (ms.length > 0) first.push(Math.min(...ms));
    last.push(ms.length === recipients ? Math.max(...ms) : ARRIVAL_TIMEOUT_MS);
  }
  const answers = rounds.map((r) => r.answeredAt - r.sentAt);
  return {
    recipients,
    shares: rounds.length,
    errors,
    leaks,
    deliveries: all.length,
    missing,
    p50Ms: quantile(all, 0.5),
    p99Ms: quantile(all, 0.99),
    maxMs: quantile(all, 1),
    firstP50Ms: quantile(first, 0.5),
    firstP99Ms: quantile(first, 0.99),
    lastP50Ms: quantile(last, 0.5),
    lastP99Ms: quantile(last, 0.99),
    answerP50Ms: quantile(answers, 0.5),
    answerP99Ms: quantile(answers, 0.99),
    beforeAnswer,
    firstError,
  };
}
