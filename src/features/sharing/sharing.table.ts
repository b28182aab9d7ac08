/** Shares, their sources, consent, readers, acknowledgments, standing consents and the guard's index. */
export interface SharingTables {
  shares: SharesTable;
  share_sources: ShareSourcesTable;
  share_attachments: ShareAttachmentsTable;
  consent_requests: ConsentRequestsTable;
  share_readers: ShareReadersTable;
  share_retractions: ShareReadersTable;
  share_acks: ShareAcksTable;
  standing_consents: StandingConsentsTable;
  report_fingerprints: ReportFingerprintsTable;
  share_reminders: ShareRemindersTable;
  share_imports: ShareImportsTable;
}

export interface SharesTable {
  id: string;
  kind: string;
  status: string;
  round: number;
  revision: number;
  title: string;
  body: string;
  indicators: string;
  mitigations: string;
  tlp: string;
  audience: string;
  recipients: string;
  redactions: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  consent_due_at: string | null;
  published_at: string | null;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdraw_reason: string | null;
  /** JSON array of the users who changed the content after drafting (four eyes). */
  edited_by: string;
  published_by: string | null;
}

/** The attachments of its sources a share carries: those its consent request showed, chosen by the center. */
export interface ShareAttachmentsTable {
  share_id: string;
  attachment_id: string;
}

export interface ShareSourcesTable {
  share_id: string;
  incident_id: string;
}

export interface ConsentRequestsTable {
  id: string;
  share_id: string;
  org_id: string;
  round: number;
  status: string;
  asked_at: string;
  due_at: string;
  reminded_at: string | null;
  decided_at: string | null;
  decided_by: string | null;
  reason: string | null;
  approved_terms: string | null;
  standing_consent_id: string | null;
  /** 1 when the consent was given by an account (or a role) younger than the configured age. */
  young_account?: number;
  /** JSON [{field, asked, granted}]: how an approval tightened the asked terms (migration 0022); null if not. */
  tightened?: string | null;
}

export interface ShareReadersTable {
  share_id: string;
  org_id: string;
  /** '' for the whole body; a user id for a named recipient (TLP:RED). */
  user_id: string;
  since: string;
}

export interface ShareAcksTable {
  share_id: string;
  org_id: string;
  kind: string;
  user_id: string;
  at: string;
}

export interface StandingConsentsTable {
  id: string;
  org_id: string;
  tlp: string;
  audience: string;
  scope: string;
  anonymised: number;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  /** 1 when it was given by an account (or a role) younger than the configured age. */
  young_account?: number;
}

/** What the guard of sharing recognises a report by: see sharing.fingerprints.ts. */
export interface ReportFingerprintsTable {
  fingerprint: string;
  incident_id: string;
}

/** The center's reminders to the recipients of a share who had not read it. */
export interface ShareRemindersTable {
  id: string;
  share_id: string;
  sent_by: string;
  sent_at: string;
  /** The bodies reminded, as a JSON array of ids. */
  org_ids: string;
}

/** A STIX bundle or MISP event imported into a draft share, by the digest of its id and content. */
export interface ShareImportsTable {
  fingerprint: string;
  share_id: string;
  /** 'stix-2.1' or 'misp'. */
  format: string;
  /** The bundle's id or the event's uuid. */
  source_id: string;
  created_at: string;
}
