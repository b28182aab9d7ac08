import type { Incident } from '../api.js';
import type { LiveEvent } from '../live.js';

// The latest reports as one list: the incidents loaded with the page, and what the live stream has said since
// (updates and final reports of older incidents included), each once.

export type Step = 'quick' | 'update' | 'final' | 'forwarded';

export interface Entry {
  key: string;
  at: string;
  step: Step;
  incidentId: string;
  /** The reporting body, when known. */
  orgSlug: string | null;
  severity: string | null;
}

/** What a report.added event carries besides the common fields. */
type ReportEvent = LiveEvent & { kind?: string; seq?: number };

function fromEvent(event: ReportEvent): Entry | null {
  if (!event.incidentId) return null;
  const base = { at: event.at, incidentId: event.incidentId, severity: event.severity ?? null };
  switch (event.type) {
    case 'incident.reported':
      return { ...base, key: `${event.incidentId}:1`, step: 'quick', orgSlug: event.orgSlug ?? null };
    case 'report.added': {
      const step = event.kind === 'final' ? 'final' : 'update';
      return {
        ...base,
        key: `${event.incidentId}:${event.seq ?? event.at}`,
        step,
        orgSlug: event.orgSlug ?? null,
      };
    }
    case 'delivery.received':
      // The event names the receiving center; the reporting body comes from the incident when it is loaded.
      return { ...base, key: `${event.incidentId}:forwarded`, step: 'forwarded', orgSlug: null };
    default:
      return null;
  }
}

/** An incident as loaded: its latest report (the quick report, an update or the final report). */
function fromIncident(incident: Incident): Entry {
  const { id, chain, reportCount, status } = incident;
  return {
    // Reports are numbered from 1: the key is that of the live event announcing the same report.
    key: `${id}:${reportCount}`,
    at: chain.lastReportAt,
    step: status === 'final' ? 'final' : reportCount > 1 ? 'update' : 'quick',
    incidentId: id,
    orgSlug: incident.org.slug,
    severity: incident.severity,
  };
}

/** The newest `limit` entries, newest first, each report once. */
export function latestEntries(feed: readonly LiveEvent[], incidents: Incident[], limit: number): Entry[] {
  const entries = new Map<string, Entry>();
  for (const incident of incidents) {
    const entry = fromIncident(incident);
    entries.set(entry.key, entry);
  }
  for (const event of feed) {
    const entry = fromEvent(event);
    if (entry && !entries.has(entry.key)) entries.set(entry.key, entry);
  }
  return [...entries.values()].sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
}
