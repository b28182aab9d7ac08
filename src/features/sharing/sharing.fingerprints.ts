import { incidentReadings } from '../../platform/access/visibility.js';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import { type GroupWork, inTransaction, type Unit } from '../../platform/db/transaction.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import type { FollowUpInput, QuickReportInput } from '../incidents/incidents.schemas.js';
import { searchText } from '../incidents/incidents.state.js';
import { indicatorsReads } from '../indicators/indicators.reads.js';
import type { IndicatorType as ReportKind } from '../indicators/indicators.types.js';
import { behindQuery, fingerprintsRepository, pendingQuery } from './sharing.fingerprints.repository.js';
import { quoteFingerprints, shortGram, shortValueKey } from './sharing.text.js';
import { textKeys, valueKeys } from './sharing.traces.js';

// The report index of the guard of sharing (table report_fingerprints): every report's quote fingerprints
// and indicator keys — of the indicators its text names and of the typed indicators it carries —, so that a share can be compared with every report the center received by a few indexed
// look-ups instead of reading them all. A new incident's first report is indexed in the unit that files it;
// later reports after they commit, by the indexer below (and whatever was filed otherwise: a bulk load, a
// stopped node); each incident records up to which report it is indexed (incidents.fingerprinted_seq). The
// guard reads the few incidents behind by their text (pendingFingerprints), so it is exact at every moment.

export { behindQuery, pendingQuery };

const CHUNK = 500;
/** Incidents indexed per transaction. */
const BATCH = 200;

/** The fingerprints of one report's free text: quotes (winnowed) and indicators. */
export function reportFingerprints(text: string): Set<string> {
  return textKeys(text, quoteFingerprints(text));
}

/** The fingerprints of an incident's reports (their stored JSON bodies), as the index holds them. */
export function fingerprintsOfReports(bodies: readonly string[], into = new Set<string>()): Set<string> {
  for (const raw of bodies) {
    const body = JSON.parse(raw) as Partial<FollowUpInput & QuickReportInput>;
    for (const f of reportFingerprints(searchText([{ body }]))) into.add(f);
  }
  return into;
}

/** Rows grouped by their incident, each group in the rows' order. */
function byIncident<T extends { incidentId: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.incidentId);
    if (group) group.push(row);
    else groups.set(row.incidentId, [row]);
  }
  return groups;
}

/** Typed values that are free text (a user agent, a free observable, a file name): quoted as well as keyed. */
const FREE_TEXT = new Set<ReportKind>(['user-agent', 'other', 'filename']);

/** The free-text values among typed indicators, one per line: what a share's prose could quote of them. */
export const freeValuesText = (values: readonly { type: ReportKind; value: string }[]): string =>
  values
    .filter((v) => FREE_TEXT.has(v.type))
    .map((v) => v.value)
    .join('\n');

/**
 * The fingerprints of the typed indicators reports carry (incident_indicators), as the index holds them: each
 * value's keys, and the quote fingerprints of the free-text ones (a user agent pasted into a share's body).
 */
export function fingerprintsOfValues(
  values: readonly { type: ReportKind; value: string }[],
  into = new Set<string>(),
): Set<string> {
  for (const v of values) valueKeys(v.type, v.value, into, true);
  const free = freeValuesText(values);
  if (free !== '') for (const f of quoteFingerprints(free)) into.add(f);
  for (const key of shortValueKeys(values)) into.add(shortGram(Array.from(key), 0));
  return into;
}

/**
 * The keys (see shortValueKey) of the free-text values among typed indicators that are too short to be quoted
 * (an account name, a file name, a short user agent) but say enough to be guarded on their own.
 */
export const shortValueKeys = (values: readonly { type: ReportKind; value: string }[]): string[] =>
  values.flatMap((v) => {
    if (!FREE_TEXT.has(v.type)) return [];
    const key = shortValueKey(v.value);
    return key === null ? [] : [key];
  });

/**
 * What the guard reads of each of these incidents as its text: its reports' text, then the free-text values of
 * its typed indicators (see freeValuesText). With `keysInto`, the keys of every typed indicator they carry are
 * added to it (what declared sources explain), from the same read.
 */
export async function guardedTexts(
  db: Executor,
  dialect: 'sqlite' | 'postgres',
  ids: string[],
  keysInto?: Set<string>,
): Promise<Map<string, string>> {
  const texts = await incidentsReads.reportTexts(db, dialect, ids);
  const values = byIncident(await indicatorsReads.valuesOfIncidents(db, ids));
  for (const [id, list] of values) {
    if (keysInto) for (const v of list) valueKeys(v.type, v.value, keysInto, true);
    const free = freeValuesText(list);
    if (free !== '') texts.set(id, `${texts.get(id) ?? ''}\n${free}`);
  }
  return texts;
}

/**
 * Indexes every report not yet in the index, a batch of incidents per unit: after each report commits (see
 * createReportIndexer), at start for anything a stopped node left, and by `renraku migrate`. Safe on several
 * nodes at once: inserts ignore what is there, and an incident's mark only moves forward. Returns how many
 * incidents it indexed.
 */
export async function indexPendingReports(handle: DatabaseHandle, batch = BATCH): Promise<number> {
  let done = 0;
  let after = '';
  for (;;) {
    const behind = await behindQuery(handle.db).where('id', '>', after).orderBy('id').limit(batch).execute();
    if (behind.length === 0) return done;
    after = (behind[behind.length - 1] as { id: string }).id;
    const from = new Map(
      behind.map((r) => [r.id, { seq: r.fingerprinted_seq ?? 0, counted: Number(r.report_count) }]),
    );
    await inTransaction(handle, async (unit) => {
      const reports = await incidentsReads.reportBodies(unit.tx, [...from.keys()]);
      const values = new Map<string, { type: ReportKind; value: string; reportSeq: number }[]>();
      for (const v of await indicatorsReads.valuesOfIncidents(unit.tx, [...from.keys()])) {
        const list = values.get(v.incidentId);
        if (list) list.push(v);
        else values.set(v.incidentId, [v]);
      }
      const rows: { fingerprint: string; incident_id: string }[] = [];
      const upTo = new Map<string, number>();
      for (const [id, { seq, counted }] of from) {
        const fresh = reports.filter((r) => r.incident_id === id && r.seq > seq);
        const prints = fingerprintsOfReports(fresh.map((r) => r.body));
        fingerprintsOfValues(
          (values.get(id) ?? []).filter((v) => v.reportSeq > seq),
          prints,
        );
        for (const fingerprint of prints) rows.push({ fingerprint, incident_id: id });
        // A report is stored in the unit that counts it, so one counted but not stored by now never will be (a
        // bulk-loaded incident, reports deleted by hand): the mark passes it, or the incident stays behind and
        // every run walks it again, for ever. Reports filed since the batch was read are indexed up to their own.
        upTo.set(id, Math.max(counted, ...fresh.map((r) => r.seq)));
      }
      for (let i = 0; i < rows.length; i += CHUNK)
        await fingerprintsRepository.insert(unit.tx, rows.slice(i, i + CHUNK));
      await fingerprintsRepository.markIndexed(unit.tx, upTo);
    });
    done += from.size;
  }
}

/** A typed value of a report as it is stored (canonical). */
type FiledValue = { type: ReportKind; value: string };

// The first reports filed in one commit group, indexed in one statement (chunked) at the group's end.
const firstReports: GroupWork<{ incidentId: string; prints: Set<string> }> = {
  async run(tx, items) {
    const rows = items.flatMap(({ item }) =>
      [...item.prints].map((fingerprint) => ({ fingerprint, incident_id: item.incidentId })),
    );
    await fingerprintsRepository.insertAtCommit(tx, rows);
  },
};

interface IndexerLog {
  error(fields: object, message: string): void;
}

/**
 * Runs indexPendingReports after every commit that filed a report (`filed`), one run at a time: reports that
 * commit while it runs are taken by the next run, so a burst of reports is indexed in a few large units.
 * Started (by the server), it also runs every interval, for reports other nodes filed or a stopped node left.
 * Until it is, a failure is only visible to `catchUp`'s caller (and the guard still reads those reports).
 */
export function createReportIndexer(handle: DatabaseHandle) {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let log: IndexerLog = { error() {} };
  let failure: unknown;
  const onError = (e: unknown) => {
    failure = e;
    log.error({ err: e }, 'indexing reports for the guard of sharing failed');
  };
  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = indexPendingReports(handle)
      .then(() => undefined, onError)
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return {
    /** Called by the unit that files a report: the index is brought up to date once it commits. */
    filed(unit: Unit) {
      unit.afterCommit(run);
    },
    /**
     * Indexes a new incident's first report in the unit that files it, from its body and typed values as they
     * are stored (the unit stores the incident as indexed up to that report): nothing to read back after the
     * commit. Its rows are written once for the commit group.
     */
    firstReport(unit: Unit, report: { incidentId: string; body: string; values: readonly FiledValue[] }) {
      const prints = fingerprintsOfValues(report.values, fingerprintsOfReports([report.body]));
      unit.gather(firstReports, { incidentId: report.incidentId, prints });
    },
    /** Indexes what is behind now and waits for it; throws what the last run failed with. */
    async catchUp() {
      failure = undefined;
      run();
      while (running) await running;
      if (failure) throw failure;
    },
    start(options: { intervalMs: number; log?: IndexerLog }) {
      if (options.log) log = options.log;
      timer = setInterval(run, options.intervalMs);
      timer.unref();
    },
    /** Stops taking new runs and waits for the one in flight. */
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
}
export type ReportIndexer = ReturnType<typeof createReportIndexer>;

/**
 * The incidents the reader body reads (not exercises, not `exclude`) whose reports are not all in the index
 * yet, each with the fingerprints of all its reports: what the guard checks by text. Read before the index
 * is looked up, so that an incident indexed in between is found by one or the other.
 */
export async function pendingFingerprints(
  db: Executor,
  readerOrgId: string,
  exclude: readonly string[],
): Promise<Map<string, Set<string>>> {
  const ids = (await pendingQuery(db, readerOrgId, exclude).execute()).map((r) => r.id);
  const found = new Map<string, Set<string>>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const reports = await incidentsReads.reportBodies(db, chunk);
    for (const r of reports) {
      const set = found.get(r.incident_id) ?? new Set<string>();
      found.set(r.incident_id, fingerprintsOfReports([r.body], set));
    }
    const values = byIncident(await indicatorsReads.valuesOfIncidents(db, chunk));
    for (const [id, list] of values) found.set(id, fingerprintsOfValues(list, found.get(id)));
  }
  return found;
}

/** The short value keys (see shortValueKeys) of the typed indicators of these incidents, by incident. */
export async function shortValuesOf(db: Executor, ids: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const values = byIncident(await indicatorsReads.valuesOfIncidents(db, ids.slice(i, i + CHUNK)));
    for (const [id, list] of values) found.set(id, shortValueKeys(list));
  }
  return found;
}

/** Incidents the reader body reads, not exercises, among these ids; in the order given. */
async function readableAmong(db: Executor, readerOrgId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const readable = new Set((await incidentReadings(db, ids, [readerOrgId])).map((r) => r.incidentId));
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
  const base = () => fingerprintsRepository.indexedReadableBy(db, readerOrgId, exclude);
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
    const rows = await fingerprintsRepository.sharedCounts(db, fingerprints.slice(i, i + CHUNK));
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
