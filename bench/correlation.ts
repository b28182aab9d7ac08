// Phase x: correlation (issue 14). The server loads the demo government, enough incidents to hold the
// indicators (100 each, bench/seed.ts) and `--indicators` values in correlation's index (multi-row inserts), then
// — before it listens — times correlating 100-value reports against them in its own process (equality and
// containment, each in a transaction rolled back so that every sample meets the same data). The main process then
// measures the quick-report throughput on that server with and without indicators on every report.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { correlateReport, type FiledValue } from '../src/features/correlation/correlation.engine.js';
import { matchKeyOf } from '../src/features/correlation/correlation.keys.js';
import { correlationRepository } from '../src/features/correlation/correlation.repository.js';
import type { CorrelationKeysTable } from '../src/features/correlation/correlation.table.js';
import { loadDemo } from '../src/features/demo/demo.usecases.js';
import { indexPendingReports } from '../src/features/sharing/sharing.fingerprints.js';
import { createToken } from '../src/features/users/tokens.usecases.js';
import { inTransaction } from '../src/platform/db/transaction.js';
import type { Services } from '../src/services.js';
import { seedIncidents } from './seed.js';
import { quantile } from './stats.js';

/** Values per stored incident and per measured report. */
const PER_REPORT = 100;
// Rows per insert, through correlation's own insert (one statement of constant text, prepared once: the rows
// travel as one JSON parameter on SQLite, as arrays on PostgreSQL); inserts per transaction.
const BATCH = 5000;
const BATCHES_PER_COMMIT = 20;

export interface CorrelationResult {
  indicators: number;
  incidents: number;
  seedSeconds: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** This process's CPU (user + system) per report, p50 and p99: SQLite runs in it; PostgreSQL's work is not counted. */
  cpuP50Ms: number;
  cpuP99Ms: number;
  /** Matches found per report, on average (the reports are made to meet stored values). */
  matchesPerReport: number;
  /** Reporters' tokens for the filing throughput. */
  tokens: string[];
}

/** A small deterministic generator: every run (and both dialects) holds the same data. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}
type Rnd = ReturnType<typeof random>;

const ip = (r: Rnd) => `${1 + r.int(223)}.${r.int(256)}.${r.int(256)}.${r.int(256)}`;
const net24 = (r: Rnd) => `${1 + r.int(223)}.${r.int(256)}.${r.int(256)}.0/24`;
const domain = (r: Rnd) => `d${r.int(2_000_000)}.example${r.int(50)}.jp`;
const hex = (r: Rnd, n: number) => Array.from({ length: n }, () => r.int(16).toString(16)).join('');

/** One value as reports carry them: addresses, networks, domains, URLs, e-mail addresses, hashes. */
function value(r: Rnd): { type: string; value: string } {
  const k = r.int(10);
  if (k < 3) return { type: 'ipv4', value: ip(r) };
  if (k < 4) return { type: 'cidr', value: net24(r) };
  if (k < 6) return { type: 'domain', value: domain(r) };
  if (k < 7) return { type: 'url', value: `https://www.${domain(r)}/login/${r.int(1000)}` };
  if (k < 8) return { type: 'email', value: `user${r.int(1000)}@${domain(r)}` };
  return { type: 'sha256', value: hex(r, 64) };
}

/**
 * Writes `total` values spread over the seeded incidents, PER_REPORT each, in the order of the primary key, with
 * the two secondary indexes of correlation_keys (migration 0033) dropped meanwhile and built again afterwards
 * exactly as the migration makes them: building an index from all rows sorts once, where inserting 10⁷ random
 * values into it one by one costs an order of magnitude more. The rows are those the product writes.
 */
async function fillIndex(services: Services, total: number, now: string): Promise<void> {
  const { handle } = services;
  const incidents = await handle.db.selectFrom('incidents').select(['id', 'org_id']).orderBy('id').execute();
  await sql`drop index correlation_keys_by_value`.execute(handle.db);
  await sql`drop index correlation_keys_by_key`.execute(handle.db);
  const r = random(20261206);
  let written = 0;
  let at = 0;
  while (written < total) {
    await handle.db.transaction().execute(async (tx) => {
      for (let b = 0; b < BATCHES_PER_COMMIT && written < total; b++) {
        const rows: CorrelationKeysTable[] = [];
        for (let k = 0; k < BATCH && written < total; k++, written++) {
          const incident = incidents[Math.floor(at / PER_REPORT) % incidents.length] as {
            id: string;
            org_id: string;
          };
          at++;
          const v = value(r);
          rows.push({
            incident_id: incident.id,
            type: v.type,
            value: v.value,
            realm: '',
            org_id: incident.org_id,
            display: v.value,
            match_key: matchKeyOf(v.type, v.value),
            created_at: now,
          });
        }
        await correlationRepository.insertKeys(tx, handle.dialect, rows);
      }
    });
  }
  await handle.db.schema
    .createIndex('correlation_keys_by_value')
    .on('correlation_keys')
    .columns(['realm', 'value'])
    .execute();
  await handle.db.schema
    .createIndex('correlation_keys_by_key')
    .on('correlation_keys')
    .columns(['realm', 'match_key'])
    .where(sql.ref('match_key'), 'is not', null)
    .execute();
}

/** A 100-value report meeting the stored values: some equal, some inside stored networks and domains. */
async function reportValues(services: Services, r: Rnd): Promise<FiledValue[]> {
  const sample = await services.handle.db
    .selectFrom('correlation_keys')
    .select(['type', 'value'])
    .where('realm', '=', '')
    .where('value', '>=', domain(r))
    .orderBy('value')
    .limit(10)
    .execute();
  const values: FiledValue[] = sample.map((s) => ({ ...s, display: s.value }));
  const seen = new Set(values.map((v) => `${v.type} ${v.value}`));
  while (values.length < PER_REPORT) {
    const v = value(r);
    if (seen.has(`${v.type} ${v.value}`)) continue;
    seen.add(`${v.type} ${v.value}`);
    values.push({ ...v, display: v.value });
  }
  return values;
}

const ROLLBACK = new Error('rollback');

/** Seeds and measures phase x inside the server's process (see the file's head). */
export async function prepareCorrelation(
  services: Services,
  options: { indicators: number; samples: number },
): Promise<CorrelationResult> {
  const { handle, clock, audit } = services;
  await loadDemo(services);
  const started = performance.now();
  const incidents = Math.max(10, Math.ceil(options.indicators / PER_REPORT));
  await seedIncidents(handle, incidents, clock.now());
  await fillIndex(services, options.indicators, clock.now().toISOString());
  // Indexed for the sharing guard, as filed reports are when they are filed: otherwise the background indexer works
  // through the seeded backlog (100,000 incidents at 10⁷ values) while the filing is timed (it did: p99 6–7 s).
  await indexPendingReports(handle);
  // What autovacuum and the checkpointer do within minutes of such a bulk load, done before the clock starts: the
  // tables' statistics and visibility map (index-only scans), and the load's pages written out. SQLite has no
  // statistics unless asked.
  if (handle.dialect === 'postgres') {
    await sql`vacuum (analyze)`.execute(handle.db);
    await sql`checkpoint`.execute(handle.db);
  }
  const seedSeconds = (performance.now() - started) / 1000;
  const any = await handle.db
    .selectFrom('incidents')
    .select(['id', 'org_id'])
    .limit(1)
    .executeTakeFirstOrThrow();
  const r = random(7);
  const times: number[] = [];
  const cpu: number[] = [];
  let matches = 0;
  // A few unmeasured reports first: the first statements of a connection are prepared and planned.
  for (let i = -5; i < options.samples; i++) {
    const values = await reportValues(services, r);
    await handle.db
      .transaction()
      .execute(async (tx) => {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const fresh = await correlateReport(
          { tx, dialect: handle.dialect },
          { incidentId: any.id, orgId: any.org_id, exerciseId: null, at: clock.now().toISOString() },
          values,
        );
        if (i >= 0) {
          times.push(performance.now() - t0);
          const c = process.cpuUsage(c0);
          cpu.push((c.user + c.system) / 1000);
          matches += fresh.reduce((n, f) => n + f.values, 0);
        }
        throw ROLLBACK;
      })
      .catch((e: unknown) => {
        if (e !== ROLLBACK) throw e;
      });
  }
  const reporters = await handle.db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'reporter')
    .limit(20)
    .execute();
  const tokens = [];
  for (const u of reporters)
    tokens.push(
      (
        await inTransaction(handle, (unit) =>
          createToken({ unit, actor: null, userId: u.id, name: 'bench', deps: { audit, clock } }),
        )
      ).secret,
    );
  return {
    indicators: options.indicators,
    incidents,
    seedSeconds,
    samples: times.length,
    p50Ms: quantile(times, 0.5),
    p99Ms: quantile(times, 0.99),
    maxMs: Math.max(...times),
    cpuP50Ms: quantile(cpu, 0.5),
    cpuP99Ms: quantile(cpu, 0.99),
    matchesPerReport: times.length ? matches / times.length : 0,
    tokens,
  };
}

/** The JSON body of a quick report carrying `n` indicators (phase x's filing cost), each report its own. */
export const reportWithIndicators = (count: number) => (n: number) =>
  JSON.stringify({
    title: `不審な通信を検知 ${n}`,
    summary: 'ファイアウォールで外部への不審な通信を検知した。端末を隔離し、ログを保全している。',
    detectedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
    indicators: Array.from({ length: count }, (_, k) => {
      const r = random(n * 1000 + k);
      return value(r);
    }).filter((v, k, all) => all.findIndex((w) => w.type === v.type && w.value === v.value) === k),
  });
