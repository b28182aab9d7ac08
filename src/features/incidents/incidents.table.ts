/** Incidents, their reports, deliveries along the chain, readers and search text. */
export interface IncidentsTables {
  incidents: IncidentsTable;
  incident_reports: IncidentReportsTable;
  deliveries: DeliveriesTable;
  incident_readers: IncidentReadersTable;
  incident_search: IncidentSearchTable;
  send_backs: SendBacksTable;
  incident_number_counters: IncidentNumberCountersTable;
}

export interface IncidentsTable {
  id: string;
  org_id: string;
  /** The human number, YYYY-NNNNNN by fiscal year, gap-free (migration 0018); shown with the configured prefix. */
  number: string;
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
  /** JSON: response status, cause, next steps, contact person, reports to authorities (migration 0018). */
  details: string;
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
  /** The supervising ministry's note to the center when it forwarded (optional). */
  note?: string | null;
}

export interface IncidentReadersTable {
  incident_id: string;
  org_id: string;
  since: string;
}

export interface IncidentSearchTable {
  incident_id: string;
  /** The reports' free text as written. */
  body: string;
  /** The same text folded for search (incidents.search): what queries match. */
  folded: string;
}

/** A supervising ministry's request to its agency for more (差し戻し) during its review. */
export interface SendBacksTable {
  id: string;
  incident_id: string;
  /** The ministry that sent it back. */
  org_id: string;
  requested_by: string;
  requested_at: string;
  message: string;
  /** When the agency's follow-up report answered it, and that report's number. */
  answered_at: string | null;
  answered_seq: number | null;
}

/** The last incident number given in each fiscal year. */
export interface IncidentNumberCountersTable {
  fiscal_year: number;
  last_number: number;
}
