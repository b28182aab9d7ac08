/** The indicators that reports carry (migration 0032). */
export interface IndicatorsTables {
  incident_indicators: IncidentIndicatorsTable;
}

export interface IncidentIndicatorsTable {
  incident_id: string;
  /** The report (its seq in the incident) that named it. */
  report_seq: number;
  /** Its place in that report's list. */
  position: number;
  /** The reporting body: what correlation will group by. */
  org_id: string;
  type: string;
  /** The one stored form (indicators.canonical): what correlation matches on. */
  value: string;
  /** The form people read (a Unicode domain, a decoded path). */
  display: string;
  note: string | null;
  created_at: string;
  /**
   * When the center could first read it (the later of its report and the incident's reaching the center), on the
   * first row naming each (incident, type, value) only: the date added of "indicators received" (migration 0046).
   */
  received_at: string | null;
  /** The STIX id of the indicator standing for (incident, type, value) in "indicators received". */
  received_id: string | null;
}
