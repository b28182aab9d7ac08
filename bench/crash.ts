// Phase k: nothing acknowledged is lost (issue 16, point 3), with the figures. The crash test's kill loop and
// checks (test/support/crash.ts) run `kills` times — clients filing quick reports at `rate` a second with
// Idempotency-Keys, `renraku serve` killed with SIGKILL at a random moment — on a fresh database: SQLite in a
// temp folder (WAL, synchronous=FULL), or a new database on the bench's PostgreSQL (a throw-away cluster with
// fsync on, unless --database-url names another). The server is the built one (dist/, built here if stale).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { type CrashFigures, crashLoop } from '../test/support/crash.js';
import { startTestApp } from '../test/support/harness.js';
import { startNode } from '../test/support/nodes.js';
import { startSmtpReceiver } from '../test/support/smtp.js';
import type { BenchDialect } from './args.js';
import { createDatabase } from './postgres.js';

export interface CrashResult extends CrashFigures {
  rate: number;
  killWindowMs: [number, number];
  /** Checks that failed (none when nothing acknowledged was lost). */
  problems: string[];
  seconds: number;
}

const root = resolve(import.meta.dirname, '..');

export async function measureCrashes(options: {
  dialect: BenchDialect;
  adminUrl: string | undefined;
  kills: number;
  rate: number;
  log: (line: string) => void;
}): Promise<CrashResult> {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-if-changed.mjs')], { stdio: 'inherit' });
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'renraku-bench-k-'));
  const database = options.adminUrl
    ? await createDatabase(options.adminUrl, `renraku_bench_k_${process.pid}_${Date.now()}`)
    : undefined;
  const handle = openDatabase({ dataDir, databaseUrl: database?.url, poolSize: 10 });
  // Destroyed by t.close() once the app runs; here if the set-up fails before.
  const cleanups: (() => Promise<unknown>)[] = [() => handle.destroy()];
  try {
    await migrateToLatest(handle);
    const t = await startTestApp(options.dialect, { start: new Date().toISOString(), handle });
    cleanups.push(() => t.close());
    const smtp = await startSmtpReceiver();
    cleanups.push(() => smtp.close());
    const { agencyReporter } = await t.government();
    await t.contact(await t.org('center'), {
      name: '当番',
      email: 'duty@center.test',
      role: 'duty-officer',
      availability: '24/7',
    });
    const { figures, problems, node } = await crashLoop({
      t,
      reporterToken: agencyReporter.token,
      kills: options.kills,
      rate: options.rate,
      // Longer rounds than the test's (0.3–2 s): on a loaded machine a new node answers little in its first seconds.
      killWindowMs: [1000, 6000],
      log: options.log,
      startNode: () =>
        startNode({
          cliPath: join(root, 'dist', 'cli', 'main.js'),
          databaseUrl: database?.url,
          dataDir,
          smtpUrl: smtp.url,
        }),
    });
    cleanups.push(() => node.stop());
    return {
      ...figures,
      rate: options.rate,
      killWindowMs: [1000, 6000],
      problems,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
