import { csvLine } from '../export/csv.js';
import type { AuditRow } from './audit.query.js';

// The audit log as CSV (see platform/export/csv for the cells).

export { CSV_BOM, csvCell, csvLine } from '../export/csv.js';

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

/** The header in Japanese, column for column (lang=ja). */
export const AUDIT_CSV_HEADER_JA = [
  '連番',
  '日時',
  '操作者',
  '操作者の組織',
  '操作',
  '対象の種類',
  '対象ID',
  '詳細',
  'ハッシュ',
];

/** One row; `at` as given by `time` (the stored UTC instant by default). */
export const auditCsvLine = (r: AuditRow, time: (at: string) => string = (at) => at): string =>
  csvLine([
    r.seq,
    time(r.at),
    r.actor_email,
    r.actor_org_slug,
    r.action,
    r.subject_type,
    r.subject_id,
    r.detail,
    r.hash,
  ]);
