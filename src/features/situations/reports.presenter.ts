import type { ReportRow } from './reports.repository.js';

// The explicit allow-list of what leaves the server about a report: no user ids; who issued it by name.

type Tlp = 'TLP:CLEAR' | 'TLP:GREEN' | 'TLP:AMBER' | 'TLP:AMBER+STRICT' | 'TLP:RED';

/** A report as shown, knowing the other versions of its number the caller sees. */
export function presentReport(r: ReportRow, siblings: readonly ReportRow[], names: Map<string, string>) {
  const versions = siblings.filter((s) => s.number !== null && s.number === r.number);
  const latest = versions.every((s) => s.version <= r.version);
  return {
    id: r.id,
    situationId: r.situation_id,
    status: r.status,
    number: r.number,
    version: r.version,
    latest,
    corrected: r.number !== null && (r.version > 1 || !latest),
    title: r.title,
    body: r.body,
    countsKind: r.counts_kind,
    counts: r.counts === null ? null : JSON.parse(r.counts),
    changeNote: r.change_note,
    tlp: r.tlp as Tlp,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    issuedAt: r.issued_at,
    issuedBy: r.issued_by ? (names.get(r.issued_by) ?? '') : null,
    rowVersion: r.status === 'draft' ? r.row_version : r.version,
  };
}
