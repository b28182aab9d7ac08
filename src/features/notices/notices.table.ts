/** Accountability tracks and public notices (migration 0039). */
export interface NoticesTables {
  accountability_tracks: AccountabilityTracksTable;
  notices: NoticesTable;
  notice_versions: NoticeVersionsTable;
  notice_comments: NoticeCommentsTable;
}

export interface AccountabilityTracksTable {
  incident_id: string;
  /** The incident's body and its supervising ministry: who sees the track. */
  org_id: string;
  parent_id: string | null;
  /** Why the track was opened (the body's own words, or what the impact assessment found). */
  reason: string;
  /** Null when opened by Renraku itself (an assessment). */
  opened_by: string | null;
  opened_at: string;
  /** When the decision is due. */
  due_at: string;
  /** publish | not-needed, once decided. */
  decision: string | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  /** Moves on with every change: a decision names the revision it was made on (409 if stale). */
  revision: number;
  /** When the body was reminded of the decision before its due time; when the overdue one was escalated. */
  reminded_at: string | null;
  escalated_at: string | null;
}

export interface NoticesTable {
  id: string;
  incident_id: string;
  org_id: string;
  parent_id: string | null;
  /** notice (お知らせ) | press (報道発表). */
  kind: string;
  /** draft (never published) | published | withdrawn. */
  status: string;
  created_by: string;
  created_at: string;
  /** When its first version was published. */
  published_at: string | null;
  updated_at: string;
  /** The tombstone's date. */
  withdrawn_at: string | null;
  withdrawn_by: string | null;
}

export interface NoticeVersionsTable {
  notice_id: string;
  /** 1 for 第1報, 2 for 第2報… */
  seq: number;
  /** report (第N報) | correction (訂正). */
  kind: string;
  /** draft | approved | published | discarded. */
  status: string;
  /** JSON: { ja: NoticeText, en: NoticeText }. */
  content: string;
  revision: number;
  /** JSON array: everyone who wrote or changed this version (none of them may approve it). */
  author_ids: string;
  approved_by: string | null;
  approved_at: string | null;
  published_by: string | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NoticeCommentsTable {
  id: string;
  notice_id: string;
  /** The version commented on. */
  seq: number;
  org_id: string;
  author_id: string;
  body: string;
  created_at: string;
}
