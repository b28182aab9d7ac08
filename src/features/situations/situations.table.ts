/** Large-scale situations (大規模サイバー攻撃事態), their roll-call and their timeline. Private to the feature. */
export interface SituationsTables {
  situation_number_counters: { fiscal_year: number; last_number: number };
  situations: SituationsTable;
  situation_scope: SituationScopeTable;
  situation_bodies: SituationBodiesTable;
  situation_incidents: SituationIncidentsTable;
  rollcall_answers: RollcallAnswersTable;
  situation_entries: SituationEntriesTable;
}

export type ScopeKind = 'all' | 'ministries' | 'bodies';

export interface SituationsTable {
  id: string;
  /** S-<fiscal year>-NNN, per fiscal year. */
  number: string;
  fiscal_year: number;
  name: string;
  description: string;
  /** The id of a configured posture level (situations.config.ts). */
  level: string;
  tlp: string;
  scope_kind: ScopeKind;
  declared_at: string;
  declared_by: string;
  /** When every in-scope body should have answered: the declaration plus the level's roll-call minutes. */
  rollcall_due_at: string;
  level_changed_at: string | null;
  /** Null while the situation is open. */
  stood_down_at: string | null;
  stood_down_by: string | null;
  version: number;
  /** Set when an exercise's inject declared it; real views only ever read rows where it is null. */
  exercise_id: string | null;
}

export interface SituationScopeTable {
  situation_id: string;
  org_id: string;
  /** 0/1: the named body's agencies are in scope too. */
  with_agencies: number;
}

export interface SituationBodiesTable {
  situation_id: string;
  org_id: string;
  /** The body's supervising ministry at the declaration (null for a ministry). */
  parent_id: string | null;
  /** When the body was reminded that its roll-call answer is due (once; the notifications feature sets it). */
  reminded_at: string | null;
}

export interface SituationIncidentsTable {
  situation_id: string;
  incident_id: string;
  linked_at: string;
  linked_by: string;
  /** 'prompt' (named at the declaration) | 'answer' (linked by a body's roll-call answer) */
  via: string;
}

export type AnswerStatus = 'none' | 'investigating' | 'affected';

export interface RollcallAnswersTable {
  id: string;
  situation_id: string;
  /** The body the answer is for. */
  org_id: string;
  /** 1..n per body and situation; the highest is the current answer. Rows are never updated nor deleted. */
  revision: number;
  status: AnswerStatus;
  note: string | null;
  incident_id: string | null;
  answered_by: string;
  /** The answering person's body: another than org_id when a ministry answered on behalf of its agency. */
  answered_by_org: string;
  answered_at: string;
}

export type EntryKind =
  | 'declared'
  | 'level_changed'
  | 'stood_down'
  | 'answered'
  | 'incident_linked'
  | 'note'
  | 'decision'
  | 'request_issued'
  | 'request_amended'
  | 'request_withdrawn'
  | 'request_moved'
  | 'report_issued'
  | 'report_corrected';

export interface SituationEntriesTable {
  id: string;
  situation_id: string;
  at: string;
  kind: EntryKind;
  actor_id: string | null;
  actor_org_id: string | null;
  /** The body concerned (an answer's body); null for entries about the whole situation. */
  org_id: string | null;
  text: string | null;
  /** JSON. */
  data: string;
}
