import type { CompiledQuery } from 'kysely';
import { readsIncidentSince } from '../../platform/access/visibility.js';
import type { Tx } from '../../platform/db/database.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { canonicalIndicator } from './indicators.canonical.js';
import { indicatorEntryError, indicatorErrors } from './indicators.errors.js';
import { receivedIndicatorId } from './indicators.received-id.js';
import { type IndicatorRow, indicatorsRepository } from './indicators.repository.js';
import { INDICATOR_NOTE_MAX, type IndicatorInput } from './indicators.schemas.js';
import type { CanonicalIndicator } from './indicators.types.js';

export { receivedIndicatorId };

// What the incidents feature calls to carry indicators on a report: validate the whole list before anything is
// written, then store it with the report in one statement.

export interface CheckedIndicator extends CanonicalIndicator {
  note: string | null;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const BAD_NOTE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

function checkedNote(entry: number, note: string | undefined): string | null {
  if (note === undefined) return null;
  const text = note.normalize('NFC').trim();
  if (BAD_NOTE.test(text))
    throw indicatorEntryError(
      entry,
      'note',
      'indicators.invalid_note',
      'the note contains control or bidirectional characters.',
    );
  if ([...text].length > INDICATOR_NOTE_MAX)
    throw indicatorEntryError(
      entry,
      'note',
      'indicators.invalid_note',
      `a note holds at most ${INDICATOR_NOTE_MAX} characters.`,
    );
  return text === '' ? null : text;
}

/**
 * The list in canonical form, or a 422 naming the first entry that is not valid (an invalid value, or the
 * same indicator twice once canonical). Throws before the caller writes anything.
 */
export function checkIndicators(list: readonly IndicatorInput[] | undefined): CheckedIndicator[] {
  if (!list) return [];
  const seen = new Map<string, number>();
  return list.map((entry, i) => {
    const result = canonicalIndicator(entry.type, entry.value);
    if (!result.ok) throw indicatorEntryError(i, 'value', result.problem.code, result.problem.message);
    const key = `${result.indicator.type}\u0000${result.indicator.value}`;
    const first = seen.get(key);
    if (first !== undefined) throw indicatorErrors.duplicate(i, first);
    seen.set(key, i);
    return { ...result.indicator, note: checkedNote(i, entry.note) };
  });
}

/**
 * Dates the incident's indicators for the center's "indicators received" (see indicatorsRepository.markReceived):
 * called by the routing when the center starts to read the incident.
 */
export async function markIndicatorsReceived(tx: Tx, incidentId: string): Promise<void> {
  const center = await orgsDirectory.center(tx);
  if (center) await indicatorsRepository.markReceived(tx, incidentId, center.id);
}

/** The rows a report's checked indicators are stored as; `receivedAt` dates the first naming each value. */
function indicatorRows(
  report: { incidentId: string; orgId: string; seq: number; at: string },
  indicators: readonly CheckedIndicator[],
  receivedAt: string | null,
): IndicatorRow[] {
  const named = new Set<string>();
  return indicators.map((ind, position) => {
    const key = `${ind.type}\u0000${ind.value}`;
    const first = !named.has(key);
    named.add(key);
    return {
      incident_id: report.incidentId,
      report_seq: report.seq,
      position,
      org_id: report.orgId,
      type: ind.type,
      value: ind.value,
      display: ind.display,
      note: ind.note,
      created_at: report.at,
      received_at: first ? receivedAt : null,
      received_id: receivedIndicatorId(report.incidentId, ind.type, ind.value),
    };
  });
}

/**
 * The statements that store a new incident's first report's checked indicators (none for none), to be sent with
 * the incident's own writes, after its row. They are dated for the center's "indicators received" as
 * markIndicatorsReceived would date them once the readers are written, from what the filing knows already:
 * `centerReadsSince` is when the center starts to read the incident (its reader row's `since`), or null while it
 * does not (an agency's report in its ministry's review: the routing dates them when it releases it). Every
 * value of a first report is the first naming it.
 */
export function firstReportIndicatorStatements(
  tx: Tx,
  report: { incidentId: string; orgId: string; at: string; centerReadsSince: string | null },
  indicators: readonly CheckedIndicator[],
): CompiledQuery[] {
  // The later of the report and the center's reading, as markReceived writes it (ISO times: compared as text).
  let receivedAt = report.centerReadsSince;
  if (receivedAt !== null && receivedAt < report.at) receivedAt = report.at;
  return indicatorsRepository.insertStatements(
    tx,
    indicatorRows({ ...report, seq: 1 }, indicators, receivedAt),
  );
}

/** Stores a later report's checked indicators (nothing for none), and dates them for "indicators received". */
export async function recordIndicators(
  tx: Tx,
  report: { incidentId: string; orgId: string; seq: number; at: string },
  indicators: readonly CheckedIndicator[],
): Promise<void> {
  if (indicators.length === 0) return;
  await indicatorsRepository.insert(tx, indicatorRows(report, indicators, null));
  await markIndicatorsReceived(tx, report.incidentId);
}

/**
 * Stores a later report's checked indicators of which the incident carried none before (a bulk import's: it
 * left out, under the incident's lock, every value the incident carried), dated at insert as markReceived would
 * date them: each is the first row naming its value, received when the report is filed if the center reads the
 * incident already (or from when it does, if later), else not yet (the routing dates them when the center starts
 * to read it). No UPDATE of the rows after their insert: for 100,000 values it rewrote every row.
 */
export async function recordUncarriedIndicators(
  tx: Tx,
  report: { incidentId: string; orgId: string; seq: number; at: string },
  indicators: readonly CheckedIndicator[],
): Promise<void> {
  if (indicators.length === 0) return;
  const center = await orgsDirectory.center(tx);
  const since = center ? await readsIncidentSince(tx, center.id, report.incidentId) : null;
  // The later of the report and the center's reading (ISO times: compared as text), as markReceived writes it.
  const receivedAt = since === null ? null : since > report.at ? since : report.at;
  await indicatorsRepository.insert(tx, indicatorRows(report, indicators, receivedAt));
}
