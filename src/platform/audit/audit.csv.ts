import type { AuditRow } from './audit.query.js';

// RFC 4180 CSV of the audit log, for spreadsheets: UTF-8 with a byte-order mark (Excel in Japan reads UTF-8
// only with it), CRLF line ends, and cells that a spreadsheet would run as a formula defused.

export const CSV_BOM = '\uFEFF';

export const AUDIT_CSV_HEADER = [
  'seq',
  'at',
  'actor_email',
  'actor_org',
  'action',
  'subject_type',
  'subject_id',
  'detail',
  'hash',
];

// A cell starting with one of these is a formula to Excel and others (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: a leading apostrophe before a formula character, quotes where RFC 4180 needs them. */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: (string | number | null)[]): string => `${cells.map(csvCell).join(',')}\r\n`;

export const auditCsvLine = (r: AuditRow): string =>
  csvLine([
    r.seq,
    r.at,
    r.actor_email,
    r.actor_org_slug,
    r.action,
    r.subject_type,
    r.subject_id,
    r.detail,
    r.hash,
  ]);
