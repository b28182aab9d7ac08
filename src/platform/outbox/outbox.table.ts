/** Mail and webhook calls waiting to be sent after their commit. */
export interface OutboxTables {
  outbox: OutboxTable;
}

export interface OutboxTable {
  id: string;
  /** 'email' | 'webhook' */
  channel: string;
  /** notification id + ':' + channel + ':' + target: a second enqueue of the same is ignored. */
  dedupe_key: string;
  /** JSON of what the sender needs, already rendered. */
  payload: string;
  created_at: string;
  /** Not sent before this time (the next retry, after a failure). */
  available_at: string;
  attempts: number;
  last_error: string | null;
  /** A node's claim while it sends; another node may take the item once it has passed. */
  locked_until: string | null;
  sent_at: string | null;
  /** Set on a permanent failure (a 5xx answer for the recipient, a 4xx webhook answer, 24 h of failures). */
  failed_at: string | null;
  notification_id: string | null;
}
