/** Notification rules, notifications and the steps of their escalation chains. */
export interface NotificationsTables {
  notification_rules: NotificationRulesTable;
  notifications: NotificationsTable;
  notification_steps: NotificationStepsTable;
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
  /** Acknowledgment asked only from this severity up; null: at every severity. */
  ack_min_severity: string | null;
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
  /** JSON of the action that closed it (see notifications.close.ts); null when it was not closed that way. */
  closed_reason: string | null;
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
