import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';

export const REPORT_PATH = '/api/v1/incidents';

/** The quick report every phase sends: the same JSON body for the baseline and for Renraku. */
export const quickReportBody = (n: number) =>
  JSON.stringify({
    title: `不審な通信を検知 ${n}`,
    summary: 'ファイアウォールで外部への不審な通信を検知した。端末を隔離し、ログを保全している。',
    detectedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
  });

export interface Answer {
  status: number;
  body: string;
  /** performance.now() when the request was due and when its answer had fully arrived. */
  sentAt: number;
  answeredAt: number;
}

/** One keep-alive HTTP/1.1 pool that posts quick reports with a caller's token. */
export function reportPoster(
  origin: string,
  connections: number,
  bodyOf: (n: number) => string = quickReportBody,
) {
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  let n = 0;
  return {
    async post(token: string, dueAt = performance.now()): Promise<Answer> {
      const res = await pool.request({
        method: 'POST',
        path: REPORT_PATH,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: bodyOf(++n),
      });
      const body = await res.body.text();
      return { status: res.statusCode, body, sentAt: dueAt, answeredAt: performance.now() };
    },
    close: () => pool.close(),
  };
}

export interface ClosedLoopResult {
  completed: number;
  errors: number;
  seconds: number;
  perSecond: number;
  latenciesMs: number[];
  /** Answers in each second of the measured window: a falling series means the server slows as data grows. */
  timeline: number[];
  firstError: string | undefined;
  /** The server's CPU (user + system) per answer in the measured window, when its process id was given. */
  serverCpuMsPerAnswer?: number | undefined;
}

/** A process's CPU time so far, in ms (Linux: /proc; undefined elsewhere). */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, the 14th and 15th fields, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * `clients` callers that each post, wait for the answer and post again, for `warmup + seconds`; only the answers
 * that arrive inside the measured window count.
 */
export async function closedLoop(args: {
  origin: string;
  tokens: string[];
  clients: number;
  warmupSeconds: number;
  seconds: number;
  /** The body of each report (phase x: with indicators); the plain quick report when absent. */
  body?: (n: number) => string;
  /** The server's process: its CPU per answer is measured (phase x: a figure the machine's load disturbs less). */
  serverPid?: number | undefined;
}): Promise<ClosedLoopResult> {
  const poster = reportPoster(args.origin, args.clients, args.body);
  const begin = performance.now();
  const from = begin + args.warmupSeconds * 1000;
  const until = from + args.seconds * 1000;
  const latenciesMs: number[] = [];
  const timeline = new Array<number>(Math.ceil(args.seconds)).fill(0);
  let errors = 0;
  let firstError: string | undefined;
  const pid = args.serverPid;
  const cpu: (number | undefined)[] = [];
  const timers =
    pid === undefined
      ? []
      : [from, until].map((at) => setTimeout(() => cpu.push(processCpuMs(pid)), at - performance.now()));
  const client = async (i: number) => {
    const token = args.tokens[i % args.tokens.length] as string;
    while (performance.now() < until) {
      const answer = await poster.post(token).catch((e: unknown) => ({
        status: 0,
        body: String(e),
        sentAt: 0,
        answeredAt: performance.now(),
      }));
      if (answer.answeredAt < from || answer.answeredAt > until) continue;
      if (answer.status === 201) {
        latenciesMs.push(answer.answeredAt - answer.sentAt);
        const second = Math.floor((answer.answeredAt - from) / 1000);
        timeline[second] = (timeline[second] ?? 0) + 1;
      } else {
        errors++;
        firstError ??= `${answer.status} ${answer.body.slice(0, 300)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: args.clients }, (_, i) => client(i)));
  await poster.close();
  for (const t of timers) clearTimeout(t);
  const [cpuFrom, cpuUntil] = cpu;
  return {
    ...(cpuFrom !== undefined && cpuUntil !== undefined && latenciesMs.length > 0
      ? { serverCpuMsPerAnswer: (cpuUntil - cpuFrom) / latenciesMs.length }
      : {}),
    completed: latenciesMs.length,
    errors,
    seconds: args.seconds,
    perSecond: latenciesMs.length / args.seconds,
    latenciesMs,
    timeline,
    firstError,
  };
}

/**
 * Posts at a steady `rate` per second whatever the server does (open loop: a slow answer does not delay the
 * next report), for `seconds`. `onAnswer` gets each answer with the index of the token used.
 */
export async function openLoop(args: {
  origin: string;
  tokens: string[];
  rate: number;
  seconds: number;
  onAnswer: (answer: Answer, tokenIndex: number) => void;
}): Promise<{ sent: number; behindMs: number }> {
  const poster = reportPoster(args.origin, 128);
  const total = Math.round(args.rate * args.seconds);
  const interval = 1000 / args.rate;
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  let behindMs = 0;
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait);
    else behindMs = Math.max(behindMs, -wait);
    const tokenIndex = i % args.tokens.length;
    inflight.push(
      poster
        .post(args.tokens[tokenIndex] as string, due)
        .then((answer) => args.onAnswer(answer, tokenIndex))
        .catch((e: unknown) =>
          args.onAnswer(
            { status: 0, body: String(e), sentAt: due, answeredAt: performance.now() },
            tokenIndex,
          ),
        ),
    );
  }
  await Promise.all(inflight);
  await poster.close();
  return { sent: total, behindMs };
}

/**
 * An open loop of quick reports (`openLoop`) whose measured ones — due after the warm-up and answered 201 — are
 * kept by their incident's id with their reporter's ministry; the others counted as errors.
 */
export async function fileMeasured<M>(args: {
  origin: string;
  reporters: readonly { token: string; ministry: M }[];
  rate: number;
  warmupSeconds: number;
  seconds: number;
}): Promise<{
  reports: Map<string, Answer & { ministry: M }>;
  errors: number;
  firstError: string | undefined;
}> {
  const reports = new Map<string, Answer & { ministry: M }>();
  let errors = 0;
  let firstError: string | undefined;
  const measuredFrom = performance.now() + args.warmupSeconds * 1000;
  await openLoop({
    origin: args.origin,
    tokens: args.reporters.map((r) => r.token),
    rate: args.rate,
    seconds: args.warmupSeconds + args.seconds,
    onAnswer(answer, tokenIndex) {
      if (answer.status !== 201) {
        errors++;
        firstError ??= `${answer.status} ${answer.body.slice(0, 300)}`;
        return;
      }
      if (answer.sentAt < measuredFrom) return;
      const { id } = JSON.parse(answer.body) as { id: string };
      reports.set(id, { ...answer, ministry: (args.reporters[tokenIndex] as { ministry: M }).ministry });
    },
  });
  return { reports, errors, firstError };
}
