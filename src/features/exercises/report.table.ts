/** An exercise's report frozen at final (migration 0029). Private to the feature. */
export interface ReportTables {
  exercise_reports: ExerciseReportsTable;
}

export interface ExerciseReportsTable {
  exercise_id: string;
  /** JSON: the report as computed when it was declared final; it survives the purge of the exercise's data. */
  report: string;
  finalized_at: string;
  finalized_by: string;
}
