/** Correlation's tables (migrations 0033, 0042): its index of indicators received, the prefix lengths of the
 * networks in it, and the matches found. */
export interface CorrelationTables {
  correlation_keys: CorrelationKeysTable;
  correlation_prefixes: CorrelationPrefixesTable;
  correlation_links: CorrelationLinksTable;
}

/** A prefix length of the networks (CIDRs) in the index, per family: only these are looked up. */
export interface CorrelationPrefixesTable {
  family: number;
  prefix: number;
}

/** One indicator value of one incident, as correlation looks it up. */
export interface CorrelationKeysTable {
  incident_id: string;
  type: string;
  /** The canonical value (indicators.canonical). */
  value: string;
  /** '' for real data, else the exercise's id: values correlate within one realm only. */
  realm: string;
  /** The reporting body. */
  org_id: string;
  display: string;
  /** The sortable key containment scans (see correlation.keys), or null for a value nothing contains. */
  match_key: string | null;
  created_at: string;
}

/** A value of `incident_id` matching a value of `other_incident_id` (each pair is written from both sides). */
export interface CorrelationLinksTable {
  incident_id: string;
  other_incident_id: string;
  type: string;
  value: string;
  other_type: string;
  other_value: string;
  display: string;
  other_display: string;
  /** equal; within: this value lies inside the other (an IP in a CIDR); contains: the reverse. */
  kind: string;
  realm: string;
  found_at: string;
}
