import { incidentErrors } from './incidents.errors.js';
import type { IncidentRow } from './incidents.repository.js';
import { SEVERITIES } from './vocabulary.js';

/** The orders of the incident list; the first is the default. */
export const SORTS = ['reported-desc', 'reported-asc', 'last-report-desc', 'severity-desc'] as const;
export type IncidentSort = (typeof SORTS)[number];

/**
 * Where a page ended, in the terms of its sort: the sort key of the last incident shown and its id (which
 * breaks ties). `rank` is the severity as a number, for `severity-desc` only.
 */
export interface Position {
  sort: IncidentSort;
  rank: number;
  at: string;
  id: string;
}

// A short tag per sort inside the cursor, so that a cursor used with another sort is recognised.
const TAGS: Record<IncidentSort, string> = {
  'reported-desc': 'rd',
  'reported-asc': 'ra',
  'last-report-desc': 'ld',
  'severity-desc': 'sd',
};
const SORT_OF = new Map(Object.entries(TAGS).map(([sort, tag]) => [tag, sort as IncidentSort]));

/** Severity as a number: 0 for none, then low 1 … critical 4 (as the SQL of incidentsRepository.page). */
export const severityRank = (severity: string | null): number =>
  SEVERITIES.indexOf(severity as (typeof SEVERITIES)[number]) + 1;

/** The position after the given incident, as an opaque cursor. */
export function encodeCursor(sort: IncidentSort, row: IncidentRow): string {
  const at = sort === 'last-report-desc' ? row.last_report_at : row.reported_at;
  const parts = sort === 'severity-desc' ? [severityRank(row.severity), at, row.id] : [at, row.id];
  return Buffer.from([TAGS[sort], ...parts].join('|'), 'utf8').toString('base64url');
}

const canonicalTime = (s: string | undefined) =>
  s !== undefined && !Number.isNaN(Date.parse(s)) && new Date(s).toISOString() === s;

/**
 * Reads a cursor for the given sort. Only what encodeCursor produces is accepted: a canonical timestamp and a
 * printable id, nothing a database refuses; a cursor made for another sort is refused, not reinterpreted.
 */
export function decodeCursor(cursor: string, sort: IncidentSort): Position {
  const [tag, ...parts] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const made = SORT_OF.get(tag ?? '');
  if (!made) throw incidentErrors.badCursor();
  if (made !== sort) throw incidentErrors.cursorSortMismatch(made, sort);
  const rank = made === 'severity-desc' ? parts.shift() : '0';
  const [at, id, extra] = parts;
  if (
    rank === undefined ||
    !/^[0-4]$/.test(rank) ||
    !canonicalTime(at) ||
    !id ||
    extra !== undefined ||
    !/^[\x21-\x7e]{1,64}$/.test(id)
  )
    throw incidentErrors.badCursor();
  return { sort, rank: Number(rank), at: at as string, id };
}
