/** Contact confirmation campaigns and communication checks. */
export interface CampaignsTables {
  contact_campaigns: ContactCampaignsTable;
  contact_campaign_entries: ContactCampaignEntriesTable;
  communication_checks: CommunicationChecksTable;
  communication_check_targets: CommunicationCheckTargetsTable;
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
