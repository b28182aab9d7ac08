// Phase d: reading a large database. The server loads the demo government and many incidents (bench/seed.ts);
// one client then asks, one request at a time, for what the web app's list and dashboard ask most, and the
// latency of each answer is measured.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { loadDemo } from '../src/features/demo/demo.usecases.js';
import { demoEmail } from '../src/features/demo/government.js';
import { indexPendingReports } from '../src/features/sharing/sharing.fingerprints.js';
import { createToken } from '../src/features/users/tokens.usecases.js';
import { inTransaction } from '../src/platform/db/transaction.js';
import type { Services } from '../src/services.js';
import { seedIncidents } from './seed.js';
import { quantile } from './stats.js';

/** The API tokens phase d reads with. */
export interface Readers {
  center: string;
  ministry: string;
  incidents: number;
  seedSeconds: number;
  /** Indexing the seeded reports for the guard of sharing, as a start after an upgrade does. */
  indexSeconds: number;
}

/** The ministry whose officer reads in phase d: METI, with three agencies under it in the demo. */
const MINISTRY = 'meti';

/** Loads the demo government and `count` incidents, and issues tokens for a center analyst and METI's officer. */
export async function prepareReaders(services: Services, count: number): Promise<Readers> {
  const { handle, audit, clock } = services;
  await loadDemo(services);
  const started = performance.now();
  await seedIncidents(handle, count, clock.now());
  const seedSeconds = (performance.now() - started) / 1000;
  const indexing = performance.now();
  await indexPendingReports(handle);
  const indexSeconds = (performance.now() - indexing) / 1000;
  const token = async (email: string) => {
    const user = await handle.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const created = await inTransaction(handle, (unit) =>
      createToken({ unit, actor: null, userId: user.id, name: 'bench', deps: { audit, clock } }),
    );
    return created.secret;
  };
  return {
    center: await token(demoEmail('center-analyst', 'nco')),
    ministry: await token(demoEmail('security-officer', MINISTRY)),
    incidents: count,
    seedSeconds,
    indexSeconds,
  };
}

export interface QueryResult {
  name: string;
  path: string;
  /** Whether the list's target applies (the two-character search is a substring scan, shown for reference). */
  target: boolean;
  p50Ms: number;
  p99Ms: number;
  /** `total` of the answer (matching incidents), or null for the statistics. */
  total: number | null;
  errors: number;
}

/** The requests measured: who asks, what, and a label for the table. */
function queries(readers: Readers): { name: string; token: string; path: string; target: boolean }[] {
  const list = (query: string) => `/api/v1/incidents?${query}`;
  return [
    { name: 'center, newest first, 50', token: readers.center, path: list('limit=50'), target: true },
    {
      name: 'ministry + agencies, open, high',
      token: readers.ministry,
      path: list(`org=${MINISTRY}&includeAgencies=true&status=open&severity=high&limit=50`),
      target: true,
    },
    {
      name: 'center, search ランサムウェア',
      token: readers.center,
      path: list(`q=${encodeURIComponent('ランサムウェア')}&limit=50`),
      target: true,
    },
    {
      name: 'center, search 攻撃 (2 chars)',
      token: readers.center,
      path: list(`q=${encodeURIComponent('攻撃')}&limit=50`),
      target: false,
    },
    {
      name: 'center, severity-desc',
      token: readers.center,
      path: list('sort=severity-desc&limit=50'),
      target: true,
    },
    { name: 'center, stats fy', token: readers.center, path: '/api/v1/stats?period=fy', target: false },
    { name: 'ministry, stats fy', token: readers.ministry, path: '/api/v1/stats?period=fy', target: false },
  ];
}

/** Asks each query `samples` times after a short warm-up, one request at a time. */
export async function measureListing(args: { origin: string; readers: Readers; samples: number }) {
  const pool = new Pool(args.origin, { connections: 1, pipelining: 1, keepAliveTimeout: 60_000 });
  const results: QueryResult[] = [];
  try {
    for (const q of queries(args.readers)) {
      const latencies: number[] = [];
      let errors = 0;
      let total: number | null = null;
      for (let i = 0; i < args.samples + 10; i++) {
        const started = performance.now();
        const res = await pool.request({
          method: 'GET',
          path: q.path,
          headers: { authorization: `Bearer ${q.token}` },
        });
        const body = await res.body.text();
        const ms = performance.now() - started;
        if (res.statusCode !== 200) errors++;
        else if (i >= 10) latencies.push(ms);
        if (i === 0 && res.statusCode === 200) total = (JSON.parse(body) as { total?: number }).total ?? null;
      }
      results.push({
        name: q.name,
        path: q.path,
        target: q.target,
        p50Ms: quantile(latencies, 0.5),
        p99Ms: quantile(latencies, 0.99),
        total,
        errors,
      });
    }
  } finally {
    await pool.close();
  }
  return results;
}

/**
 * The guard of sharing over the whole database: the center posts advisories of its own (no source) to one
 * body, each compared with every report it received. New text goes out (201); a seeded report's summary —
 * the same sentence in thousands of reports — is refused naming them (422).
 */
export async function measureGuard(args: { origin: string; readers: Readers; samples: number }) {
  const pool = new Pool(args.origin, { connections: 1, pipelining: 1, keepAliveTimeout: 60_000 });
  const results: QueryResult[] = [];
  const cases = [
    {
      name: 'center, own advisory, new text (201)',
      status: 201,
      body: (n: number) =>
        `第${n}号: 管理画面への接続元を限定し、多要素認証を設定してください。手順書の第${n}版を参照のこと。`,
    },
    {
      name: 'center, own advisory quoting reports (422)',
      status: 422,
      body: () => 'EDRが職員端末で不審な挙動を検知。端末をネットワークから隔離し、ログを保全した。',
    },
  ];
  try {
    for (const c of cases) {
      const latencies: number[] = [];
      let errors = 0;
      for (let i = 0; i < args.samples + 3; i++) {
        const started = performance.now();
        const res = await pool.request({
          method: 'POST',
          path: '/api/v1/shares',
          headers: { authorization: `Bearer ${args.readers.center}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            sourceIncidentIds: [],
            content: { title: `注意喚起 ${i}`, body: c.body(i) },
            audience: { kind: 'orgs', orgs: [MINISTRY] },
            tlp: 'TLP:AMBER',
          }),
        });
        await res.body.text();
        const ms = performance.now() - started;
        if (res.statusCode !== c.status) errors++;
        else if (i >= 3) latencies.push(ms);
      }
      results.push({
        name: c.name,
        path: 'POST /api/v1/shares',
        target: false,
        p50Ms: quantile(latencies, 0.5),
        p99Ms: quantile(latencies, 0.99),
        total: null,
        errors,
      });
    }
  } finally {
    await pool.close();
  }
  return results;
}
