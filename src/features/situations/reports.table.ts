/** Situation reports (状況報告) and their intervals. Private to the situations feature. */
export interface SituationReportsTables {
  situation_reports: SituationReportsTable;
  situation_report_schedules: SituationReportSchedulesTable;
}

export type ReportStatus = 'draft' | 'issued';
export type CountsKind = 'none' | 'totals' | 'by-ministry';

export interface SituationReportsTable {
  id: string;
  situation_id: string;
  status: ReportStatus;
  /** 第n報: null while a draft; 1, 2, 3… per situation in issue order. */
  number: number | null;
  /** 版: 1 as first issued, 2… for each correction (every version is its own row, never updated once issued). */
  version: number;
  title: string;
  body: string;
  counts_kind: CountsKind;
  /** JSON: the board's counts snapshotted at issue (null for a draft, or when none are included). */
  counts: string | null;
  /** What a correction changed; null for version 1. */
  change_note: string | null;
  /** The situation's TLP at issue (a draft: at its last edit). */
  tlp: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  issued_at: string | null;
  issued_by: string | null;
  /** A draft's edits are optimistic: each names the row_version it read. */
  row_version: number;
}

export interface SituationReportSchedulesTable {
  situation_id: string;
  interval_minutes: number;
  set_at: string;
  set_by: string;
  /** The due time of which the coordinators were last reminded (each due report is reminded of once). */
  reminded_due_at: string | null;
}
