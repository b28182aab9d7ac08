// Phase m (PostgreSQL only): quick reports per second through nginx over two Renraku nodes against one node
// alone, on one database. The nodes are the built `renraku serve` (dist/, built here if stale), nginx is Debian's
// (test/support/nodes.ts: round robin, keep-alive to the nodes). Closed loop, as phase b: `clients` clients each
// send a report as soon as the last one was answered. On a 2-core machine the two nodes, nginx, PostgreSQL and
// the load generator share the same cores: the figure says what a second process gains there, not on two hosts,
// and each loop says how many cores each process got (bench/cores.ts). Then the live stream across the nodes:
// reports at a steady --nodes-rate on one node, streams on both (bench/nodes-across.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { startTestApp } from '../test/support/harness.js';
import { startNginx, startNode } from '../test/support/nodes.js';
import { startSmtpReceiver } from '../test/support/smtp.js';
import { type CoreGroup, type CoreShare, coresDuring, parentOf } from './cores.js';
import { type ClosedLoopResult, closedLoop } from './load.js';
import { type AcrossResult, measureAcross, type Watcher } from './nodes-across.js';
import { createDatabase } from './postgres.js';

export interface NodesResult {
  one: ClosedLoopResult;
  two: ClosedLoopResult;
  clients: number;
  /** Cores each process got in each loop's measured window. */
  oneCores: CoreShare[];
  twoCores: CoreShare[];
  across: AcrossResult;
}

const root = resolve(import.meta.dirname, '..');

export async function measureNodes(options: {
  adminUrl: string | undefined;
  clients: number;
  warmupSeconds: number;
  seconds: number;
  /** Reports per second while the live stream across the nodes is timed. */
  rate: number;
}): Promise<NodesResult> {
  if (!options.adminUrl) throw new Error('phase m runs on PostgreSQL: --db postgres');
  execFileSync(process.execPath, [join(root, 'scripts', 'build-if-changed.mjs')], { stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'renraku-bench-m-'));
  const database = await createDatabase(options.adminUrl, `renraku_bench_m_${process.pid}_${Date.now()}`);
  const handle = openDatabase({ dataDir, databaseUrl: database.url, poolSize: 10 });
  // Destroyed by t.close() once the app runs; here if the set-up fails before.
  const cleanups: (() => Promise<unknown>)[] = [() => handle.destroy()];
  try {
    await migrateToLatest(handle);
    const t = await startTestApp('postgres', { start: new Date().toISOString(), handle });
    cleanups.push(() => t.close());
    const smtp = await startSmtpReceiver();
    cleanups.push(() => smtp.close());
    const g = await t.government();
    // A second ministry with an agency: a stream of one ministry must not receive the other's reports.
    const ministry2 = await t.org('ministry');
    const agency2 = await t.org('agency', { parent: ministry2 });
    // Every report e-mails the center's duty officer, as in phase b's government.
    await t.contact(g.center, {
      name: '当番',
      email: 'duty@center.test',
      role: 'duty-officer',
      availability: '24/7',
    });
    const reporters = [{ token: g.agencyReporter.token, ministry: g.ministry.id }];
    for (let i = 0; i < 7; i++) {
      const [agency, ministry] = i % 2 === 0 ? [agency2, ministry2] : [g.agency, g.ministry];
      reporters.push({ token: (await t.user(agency, 'reporter')).token, ministry: ministry.id });
    }
    const tokens = reporters.map((r) => r.token);
    // Eight streams: two of each ministry and four of the center, every other one on the other node.
    const watchers: Watcher[] = [];
    for (const [o, ministry] of [
      [g.ministry, g.ministry.id],
      [ministry2, ministry2.id],
      [g.ministry, g.ministry.id],
      [ministry2, ministry2.id],
    ] as const)
      watchers.push({ token: (await t.user(o, 'security-officer')).token, ministry });
    for (let i = 0; i < 4; i++)
      watchers.push({ token: (await t.user(g.center, 'center-analyst')).token, ministry: null });
    const node = () =>
      startNode({
        cliPath: join(root, 'dist', 'cli', 'main.js'),
        databaseUrl: database.url,
        dataDir,
        smtpUrl: smtp.url,
      });
    const timing = { warmupSeconds: options.warmupSeconds, seconds: options.seconds };
    const load = (origin: string) => closedLoop({ origin, tokens, clients: options.clients, ...timing });
    // PostgreSQL's processes, when it runs on this machine: the postmaster (a backend's parent) and its children.
    const backend = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(t.handle.db);
    const postmaster = parentOf(Number(backend.rows[0]?.pid));
    const postgres: CoreGroup[] =
      postmaster === undefined ? [] : [{ name: 'PostgreSQL', pid: postmaster, tree: true }];
    const clients: CoreGroup = { name: 'clients (this process)', pid: null };
    const a = await node();
    cleanups.push(() => a.stop());
    const nodeA: CoreGroup = { name: 'node 1', pid: a.child.pid ?? -1 };
    const one = await coresDuring([nodeA, ...postgres, clients], timing, () => load(a.origin));
    const b = await node();
    cleanups.push(() => b.stop());
    const nginx = await startNginx([a.port, b.port]);
    cleanups.push(() => nginx.stop());
    const nodeB: CoreGroup = { name: 'node 2', pid: b.child.pid ?? -1 };
    const proxy: CoreGroup = { name: 'nginx', pid: nginx.pid ?? -1, tree: true };
    const two = await coresDuring([nodeA, nodeB, proxy, ...postgres, clients], timing, () =>
      load(nginx.origin),
    );
    const across = await measureAcross({
      origin: a.origin,
      otherOrigin: b.origin,
      reporters,
      watchers,
      rate: options.rate,
      ...timing,
    });
    return {
      one: one.result,
      two: two.result,
      clients: options.clients,
      oneCores: one.cores,
      twoCores: two.cores,
      across,
    };
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
