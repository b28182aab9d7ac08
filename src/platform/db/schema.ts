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
  event_readers: EventReadersTable;
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
  audit_anchors: AuditAnchorsTable;
  totp_credentials: TotpCredentialsTable;
  recovery_codes: RecoveryCodesTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
  login_throttle: LoginThrottleTable;
  known_devices: KnownDevicesTable;
  password_resets: PasswordResetsTable;
  pending_changes: PendingChangesTable;
  sso_providers: SsoProvidersTable;
  sso_mappings: SsoMappingsTable;
  sso_identities: SsoIdentitiesTable;
  sso_flows: SsoFlowsTable;
  login_policies: LoginPoliciesTable;
  break_glass_accounts: BreakGlassAccountsTable;
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
  /** Since when it holds `role`; null: since created_at. */
  role_granted_at?: string | null;
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
  /** 1: the token answers GET and HEAD only. */
  read_only: number;
}

export interface SessionsTable {
  /** Public id, shown to the owner to end it; the cookie's secret is known by its hash only. */
  id: string;
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  /** 'full' | 'second-factor' (password given, second factor awaited) | 'enrol' (must enrol one first) */
  stage: string;
  /** 'password' | 'passkey' | 'sso' */
  first_factor: string;
  /** What satisfied multi-factor authentication: 'totp' | 'recovery' | 'passkey' | 'idp'; null: nothing. */
  second_factor: string | null;
  client_address: string;
  user_agent: string;
  last_seen_at: string;
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
  /**
   * The guard of sharing's index holds this incident's reports up to this seq (sharing.fingerprints); 0 when
   * inserted. Optional here so that the incident row type stays what features read and write.
   */
  fingerprinted_seq?: number;
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

/** Who may receive a live event: a body's id, or a named person's user id; the replay reads along it. */
export interface EventReadersTable {
  reader_id: string;
  seq: number;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: string;
  created_at: string;
  /** Who stored the answer (null for rows older than migration 0009, which are never replayed). */
  actor_role: string | null;
  actor_org_id: string | null;
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
  /** 1 when the consent was given by an account (or a role) younger than the configured age. */
  young_account?: number;
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

/** A signed checkpoint of the audit chain (see src/platform/audit/anchor.format.ts). */
export interface AuditAnchorsTable {
  n: number;
  audit_seq: number;
  hash: string;
  at: string;
  key_id: string;
  line: string;
}

export interface TotpCredentialsTable {
  user_id: string;
  secret: string;
  created_at: string;
  confirmed_at: string | null;
  last_used_step: number | null;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface PasskeysTable {
  /** The credential id, base64url. */
  id: string;
  user_id: string;
  name: string;
  /** COSE public key, base64url. */
  public_key: string;
  counter: number;
  /** JSON array of transports. */
  transports: string;
  device_type: string;
  backed_up: number;
  created_at: string;
  last_used_at: string | null;
}

export interface WebauthnChallengesTable {
  id: string;
  challenge: string;
  /** 'register' | 'authenticate' */
  purpose: string;
  user_id: string | null;
  created_at: string;
  expires_at: string;
}

export interface LoginThrottleTable {
  /** 'account:<email>' | 'address:<ip or /64>' | 'device:<hash>' | 'factor:<user id>' */
  key: string;
  failures: number;
  /** Attempts begun and not yet finished; they count as failures until they are. */
  pending: number;
  blocked_until: string | null;
  updated_at: string;
}

export interface KnownDevicesTable {
  id_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface PasswordResetsTable {
  id: string;
  token_hash: string;
  user_id: string;
  email: string;
  requested_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
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

export interface SsoProvidersTable {
  id: string;
  slug: string;
  org_id: string;
  include_agencies: number;
  name_ja: string;
  name_en: string;
  issuer: string;
  client_id: string;
  client_secret_sealed: string | null;
  scopes: string;
  groups_claim: string;
  /** JSON array of acr values that mean the provider did MFA. */
  mfa_acr_values: string;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SsoMappingsTable {
  id: string;
  provider_id: string;
  claim: string;
  value: string;
  org_id: string;
  role: string;
  provision: number;
  created_at: string;
}

export interface SsoIdentitiesTable {
  id: string;
  provider_id: string;
  issuer: string;
  subject: string;
  user_id: string;
  created_at: string;
  last_login_at: string | null;
}

export interface SsoFlowsTable {
  state_hash: string;
  provider_id: string;
  binding_hash: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  link_user_id: string | null;
  created_at: string;
  expires_at: string;
}

export interface LoginPoliciesTable {
  org_id: string;
  passwords_disabled: number;
  updated_at: string;
}

export interface BreakGlassAccountsTable {
  user_id: string;
  org_id: string;
  created_at: string;
}

/** What the guard of sharing recognises a report by: see sharing.fingerprints.ts. */
export interface ReportFingerprintsTable {
  fingerprint: string;
  incident_id: string;
}
