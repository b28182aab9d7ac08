import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import {
  containedIn,
  containedRangeOf,
  containersOf,
  type MatchKind,
  matchKeyOf,
  prefixOf,
  type TypedValue,
} from './correlation.keys.js';
import { correlationRepository, type FoundRow, type LinkRow, realmKey } from './correlation.repository.js';

// Correlation of a report as it is filed, in its transaction (issue 14, point 3): its values are matched
// against every value stored in the same realm, in two statements whatever the report's size — one lookup by
// equality of the values and of every container they may lie in, one bounded range scan for what the report's
// own containers hold — and the matches are stored from both sides, so that reading them is one index range.

/** A value of the report being filed. */
export interface FiledValue extends TypedValue {
  display: string;
}

/**
 * Which values to leave out of correlation (the warning lists of issue 14, point 2: private ranges, public
 * resolvers, the largest domains…), as `type\u0000value` keys. Asked of the report's values and of every
 * stored value they would match. Another part builds the lists; until then nothing is left out.
 */
export type WarningCheck = (db: Executor, values: readonly TypedValue[]) => Promise<ReadonlySet<string>>;
export const noWarnings: WarningCheck = async () => new Set();
/** How a WarningCheck names a value it leaves out. */
export const warningKey = (v: TypedValue) => `${v.type}\u0000${v.value}`;

/** Most stored values one container of a report finds (a /8 of a busy realm is cut there, in key order). */
export const CONTAINED_BOUND = 1000;

export interface CorrelationOptions {
  warned?: WarningCheck;
  bound?: number;
}

/** A new pair of correlated incidents (never correlated before this report). */
export interface NewCorrelation {
  otherIncidentId: string;
  otherOrgId: string;
  /** How many pairs of values this report matched with it. */
  values: number;
}

const flip: Record<MatchKind, MatchKind> = { equal: 'equal', within: 'contains', contains: 'within' };

/** A report to correlate: its incident and body, its realm, when it was filed, its values. */
export interface ReportToCorrelate {
  report: { incidentId: string; orgId: string; exerciseId: string | null; at: string };
  values: readonly FiledValue[];
}

/**
 * Matches a report's values against those stored, stores the matches and the values, and answers the incidents
 * correlated with this one for the first time. Values of the same incident never match each other.
 */
export async function correlateReport(
  unit: Pick<Unit, 'tx' | 'dialect'>,
  report: ReportToCorrelate['report'],
  values: readonly FiledValue[],
  options: CorrelationOptions = {},
): Promise<NewCorrelation[]> {
  return (await correlateReports(unit, [{ report, values }], options))[0] ?? [];
}

/** A stored value, or one of a report of the same batch, as matching sees it. */
interface Candidate extends FoundRow {
  match_key: string | null;
}

/**
 * Correlates the reports of one commit group together, as if one after the other in this order: a report meets
 * the values stored before the group and those of the reports before it, and what it finds for the first time is
 * new for it alone. Whatever the number of reports, the statements are those of one: one warning-list check,
 * one lookup by equality, one statement of range scans, one read of the pairs already linked, one insert of the
 * matches and one of the values (per realm: values correlate within one).
 */
export async function correlateReports(
  unit: Pick<Unit, 'tx' | 'dialect'>,
  reports: readonly ReportToCorrelate[],
  options: CorrelationOptions = {},
): Promise<NewCorrelation[][]> {
  const out = reports.map((): NewCorrelation[] => []);
  const realms = new Map<string, number[]>();
  reports.forEach((r, i) => {
    if (r.values.length === 0) return;
    const realm = realmKey(r.report.exerciseId);
    realms.set(realm, [...(realms.get(realm) ?? []), i]);
  });
  for (const [realm, indexes] of realms) {
    const fresh = await correlateInRealm(
      unit,
      realm,
      indexes.map((i) => reports[i] as ReportToCorrelate),
      options,
    );
    indexes.forEach((i, n) => {
      out[i] = fresh[n] ?? [];
    });
  }
  return out;
}

type Wanted = { value: FiledValue; type: string; kind: MatchKind };

async function correlateInRealm(
  unit: Pick<Unit, 'tx' | 'dialect'>,
  realm: string,
  reports: readonly ReportToCorrelate[],
  options: CorrelationOptions,
): Promise<NewCorrelation[][]> {
  const { tx, dialect } = unit;
  const warned = options.warned ?? noWarnings;
  const bound = options.bound ?? CONTAINED_BOUND;
  // Addresses and networks are looked up in the networks of the lengths stored and of those the batch itself
  // brings (a report meets the networks of the reports before it in memory).
  const prefixes = await correlationRepository.storedPrefixes(tx);
  for (const r of reports)
    for (const v of r.values) {
      const p = prefixOf(v.type, v.value);
      if (p) prefixes[p.family].add(p.prefix);
    }

  // What each report looks for: stored values equal to one of its values or containing one (by equality), and
  // stored values inside one of its containers (by range).
  const plans = reports.map((r) => {
    const wanted = new Map<string, Wanted[]>();
    const want = (key: string, w: Wanted) => {
      const list = wanted.get(key);
      if (list) list.push(w);
      else wanted.set(key, [w]);
    };
    for (const v of r.values) {
      want(v.value, { value: v, type: v.type, kind: 'equal' });
      for (const c of containersOf(v.type, v.value, prefixes))
        want(c.value, { value: v, type: c.type, kind: 'within' });
    }
    const containers = r.values.flatMap((v) => {
      const range = containedRangeOf(v.type, v.value);
      return range ? [{ value: v, range }] : [];
    });
    const keys: Candidate[] = r.values.map((v) => ({
      incident_id: r.report.incidentId,
      org_id: r.report.orgId,
      type: v.type,
      value: v.value,
      display: v.display,
      match_key: matchKeyOf(v.type, v.value),
    }));
    return { report: r.report, wanted, containers, keys };
  });

  // One lookup for the whole batch (before its own values are stored: those are met in memory below).
  const stored = new Map<string, FoundRow[]>();
  for (const row of await correlationRepository.byValues(tx, dialect, realm, [
    ...new Set(plans.flatMap((p) => [...p.wanted.keys()])),
  ])) {
    const list = stored.get(row.value);
    if (list) list.push(row);
    else stored.set(row.value, [row]);
  }
  const ranges = plans.flatMap((p) => p.containers.map((c) => c.range));
  const inRange: FoundRow[][] = ranges.map(() => []);
  for (const row of await correlationRepository.inRanges(tx, dialect, realm, ranges, bound))
    inRange[row.range]?.push(row);

  // Which of the reports' own values the warning lists leave out (never matched); of the values they meet, only
  // those matched are asked below (a container may find a thousand values, most of them not matched).
  const flagged = new Set(
    await warned(
      tx,
      plans.flatMap((p) => p.keys),
    ),
  );
  const isWarned = (v: TypedValue) => flagged.has(warningKey(v));

  // The values of the reports before this one in the batch, by value and in match-key order as they come.
  const earlierByValue = new Map<string, Candidate[]>();
  const earlierKeyed: Candidate[] = [];
  let first = 0;
  const found = plans.map((plan) => {
    const mine = plan.report.incidentId;
    const matches: { mine: FiledValue; theirs: FoundRow; kind: MatchKind }[] = [];
    const meet = (w: Wanted, row: FoundRow) => {
      if (w.type === row.type) matches.push({ mine: w.value, theirs: row, kind: w.kind });
    };
    for (const [key, ws] of plan.wanted) {
      const live = ws.filter((w) => !isWarned(w.value));
      if (live.length === 0) continue;
      for (const row of stored.get(key) ?? [])
        if (row.incident_id !== mine) for (const w of live) meet(w, row);
      for (const row of earlierByValue.get(key) ?? [])
        if (row.incident_id !== mine) for (const w of live) meet(w, row);
    }
    plan.containers.forEach(({ value: outer, range }, c) => {
      if (isWarned(outer)) return;
      const rows: FoundRow[] = [...(inRange[first + c] ?? [])];
      for (const row of earlierKeyed)
        if (
          rows.length < bound &&
          (row.match_key as string) >= range.from &&
          (row.match_key as string) <= range.to
        )
          rows.push(row);
      for (const row of rows)
        if (row.incident_id !== mine && containedIn(row, outer))
          matches.push({ mine: outer, theirs: row, kind: 'contains' });
    });
    first += plan.containers.length;
    for (const k of plan.keys) {
      const list = earlierByValue.get(k.value);
      if (list) list.push(k);
      else earlierByValue.set(k.value, [k]);
      if (k.match_key !== null) earlierKeyed.push(k);
    }
    return matches;
  });

  const theirs = found.flat().map((m) => m.theirs);
  if (theirs.length > 0) for (const key of await warned(tx, theirs)) flagged.add(key);

  const links: LinkRow[] = [];
  const pairsOf = found.map((matches, n) => {
    const plan = plans[n] as (typeof plans)[number];
    const at = plan.report.at;
    const seen = new Set<string>();
    const pairs = new Map<string, NewCorrelation>();
    for (const { mine, theirs, kind } of matches) {
      if (isWarned(theirs)) continue;
      const key = [theirs.incident_id, mine.type, mine.value, theirs.type, theirs.value].join('\u0000');
      if (seen.has(key)) continue;
      seen.add(key);
      const common = { realm, found_at: at };
      links.push(
        {
          ...common,
          incident_id: plan.report.incidentId,
          other_incident_id: theirs.incident_id,
          type: mine.type,
          value: mine.value,
          display: mine.display,
          other_type: theirs.type,
          other_value: theirs.value,
          other_display: theirs.display,
          kind,
        },
        {
          ...common,
          incident_id: theirs.incident_id,
          other_incident_id: plan.report.incidentId,
          type: theirs.type,
          value: theirs.value,
          display: theirs.display,
          other_type: mine.type,
          other_value: mine.value,
          other_display: mine.display,
          kind: flip[kind],
        },
      );
      const pair = pairs.get(theirs.incident_id);
      if (pair) pair.values += 1;
      else
        pairs.set(theirs.incident_id, {
          otherIncidentId: theirs.incident_id,
          otherOrgId: theirs.org_id,
          values: 1,
        });
    }
    return pairs;
  });

  // A pair is new for the first report of the batch that links it, if it was not linked before the batch.
  const before = await correlationRepository.linkedPairs(
    tx,
    plans.filter((_, n) => (pairsOf[n]?.size ?? 0) > 0).map((p) => p.report.incidentId),
    [...new Set(pairsOf.flatMap((p) => [...p.keys()]))],
  );
  const pairKey = (a: string, b: string) => `${a}\u0000${b}`;
  const fresh = pairsOf.map((pairs, n) => {
    const mine = (plans[n] as (typeof plans)[number]).report.incidentId;
    const news = [...pairs.values()].filter((p) => !before.has(pairKey(mine, p.otherIncidentId)));
    for (const p of pairs.values()) {
      before.add(pairKey(mine, p.otherIncidentId));
      before.add(pairKey(p.otherIncidentId, mine));
    }
    return news;
  });

  await correlationRepository.insertLinks(tx, dialect, links);
  await correlationRepository.insertKeys(
    tx,
    dialect,
    plans.flatMap((p) =>
      p.keys.map((k) => ({
        incident_id: k.incident_id,
        type: k.type,
        value: k.value,
        realm,
        org_id: k.org_id,
        display: k.display,
        match_key: k.match_key,
        created_at: p.report.at,
      })),
    ),
  );
  return fresh;
}
