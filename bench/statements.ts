// Counts the round trips to PostgreSQL per quick report (issue 16): `npx tsx bench/statements.ts [--reports 200]
// [--concurrency 1] [--database-url URL]`; with `--db sqlite`, the statements better-sqlite3 runs (each with the
// CPU time, user and system, spent inside SQLite), on a file in a temporary directory. A server as the bench runs it (in this process, so that every query its
// pool sends is counted by a wrapper of pg's Client.query), the bench's demo government, then `--reports` quick
// reports filed over HTTP by `--concurrency` clients; it prints the queries sent while they were filed, per
// report, by kind. Everything the node did in that time counts: the filing's transactions, the sealing passes,
// the event reads of the live stream (none is subscribed), the background workers. Without a URL, a throw-away
// cluster is started.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { buildGovernment, type Government } from './government.js';
import { quickReportBody, REPORT_PATH } from './load.js';
import { createDatabase, startCluster } from './postgres.js';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '1' },
    'database-url': { type: 'string' },
    db: { type: 'string', default: 'postgres' },
  },
});
const onSqlite = values.db === 'sqlite';
const reports = Number(values.reports);
const concurrency = Number(values.concurrency);

// Every query any pg client sends: a text with several statements (simple protocol) is one round trip.
let counting = false;
const byKind = new Map<string, number>();
const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
  if (counting) {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string })?.text ?? '');
    const kind = text.replace(/\s+/g, ' ').trim().slice(0, 70);
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  return original.apply(this, args);
} as typeof pg.Client.prototype.query;

// On SQLite: every run of a prepared statement (run, get, all, iterate), and the time spent in it.
const msByKind = new Map<string, number>();
if (onSqlite) {
  const probe = new SQLite(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const native = proto[method] as (this: SQLite.Statement, ...args: unknown[]) => unknown;
    proto[method] = function timed(this: SQLite.Statement, ...args: unknown[]) {
      if (!counting) return native.apply(this, args);
      const kind = this.source.replace(/\s+/g, ' ').trim().slice(0, 70);
      const started = process.cpuUsage();
      try {
        return native.apply(this, args);
      } finally {
        const { user, system } = process.cpuUsage(started);
        msByKind.set(kind, (msByKind.get(kind) ?? 0) + (user + system) / 1000);
        byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
      }
    };
  }
}

const cluster = onSqlite || values['database-url'] ? undefined : await startCluster();
const serverUrl = values['database-url'] ?? (cluster as { url: string } | undefined)?.url;
const db = onSqlite
  ? { url: undefined, drop: async () => {} }
  : await createDatabase(serverUrl as string, `renraku_statements_${process.pid}`);
const dataDir = mkdtempSync(join(tmpdir(), 'renraku-statements-'));
let government: Government | undefined;
const server = await startServer(
  loadConfig({}, { dataDir, databaseUrl: db.url, logLevel: 'warn', host: '127.0.0.1', port: 0 }),
  {
    prepare: async (services) => {
      government = await buildGovernment(services, {
        ministries: 4,
        agenciesPerMinistry: 2,
        reporters: Math.max(concurrency, 1),
        ministrySubscribers: 0,
        centerSubscribers: 0,
      });
    },
  },
);
try {
  const address = server.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const origin = `http://127.0.0.1:${address.port}`;
  const tokens = (government?.reporters ?? []).map((r) => r.token);
  const post = async (n: number, token: string) => {
    const res = await fetch(`${origin}${REPORT_PATH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: quickReportBody(n),
    });
    if (res.status !== 201) throw new Error(`report ${n}: ${res.status} ${await res.text()}`);
  };
  // Warm-up (caches, prepared plans), not counted.
  for (let i = 0; i < 20; i++) await post(-i - 1, tokens[0] as string);
  await new Promise((r) => setTimeout(r, 500));
  counting = true;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, c) => {
      for (let n = next++; n < reports; n = next++) await post(n, tokens[c % tokens.length] as string);
    }),
  );
  // What the filing left to do after its answers (sealing, live reads), once the node is idle again.
  await new Promise((r) => setTimeout(r, 1000));
  counting = false;
  const total = [...byKind.values()].reduce((a, b) => a + b, 0);
  const totalMs = [...msByKind.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(
    `${reports} quick reports, ${concurrency} client(s): ${total} ${onSqlite ? 'statements' : 'queries'}, ${(total / reports).toFixed(2)} per report${onSqlite ? `; ${(totalMs / reports).toFixed(3)} ms of CPU in SQLite per report` : ''}\n`,
  );
  for (const [kind, n] of [...byKind].sort((a, b) => b[1] - a[1]))
    process.stdout.write(
      `${(n / reports).toFixed(2).padStart(8)}${onSqlite ? ` ${((msByKind.get(kind) ?? 0) / reports).toFixed(3).padStart(7)} ms` : ''}  ${kind}\n`,
    );
} finally {
  await server.close();
  await db.drop();
  await cluster?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
