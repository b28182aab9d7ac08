// Phase d: reading a large database. The server loads the demo government and many incidents (bench/seed.ts);
// one client then asks, one request at a time, for what the web app's list and dashboard ask most, and the
// latency of each answer is measured.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { loadDemo } from '../src/features/demo/demo.usecases.js';
import { demoEmail } from '../src/features/demo/government.js';
import { createToken } from '../src/features/users/users.usecases.js';
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
