/** Annual reports and the ministries' comments on their sections (migration 0044). */
export interface AnnualTables {
  annual_reports: AnnualReportsTable;
  annual_comments: AnnualCommentsTable;
  annual_summaries: AnnualSummariesTable;
  annual_data_version: AnnualDataVersionTable;
}

/**
 * The data version of the report's numbers (migration 0051): the sum of `n` over the shards grows with every commit
 * that wrote a table the numbers' passes read (database triggers move it, whoever writes).
 */
export interface AnnualDataVersionTable {
  shard: number;
  n: number | string;
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

/** The public summary of a final report (migration 0045): totals only, never a ministry's section. */
export interface AnnualSummariesTable {
  id: string;
  fiscal_year: number;
  report_id: string;
  /** The SHA-256 of the final report the totals were copied from. */
  report_sha256: string;
  /** JSON: the government-wide trends (annual.numbers: Trends) of the frozen report. */
  totals: string;
  text_ja: string;
  text_en: string;
  published_by: string;
  published_at: string;
  withdrawn_by: string | null;
  withdrawn_at: string | null;
}
