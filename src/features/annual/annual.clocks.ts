import { sql } from 'kysely';
import { IN_LIST_MAX } from '../../platform/db/chunks.js';
import type { Executor } from '../../platform/db/database.js';
import { deadlinesReads } from '../deadlines/deadlines.reads.js';

// The deadline outcomes of the report's year on SQLite, counted along the pass over the year's incidents (one
// packed summary per incident, see deadlines' `outcomesPacked`) instead of walking every incident the center
// reads a second time and sorting every outcome into groups.

/** Per body, the clocks due in the year: how many, on time, late; and the late clocks' minutes by value. */
export interface ClockCounts {
  totals: { orgId: string; n: number; onTime: number; late: number }[];
  lateMinutes: { orgId: string; minutes: number; n: number }[];
}

// The summary that cannot say an incident's clocks (see `outcomesPacked`).
const UNSAID = -1;

/** Counts the clocks as `outcomesDue` does, from the pass's summaries and from `outcomesDue`'s own answers. */
export function clockTally() {
  const totals = new Map<string, { orgId: string; n: number; onTime: number; late: number }>();
  const lateMinutes = new Map<string, Map<number, number>>();
  /** Incidents whose summary could not say their clocks (counted by `countUnsaid`). */
  const unsaid: string[] = [];
  const unpacked = { n: 0, onTime: 0, late: 0, minutes: 0 };
  const add = (orgId: string, n: number, onTime: number, late: number) => {
    const t = totals.get(orgId);
    if (t) {
      t.n += n;
      t.onTime += onTime;
      t.late += late;
    } else totals.set(orgId, { orgId, n, onTime, late });
  };
  const addLate = (orgId: string, minutes: number, n: number) => {
    const byMinutes = lateMinutes.get(orgId) ?? new Map<number, number>();
    lateMinutes.set(orgId, byMinutes);
    byMinutes.set(minutes, (byMinutes.get(minutes) ?? 0) + n);
  };
  const merge = (counts: ClockCounts) => {
    for (const t of counts.totals) add(t.orgId, t.n, t.onTime, t.late);
    for (const l of counts.lateMinutes) addLate(l.orgId, l.minutes, l.n);
  };
  return {
    /** One incident's packed summary (`outcomesPacked`), under its body; or `times` incidents' alike. */
    take(orgId: string, packed: number | null, incidentId: string, times = 1) {
      if (packed === null) return;
      if (packed === UNSAID) {
        unsaid.push(incidentId);
        return;
      }
      const c = deadlinesReads.unpackOutcomes(packed, unpacked);
      add(orgId, c.n * times, c.onTime * times, c.late * times);
      if (c.late === 1) addLate(orgId, c.minutes, times);
    },
    /** The summary whose incidents `take` needs one by one, with their ids. */
    apart: UNSAID,
    /** An answer of `outcomesDue`. */
    merge,
    /** Counts the clocks of the incidents whose summary could not say them, in lists of ids. */
    async countUnsaid(db: Executor, period: { from: string; to: string }) {
      for (let i = 0; i < unsaid.length; i += IN_LIST_MAX) {
        const ids = unsaid.slice(i, i + IN_LIST_MAX);
        merge(await deadlinesReads.outcomesDue(db, sql<string>`(${sql.join(ids)})`, period));
      }
    },
    counts(): ClockCounts {
      return {
        totals: [...totals.values()],
        lateMinutes: [...lateMinutes].flatMap(([orgId, byMinutes]) =>
          [...byMinutes].map(([minutes, n]) => ({ orgId, minutes, n })),
        ),
      };
    },
  };
}
