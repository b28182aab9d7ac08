/** Initial-response exercises (初動対処訓練) and their injects. Private to the feature. */
export interface ExercisesTables {
  exercise_number_counters: { fiscal_year: number; last_number: number };
  exercises: ExercisesTable;
  exercise_injects: ExerciseInjectsTable;
  exercise_pauses: ExercisePausesTable;
}

/** One pause of an exercise: from when, until it resumed or ended (null while it lasts). */
export interface ExercisePausesTable {
  exercise_id: string;
  paused_at: string;
  resumed_at: string | null;
}

export type ExerciseStatus = 'draft' | 'running' | 'paused' | 'ended' | 'final' | 'purged';

export interface ExercisesTable {
  id: string;
  /** X-<fiscal year>-NNN, per fiscal year. */
  number: string;
  fiscal_year: number;
  name: string;
  description: string;
  /** JSON: the scenario as validated (its targets and injects). */
  scenario: string;
  status: ExerciseStatus;
  created_at: string;
  created_by: string;
  started_at: string | null;
  /** Who started it: the injects are played as this center coordinator. */
  started_by: string | null;
  /** Set while paused. */
  paused_at: string | null;
  /** Milliseconds paused so far: an inject is due at started_at + its offset + paused_ms. */
  paused_ms: number;
  ended_at: string | null;
  /** When the exercise report was declared final (after which the data may be purged). */
  final_at: string | null;
  purged_at: string | null;
  purged_by: string | null;
  version: number;
}

export interface ExerciseInjectsTable {
  exercise_id: string;
  /** 1..n in the scenario's order. */
  seq: number;
  offset_seconds: number;
  kind: string;
  /** JSON: what the inject does, as the scenario says it. */
  payload: string;
  /** Set in the transaction that plays the inject: a restart neither repeats nor skips it. */
  played_at: string | null;
  /** JSON: what playing it created (ids), or why it could not be played. */
  outcome: string | null;
}
