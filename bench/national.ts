// Phase g of `npm run bench` (issue 16, "national load"; only when named): a national government — 10,000
// bodies, 100,000 people, 10⁶ incidents (bench/national-bodies.ts) — where 1,000 agencies file a quick report
// each within a minute (open loop, evenly spaced) while 500 live streams watch (a fifth at the center, the rest
// at the ministries). It times each report's answer; answer → `incident.reported` at every stream that may see
// it (every center stream, the streams of the agency's own ministry; one of another ministry is a leak); and the
// burst's first send → the last duty-officer e-mail it owes (the agency's, its ministry's and the center's duty
// officer for every report) accepted by the SMTP server of bench/mailbox.ts.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchOptions } from './args.js';
import { type Answer, openLoop } from './load.js';
import { linkOf, type Mailbox, startMailbox } from './mailbox.js';
import type { NationalBodies } from './national-bodies.js';
import type { WithServer } from './situations.js';
import { subscribeAll } from './sse.js';
import { quantile, round } from './stats.js';

export interface NationalResult {
  bodies: number;
  users: number;
  incidents: number;
  buildSeconds: number;
  seedSeconds: number;
  streams: number;
  reports: number;
  seconds: number;
  errors: number;
  firstError?: string | undefined;
  answerP50Ms: number;
  answerP99Ms: number;
  answerMaxMs: number;
  /** Each report at every stream that may see it. */
  expected: number;
  deliveries: number;
  missing: number;
  leaks: number;
  /** The same report twice on a stream: must be 0. */
  repeated: number;
  beforeAnswer: number;
  propagationP50Ms: number;
  propagationP99Ms: number;
  propagationMaxMs: number;
  /** Duty-officer e-mails the burst owes (three a report), those accepted, and the first send → the last. */
  mailsOwed: number;
  mailsAccepted: number;
  lastMailSeconds: number;
  /** How far the sender fell behind its schedule (its own event loop), for context. */
  behindMs: number;
}

// E-mail still owed this long after the last answer: give up (it counts as not accepted).
const MAIL_WAIT_MS = 300_000;
const GRACE_MS = 2_000;

export async function measureNational(args: {
  origin: string;
  bodies: NationalBodies;
  mailbox: Mailbox;
  seconds: number;
}): Promise<Omit<NationalResult, 'bodies' | 'users' | 'incidents' | 'buildSeconds' | 'seedSeconds'>> {
  const { origin, bodies, mailbox } = args;
  const seen = bodies.watchers.map(() => new Map<string, number>());
  let repeatedOrOther = 0;
  const streams = await subscribeAll(
    origin,
    bodies.watchers.map((w) => w.token),
    (i, frame) => {
      if (frame.type !== 'incident.reported' || !frame.data.incidentId) return;
      const map = seen[i] as Map<string, number>;
      if (map.has(frame.data.incidentId)) repeatedOrOther++;
      else map.set(frame.data.incidentId, frame.receivedAt);
    },
  );
  const mailsBefore = mailbox.accepted.length;
  const reports = new Map<string, Answer & { index: number }>();
  let errors = 0;
  let firstError: string | undefined;
  const began = performance.now();
  let behindMs = 0;
  try {
    ({ behindMs } = await openLoop({
      origin,
      tokens: bodies.reporters.map((r) => r.token),
      rate: bodies.reporters.length / args.seconds,
      seconds: args.seconds,
      onAnswer(answer, index) {
        if (answer.status !== 201) {
          errors++;
          firstError ??= `${answer.status} ${answer.body.slice(0, 300)}`;
          return;
        }
        reports.set((JSON.parse(answer.body) as { id: string }).id, { ...answer, index });
      },
    }));
    await sleep(GRACE_MS);
  } finally {
    await streams.close();
  }

  // Every e-mail the burst owes, by address: wait until as many have come as are owed (or give up).
  const owed = new Map<string, number>();
  for (const r of reports.values())
    for (const to of bodies.reporters[r.index]?.duty ?? []) owed.set(to, (owed.get(to) ?? 0) + 1);
  const mailsOwed = [...owed.values()].reduce((n, k) => n + k, 0);
  const counted = () => {
    let n = 0;
    for (const m of mailbox.accepted.slice(mailsBefore)) for (const to of m.to) if (owed.has(to)) n++;
    return n;
  };
  const waitUntil = performance.now() + MAIL_WAIT_MS;
  while (counted() < mailsOwed && performance.now() < waitUntil) await sleep(200);
  // Off the clock: which report each message is about (its link), so that only the burst's owed ones count.
  const owedPairs = new Set<string>();
  for (const [id, r] of reports)
    for (const to of bodies.reporters[r.index]?.duty ?? []) owedPairs.add(`${to} ${id}`);
  let mailsAccepted = 0;
  let lastMail = began;
  for (const m of mailbox.accepted.slice(mailsBefore)) {
    if (!m.to.some((to) => owed.has(to))) continue;
    const id = (await linkOf(m))?.split('/')[2];
    for (const to of m.to)
      if (owedPairs.delete(`${to} ${id}`)) {
        mailsAccepted++;
        lastMail = Math.max(lastMail, m.at);
      }
  }

  const delays: number[] = [];
  let expected = 0;
  let missing = 0;
  let beforeAnswer = 0;
  let leaks = 0;
  const ministryOf = new Map<string, number>();
  for (const [id, r] of reports) ministryOf.set(id, bodies.reporters[r.index]?.ministry ?? -2);
  bodies.watchers.forEach((w, i) => {
    const map = seen[i] as Map<string, number>;
    for (const [id, r] of reports) {
      const ministry = ministryOf.get(id);
      if (w.ministry !== -1 && w.ministry !== ministry) {
        if (map.has(id)) leaks++;
        continue;
      }
      expected++;
      const at = map.get(id);
      if (at === undefined) {
        missing++;
        continue;
      }
      if (at < r.answeredAt) beforeAnswer++;
      delays.push(Math.max(0, at - r.answeredAt));
    }
  });
  const answers = [...reports.values()].map((r) => r.answeredAt - r.sentAt);
  return {
    streams: bodies.watchers.length,
    reports: reports.size,
    seconds: args.seconds,
    errors,
    firstError,
    answerP50Ms: quantile(answers, 0.5),
    answerP99Ms: quantile(answers, 0.99),
    answerMaxMs: quantile(answers, 1),
    expected,
    deliveries: delays.length,
    missing,
    leaks,
    repeated: repeatedOrOther,
    beforeAnswer,
    propagationP50Ms: quantile(delays, 0.5),
    propagationP99Ms: quantile(delays, 0.99),
    propagationMaxMs: quantile(delays, 1),
    mailsOwed,
    mailsAccepted,
    lastMailSeconds: (lastMail - began) / 1000,
    behindMs,
  };
}

/** Runs phase g on a fresh server and database, with its own SMTP server. */
export async function runNational(
  options: BenchOptions,
  withServer: WithServer,
  log: (line: string) => void,
): Promise<NationalResult | undefined> {
  if (!options.phases.includes('g')) return undefined;
  const shape = options.national;
  log(
    `(g) national load: ${shape.bodies} bodies, ${shape.users} people, ${shape.incidents} incidents; ${shape.reports} reports within ${options.nationalSeconds} s while ${shape.streams} streams watch`,
  );
  const mailbox = await startMailbox();
  try {
    return await withServer(
      'national',
      'g',
      async ({ origin, national }) => {
        if (!national) throw new Error('the Renraku server sent no credentials');
        log(
          `(g) built in ${round(national.buildSeconds)} s, incidents seeded and indexed for sharing in ${round(national.seedSeconds)} s`,
        );
        const measured = await measureNational({
          origin,
          bodies: national,
          mailbox,
          seconds: options.nationalSeconds,
        });
        return {
          bodies: national.bodies,
          users: national.users,
          incidents: national.incidents,
          buildSeconds: round(national.buildSeconds),
          seedSeconds: round(national.seedSeconds),
          ...measured,
        };
      },
      { smtpUrl: mailbox.url, national: shape },
    );
  } finally {
    await mailbox.close();
  }
}

/** The lines phase g prints. */
export function nationalLines(
  g: NationalResult,
  f: (n: number | undefined, digits?: number) => string,
): string[] {
  return [
    `(g) national load: ${g.bodies} bodies, ${g.users} people, ${g.incidents} incidents (built in ${f(g.buildSeconds)} s, seeded and indexed in ${f(g.seedSeconds)} s)`,
    `    ${g.reports} quick reports within ${g.seconds} s (errors ${g.errors}${g.firstError ? `: ${g.firstError}` : ''}), ${g.streams} live streams; sender behind by ${f(g.behindMs)} ms at most`,
    `    answer p50 ${f(g.answerP50Ms, 2)} ms, p99 ${f(g.answerP99Ms, 2)} ms, max ${f(g.answerMaxMs, 2)} ms`,
    `    answer → event: p50 ${f(g.propagationP50Ms, 2)} ms, p99 ${f(g.propagationP99Ms, 2)} ms, max ${f(g.propagationMaxMs, 2)} ms; deliveries ${g.deliveries} of ${g.expected}, missing ${g.missing}, leaked ${g.leaks}, repeated ${g.repeated}, before the answer ${g.beforeAnswer}`,
    `    duty-officer e-mail: ${g.mailsAccepted} of ${g.mailsOwed} accepted; first send → last accepted ${f(g.lastMailSeconds, 2)} s`,
  ];
}
