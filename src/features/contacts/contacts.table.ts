/** Each body's contacts and its webhook secret. */
export interface ContactsTables {
  contacts: ContactsTable;
  org_webhook_secrets: OrgWebhookSecretsTable;
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
