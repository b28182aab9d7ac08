/** Impact assessments of incidents, in versions (migration 0038). */
export interface AssessmentsTables {
  incident_assessments: IncidentAssessmentsTable;
}

export interface IncidentAssessmentsTable {
  incident_id: string;
  /** 1, 2, …: a change names the version it was made on (409 if stale); the last one holds. */
  version: number;
  /** The reporting body (the incident's). */
  org_id: string;
  recorded_by: string;
  recorded_at: string;
  /** The report it was made on, if the body named one. */
  report_seq: number | null;
  /** Persons whose personal data is involved (0: none). */
  persons: number;
  /** JSON array of categories of personal data. */
  categories: string;
  /** Sensitive personal data (要配慮個人情報) involved. */
  sensitive: number;
  rights_infringed: number;
  serious_impediment: number;
  public_services_affected: number;
  malicious: number;
  /** Whether a public-explanation decision is called for (seed 2013 §3), as decided when recorded. */
  public_explanation: number;
  /** The body's reasons, NFC free text ('' when none). */
  note: string;
}
