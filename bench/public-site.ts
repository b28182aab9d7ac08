import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { Government } from './government.js';
import { openLoop, processCpuMs } from './load.js';
import { quantile } from './stats.js';

// Phase p: Renraku's public site under the load of a news day — a notice page and the Atom feed asked for at
// `rate` requests per second (open loop: a slow answer does not hold back the next request), whole answers, no
// conditional requests, while reports are being filed at `reportRate` per second. Set-up through the API, as the
// body's people do it: a reporter files an incident and opens its accountability track, the security officer
// decides to publish, the reporter drafts the notice, the officer approves and publishes it.

export interface PublicSiteResult {
  notices: number;
  requests: number;
  errors: number;
  firstError: string | undefined;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  perSecond: number;
  pageP99Ms: number;
  feedP99Ms: number;
  bytesPerPage: number;
  reportsFiled: number;
  reportErrors: number;
  behindMs: number;
  /** The server's CPU per answer in the measured window, the reports filed meanwhile included. */
  serverCpuMsPerAnswer: number | undefined;
}

async function api(pool: Pool, token: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await pool.request({
    method,
    path,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

const content = (n: number) => ({
  ja: {
    title: `不正アクセスによる個人情報漏えいのおそれについて（第${n}報）`,
    body: '当機関のサーバーに対する不正アクセスが確認されました。',
    happened: '外部からの不正アクセスにより、サーバーの一部のファイルが閲覧されたおそれがあります。',
    impact: '利用者の氏名とメールアドレスが含まれていた可能性があります。',
    response: '該当サーバーを停止し、関係機関に報告しました。',
    contact: '情報セキュリティ担当 03-0000-0000',
  },
  en: {
    title: `Possible leak of personal information after unauthorised access (report ${n})`,
    body: 'Unauthorised access to one of our servers was confirmed.',
    happened: 'Some files on the server may have been read from outside.',
    impact: 'Names and e-mail addresses of users may have been included.',
    response: 'The server was stopped and the incident reported.',
    contact: 'Information security office, +81 3 0000 0000',
  },
});

/** Publishes `count` notices of the reporter's body; their ids. */
async function publishNotices(origin: string, reporter: string, officer: string, count: number) {
  const pool = new Pool(origin, { connections: 4 });
  const ids: string[] = [];
  try {
    for (let n = 1; n <= count; n++) {
      const incident = await api(pool, reporter, 'POST', '/api/v1/incidents', {
        title: `公開ベンチ ${n}`,
        summary: '個人情報の漏えいのおそれ',
        detectedAt: new Date(Date.now() - 60_000).toISOString(),
      });
      const track = await api(pool, reporter, 'POST', `/api/v1/incidents/${incident.id}/accountability`, {
        reason: '個人情報の漏えいのおそれ',
      });
      await api(pool, officer, 'POST', `/api/v1/incidents/${incident.id}/accountability/decision`, {
        revision: track.revision,
        decision: 'publish',
        reason: '国民の権利利益の侵害のおそれ',
      });
      const notice = await api(pool, reporter, 'POST', `/api/v1/incidents/${incident.id}/notices`, {
        kind: 'notice',
        content: content(n),
      });
      const version = (v: Record<string, unknown>) =>
        (v.versions as { seq: number; revision: number }[]).find((x) => x.seq === 1);
      const read = await api(pool, officer, 'GET', `/api/v1/notices/${notice.id}`);
      const approved = await api(pool, officer, 'POST', `/api/v1/notices/${notice.id}/versions/1/approve`, {
        revision: version(read)?.revision,
      });
      await api(pool, officer, 'POST', `/api/v1/notices/${notice.id}/versions/1/publish`, {
        revision: version(approved)?.revision,
      });
      ids.push(notice.id as string);
    }
  } finally {
    await pool.close();
  }
  return ids;
}

export async function measurePublicSite(args: {
  origin: string;
  government: Government;
  notices: number;
  rate: number;
  reportRate: number;
  warmupSeconds: number;
  seconds: number;
  serverPid: number;
}): Promise<PublicSiteResult> {
  const { government } = args;
  const reporter = government.reporters[0]?.token;
  const officer = government.publicOfficer?.token;
  if (!reporter || !officer) throw new Error('the server made no reporter and officer of one body');
  const ids = await publishNotices(args.origin, reporter, officer, args.notices);
  const paths = [...ids.map((id) => `/public/notices/${id}`), '/public/feed.atom'];

  const pool = new Pool(args.origin, { connections: 64, pipelining: 1, keepAliveTimeout: 60_000 });
  const page: number[] = [];
  const feed: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let bytes = 0;
  let pages = 0;
  const run = async (seconds: number, record: boolean) => {
    const total = Math.round(args.rate * seconds);
    const interval = 1000 / args.rate;
    const start = performance.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait >= 1) await sleep(wait);
      // Every other request the feed, the rest the notice pages in turn.
      const path = i % 2 === 1 ? '/public/feed.atom' : (paths[(i / 2) % (paths.length - 1)] as string);
      inflight.push(
        pool
          .request({ method: 'GET', path, headers: { accept: 'text/html,application/atom+xml' } })
          .then(async (res) => {
            const body = await res.body.text();
            const ms = performance.now() - due;
            if (!record) return;
            if (res.statusCode !== 200) {
              errors++;
              firstError ??= `${res.statusCode} ${path} ${body.slice(0, 200)}`;
              return;
            }
            (path === '/public/feed.atom' ? feed : page).push(ms);
            if (path !== '/public/feed.atom') {
              bytes += body.length;
              pages++;
            }
          })
          .catch((e: unknown) => {
            if (!record) return;
            errors++;
            firstError ??= String(e);
          }),
      );
    }
    await Promise.all(inflight);
  };
  // Reports filed at the same time, by the other reporters, for the warm-up and the measured window.
  let reportsFiled = 0;
  let reportErrors = 0;
  const filers = government.reporters.slice(1).map((r) => r.token);
  const filing = openLoop({
    origin: args.origin,
    tokens: filers.length > 0 ? filers : [reporter],
    rate: args.reportRate,
    seconds: args.warmupSeconds + args.seconds,
    onAnswer: (answer) => {
      if (answer.status === 201) reportsFiled++;
      else reportErrors++;
    },
  });
  await run(args.warmupSeconds, false);
  const begin = performance.now();
  const cpuFrom = processCpuMs(args.serverPid);
  await run(args.seconds, true);
  const cpuUntil = processCpuMs(args.serverPid);
  const elapsed = (performance.now() - begin) / 1000;
  const { behindMs } = await filing;
  await pool.close();
  const all = [...page, ...feed];
  return {
    notices: ids.length,
    requests: all.length,
    errors,
    firstError,
    p50Ms: quantile(all, 0.5),
    p99Ms: quantile(all, 0.99),
    maxMs: Math.max(...all),
    perSecond: all.length / elapsed,
    pageP99Ms: quantile(page, 0.99),
    feedP99Ms: quantile(feed, 0.99),
    bytesPerPage: pages > 0 ? bytes / pages : 0,
    reportsFiled,
    reportErrors,
    behindMs,
    serverCpuMsPerAnswer:
      cpuFrom !== undefined && cpuUntil !== undefined && all.length > 0
        ? (cpuUntil - cpuFrom) / all.length
        : undefined,
  };
}
