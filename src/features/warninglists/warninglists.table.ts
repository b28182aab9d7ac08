/** Warning lists: values almost never malicious, which flag an indicator instead of counting it (migration 0035). */
export interface WarninglistsTables {
  warninglists: WarninglistsTable;
  warninglist_entries: WarninglistEntriesTable;
  warninglist_state: WarninglistStateTable;
}

export interface WarninglistsTable {
  id: string;
  /** Unique: an import of a list of the same name updates it. */
  name: string;
  description: string;
  /** Where its entries come from (a standard, a registry, an operator's page). */
  source: string;
  /** The list's own version (MISP's: a number such as 20241201); a newer import replaces its entries. */
  version: number;
  /** MISP's match type: string, cidr, hostname, substring. */
  match_type: string;
  /** JSON array of the indicator types it applies to; empty: every type. */
  applies_to: string;
  /** shipped (with Renraku), imported (a MISP file), center (made by the center), bodies (the orgs' domains). */
  origin: string;
  enabled: number;
  /** Moves on by one with every change: a change names the revision it was made on (409 if stale). */
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface WarninglistEntriesTable {
  list_id: string;
  /** In the form its list's match type compares (warninglists.match: entryForm). */
  value: string;
}

export interface WarninglistStateTable {
  id: number;
  /** Changes with every change of a list or of the bodies' domains: the matcher cached under it is stale. */
  token: string;
}
