// Phase m (PostgreSQL only): quick reports per second through nginx over two Renraku nodes against one node
// alone, on one database. The nodes are the built `renraku serve` (dist/, built here if stale), nginx is Debian's
// (test/support/nodes.ts: round robin, keep-alive to the nodes). Closed loop, as phase b: `clients` clients each
// send a report as soon as the last one was answered. On a 2-core machine the two nodes, nginx, PostgreSQL and
// the load generator share the same cores: the figure says what a second process gains there, not on two hosts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { startTestApp } from '../test/support/harness.js';
import { startNginx, startNode } from '../test/support/nodes.js';
import { startSmtpReceiver } from '../test/support/smtp.js';
import { type ClosedLoopResult, closedLoop } from './load.js';
import { createDatabase } from './postgres.js';

export interface NodesResult {
  one: ClosedLoopResult;
  two: ClosedLoopResult;
  clients: number;
}

const root = resolve(import.meta.dirname, '..');

export async function measureNodes(options: {
  adminUrl: string | undefined;
  clients: number;
  warmupSeconds: number;
  seconds: number;
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
    // Every report e-mails the center's duty officer, as in phase b's government.
    await t.contact(g.center, {
      name: '当番',
      email: 'duty@center.test',
      role: 'duty-officer',
      availability: '24/7',
    });
    const tokens = [g.agencyReporter.token];
    for (let i = 0; i < 7; i++) tokens.push((await t.user(g.agency, 'reporter')).token);
    const node = () =>
      startNode({
        cliPath: join(root, 'dist', 'cli', 'main.js'),
        databaseUrl: database.url,
        dataDir,
        smtpUrl: smtp.url,
      });
    const load = (origin: string) =>
      closedLoop({
        origin,
        tokens,
        clients: options.clients,
        warmupSeconds: options.warmupSeconds,
        seconds: options.seconds,
      });
    const a = await node();
    cleanups.push(() => a.stop());
    const one = await load(a.origin);
    const b = await node();
    cleanups.push(() => b.stop());
    const nginx = await startNginx([a.port, b.port]);
    cleanups.push(() => nginx.stop());
    const two = await load(nginx.origin);
    return { one, two, clients: options.clients };
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
