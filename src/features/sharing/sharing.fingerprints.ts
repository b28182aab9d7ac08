import { sql } from 'kysely';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import { inTransaction, type Unit } from '../../platform/db/transaction.js';
import type { FollowUpInput, QuickReportInput } from '../incidents/incidents.schemas.js';
import { searchText } from '../incidents/incidents.state.js';
import { quoteFingerprints } from './sharing.text.js';
import { textKeys } from './sharing.traces.js';

// The report index of the guard of sharing (table report_fingerprints): every report's quote fingerprints
// and indicator keys, written in the report's own unit, so that a share can be compared with every report
// the center received by a few indexed look-ups instead of reading them all.

/** Marks an incident whose reports were indexed by this version of the fingerprints; a new one re-indexes. */
export const FINGERPRINTS_VERSION = 'v:1';
const CHUNK = 500;

/** The fingerprints of one report's free text: quotes (winnowed) and indicators. */
export function reportFingerprints(text: string): Set<string> {
  return textKeys(text, quoteFingerprints(text));
}

async function insertFingerprints(unit: Unit, incidentId: string, fingerprints: string[], isNew: boolean) {
  for (let i = 0; i < fingerprints.length; i += CHUNK) {
    const rows = fingerprints
      .slice(i, i + CHUNK)
      .map((fingerprint) => ({ fingerprint, incident_id: incidentId }));
    const insert = unit.tx.insertInto('report_fingerprints').values(rows);
    // Fingerprints of an incident's first report are new; a later report repeats some of its earlier ones.
    await (isNew
      ? insert
      : insert.onConflict((oc) => oc.columns(['fingerprint', 'incident_id']).doNothing())
    ).execute();
  }
}

/**
 * Indexes one report in the unit that files it: one insert (a statement per 500 fingerprints). `isNew`: the
 * incident's quick report, which also marks the incident as indexed.
 */
export async function fingerprintReport(unit: Unit, incidentId: string, text: string, isNew: boolean) {
  const found = reportFingerprints(text);
  if (isNew) found.add(FINGERPRINTS_VERSION);
  if (found.size > 0) await insertFingerprints(unit, incidentId, [...found], isNew);
}

/**
 * Indexes the incidents filed before the index existed (or under an older version of it), a batch per
 * transaction; safe to run on several nodes at once. Returns how many incidents it indexed.
 */
export async function backfillReportFingerprints(handle: DatabaseHandle, batch = 200): Promise<number> {
  let done = 0;
  for (;;) {
    const ids = (
      await handle.db
        .selectFrom('incidents')
        .select('id')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('report_fingerprints as f')
                .select('f.incident_id')
                .whereRef('f.incident_id', '=', 'incidents.id')
                .where('f.fingerprint', '=', FINGERPRINTS_VERSION),
            ),
          ),
        )
        .orderBy('id')
        .limit(batch)
        .execute()
    ).map((r) => r.id);
    if (ids.length === 0) return done;
    await inTransaction(handle, async (unit) => {
      const reports = await unit.tx
        .selectFrom('incident_reports')
        .select(['incident_id', 'body'])
        .where('incident_id', 'in', ids)
        .execute();
      for (const id of ids) {
        const found = new Set<string>([FINGERPRINTS_VERSION]);
        for (const r of reports.filter((x) => x.incident_id === id)) {
          const body = JSON.parse(r.body) as Partial<FollowUpInput & QuickReportInput>;
          for (const f of reportFingerprints(searchText([{ body }]))) found.add(f);
        }
        await insertFingerprints(unit, id, [...found], false);
      }
    });
    done += ids.length;
  }
}

/** Incidents the reader body reads, not exercises, among these ids; in the order given. */
async function readableAmong(db: Executor, readerOrgId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('incident_readers as r')
    .innerJoin('incidents as i', 'i.id', 'r.incident_id')
    .select('i.id')
    .where('r.org_id', '=', readerOrgId)
    .where('r.incident_id', 'in', ids)
    .where('i.exercise_id', 'is', null)
    .execute();
  const readable = new Set(rows.map((r) => r.id));
  return ids.filter((id) => readable.has(id));
}

/**
 * Incidents the reader body reads whose reports hold one of these indicator keys (exactly, or within one of
 * the ranges of keys), apart from `exclude`. Every one found is a match: keys are canonical.
 */
export async function incidentsWithKeys(
  db: Executor,
  readerOrgId: string,
  keys: { exact: string[]; ranges: [string, string][] },
  exclude: readonly string[],
  limit: number,
): Promise<string[]> {
  const base = () => {
    let q = db
      .selectFrom('report_fingerprints as f')
      .innerJoin('incident_readers as r', (j) =>
        j.onRef('r.incident_id', '=', 'f.incident_id').on('r.org_id', '=', readerOrgId),
      )
      .innerJoin('incidents as i', 'i.id', 'f.incident_id')
      .select('f.incident_id')
      .distinct()
      .where('i.exercise_id', 'is', null);
    if (exclude.length > 0) q = q.where('f.incident_id', 'not in', [...exclude]);
    return q;
  };
  const found: string[] = [];
  const lookups: ((q: ReturnType<typeof base>) => ReturnType<typeof base>)[] = [];
  for (let i = 0; i < keys.exact.length; i += CHUNK) {
    const chunk = keys.exact.slice(i, i + CHUNK);
    lookups.push((q) => q.where('f.fingerprint', 'in', chunk));
  }
  for (const [lo, hi] of keys.ranges)
    lookups.push((q) => q.where('f.fingerprint', '>=', lo).where('f.fingerprint', '<=', hi));
  for (const lookup of lookups) {
    if (found.length >= limit) break;
    let q = lookup(base());
    if (found.length > 0) q = q.where('f.incident_id', 'not in', found);
    for (const r of await q.limit(limit - found.length).execute()) found.push(r.incident_id);
  }
  return found;
}

/**
 * Incidents the reader body reads whose reports share quote fingerprints with a share, apart from
 * `exclude`, those sharing the most first: candidates, each to be confirmed on its text.
 */
export async function quoteCandidates(
  db: Executor,
  readerOrgId: string,
  fingerprints: string[],
  exclude: readonly string[],
  limit: number,
): Promise<string[]> {
  const counts = new Map<string, number>();
  for (let i = 0; i < fingerprints.length; i += CHUNK) {
    const rows = await db
      .selectFrom('report_fingerprints')
      .select(['incident_id', sql<number>`count(*)`.as('n')])
      .where('fingerprint', 'in', fingerprints.slice(i, i + CHUNK))
      .groupBy('incident_id')
      .execute();
    for (const r of rows) counts.set(r.incident_id, (counts.get(r.incident_id) ?? 0) + Number(r.n));
  }
  for (const id of exclude) counts.delete(id);
  // Read a few more than asked: some may be incidents the reader does not read.
  const ranked = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit * 2)
    .map(([id]) => id);
  return (await readableAmong(db, readerOrgId, ranked)).slice(0, limit);
}
