import { createHmac } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../db/database.js';
import { insertQuery, insertRows } from '../db/insert.js';
import { type GroupWork, type Unit, writeAtCommit } from '../db/transaction.js';
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
   * Appends one entry in the caller's unit of work, written after the work of its commit group's units in the
   * same transaction (one insert for the group): on
   * SQLite chained to the previous row; on PostgreSQL unsealed, chained after commit by the sealer.
   */
  append(unit: Unit, entry: AuditEntry, at: Date): Promise<void>;
  /** The chain alone, each row's HMAC; the anchored check (a deleted tail too) is verifyAuditLog. */
  verify(db: Executor): Promise<VerifyResult>;
  /** A row's HMAC after the previous row's hash. */
  hashOf(prevHash: string, row: ChainRow): string;
  /** Tells `listener` the newest row number after every commit or seal that chained rows (anchoring counts them). */
  onCommitted(listener: (seq: number) => void): void;
  /** Tells the listeners of onCommitted that the chain now ends at `seq` (the sealer does, after a seal). */
  chained(seq: number): void;
  /**
   * Sets what a unit that wrote unsealed rows waits for, once committed, before it is answered: the sealer's
   * next pass when this process seals (its callers then read their rows sealed), nothing otherwise.
   */
  onUnsealed(wait: () => Promise<void>): void;
}

export const GENESIS = '0'.repeat(64);

/** The columns of an audit row that its hash covers (all but its id and the hashes themselves). */
export type ChainRow = Omit<Selectable<AuditLogTable>, 'id' | 'seq' | 'prev_hash' | 'hash'> & { seq: number };

/**
 * The audit log is a keyed hash chain: each row's hash is an HMAC over the previous hash and the row itself.
 * A changed row breaks its own hash; a deleted row leaves a gap in the sequence and breaks the next link; an
 * inserted row cannot carry a valid HMAC without the key, which never lives in the database. Rows cut from the
 * end, and a chain rewritten by someone holding the key, are caught by the signed anchors (anchoring.ts).
 * On PostgreSQL, where several nodes commit at once, rows are written unsealed (no head to read, no lock to
 * take) and given their place in the chain after commit by one sealer (audit.sealer.ts).
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

  const listeners: ((seq: number) => void)[] = [];
  let unsealedWait: (() => Promise<void>) | undefined;
  // The head of the chain as this transaction left it: SQLite's single writer cannot move it meanwhile.
  const heads = new WeakMap<object, { seq: number; hash: string }>();
  const chained = (seq: number) => {
    for (const fn of listeners) fn(seq);
  };

  /**
   * Writes the entries of every unit of a commit group after their own work, with one insert for the group
   * (SQLite: after one look-up of the head per transaction).
   */
  async function flush(
    tx: Tx,
    dialect: string | undefined,
    items: readonly { unit: Unit; item: Omit<ChainRow, 'seq'> }[],
  ) {
    if (items.length === 0) return;
    if (dialect === 'postgres') {
      // Unsealed rows nothing reads before the sealer, after the commit: written with the group's commit.
      await writeAtCommit(tx, [
        insertQuery(
          tx,
          'audit_log',
          items.map(({ item }) => ({ ...item, seq: null, prev_hash: '', hash: '' })),
        ),
      ]);
      const wait = unsealedWait;
      if (wait) for (const unit of new Set(items.map(({ unit }) => unit))) unit.beforeAnswer(wait);
      return;
    }
    const last =
      heads.get(tx) ??
      (await tx
        .selectFrom('audit_log')
        .select(['seq', 'hash'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst());
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS;
    const values = items.map(({ item }) => {
      const row = { ...item, seq: ++seq };
      const hash = digest(prevHash, row);
      const value = { id: seq, ...row, prev_hash: prevHash, hash };
      prevHash = hash;
      return value;
    });
    await insertRows(tx, 'audit_log', values);
    heads.set(tx, { seq, hash: prevHash });
    const lastUnit = items[items.length - 1]?.unit;
    if (listeners.length > 0 && lastUnit) lastUnit.afterCommit(() => chained(seq));
  }
  const appendRows: GroupWork<Omit<ChainRow, 'seq'>> = {
    run: (tx, items) => flush(tx, items[0]?.unit.dialect, items),
  };

  return {
    async append(unit, entry, at) {
      unit.gather(appendRows, {
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
    chained,
    onUnsealed(wait) {
      unsealedWait = wait;
    },
  };
}
