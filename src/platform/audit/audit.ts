import { createHmac } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import { insertRows } from '../db/insert.js';
import { lockChain, type Unit } from '../db/transaction.js';
import type { AuditAction, AuditSubjectType } from './actions.js';
import type { AuditLogTable } from './audit.table.js';
import { type VerifyResult, verifyAuditLog } from './audit.verify.js';

export type { VerifyResult } from './audit.verify.js';

export interface AuditEntry {
  actorUserId: string | null;
  actorOrgId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  detail?: Record<string, unknown>;
}

/**
 * The one way to write an audit entry: by an actor (or by nobody, null: Renraku itself, a refused log-in) about
 * one subject. Actions and subject types are those of actions.ts, which the audit log screen names.
 */
export const audited = (
  actor: { userId: string; orgId: string | null } | null,
  action: AuditAction,
  subjectType: AuditSubjectType,
  subjectId: string | null,
  detail?: Record<string, unknown>,
): AuditEntry => ({
  actorUserId: actor?.userId ?? null,
  actorOrgId: actor?.orgId ?? null,
  action,
  subjectType,
  subjectId,
  ...(detail ? { detail } : {}),
});

export interface AuditLog {
  /**
   * Appends one entry in the caller's unit of work; it is written, chained to the previous one, at the end of
   * the unit, in the same transaction.
   */
  append(unit: Unit, entry: AuditEntry, at: Date): Promise<void>;
  /** The chain alone, each row's HMAC; the anchored check (a deleted tail too) is verifyAuditLog. */
  verify(db: Executor): Promise<VerifyResult>;
  /** A row's HMAC after the previous row's hash. */
  hashOf(prevHash: string, row: ChainRow): string;
  /** Tells `listener` the newest row number after every commit that appended rows (anchoring counts them). */
  onCommitted(listener: (seq: number) => void): void;
}

const GENESIS = '0'.repeat(64);

/** The columns of an audit row that its hash covers (all but the hashes themselves). */
export type ChainRow = Omit<Selectable<AuditLogTable>, 'prev_hash' | 'hash'>;

/**
 * The audit log is a keyed hash chain: each row's hash is an HMAC over the previous hash and the row itself.
 * A changed row breaks its own hash; a deleted row leaves a gap in the sequence and breaks the next link; an
 * inserted row cannot carry a valid HMAC without the key, which never lives in the database. Rows cut from the
 * end, and a chain rewritten by someone holding the key, are caught by the signed anchors (anchoring.ts).
 */
export function createAuditLog(key: Buffer): AuditLog {
  const digest = (prevHash: string, row: ChainRow) =>
    createHmac('sha256', key)
      .update(prevHash)
      .update('\n')
      .update(
        JSON.stringify([
          row.seq,
          row.at,
          row.actor_user_id,
          row.actor_org_id,
          row.action,
          row.subject_type,
          row.subject_id,
          row.detail,
        ]),
      )
      .digest('hex');

  const queued = new WeakMap<Unit, ChainRow[]>();
  const listeners: ((seq: number) => void)[] = [];
  // The head of the chain as this transaction left it: once the writers' lock is held it cannot move.
  const heads = new WeakMap<object, { seq: number; hash: string }>();

  /** Writes a unit's queued entries at its end: one lock, one look-up of the chain's head, one insert. */
  async function flush(unit: Unit) {
    const rows = queued.get(unit) ?? [];
    queued.delete(unit);
    if (rows.length === 0) return;
    await lockChain(unit);
    const last =
      heads.get(unit.tx) ??
      (await unit.tx
        .selectFrom('audit_log')
        .select(['seq', 'hash'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst());
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS;
    const values = rows.map((entry) => {
      const row = { ...entry, seq: ++seq };
      const hash = digest(prevHash, row);
      const value = { ...row, prev_hash: prevHash, hash };
      prevHash = hash;
      return value;
    });
    await insertRows(unit.tx, 'audit_log', values);
    heads.set(unit.tx, { seq, hash: prevHash });
    if (listeners.length > 0)
      unit.afterCommit(() => {
        for (const fn of listeners) fn(seq);
      });
  }

  return {
    async append(unit, entry, at) {
      let rows = queued.get(unit);
      if (!rows) {
        rows = [];
        queued.set(unit, rows);
        unit.beforeCommit(() => flush(unit));
      }
      rows.push({
        seq: 0,
        at: at.toISOString(),
        actor_user_id: entry.actorUserId,
        actor_org_id: entry.actorOrgId,
        action: entry.action,
        subject_type: entry.subjectType,
        subject_id: entry.subjectId,
        detail: JSON.stringify(entry.detail ?? {}),
      });
    },

    verify: (db) => verifyAuditLog({ db, hmac: digest, trustedKeys: [], anchors: false }),
    hashOf: digest,
    onCommitted(listener) {
      listeners.push(listener);
    },
  };
}
