import type { Selectable } from 'kysely';
import type { Actor } from '../../platform/access/roles.js';
import { policyRecordVisibleTo } from '../../platform/access/visibility.js';
import type { DialectName, Executor, Tx } from '../../platform/db/database.js';
import type { PolicyClausesTable, PolicyRequestsTable, PolicyRequestTargetsTable } from './policies.table.js';

export type ClauseRow = Selectable<PolicyClausesTable>;
export type RequestRow = Selectable<PolicyRequestsTable>;
export type TargetRow = Selectable<PolicyRequestTargetsTable>;
/** A clause record without its excerpt's bytes. */
export type ClauseCard = Omit<ClauseRow, 'excerpt'>;

const CARD = [
  'id',
  'org_id',
  'parent_id',
  'document_name',
  'document_version',
  'in_force_on',
  'clause_text',
  'status',
  'excerpt_name',
  'excerpt_size',
  'excerpt_sha256',
  'recorded_by',
  'recorded_at',
  'confirmed_by',
  'confirmed_at',
  'confirmed_fiscal_year',
  'superseded_by',
  'superseded_at',
  'revision',
] as const;

export const policiesRepository = {
  /** The clause record, if the actor sees it (without its bytes). */
  clauseFor: (db: Executor, actor: Actor, id: string): Promise<ClauseCard | undefined> =>
    db
      .selectFrom('policy_clauses as p')
      .select(CARD.map((c) => `p.${c}` as const))
      .where('p.id', '=', id)
      .where(policyRecordVisibleTo(actor, 'p'))
      .executeTakeFirst(),
  /** The clause record, whoever asks (the caller has decided who may). */
  clauseById: (db: Executor, id: string): Promise<ClauseCard | undefined> =>
    db.selectFrom('policy_clauses').select(CARD).where('id', '=', id).executeTakeFirst(),
  /** The excerpt's bytes of a record the actor sees. */
  excerptFor: (db: Executor, actor: Actor, id: string) =>
    db
      .selectFrom('policy_clauses as p')
      .select(['p.id', 'p.excerpt', 'p.excerpt_name', 'p.excerpt_sha256', 'p.org_id'])
      .where('p.id', '=', id)
      .where(policyRecordVisibleTo(actor, 'p'))
      .executeTakeFirst(),
  /** A body's register, newest first. */
  clausesOfOrg: (db: Executor, orgId: string): Promise<ClauseCard[]> =>
    db
      .selectFrom('policy_clauses')
      .select(CARD)
      .where('org_id', '=', orgId)
      .orderBy('recorded_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
  insertClause: (tx: Tx, row: ClauseRow) => tx.insertInto('policy_clauses').values(row).execute(),
  /** Changes a record only if it is still at the revision read and not yet confirmed; whether it was. */
  async updateRecorded(tx: Tx, id: string, revision: number, change: Partial<ClauseRow>) {
    const r = await tx
      .updateTable('policy_clauses')
      .set(change)
      .where('id', '=', id)
      .where('revision', '=', revision)
      .where('status', '=', 'recorded')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /** Changes a record revised only if it is still at the revision and status read; whether it was. */
  async updateRevised(tx: Tx, id: string, revision: number, status: string, change: Partial<ClauseRow>) {
    const r = await tx
      .updateTable('policy_clauses')
      .set(change)
      .where('id', '=', id)
      .where('revision', '=', revision)
      .where('status', '=', status)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /** The body's confirmed records other than `id` become history. */
  supersede: (tx: Tx, orgId: string, by: string, at: string) =>
    tx
      .updateTable('policy_clauses')
      .set((eb) => ({
        status: 'superseded',
        superseded_by: by,
        superseded_at: at,
        revision: eb('revision', '+', 1),
      }))
      .where('org_id', '=', orgId)
      .where('status', '=', 'confirmed')
      .where('id', '!=', by)
      .execute(),
  /** Holds the record's row until the transaction ends (PostgreSQL): changes of one record take turns. */
  lockClause: async (tx: Tx, id: string, dialect: DialectName) => {
    if (dialect === 'postgres')
      await tx.selectFrom('policy_clauses').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  },
  /**
   * For each body, the latest confirmation up to the fiscal year's end: the record in force then (superseded or
   * not since). `orgIds` null: every body; empty: none.
   */
  async latestConfirmed(db: Executor, fiscalYear: number, orgIds: string[] | null): Promise<ClauseCard[]> {
    if (orgIds !== null && orgIds.length === 0) return [];
    let q = db
      .selectFrom('policy_clauses')
      .select(CARD)
      .where('confirmed_fiscal_year', '<=', fiscalYear)
      .where('confirmed_at', 'is not', null);
    if (orgIds !== null) q = q.where('org_id', 'in', orgIds);
    const rows = await q.orderBy('org_id').orderBy('confirmed_at', 'desc').execute();
    const latest = new Map<string, ClauseCard[]>();
    for (const r of rows) {
      const best = latest.get(r.org_id);
      if (!best) latest.set(r.org_id, [r]);
      else if (best[0]?.confirmed_at === r.confirmed_at) best.push(r);
    }
    // Two confirmations in the same instant: the one in force is the one the other did not supersede.
    return [...latest.values()].map((same) => {
      const ids = new Set(same.map((c) => c.id));
      return (
        same.find((c) => c.superseded_by === null || !ids.has(c.superseded_by)) ?? (same[0] as ClauseCard)
      );
    });
  },

  insertRequest: (tx: Tx, row: RequestRow) => tx.insertInto('policy_requests').values(row).execute(),
  insertTargets: (tx: Tx, rows: TargetRow[]) =>
    rows.length === 0 ? Promise.resolve() : tx.insertInto('policy_request_targets').values(rows).execute(),
  requestById: (db: Executor, id: string) =>
    db.selectFrom('policy_requests').selectAll().where('id', '=', id).executeTakeFirst(),
  targetsOf: (db: Executor, requestIds: string[]): Promise<TargetRow[]> =>
    requestIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('policy_request_targets')
          .selectAll()
          .where('request_id', 'in', requestIds)
          .orderBy('request_id')
          .orderBy('org_id')
          .execute(),
  /** The requests of a fiscal year that `orgId` sent or was asked by (every request when null), newest first. */
  requestsOfYear: (db: Executor, fiscalYear: number, orgId: string | null) => {
    let q = db.selectFrom('policy_requests').selectAll().where('fiscal_year', '=', fiscalYear);
    if (orgId !== null)
      q = q.where((eb) =>
        eb.or([
          eb('org_id', '=', orgId),
          eb(
            'id',
            'in',
            eb.selectFrom('policy_request_targets').select('request_id').where('org_id', '=', orgId),
          ),
        ]),
      );
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  },
  /** Changes an asked body's part only if it is still at the revision read; whether it was. */
  async updateTarget(tx: Tx, t: TargetRow, change: Partial<TargetRow>) {
    const r = await tx
      .updateTable('policy_request_targets')
      .set({ ...change, revision: t.revision + 1 })
      .where('request_id', '=', t.request_id)
      .where('org_id', '=', t.org_id)
      .where('revision', '=', t.revision)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  closeRequest: (tx: Tx, id: string, by: string, at: string) =>
    tx
      .updateTable('policy_requests')
      .set({ closed_at: at, closed_by: by })
      .where('id', '=', id)
      .where('closed_at', 'is', null)
      .executeTakeFirst(),
  /**
   * Asked bodies of open requests that have not answered and are due a reminder (before the due time) or the
   * escalation (after it). On PostgreSQL the rows are locked, others skipped: nodes sweeping together do not
   * both send.
   */
  dueReminders: (tx: Tx, dialect: DialectName, now: string) => {
    let q = tx
      .selectFrom('policy_request_targets as t')
      .innerJoin('policy_requests as r', 'r.id', 't.request_id')
      .selectAll('t')
      .where('r.closed_at', 'is', null)
      .where('t.answered_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('t.escalated_at', 'is', null), eb('r.due_at', '<=', now)]),
          eb.and([eb('t.reminded_at', 'is', null), eb('r.remind_at', '<=', now), eb('r.due_at', '>', now)]),
        ]),
      )
      .orderBy('t.request_id')
      .orderBy('t.org_id')
      .limit(500);
    if (dialect === 'postgres') q = q.forUpdate('t').skipLocked();
    return q.execute();
  },
  /** The asked bodies' parts of the fiscal year's requests (for coverage). */
  targetsOfYear: (db: Executor, fiscalYear: number, orgIds: string[] | null) => {
    if (orgIds !== null && orgIds.length === 0) return Promise.resolve([]);
    let q = db
      .selectFrom('policy_request_targets as t')
      .innerJoin('policy_requests as r', 'r.id', 't.request_id')
      .select(['t.org_id', 't.answered_at', 't.contacts_confirmed_at', 'r.due_at', 'r.closed_at'])
      .where('r.fiscal_year', '=', fiscalYear);
    if (orgIds !== null) q = q.where('t.org_id', 'in', orgIds);
    return q.execute();
  },
};
