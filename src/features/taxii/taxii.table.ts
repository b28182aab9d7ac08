/** The TAXII inbox's statuses and the object versions it has taken (migration 0041). */
export interface TaxiiTables {
  taxii_statuses: TaxiiStatusesTable;
  taxii_inbox_objects: TaxiiInboxObjectsTable;
}

export interface TaxiiStatusesTable {
  id: string;
  /** The body whose member posted: only its people read the status. */
  org_id: string;
  posted_by: string;
  request_timestamp: string;
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  /** JSON: [{id, version, message?}] */
  successes: string;
  /** JSON: [{id, version, message}] */
  failures: string;
}

export interface TaxiiInboxObjectsTable {
  org_id: string;
  object_id: string;
  /** The object's `modified` (or `created`, or '' for an object with neither). */
  version: string;
  incident_id: string;
  status_id: string;
  taken_at: string;
}
