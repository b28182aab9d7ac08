import type { Tx } from '../../platform/db/database.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { canonicalIndicator } from './indicators.canonical.js';
import { indicatorEntryError, indicatorErrors } from './indicators.errors.js';
import { receivedIndicatorId } from './indicators.received-id.js';
import { indicatorsRepository } from './indicators.repository.js';
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

/** Stores a report's checked indicators (nothing for none). */
export async function recordIndicators(
  tx: Tx,
  report: { incidentId: string; orgId: string; seq: number; at: string },
  indicators: readonly CheckedIndicator[],
): Promise<void> {
  if (indicators.length === 0) return;
  await indicatorsRepository.insert(
    tx,
    indicators.map((ind, position) => ({
      incident_id: report.incidentId,
      report_seq: report.seq,
      position,
      org_id: report.orgId,
      type: ind.type,
      value: ind.value,
      display: ind.display,
      note: ind.note,
      created_at: report.at,
      received_at: null,
      received_id: receivedIndicatorId(report.incidentId, ind.type, ind.value),
    })),
  );
  // A new incident's readers are written after its first report (the routing dates its indicators then).
  if (report.seq > 1) await markIndicatorsReceived(tx, report.incidentId);
}
