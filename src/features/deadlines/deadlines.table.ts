/** Deadline profiles as an administrator changed or added them (migration 0038). */
export interface DeadlinesTables {
  deadline_profiles: DeadlineProfilesTable;
  deadline_reminders: DeadlineRemindersTable;
  deadline_outcomes: DeadlineOutcomesTable;
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

/** A reminder (due_soon) or overdue notice sent for one clock of an incident at one due time. */
export interface DeadlineRemindersTable {
  incident_id: string;
  profile_id: string;
  clock_key: string;
  kind: string;
  due_at: string;
  sent_at: string;
}

/**
 * A clock's outcome on an incident as last recorded by the deadline sweep (migration 0047): what the incident page
 * computes (deadlines.clocks), stored so that the annual report aggregates it in SQL.
 */
export interface DeadlineOutcomesTable {
  incident_id: string;
  /** The incident's body. */
  org_id: string;
  profile_id: string;
  clock_key: string;
  due_at: string;
  satisfied_at: string | null;
  /** on-time, late, or pending / overdue when recorded (a pending clock past due counts as overdue). */
  outcome: string;
  late_minutes: number | null;
  recorded_at: string;
}
