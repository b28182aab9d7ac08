import type { Generated } from 'kysely';

/** The audit chain and its signed anchors. */
export interface AuditTables {
  audit_log: AuditLogTable;
  audit_anchors: AuditAnchorsTable;
}

export interface AuditLogTable {
  seq: Generated<number>;
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
