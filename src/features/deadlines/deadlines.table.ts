/** Deadline profiles as an administrator changed or added them (migration 0037). */
export interface DeadlinesTables {
  deadline_profiles: DeadlineProfilesTable;
}

export interface DeadlineProfilesTable {
  id: string;
  /** JSON: the profile (deadlines.profiles: DeadlineProfile) without id, builtIn and revision. */
  definition: string;
  /** 1 for the first change; a change names the revision it was made on (409 if stale). */
  revision: number;
  updated_at: string;
  updated_by: string;
}
