/** The policy clause register and the requests of ministries to their agencies (migration 0043). */
export interface PoliciesTables {
  policy_clauses: PolicyClausesTable;
  policy_requests: PolicyRequestsTable;
  policy_request_targets: PolicyRequestTargetsTable;
}

export interface PolicyClausesTable {
  id: string;
  /** The body whose policy it is, and its supervising ministry: who sees the record. */
  org_id: string;
  parent_id: string | null;
  /** The information security policy's name and version (NFC, validated). */
  document_name: string;
  document_version: string;
  /** YYYY-MM-DD: the day that version of the policy came into force. */
  in_force_on: string;
  /** The clause that lays down the reporting duty, as the policy words it. */
  clause_text: string;
  /** recorded | confirmed | superseded. */
  status: string;
  /** The excerpt (a PDF), its name, size and lower-case hex SHA-256; null until one is uploaded. */
  excerpt_name: string | null;
  excerpt_size: number | null;
  excerpt_sha256: string | null;
  excerpt: Buffer | null;
  recorded_by: string;
  recorded_at: string;
  /** The body's security officer who confirmed it, and when. */
  confirmed_by: string | null;
  confirmed_at: string | null;
  /** The fiscal year (April–March, RENRAKU_TIME_ZONE) of the confirmation: coverage is counted by year. */
  confirmed_fiscal_year: number | null;
  /** The record confirmed after it, which took its place. */
  superseded_by: string | null;
  superseded_at: string | null;
  /** Moves on with every change: a change names the revision read (409 policies.stale otherwise). */
  revision: number;
}

export interface PolicyRequestsTable {
  id: string;
  /** The sending body: a ministry (to its agencies) or the center (to the ministries). */
  org_id: string;
  created_by: string;
  created_at: string;
  message: string;
  /** What is asked: the clause in the policy, the contact structure confirmed (0/1). */
  asks_clause: number;
  asks_contacts: number;
  /** The last day (YYYY-MM-DD in RENRAKU_TIME_ZONE), and the instant it ends. */
  due_date: string;
  due_at: string;
  /** When the bodies that have not answered are reminded; null when that moment had passed at sending. */
  remind_at: string | null;
  fiscal_year: number;
  closed_at: string | null;
  closed_by: string | null;
}

export interface PolicyRequestTargetsTable {
  request_id: string;
  org_id: string;
  /** The confirmed clause record the body answered with. */
  clause_id: string | null;
  clause_confirmed_at: string | null;
  contacts_confirmed_at: string | null;
  /** When everything asked was answered. */
  answered_at: string | null;
  answered_by: string | null;
  /** Once per request and due time: the reminder before, the escalation after the due time. */
  reminded_at: string | null;
  escalated_at: string | null;
  revision: number;
}
