// Phase y, server side: the demo government and a whole fiscal year of incidents across its bodies, written by
// bench/annual-seed.ts's bulk SQL (with the deadline outcomes the sweep records), then a token for the center's
// analyst, who drafts and exports the report over HTTP.
import { performance } from 'node:perf_hooks';
import { fiscalYearStart } from '../src/features/annual/annual.numbers.js';
import { loadDemo } from '../src/features/demo/demo.usecases.js';
import { demoEmail } from '../src/features/demo/government.js';
import { createToken } from '../src/features/users/tokens.usecases.js';
import { fiscalYearOf } from '../src/platform/calendar.js';
import { inTransaction } from '../src/platform/db/transaction.js';
import type { Services } from '../src/services.js';
import { type SeedBody, seedAnnualIncidents, seededIncident } from './annual-seed.js';

export interface AnnualSetup {
  token: string;
  fiscalYear: number;
  /** Incidents seeded, and of them those delivered to the center (what the report counts). */
  incidents: number;
  atCenter: number;
  /** Real incidents the center read in the year before the seed (the demo's own, if any fall in it). */
  before: number;
  bodies: number;
  ministries: { nameJa: string; nameEn: string }[];
  seedSeconds: number;
}

// Incidents written per transaction: one transaction of a million rows would hold SQLite's WAL at gigabytes.
const PER_TRANSACTION = 20_000;
const SEED = 15;

/** Builds phase y's database (see the file's head); the fiscal year is the last completed one. */
export async function prepareAnnual(services: Services, count: number): Promise<AnnualSetup> {
  const { handle, audit, clock, config } = services;
  await loadDemo(services);
  const timeZone = config.timeZone;
  const fiscalYear = fiscalYearOf(clock.now(), timeZone) - 1;
  const orgs = await handle.db
    .selectFrom('orgs')
    .select(['id', 'kind', 'parent_id', 'name_ja', 'name_en'])
    .execute();
  const center = orgs.find((o) => o.kind === 'center');
  if (!center) throw new Error('the demo has no center');
  const bodies: SeedBody[] = orgs.map((o) => ({
    id: o.id,
    parentId: o.kind === 'agency' ? o.parent_id : null,
    kind: o.kind as SeedBody['kind'],
  }));
  const from = fiscalYearStart(fiscalYear, timeZone);
  const to = fiscalYearStart(fiscalYear + 1, timeZone);
  const before = await handle.db
    .selectFrom('incidents')
    .innerJoin('incident_readers as r', 'r.incident_id', 'incidents.id')
    .where('r.org_id', '=', center.id)
    .where('incidents.exercise_id', 'is', null)
    .where('incidents.reported_at', '>=', from)
    .where('incidents.reported_at', '<', to)
    .select((e) => e.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  const analyst = await handle.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', demoEmail('center-analyst', 'nco'))
    .executeTakeFirstOrThrow();
  const started = performance.now();
  // Each transaction seeds its own seed number's rows, so that every row stays a function of (seed, index).
  const seeds: number[] = [];
  for (let done = 0; done < count; done += PER_TRANSACTION) {
    const seed = SEED * 1000 + seeds.length;
    seeds.push(seed);
    const n = Math.min(PER_TRANSACTION, count - done);
    await inTransaction(handle, (unit) =>
      seedAnnualIncidents(unit.tx, {
        seed,
        count: n,
        from,
        to,
        bodies,
        centerId: center.id,
        createdBy: analyst.id,
      }),
    );
  }
  const seedSeconds = (performance.now() - started) / 1000;
  let atCenter = 0;
  seeds.forEach((seed, k) => {
    const n = Math.min(PER_TRANSACTION, count - k * PER_TRANSACTION);
    for (let i = 0; i < n; i++)
      if (seededIncident(i, { seed, from, to, bodies }).centerReceivedAt) atCenter++;
  });
  const created = await inTransaction(handle, (unit) =>
    createToken({ unit, actor: null, userId: analyst.id, name: 'bench', deps: { audit, clock } }),
  );
  return {
    token: created.secret,
    fiscalYear,
    incidents: count,
    atCenter,
    before: Number(before.n),
    bodies: orgs.length,
    ministries: orgs
      .filter((o) => o.kind === 'ministry')
      .map((o) => ({ nameJa: o.name_ja, nameEn: o.name_en })),
    seedSeconds,
  };
}
