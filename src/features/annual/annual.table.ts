/** Annual reports and the ministries' comments on their sections (migration 0044). */
export interface AnnualTables {
  annual_reports: AnnualReportsTable;
  annual_comments: AnnualCommentsTable;
}

export interface AnnualReportsTable {
  id: string;
  fiscal_year: number;
  /** draft | final. */
  status: string;
  /** JSON: the scoring (annual.scoring: Scoring) the grades are computed with. */
  scoring: string;
  foreword_ja: string;
  foreword_en: string;
  /** Moves on with every change: a change or the final names the revision it was made on (409 if stale). */
  revision: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** JSON, set at final: the numbers and text as they stood (annual.numbers: AnnualContent). */
  content: string | null;
  /** SHA-256 (hex) of `content`, set at final. */
  sha256: string | null;
  finalized_by: string | null;
  finalized_at: string | null;
}

export interface AnnualCommentsTable {
  id: string;
  report_id: string;
  /** The section commented on. */
  ministry_id: string;
  /** The commenting body: the ministry itself, or the center. */
  org_id: string;
  author_id: string;
  body: string;
  created_at: string;
}
