// The figures of an exercise report, computed from its facts alone (pure): so that a report frozen at final
// gives the same figures after its exercise's data is purged, and a ministry's view is the same computation
// over its own rows.

/** The measures of each body in scope, from the situation's declaration. */
export const MEASURES = ['ackDeclaration', 'answerRollCall'] as const;
export type MeasureName = (typeof MEASURES)[number];

/** The measures of each addressed body of each request (要請), from the request's issue. */
export const REQUEST_MEASURES = ['ackRequest', 'completeRequest'] as const;
export type RequestMeasure = (typeof REQUEST_MEASURES)[number];
const REQUEST_FIELD = { ackRequest: 'acknowledge', completeRequest: 'complete' } as const;

/** A time the exercise was paused (to: null while it still is). */
export interface Pause {
  from: string;
  to: string | null;
}

/** The scenario's targets, in minutes (null: no target). */
export interface Targets {
  ackDeclaration: number | null;
  answerRollCall: number | null;
  ackRequest: number | null;
  completeRequest: number | null;
}

/** One body's time for one measure, from the situation's declaration. */
export interface Timing {
  /** When it happened (null: not yet, or never). */
  at: string | null;
  /** Whole seconds from the declaration (null when it did not happen by the exercise's end). */
  seconds: number | null;
  /** Whether it came within the target (null: no target, or not happened). */
  met: boolean | null;
  /** It never happened by the exercise's end (false while the exercise runs and it may still happen). */
  missed: boolean;
}

/** A request's timings for one addressed body, from the request's issue. */
export interface RequestTiming {
  requestId: string;
  /** R-n within its situation. */
  number: string;
  title: string;
  acknowledge: Timing;
  complete: Timing;
  /**
   * When the request was withdrawn, and by whom if known (null while it stands; absent from reports frozen before
   * withdrawals were shown). A withdrawn request counts in no median and in no miss.
   */
  withdrawn?: Withdrawal | null;
}

/** A request's withdrawal: when, and the name of who withdrew it (null when not known). */
export interface Withdrawal {
  at: string;
  by: string | null;
}

/** One body in scope of one of the exercise's situations. */
export interface ReportRow {
  situationId: string;
  org: { id: string; name: string; kind: string };
  /** The ministry the row counts under: the body itself, or its supervising ministry. */
  ministry: { id: string; name: string };
  ackDeclaration: Timing;
  answerRollCall: Timing & { onBehalf: boolean };
  requests: RequestTiming[];
}

/** What a report is computed from; frozen as JSON when the report is declared final. */
export interface ReportFacts {
  exercise: { id: string; number: string; name: string; startedAt: string | null; endedAt: string | null };
  targets: Targets;
  situations: { id: string; number: string; name: string; declaredAt: string }[];
  rows: ReportRow[];
}

export interface Stats {
  /** Bodies measured, those that did it, those that missed it, those past the target. */
  bodies: number;
  done: number;
  missed: number;
  late: number;
  /** Of the seconds of those that did it (null when none did). */
  median: number | null;
  p90: number | null;
}

export interface Slow {
  situationId: string;
  orgId: string;
  name: string;
  seconds: number | null;
  missed: boolean;
}

export interface MinistryLink {
  ministry: { id: string; name: string };
  /** The ministry's own rows' seconds to answer (null: not in scope itself, or no answer). */
  own: Record<MeasureName, Stats>;
  agencies: Record<MeasureName, Stats>;
  /**
   * The late link of this ministry's chain in the roll-call: `ministry` when its own answer, or an answer it gave
   * on an agency's behalf, was the slowest (or missing); `agency` when an agency's own answer was; null when
   * nobody was late against the target.
   */
  lateLink: 'ministry' | 'agency' | null;
}

export interface SlowRequest extends Slow {
  requestId: string;
  number: string;
}

/** The requests' figures: every (request, addressed body) pair is one measurement. */
export interface RequestFigures {
  measures: Record<RequestMeasure, Stats>;
  byMinistry: { ministry: { id: string; name: string }; measures: Record<RequestMeasure, Stats> }[];
  /** The N slowest (request, body) pairs per measure (missed ones first). */
  slowest: Record<RequestMeasure, SlowRequest[]>;
}

export interface Figures {
  measures: Record<MeasureName, Stats>;
  byMinistry: MinistryLink[];
  /** The N slowest bodies per measure (missed ones first). */
  slowest: Record<MeasureName, Slow[]>;
  requests: RequestFigures;
}

export const SLOWEST = 5;

/** Seconds from `from` to `to`, or null. */
export const secondsBetween = (from: string, to: string | null): number | null =>
  to === null ? null : Math.floor((Date.parse(to) - Date.parse(from)) / 1000);

/** Milliseconds of these pauses within [from, to] (a pause still going lasts until `to`). */
export function pausedBetween(from: string, to: string, pauses: readonly Pause[]): number {
  const start = Date.parse(from);
  const end = Date.parse(to);
  let ms = 0;
  for (const p of pauses) {
    const overlap =
      Math.min(end, p.to === null ? end : Date.parse(p.to)) - Math.max(start, Date.parse(p.from));
    if (overlap > 0) ms += overlap;
  }
  return ms;
}

/**
 * A body's timing: what happened by the end (or by now while the exercise runs) against the target, from `from`
 * (the declaration, or a request's issue), leaving out the time the exercise was paused in between.
 */
export function timing(
  from: string,
  at: string | null,
  targetMinutes: number | null,
  endedAt: string | null,
  pauses: readonly Pause[] = [],
): Timing {
  const happened = at !== null && (endedAt === null || at <= endedAt);
  const seconds = happened
    ? Math.floor((Date.parse(at) - Date.parse(from) - pausedBetween(from, at, pauses)) / 1000)
    : null;
  return {
    at: happened ? at : null,
    seconds,
    met: seconds === null || targetMinutes === null ? null : seconds <= targetMinutes * 60,
    missed: !happened && endedAt !== null,
  };
}

/** The median (mean of the two middle values for an even count) and the nearest-rank 90th percentile. */
export function medianAndP90(values: readonly number[]): { median: number | null; p90: number | null } {
  if (values.length === 0) return { median: null, p90: null };
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 === 1 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
  return { median, p90: v[Math.ceil(0.9 * v.length) - 1] as number };
}

function statsOf(timings: readonly Timing[]): Stats {
  const done = timings.flatMap((t) => (t.seconds === null ? [] : [t.seconds]));
  return {
    bodies: timings.length,
    done: done.length,
    missed: timings.filter((t) => t.missed).length,
    late: timings.filter((t) => t.met === false).length,
    ...medianAndP90(done),
  };
}

const perMeasure = <T>(f: (m: MeasureName) => T): Record<MeasureName, T> =>
  Object.fromEntries(MEASURES.map((m) => [m, f(m)])) as Record<MeasureName, T>;

/** Slower first; a missed one is slower than any that came. */
const slower = (a: Slow, b: Slow) =>
  Number(b.missed) - Number(a.missed) ||
  (b.seconds ?? -1) - (a.seconds ?? -1) ||
  a.name.localeCompare(b.name, 'ja');

function lateLinkOf(rows: readonly ReportRow[], ministryId: string): 'ministry' | 'agency' | null {
  const late = rows.filter((r) => r.answerRollCall.missed || r.answerRollCall.met === false);
  if (late.length === 0) return null;
  // The slowest late answer decides (missing beats any time); on a tie the ministry's, which answers for its chain.
  const ministrys = (r: ReportRow) => r.org.id === ministryId || r.answerRollCall.onBehalf;
  const [worst] = [...late].sort(
    (a, b) =>
      Number(b.answerRollCall.missed) - Number(a.answerRollCall.missed) ||
      (b.answerRollCall.seconds ?? 0) - (a.answerRollCall.seconds ?? 0) ||
      Number(ministrys(b)) - Number(ministrys(a)),
  );
  if (!worst) return null;
  return ministrys(worst) ? 'ministry' : 'agency';
}

const perRequestMeasure = <T>(f: (m: RequestMeasure) => T): Record<RequestMeasure, T> =>
  Object.fromEntries(REQUEST_MEASURES.map((m) => [m, f(m)])) as Record<RequestMeasure, T>;

/** The requests that stand (a withdrawn one is shown, never measured). */
export const standing = (qs: readonly RequestTiming[] | undefined) => (qs ?? []).filter((q) => !q.withdrawn);

/** Every (request, addressed body) timing of these rows' standing requests for a measure. */
const requestTimings = (rows: readonly ReportRow[], m: RequestMeasure) =>
  rows.flatMap((r) => standing(r.requests).map((q) => ({ row: r, q, t: q[REQUEST_FIELD[m]] })));

/** The requests' figures over these rows. */
export function requestFiguresOf(rows: readonly ReportRow[]): RequestFigures {
  const ministries = new Map<string, { id: string; name: string }>();
  for (const r of rows) if (standing(r.requests).length > 0) ministries.set(r.ministry.id, r.ministry);
  return {
    measures: perRequestMeasure((m) => statsOf(requestTimings(rows, m).map((x) => x.t))),
    byMinistry: [...ministries.values()]
      .map((ministry) => {
        const chain = rows.filter((r) => r.ministry.id === ministry.id);
        return {
          ministry,
          measures: perRequestMeasure((m) => statsOf(requestTimings(chain, m).map((x) => x.t))),
        };
      })
      .sort((a, b) => a.ministry.name.localeCompare(b.ministry.name, 'ja')),
    slowest: perRequestMeasure((m) =>
      requestTimings(rows, m)
        .filter((x) => x.t.seconds !== null || x.t.missed)
        .map((x) => ({
          situationId: x.row.situationId,
          orgId: x.row.org.id,
          name: x.row.org.name,
          seconds: x.t.seconds,
          missed: x.t.missed,
          requestId: x.q.requestId,
          number: x.q.number,
        }))
        .sort(slower)
        .slice(0, SLOWEST),
    ),
  };
}

/** A body's median seconds per request measure over its requests, and how many it missed (the comparison). */
export function bodyRequestSummary(
  row: ReportRow,
): Record<RequestMeasure, { median: number | null; missed: number }> {
  return perRequestMeasure((m) => {
    const ts = standing(row.requests).map((q) => q[REQUEST_FIELD[m]]);
    return {
      median: medianAndP90(ts.flatMap((t) => (t.seconds === null ? [] : [t.seconds]))).median,
      missed: ts.filter((t) => t.missed).length,
    };
  });
}

/** The report's figures over these rows. */
export function figuresOf(rows: readonly ReportRow[]): Figures {
  const ministries = new Map<string, { id: string; name: string }>();
  for (const r of rows) ministries.set(r.ministry.id, r.ministry);
  const byMinistry = [...ministries.values()]
    .map((ministry) => {
      const chain = rows.filter((r) => r.ministry.id === ministry.id);
      const own = chain.filter((r) => r.org.id === ministry.id);
      const agencies = chain.filter((r) => r.org.id !== ministry.id);
      return {
        ministry,
        own: perMeasure((m) => statsOf(own.map((r) => r[m]))),
        agencies: perMeasure((m) => statsOf(agencies.map((r) => r[m]))),
        lateLink: lateLinkOf(chain, ministry.id),
      };
    })
    .sort((a, b) => a.ministry.name.localeCompare(b.ministry.name, 'ja'));
  return {
    measures: perMeasure((m) => statsOf(rows.map((r) => r[m]))),
    byMinistry,
    slowest: perMeasure((m) =>
      rows
        .filter((r) => r[m].seconds !== null || r[m].missed)
        .map((r) => ({
          situationId: r.situationId,
          orgId: r.org.id,
          name: r.org.name,
          seconds: r[m].seconds,
          missed: r[m].missed,
        }))
        .sort(slower)
        .slice(0, SLOWEST),
    ),
    requests: requestFiguresOf(rows),
  };
}
