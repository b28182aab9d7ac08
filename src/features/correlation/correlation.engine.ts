import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import {
  containedIn,
  containedRangeOf,
  containersOf,
  type MatchKind,
  matchKeyOf,
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

/**
 * Matches a report's values against those stored, stores the matches and the values, and answers the incidents
 * correlated with this one for the first time. Values of the same incident never match each other.
 */
export async function correlateReport(
  unit: Pick<Unit, 'tx' | 'dialect'>,
  report: { incidentId: string; orgId: string; exerciseId: string | null; at: string },
  values: readonly FiledValue[],
  options: CorrelationOptions = {},
): Promise<NewCorrelation[]> {
  if (values.length === 0) return [];
  const { tx, dialect } = unit;
  const warned = options.warned ?? noWarnings;
  const realm = realmKey(report.exerciseId);
  const left = await warned(tx, values);
  const live = values.filter((v) => !left.has(warningKey(v)));

  // Forward: the stored values equal to a value of the report, or containing one.
  const wanted = new Map<string, { value: FiledValue; type: string; kind: MatchKind }[]>();
  const want = (key: string, w: { value: FiledValue; type: string; kind: MatchKind }) => {
    const list = wanted.get(key);
    if (list) list.push(w);
    else wanted.set(key, [w]);
  };
  for (const v of live) {
    want(v.value, { value: v, type: v.type, kind: 'equal' });
    for (const c of containersOf(v.type, v.value)) want(c.value, { value: v, type: c.type, kind: 'within' });
  }
  const matches: { mine: FiledValue; theirs: FoundRow; kind: MatchKind }[] = [];
  for (const row of await correlationRepository.byValues(tx, dialect, realm, [...wanted.keys()])) {
    if (row.incident_id === report.incidentId) continue;
    for (const w of wanted.get(row.value) ?? [])
      if (w.type === row.type) matches.push({ mine: w.value, theirs: row, kind: w.kind });
  }

  // Reverse: the stored values inside a container of the report.
  const containers = live.flatMap((v) => {
    const range = containedRangeOf(v.type, v.value);
    return range ? [{ value: v, range }] : [];
  });
  const found = await correlationRepository.inRanges(
    tx,
    dialect,
    realm,
    containers.map((c) => c.range),
    options.bound ?? CONTAINED_BOUND,
  );
  for (const row of found) {
    const outer = containers[row.range]?.value;
    if (!outer || row.incident_id === report.incidentId || !containedIn(row, outer)) continue;
    matches.push({ mine: outer, theirs: row, kind: 'contains' });
  }

  const theirsWarned =
    matches.length === 0
      ? new Set<string>()
      : await warned(
          tx,
          matches.map((m) => m.theirs),
        );
  const links: LinkRow[] = [];
  const seen = new Set<string>();
  const pairs = new Map<string, NewCorrelation>();
  for (const { mine, theirs, kind } of matches) {
    if (theirsWarned.has(warningKey(theirs))) continue;
    const key = [theirs.incident_id, mine.type, mine.value, theirs.type, theirs.value].join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    const common = { realm, found_at: report.at };
    links.push(
      {
        ...common,
        incident_id: report.incidentId,
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
        other_incident_id: report.incidentId,
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
  const before = await correlationRepository.linkedAmong(tx, report.incidentId, [...pairs.keys()]);
  await correlationRepository.insertLinks(tx, dialect, links);
  await correlationRepository.insertKeys(
    tx,
    dialect,
    values.map((v) => ({
      incident_id: report.incidentId,
      type: v.type,
      value: v.value,
      realm,
      org_id: report.orgId,
      display: v.display,
      match_key: matchKeyOf(v.type, v.value),
      created_at: report.at,
    })),
  );
  return [...pairs.values()].filter((p) => !before.has(p.otherIncidentId));
}
