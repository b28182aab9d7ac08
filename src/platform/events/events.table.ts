import type { Generated } from 'kysely';

/** Live events and who may receive them. */
export interface EventsTables {
  events: EventsTable;
  event_readers: EventReadersTable;
}

export interface EventsTable {
  seq: Generated<number>;
  at: string;
  type: string;
  incident_id: string | null;
  reader_org_ids: string;
  /** JSON array of user ids when the event is for named users only (TLP:RED), else null. */
  reader_user_ids: string | null;
  payload: string;
  /** The situation or exercise the payload names (eventSubjectOf), for the exercise purge's indexed lookup. */
  subject_id: string | null;
  /**
   * The writing transaction's id (PostgreSQL's xid8, as text; 0 on SQLite): readers go by (txid, seq) over
   * transactions older than their snapshot's xmin, so that an event that committed late is not skipped. No
   * default on PostgreSQL: every writer sets it (writingTxid).
   */
  txid: string;
}

/** Who may receive a live event: a body's id, or a named person's user id; the replay reads along it. */
export interface EventReadersTable {
  reader_id: string;
  seq: number;
  /** Its event's txid, set by the writer (no default on PostgreSQL). */
  txid: string;
}
