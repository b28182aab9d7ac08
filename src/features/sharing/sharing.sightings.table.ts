/** Sightings of a shared indicator by a body that received the share (migration 0035). */
export interface SightingsTables {
  share_sightings: ShareSightingsTable;
}

export interface ShareSightingsTable {
  id: string;
  share_id: string;
  /** The body that saw it: its own information, read by itself and the share's publisher (the center) only. */
  org_id: string;
  /** The shared indicator seen, as the share holds it. */
  type: string;
  value: string;
  /** When the body saw it (given by the body). */
  seen_at: string;
  /** How many times (connections, mails, files) it was seen. */
  count: number;
  note: string | null;
  created_by: string;
  created_at: string;
}
