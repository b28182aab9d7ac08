/** Changes to people and contacts awaiting a second person. */
export interface ChangesTables {
  pending_changes: PendingChangesTable;
}

export interface PendingChangesTable {
  id: string;
  /** The registered kind that knows how to apply it: 'user.create', 'contact.update'… */
  kind: string;
  /** The body whose people or contacts it changes. */
  org_id: string;
  /** What it is about ('user:ID', 'user-email:ADDRESS', 'contact:ID'…): one open request per subject. */
  subject_key: string;
  /** The user it is about, when one exists; that user never confirms it. */
  subject_user_id: string | null;
  /** The e-mail address of the person it is about, normalised (same-person checks). */
  subject_email: string | null;
  /** JSON of what applying it needs; '{}' once decided. */
  payload: string;
  /** JSON of what people are shown about it (no secret). */
  summary: string;
  requested_by: string;
  /** The requester's e-mail address at the time, normalised. */
  requested_email: string;
  requested_at: string;
  expires_at: string | null;
  /** 'body' | 'second-admin'; null for a change applied at once. */
  confirm_by: string | null;
  /** 'pending' | 'confirmed' | 'rejected' | 'expired' | 'applied' (made at once, listed). */
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
}
