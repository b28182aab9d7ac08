// The annual report's numbers computed in this process, off HTTP (issue 15: where the first draft's seconds go).
// `seed` builds a database as phase y does (the demo government and a fiscal year of incidents); `run` computes
// `annualNumbers` on it once per process and prints its wall time, this process's CPU and the sha256 of the JSON
// (without `computedAt`), so that two versions of the code can be compared on one database, alternating.
//   npx tsx bench/annual-numbers.ts seed --url postgres://…/db|--dir DIR (SQLite: DIR/renraku.sqlite) --count 200000
//   npx tsx bench/annual-numbers.ts run --url postgres://…/db|--dir DIR
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { annualNumbers } from '../src/features/annual/annual.numbers.js';
import { DEFAULT_SCORING } from '../src/features/annual/annual.scoring.js';
import { fiscalYearOf } from '../src/platform/calendar.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { buildServices } from '../src/services.js';
import { prepareAnnual } from './annual-setup.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string' },
    dir: { type: 'string' },
    count: { type: 'string', default: '200000' },
  },
});
const dataDir = values.dir ?? mkdtempSync(join(tmpdir(), 'renraku-annual-numbers-'));
const config = loadConfig({}, { dataDir, databaseUrl: values.url, logLevel: 'warn' });
const services = buildServices(config);
try {
  if (positionals[0] === 'seed') {
    await migrateToLatest(services.handle);
    const setup = await prepareAnnual(services, Number(values.count));
    process.stdout.write(
      `${JSON.stringify({ seedSeconds: setup.seedSeconds, atCenter: setup.atCenter, fiscalYear: setup.fiscalYear })}\n`,
    );
  } else if (positionals[0] === 'run') {
    const fiscalYear = fiscalYearOf(services.clock.now(), config.timeZone) - 1;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const numbers = await annualNumbers({
      db: services.handle.db,
      dialect: services.handle.dialect,
      fiscalYear,
      timeZone: config.timeZone,
      scoring: DEFAULT_SCORING,
    });
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const { computedAt: _, ...rest } = numbers;
    process.stdout.write(
      `${JSON.stringify({
        wallMs: Math.round(wallMs),
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        total: numbers.trends.total,
        sha256: createHash('sha256').update(JSON.stringify(rest)).digest('hex'),
      })}\n`,
    );
  } else throw new Error('usage: annual-numbers.ts seed|run --url URL|--dir DIR [--count N]');
} finally {
  await services.handle.destroy();
  if (!values.dir) rmSync(dataDir, { recursive: true, force: true });
}
