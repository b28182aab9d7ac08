// Phase n: how fast notification e-mail leaves Renraku. (1) Latency: a ministry's reporter files quick reports
// one at a time, and each is timed from its answer arriving at the client to the SMTP server accepting the
// e-mail to the ministry's duty officer that links to that incident. (2) Fan-out: the center publishes one
// advisory to a thousand bodies, each with a duty officer, and the e-mails are timed from the publishing
// request's answer to the last of them accepted. The SMTP server runs in this process (bench/mailbox.ts), on
// the same clock as the client.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { quickReportBody } from './load.js';
import { type Accepted, linkOf, type Mailbox } from './mailbox.js';
import type { NotificationBodies } from './notifications-bodies.js';
import { quantile } from './stats.js';

export interface NotificationResult {
  reports: number;
  /** Measured reports whose e-mail never came (within 10 s). */
  missing: number;
  /** E-mails accepted before the report's answer reached the client (counted as 0 ms). */
  beforeAnswer: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  answerP50Ms: number;
  answerP99Ms: number;
  fanout: {
    recipients: number;
    /** Distinct duty officers whose advisory e-mail was accepted. */
    accepted: number;
    /** Accepted e-mails that do not link to the advisory, or that repeat a recipient. */
    wrong: number;
    /** The publishing request, sent → answered. */
    answerMs: number;
    firstMs: number;
    /** Answer → the last recipient's e-mail accepted. */
    allMs: number;
    /** E-mails accepted per second, from the answer to the last one. */
    perSecond: number;
  };
  errors: number;
  firstError?: string;
}

const MAIL_TIMEOUT_MS = 10_000;

/** Phase (n): `warmups` unmeasured and `reports` measured quick reports, then one advisory to every recipient. */
export async function measureNotifications(args: {
  origin: string;
  bodies: NotificationBodies;
  mailbox: Mailbox;
  arrivals: MailArrivals;
  reports: number;
  warmups: number;
}): Promise<NotificationResult> {
  const { origin, bodies, arrivals } = args;
  const pool = new Pool(origin, { connections: 1, pipelining: 1, keepAliveTimeout: 60_000 });
  const post = async (token: string, path: string, body: string) => {
    const sentAt = performance.now();
    const res = await pool.request({
      method: 'POST',
      path,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    const text = await res.body.text();
    const answeredAt = performance.now();
    if (res.statusCode >= 300) throw new Error(`POST ${path}: ${res.statusCode} ${text.slice(0, 300)}`);
    const answer = JSON.parse(text) as { id: string; revision?: number; status?: string };
    return { id: answer.id, revision: answer.revision, status: answer.status, sentAt, answeredAt };
  };
  const latencies: number[] = [];
  const answers: number[] = [];
  let missing = 0;
  let beforeAnswer = 0;
  let errors = 0;
  let firstError: string | undefined;
  try {
    for (let n = 0; n < args.warmups + args.reports; n++) {
      try {
        const report = await post(bodies.reporter, '/api/v1/incidents', quickReportBody(n));
        const at = await arrivals.of(`/incidents/${encodeURIComponent(report.id)}`, MAIL_TIMEOUT_MS);
        if (n < args.warmups) continue;
        answers.push(report.answeredAt - report.sentAt);
        if (at === undefined) missing++;
        else {
          if (at < report.answeredAt) beforeAnswer++;
          latencies.push(Math.max(0, at - report.answeredAt));
        }
      } catch (e) {
        errors++;
        firstError ??= e instanceof Error ? e.message : String(e);
      }
    }
    const fanout = await publishAdvisory(post, args.mailbox, bodies);
    return {
      reports: args.reports,
      missing,
      beforeAnswer,
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
      maxMs: Math.max(...latencies),
      answerP50Ms: quantile(answers, 0.5),
      answerP99Ms: quantile(answers, 0.99),
      fanout,
      errors,
      ...(firstError ? { firstError } : {}),
    };
  } finally {
    await pool.close();
  }
}

type Post = (
  token: string,
  path: string,
  body: string,
) => Promise<{ id: string; revision?: number; status?: string; sentAt: number; answeredAt: number }>;

/**
 * An advisory of the center's own, TLP:GREEN, to every recipient: drafted by the analyst, it goes out when a
 * coordinator who did not write it publishes it (four eyes). Timed from the publication's answer.
 */
async function publishAdvisory(post: Post, mailbox: Mailbox, bodies: NotificationBodies) {
  const addresses = new Set(bodies.recipients.map((r) => r.email));
  const from = mailbox.accepted.length;
  const draft = await post(
    bodies.analyst,
    '/api/v1/shares',
    JSON.stringify({
      kind: 'advisory',
      sourceIncidentIds: [],
      content: {
        title: 'VPN 装置の脆弱性を悪用した攻撃について',
        body: '複数の府省庁で VPN 装置の既知の脆弱性を悪用した不正アクセスを確認した。該当する装置を利用している機関は、速やかに修正プログラムを適用し、認証ログを確認されたい。'.repeat(
          3,
        ),
        mitigations: ['修正プログラムを適用する', '認証ログを確認し、不審なログインがあれば報告する'],
      },
      audience: { kind: 'orgs', orgs: bodies.recipients.map((r) => r.slug) },
      tlp: 'TLP:GREEN',
    }),
  );
  if (draft.status !== 'awaiting-publication')
    throw new Error(`the advisory is ${draft.status}, not awaiting publication`);
  const advisory = await post(
    bodies.coordinator,
    `/api/v1/shares/${encodeURIComponent(draft.id)}/publish`,
    JSON.stringify({ revision: draft.revision }),
  );
  const mine = () => mailbox.accepted.slice(from).filter((m) => m.to.some((t) => addresses.has(t)));
  const deadline = performance.now() + 120_000;
  while (new Set(mine().flatMap((m) => m.to)).size < addresses.size && performance.now() < deadline)
    await sleep(5);
  const received = mine();
  // Checked off the clock: each e-mail links to the advisory, and no recipient hears of it twice.
  const path = `/shares/${encodeURIComponent(advisory.id)}`;
  const links = await Promise.all(received.map(linkOf));
  const recipients = new Set(received.flatMap((m) => m.to));
  const wrong = links.filter((l) => l !== path).length + (received.length - recipients.size);
  const first = Math.min(...received.map((m) => m.at));
  const last = Math.max(...received.map((m) => m.at));
  return {
    recipients: addresses.size,
    accepted: recipients.size,
    wrong,
    answerMs: advisory.answeredAt - advisory.sentAt,
    firstMs: first - advisory.answeredAt,
    allMs: last - advisory.answeredAt,
    perSecond: (received.length * 1000) / Math.max(1, last - advisory.answeredAt),
  };
}

/** When the e-mail linking to a path was accepted: fed by the mailbox, asked by the phase. */
export function mailArrivals(watched: string) {
  const seen = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  return {
    /** Give every accepted message to this; only those to `watched` are read. */
    accept(m: Accepted) {
      if (!m.to.includes(watched)) return;
      void linkOf(m).then((path) => {
        if (!path) return;
        seen.set(path, m.at);
        waiting.get(path)?.(m.at);
      });
    },
    /** The acceptance time of the e-mail linking to `path`, or undefined after `timeoutMs`. */
    async of(path: string, timeoutMs: number): Promise<number | undefined> {
      const known = seen.get(path);
      if (known !== undefined) return known;
      const abort = new AbortController();
      const timer = sleep(timeoutMs, undefined, { signal: abort.signal }).catch(() => undefined);
      const arrived = new Promise<number>((resolve) => waiting.set(path, resolve));
      try {
        return await Promise.race([arrived, timer]);
      } finally {
        abort.abort();
        waiting.delete(path);
      }
    },
  };
}
export type MailArrivals = ReturnType<typeof mailArrivals>;
