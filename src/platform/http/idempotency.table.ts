/** Stored answers to requests sent with an Idempotency-Key. */
export interface IdempotencyTables {
  idempotency_keys: IdempotencyKeysTable;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: string;
  created_at: string;
  /** Who stored the answer (null for rows older than migration 0009, which are never replayed). */
  actor_role: string | null;
  actor_org_id: string | null;
}
