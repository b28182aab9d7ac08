import type { Generated } from 'kysely';

/** The audit chain and its signed anchors. */
export interface AuditTables {
  audit_log: AuditLogTable;
  audit_anchors: AuditAnchorsTable;
}

export interface AuditLogTable {
  /** Given at insert; a row's place in the chain is `seq`, given when it is sealed (see audit.sealer.ts). */
  id: Generated<number>;
  /** The row's place in the hash chain; null (and both hashes empty) while it is unsealed. */
  seq: number | null;
  at: string;
  actor_user_id: string | null;
  actor_org_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** A signed checkpoint of the audit chain (see src/platform/audit/anchor.format.ts). */
export interface AuditAnchorsTable {
  n: number;
  audit_seq: number;
  hash: string;
  at: string;
  key_id: string;
  line: string;
}
