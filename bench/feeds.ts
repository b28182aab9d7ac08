import { sql } from 'kysely';
// Phases i and t (issue 14): STIX bundles imported over HTTP, and TAXII pages of 1,000 objects.
//
// (i) A body imports indicators from STIX bundles. The bulk path (issue 14, T2): IMPORT_RUNS bundles of
// `--bundle-indicators` indicators each (fresh values every run) go to `POST /api/v1/incidents/{id}/reports/
// import.stix`, each into a fresh incident of the reporter's body, as one update (read, canonical, stored,
// correlated, audited in one transaction), then the last bundle once more (nothing new: the repeat's time). For
// comparison, the paths that came before, over at most FORMER_MAX indicators: `POST /api/v1/indicators/
// import.stix` in bundles of 10,000 (reads, stores nothing), and 500-indicator bundles read there and filed as
// quick reports (the most one report form carries). One request at a time, as one importing client.
// (t) The center's "indicators received" TAXII collection over `--taxii-objects` indicators of incidents
// delivered to the center (seeded by multi-row inserts of what filing writes, bench/seed.ts), walked page by page
// with `limit=1000` and `next`, again and again; each page's time and the server's CPU per page.

import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { loadDemo } from '../src/features/demo/demo.usecases.js';
import { markIndicatorsReceived, receivedIndicatorId } from '../src/features/indicators/indicators.record.js';
import type { IncidentIndicatorsTable } from '../src/features/indicators/indicators.table.js';
import { indexPendingReports } from '../src/features/sharing/sharing.fingerprints.js';
import { INDICATORS_RECEIVED } from '../src/features/taxii/taxii.received.js';
import { createToken } from '../src/features/users/tokens.usecases.js';
import type { Role } from '../src/platform/access/roles.js';
import { inTransaction } from '../src/platform/db/transaction.js';
import type { Services } from '../src/services.js';
import { processCpuMs } from './load.js';
import { seedIncidents } from './seed.js';
import { quantile } from './stats.js';

/** Indicators per seeded incident of phase t. */
const PER_INCIDENT = 50;
const INSERT_ROWS = 1000;
/** The most objects a bundle may hold (sharing.import.stix STIX_OBJECTS_MAX) and a report carries. */
const BUNDLE_MAX = 10_000;
const REPORT_MAX = 500;
/** Bulk imports measured (each its own bundle and incident), and the most indicators the former paths take. */
const IMPORT_RUNS = 3;
const FORMER_MAX = 20_000;

export interface FeedsSetup {
  reporterToken: string;
  centerToken: string;
  /** Indicators of incidents delivered to the center (phase t). */
  taxiiObjects: number;
  seedSeconds: number;
}

/** One value of each kind in turn, all different: addresses, networks, domains, URLs, e-mail, hashes. */
function valueAt(n: number): { type: string; value: string; stix: string } {
  const a = `${10 + (n % 200)}.${(n >>> 8) & 255}.${(n >>> 16) & 255}.${n & 255}`;
  switch (n % 6) {
    case 0:
      return { type: 'ipv4', value: a, stix: `[ipv4-addr:value = '${a}']` };
    case 1: {
      const net = `${11 + ((n >>> 16) % 200)}.${(n >>> 8) & 255}.${n & 255}.0/24`;
      return { type: 'cidr', value: net, stix: `[ipv4-addr:value = '${net}']` };
    }
    case 2:
      return { type: 'domain', value: `h${n}.example.jp`, stix: `[domain-name:value = 'h${n}.example.jp']` };
    case 3:
      return {
        type: 'url',
        value: `https://h${n}.example.jp/login`,
        stix: `[url:value = 'https://h${n}.example.jp/login']`,
      };
    case 4:
      return {
        type: 'email',
        value: `u${n}@example.jp`,
        stix: `[email-addr:value = 'u${n}@example.jp']`,
      };
    default: {
      const h = n.toString(16).padStart(64, '0');
      return { type: 'sha256', value: h, stix: `[file:hashes.'SHA-256' = '${h}']` };
    }
  }
}

/** A bundle of the indicators `from` … `from + count - 1` (valueAt). */
function bundleOf(from: number, count: number): string {
  const at = new Date().toISOString();
  const objects = Array.from({ length: count }, (_, k) => ({
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${randomUUID()}`,
    created: at,
    modified: at,
    pattern: valueAt(from + k).stix,
    pattern_type: 'stix',
    valid_from: at,
  }));
  return JSON.stringify({ type: 'bundle', id: `bundle--${randomUUID()}`, objects });
}

/** Server side: the demo government, a reporter's and a center analyst's tokens, phase t's indicators. */
export async function prepareFeeds(services: Services, taxiiObjects: number): Promise<FeedsSetup> {
  const { handle, clock, audit } = services;
  await loadDemo(services);
  const tokenOf = async (role: Role, orgKind: 'agency' | 'center') => {
    const user = await handle.db
      .selectFrom('users')
      .innerJoin('orgs', 'orgs.id', 'users.org_id')
      .select('users.id')
      .where('users.role', '=', role)
      .where('orgs.kind', '=', orgKind)
      .orderBy('users.id')
      .limit(1)
      .executeTakeFirstOrThrow();
    return (
      await inTransaction(handle, (unit) =>
        createToken({ unit, actor: null, userId: user.id, name: 'bench', deps: { audit, clock } }),
      )
    ).secret;
  };
  const started = performance.now();
  if (taxiiObjects > 0) {
    const before = new Set((await handle.db.selectFrom('incidents').select('id').execute()).map((r) => r.id));
    await seedIncidents(handle, Math.ceil(taxiiObjects / PER_INCIDENT), clock.now());
    const incidents = (
      await handle.db.selectFrom('incidents').select(['id', 'org_id', 'reported_at']).execute()
    ).filter((i) => !before.has(i.id));
    let n = 0;
    let rows: IncidentIndicatorsTable[] = [];
    const flush = async () => {
      if (rows.length > 0) await handle.db.insertInto('incident_indicators').values(rows).execute();
      rows = [];
    };
    for (const incident of incidents)
      for (let position = 0; position < PER_INCIDENT && n < taxiiObjects; position++, n++) {
        const v = valueAt(n);
        rows.push({
          incident_id: incident.id,
          report_seq: 1,
          position,
          org_id: incident.org_id,
          type: v.type,
          value: v.value,
          display: v.value,
          note: null,
          created_at: incident.reported_at,
          received_at: null,
          received_id: receivedIndicatorId(incident.id, v.type, v.value),
        });
        if (rows.length === INSERT_ROWS) await flush();
      }
    await flush();
    // Dated for "indicators received" as the filing path does (the center reads these incidents).
    await handle.db.transaction().execute(async (tx) => {
      for (const incident of incidents) await markIndicatorsReceived(tx, incident.id);
    });
    // Indexed for the sharing guard, as filed reports are when they are filed: otherwise the background indexer
    // would work through the seeded backlog while pages are timed (it did: a run of ~300 ms pages mid-walk).
    await indexPendingReports(handle);
    // What autovacuum and the checkpointer do within minutes of such a bulk load, done before the clock starts:
    // the tables' statistics and visibility map (index-only scans), and the load's pages written out.
    if (handle.dialect === 'postgres') {
      await sql`vacuum (analyze)`.execute(handle.db);
      await sql`checkpoint`.execute(handle.db);
    }
  }
  return {
    reporterToken: await tokenOf('reporter', 'agency'),
    centerToken: await tokenOf('center-analyst', 'center'),
    taxiiObjects,
    seedSeconds: (performance.now() - started) / 1000,
  };
}

/** One bulk import of a whole bundle into an incident. */
export interface BulkRun {
  indicators: number;
  bytes: number;
  ms: number;
  perSecond: number;
  cpuMsPerThousand: number | undefined;
  added: number;
}

export interface ImportResult {
  bulk: BulkRun[];
  /** The last bundle again: nothing new. */
  repeat: BulkRun | undefined;
  /** Indicators through the former paths (at most FORMER_MAX). */
  indicators: number;
  /** Read into candidates, in bundles of `bundleSize`. */
  bundleSize: number;
  readPerSecond: number;
  readP50Ms: number;
  readMaxMs: number;
  readCpuMsPerThousand: number | undefined;
  /** Read and filed as reports of REPORT_MAX (stored and correlated). */
  stored: number;
  storedPerSecond: number;
  storedCpuMsPerThousand: number | undefined;
  errors: number;
  firstError: string | undefined;
}

const cpuPer = (pid: number, from: number | undefined, count: number) => {
  const to = processCpuMs(pid);
  return from === undefined || to === undefined || count === 0 ? undefined : ((to - from) / count) * 1000;
};

/** Phase i (see the file's head). */
export async function measureImport(args: {
  origin: string;
  setup: FeedsSetup;
  indicators: number;
  pid: number;
}): Promise<ImportResult> {
  const { origin, setup, pid } = args;
  let { indicators } = args;
  const pool = new Pool(origin, { connections: 1, keepAliveTimeout: 60_000 });
  const headers = { 'content-type': 'application/stix+json', authorization: `Bearer ${setup.reporterToken}` };
  let errors = 0;
  let firstError: string | undefined;
  const fail = (what: string) => {
    errors++;
    firstError ??= what.slice(0, 300);
  };
  const read = async (body: string) => {
    const res = await pool.request({ method: 'POST', path: '/api/v1/indicators/import.stix', headers, body });
    const text = await res.body.text();
    if (res.statusCode !== 200) {
      fail(`import.stix ${res.statusCode} ${text}`);
      return [];
    }
    return (JSON.parse(text) as { candidates: { type: string; value: string }[] }).candidates;
  };
  // Unmeasured: the first requests compile the code paths.
  for (let w = 0; w < 3; w++) await read(bundleOf(1_000_000_000 + w * 100, 100));
  const bulk: BulkRun[] = [];
  let repeat: BulkRun | undefined;
  const fileIncident = async (title: string) => {
    const res = await pool.request({
      method: 'POST',
      path: '/api/v1/incidents',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.reporterToken}` },
      body: JSON.stringify({
        title,
        summary: 'Indicators of a botnet imported from a partner CSIRT’s STIX bundle.',
        detectedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      }),
    });
    const text = await res.body.text();
    if (res.statusCode !== 201) fail(`POST incidents ${res.statusCode} ${text}`);
    return res.statusCode === 201 ? (JSON.parse(text) as { id: string }).id : undefined;
  };
  const importBulk = async (incidentId: string, body: string, count: number): Promise<BulkRun> => {
    const cpu = processCpuMs(pid);
    const s = performance.now();
    const res = await pool.request({
      method: 'POST',
      path: `/api/v1/incidents/${incidentId}/reports/import.stix`,
      headers,
      body,
    });
    const text = await res.body.text();
    const ms = performance.now() - s;
    if (res.statusCode !== 201 && res.statusCode !== 200) fail(`bulk import ${res.statusCode} ${text}`);
    const added = res.statusCode < 300 ? (JSON.parse(text) as { added: number }).added : 0;
    return {
      indicators: count,
      bytes: Buffer.byteLength(body),
      ms,
      perSecond: count / (ms / 1000),
      cpuMsPerThousand: cpuPer(pid, cpu, count),
      added,
    };
  };
  const warmIncident = await fileIncident('bulk import warm-up');
  if (warmIncident) await importBulk(warmIncident, bundleOf(1_100_000_000, 1000), 1000);
  let last: { incidentId: string; body: string } | undefined;
  for (let run = 0; run < IMPORT_RUNS; run++) {
    const incidentId = await fileIncident(`STIX bulk import ${run}`);
    if (!incidentId) break;
    const body = bundleOf(100_000_000 + run * 10_000_000, indicators);
    const done = await importBulk(incidentId, body, indicators);
    if (done.added !== indicators) fail(`bulk import ${run} added ${done.added} of ${indicators}`);
    bulk.push(done);
    last = { incidentId, body };
  }
  if (last) repeat = await importBulk(last.incidentId, last.body, indicators);
  indicators = Math.min(indicators, FORMER_MAX);

  const bundleSize = Math.min(BUNDLE_MAX, indicators);
  const bundles: string[] = [];
  for (let from = 0; from < indicators; from += bundleSize)
    bundles.push(bundleOf(from, Math.min(bundleSize, indicators - from)));
  const times: number[] = [];
  let readCount = 0;
  let cpu0 = processCpuMs(pid);
  const t0 = performance.now();
  for (const b of bundles) {
    const s = performance.now();
    readCount += (await read(b)).length;
    times.push(performance.now() - s);
  }
  const readSeconds = (performance.now() - t0) / 1000;
  const readCpuMsPerThousand = cpuPer(pid, cpu0, readCount);
  if (readCount !== indicators) fail(`read ${readCount} of ${indicators} indicators`);

  // Stored: bundles of one report's most, each read then filed (a fresh range of values: nothing repeats).
  const reports: string[] = [];
  for (let from = 0; from < indicators; from += REPORT_MAX)
    reports.push(bundleOf(2_000_000 + from, Math.min(REPORT_MAX, indicators - from)));
  let stored = 0;
  cpu0 = processCpuMs(pid);
  const t1 = performance.now();
  for (const [k, b] of reports.entries()) {
    const candidates = await read(b);
    const res = await pool.request({
      method: 'POST',
      path: '/api/v1/incidents',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.reporterToken}` },
      body: JSON.stringify({
        title: `STIX bundle import ${k}`,
        summary: 'Indicators imported from a partner CSIRT’s STIX bundle.',
        detectedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
        indicators: candidates.map((c) => ({ type: c.type, value: c.value })),
      }),
    });
    const text = await res.body.text();
    if (res.statusCode === 201) stored += candidates.length;
    else fail(`POST incidents ${res.statusCode} ${text}`);
  }
  const storedSeconds = (performance.now() - t1) / 1000;
  const storedCpuMsPerThousand = cpuPer(pid, cpu0, stored);
  await pool.close();
  return {
    bulk,
    repeat,
    indicators,
    bundleSize,
    readPerSecond: readCount / readSeconds,
    readP50Ms: quantile(times, 0.5),
    readMaxMs: Math.max(...times),
    readCpuMsPerThousand,
    stored,
    storedPerSecond: stored / storedSeconds,
    storedCpuMsPerThousand,
    errors,
    firstError,
  };
}

export interface TaxiiResult {
  objects: number;
  pages: number;
  walks: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  cpuMsPerPage: number | undefined;
  /** The throw-away PostgreSQL cluster's CPU per page (all its processes), when the bench started it. */
  databaseCpuMsPerPage: number | undefined;
  /** Objects seen in a walk other than the collection's (missing or repeated), summed over walks. */
  wrong: number;
  errors: number;
  firstError: string | undefined;
}

/** Phase t (see the file's head): `pages` measured pages, walking the collection from its start each time. */
export async function measureTaxii(args: {
  origin: string;
  setup: FeedsSetup;
  pages: number;
  pid: number;
  databaseCpuMs?: () => number | undefined;
}): Promise<TaxiiResult> {
  const { origin, setup, pages, pid, databaseCpuMs } = args;
  const pool = new Pool(origin, { connections: 1, keepAliveTimeout: 60_000 });
  const path = `/taxii2/api/collections/${INDICATORS_RECEIVED}/objects/?limit=1000`;
  const headers = {
    accept: 'application/taxii+json;version=2.1',
    authorization: `Bearer ${setup.centerToken}`,
  };
  let errors = 0;
  let firstError: string | undefined;
  const page = async (next: string | undefined) => {
    const res = await pool.request({
      method: 'GET',
      path: next ? `${path}&next=${encodeURIComponent(next)}` : path,
      headers,
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) {
      errors++;
      firstError ??= `${res.statusCode} ${text.slice(0, 300)}`;
      return { ids: [] as string[], next: undefined };
    }
    const body = JSON.parse(text) as { more?: boolean; next?: string; objects?: { id: string }[] };
    return { ids: (body.objects ?? []).map((o) => o.id), next: body.more ? body.next : undefined };
  };
  // Unmeasured: one walk of up to five pages compiles the code paths.
  let warm: string | undefined;
  for (let w = 0; w < 5; w++) {
    warm = (await page(warm)).next;
    if (!warm) break;
  }
  const times: number[] = [];
  let walks = 0;
  let wrong = 0;
  let collection = -1;
  const cpu0 = processCpuMs(pid);
  const db0 = databaseCpuMs?.();
  while (times.length < pages && errors === 0) {
    const seen = new Set<string>();
    let count = 0;
    let next: string | undefined;
    do {
      const s = performance.now();
      const got = await page(next);
      times.push(performance.now() - s);
      for (const id of got.ids) seen.add(id);
      count += got.ids.length;
      next = got.next;
    } while (next && times.length < pages && errors === 0);
    if (!next) {
      walks++;
      // Every walk must give the collection whole, each object once (the first walk sets its size).
      if (collection < 0) collection = seen.size;
      wrong += count - seen.size + Math.abs(seen.size - collection);
    }
  }
  const cpu1 = processCpuMs(pid);
  const db1 = databaseCpuMs?.();
  await pool.close();
  return {
    objects: collection < 0 ? setup.taxiiObjects : collection,
    pages: times.length,
    walks,
    p50Ms: quantile(times, 0.5),
    p99Ms: quantile(times, 0.99),
    maxMs: Math.max(...times),
    cpuMsPerPage: cpu0 !== undefined && cpu1 !== undefined ? (cpu1 - cpu0) / times.length : undefined,
    databaseCpuMsPerPage: db0 !== undefined && db1 !== undefined ? (db1 - db0) / times.length : undefined,
    wrong,
    errors,
    firstError,
  };
}
