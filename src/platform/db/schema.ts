import type { Generated } from 'kysely';

/**
 * The database as the application sees it. Times are ISO 8601 UTC strings with milliseconds, which sort
 * correctly as text on both SQLite and PostgreSQL; booleans are 0/1 integers; JSON is text.
 */
export interface Database {
  orgs: OrgsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  incidents: IncidentsTable;
  incident_reports: IncidentReportsTable;
  deliveries: DeliveriesTable;
  incident_readers: IncidentReadersTable;
  incident_search: IncidentSearchTable;
  audit_log: AuditLogTable;
  events: EventsTable;
  idempotency_keys: IdempotencyKeysTable;
  shares: SharesTable;
  share_sources: ShareSourcesTable;
  consent_requests: ConsentRequestsTable;
  share_readers: ShareReadersTable;
  share_retractions: ShareReadersTable;
  share_acks: ShareAcksTable;
  standing_consents: StandingConsentsTable;
  outbox: OutboxTable;
  notification_rules: NotificationRulesTable;
  notifications: NotificationsTable;
  notification_steps: NotificationStepsTable;
  contacts: ContactsTable;
  org_webhook_secrets: OrgWebhookSecretsTable;
  contact_campaigns: ContactCampaignsTable;
  contact_campaign_entries: ContactCampaignEntriesTable;
  communication_checks: CommunicationChecksTable;
  communication_check_targets: CommunicationCheckTargetsTable;
  report_fingerprints: ReportFingerprintsTable;
}

export type OrgKind = 'center' | 'ministry' | 'agency';

export interface OrgsTable {
  id: string;
  slug: string;
  kind: OrgKind;
  name_ja: string;
  name_en: string;
  parent_id: string | null;
  review_mode: number;
  review_deadline_minutes: number | null;
  created_at: string;
  /** JSON array of the body's other names (METI, 経産省): anonymisation hides them too. */
  aliases: string;
}

export interface UsersTable {
  id: string;
  org_id: string;
  email: string;
  role: string;
  display_name: string;
  password_hash: string | null;
  locale: string;
  disabled_at: string | null;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface IncidentsTable {
  id: string;
  org_id: string;
  /** Set when the incident belongs to an exercise; real views only ever read rows where it is null. */
  exercise_id: string | null;
  status: string;
  title: string;
  summary: string;
  category: string | null;
  severity: string | null;
  tlp: string;
  impact: string;
  affected_systems: string;
  detected_at: string;
  reported_at: string;
  last_report_at: string;
  final_at: string | null;
  report_count: number;
  ministry_received_at: string | null;
  center_received_at: string | null;
  reporting_due_at: string;
  created_by: string;
}

export interface IncidentReportsTable {
  id: string;
  incident_id: string;
  seq: number;
  kind: string;
  author_id: string;
  created_at: string;
  body: string;
}

export interface DeliveriesTable {
  id: string;
  incident_id: string;
  org_id: string;
  level: string;
  state: string;
  created_at: string;
  received_at: string | null;
  review_due_at: string | null;
  forwarded_at: string | null;
  forwarded_by: string | null;
  route: string;
}

export interface IncidentReadersTable {
  incident_id: string;
  org_id: string;
  since: string;
}

export interface IncidentSearchTable {
  incident_id: string;
  body: string;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  actor_user_id: string | null;
  actor_org_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

export interface EventsTable {
  seq: Generated<number>;
  at: string;
  type: string;
  incident_id: string | null;
  reader_org_ids: string;
  /** JSON array of user ids when the event is for named users only (TLP:RED), else null. */
  reader_user_ids: string | null;
  payload: string;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: string;
  created_at: string;
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
}

export interface ContactsTable {
  id: string;
  org_id: string;
  name: string;
  /** 'ciso' | 'csirt-lead' | 'duty-officer' | 'deputy' | 'other' */
  role: string;
  email: string | null;
  /** JSON array of { label, number }. */
  phones: string;
  webhook_url: string | null;
  locale: string;
  /** '24/7' | 'business-hours' */
  availability: string;
  /** IANA time zone of its business hours. */
  time_zone: string;
  /** JSON { start: 'HH:MM', end: 'HH:MM' }. */
  business_hours: string;
  /** 1 is reached first; dense among the body's contacts that are not deleted. */
  escalation_order: number;
  /** The Renraku user of the same body with this e-mail, for in-app notifications. */
  user_id: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  verified_at: string | null;
}

export interface OrgWebhookSecretsTable {
  org_id: string;
  secret: string;
  created_at: string;
}

export interface NotificationRulesTable {
  org_id: string;
  event: string;
  enabled: number;
  min_severity: string | null;
  /** JSON array of contact roles. */
  roles: string;
  /** JSON array of channels: email, webhook, in-app. */
  channels: string;
  /** Minutes to acknowledge before escalation; null when no acknowledgment is asked. */
  ack_minutes: number | null;
  updated_at: string;
  updated_by: string | null;
}

export interface NotificationsTable {
  id: string;
  chain_id: string;
  step: number;
  /** The body whose alert this is; org_id differs from it once escalation reaches the center. */
  alert_org_id: string;
  org_id: string;
  contact_id: string;
  user_id: string | null;
  email: string | null;
  locale: string;
  event: string;
  subject_type: string;
  subject_id: string;
  incident_id: string | null;
  tlp: string | null;
  channels: string;
  created_at: string;
  ack_requested: number;
  escalate_at: string | null;
  escalated_at: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  ack_via: string | null;
  ack_token_hash: string | null;
  failed_at: string | null;
  last_error: string | null;
}

export interface NotificationStepsTable {
  id: string;
  chain_id: string;
  notification_id: string | null;
  incident_id: string | null;
  alert_org_id: string;
  org_id: string | null;
  contact_id: string | null;
  kind: string;
  channel: string | null;
  at: string;
  detail: string;
}

export interface OutboxTable {
  id: string;
  /** 'email' | 'webhook' */
  channel: string;
  /** notification id + ':' + channel + ':' + target: a second enqueue of the same is ignored. */
  dedupe_key: string;
  /** JSON of what the sender needs, already rendered. */
  payload: string;
  created_at: string;
  /** Not sent before this time (the next retry, after a failure). */
  available_at: string;
  attempts: number;
  last_error: string | null;
  /** A node's claim while it sends; another node may take the item once it has passed. */
  locked_until: string | null;
  sent_at: string | null;
  /** Set on a permanent failure (a 5xx answer for the recipient, a 4xx webhook answer, 24 h of failures). */
  failed_at: string | null;
  notification_id: string | null;
}

export interface ContactCampaignsTable {
  id: string;
  /** The body that started it: the center, or a ministry for its agencies. */
  org_id: string;
  created_by: string | null;
  name: string;
  started_at: string;
  /** The last day to confirm, YYYY-MM-DD in RENRAKU_TIME_ZONE. */
  deadline_date: string;
  /** The end of that day: the instant of the deadline reminder. */
  deadline_at: string;
  /** Days before the deadline of the first reminder. */
  remind_days: number;
  /** When the first reminder is due (remind_days before the deadline); null when none is. */
  first_reminder_at: string | null;
  /** The fiscal year (April–March) it started in: 2026 for April 2026 to March 2027. */
  fiscal_year: number;
  closed_at: string | null;
  closed_by: string | null;
}

export interface ContactCampaignEntriesTable {
  campaign_id: string;
  org_id: string;
  confirmed_at: string | null;
  confirmed_by: string | null;
  /** 'campaign' (confirmed on the campaign) | 'verify' (the contacts' own verification, kept at closing) */
  confirmed_via: string | null;
  reminded_before_at: string | null;
  reminded_deadline_at: string | null;
}

export interface CommunicationChecksTable {
  id: string;
  org_id: string;
  created_by: string | null;
  name: string;
  started_at: string;
  fiscal_year: number;
}

export interface CommunicationCheckTargetsTable {
  id: string;
  check_id: string;
  org_id: string;
  /** null: the body had no contact to reach. */
  contact_id: string | null;
  user_id: string | null;
  email: string | null;
  locale: string;
  /** JSON array of the channels used: email, in-app. */
  channels: string;
  sent_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  /** 'link' | 'app' */
  ack_via: string | null;
  ack_token_hash: string | null;
}

/** What the guard of sharing recognises a report by: see sharing.fingerprints.ts. */
export interface ReportFingerprintsTable {
  fingerprint: string;
  incident_id: string;
}
