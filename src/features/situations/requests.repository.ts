import type { Actor } from '../../platform/access/roles.js';
import { requestStatesVisibleTo, situationRequestVisibleTo } from '../../platform/access/visibility.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import type {
  RequestState,
  SituationRequestBodiesTable,
  SituationRequestMovesTable,
  SituationRequestsTable,
} from './requests.table.js';

export type RequestRow = SituationRequestsTable;
export type RequestBodyRow = SituationRequestBodiesTable;
export type MoveRow = SituationRequestMovesTable;

/** A body's standing requests of a situation, counted for the board. */
export interface RequestCounts {
  open: number;
  overdue: number;
  done: number;
}

/** A request as other features know it (requests.reads.ts publishes it). */
export interface RequestFacts {
  id: string;
  situationId: string;
  /** R-n. */
  number: string;
  title: string;
  body: string;
  dueAt: string;
  withdrawn: boolean;
  /** The addressed bodies, each with its supervising ministry in the situation's scope. */
  addressed: { orgId: string; parentId: string | null }[];
}

const chunks = <T>(rows: T[], size = 200): T[][] =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

/** The time columns a move to each state sets (with its mover), when still unset. */
const STAMPS = {
  acknowledged: ['acknowledged_at', 'acknowledged_by'],
  in_progress: ['started_at', 'started_by'],
  done: ['done_at', 'done_by'],
} as const;

export const requestsRepository = {
  /** The next number of the situation's requests (called under the situation's lock). */
  async nextSeq(tx: Tx, situationId: string): Promise<number> {
    const row = await tx
      .selectFrom('situation_requests')
      .select((eb) => eb.fn.max('seq').as('n'))
      .where('situation_id', '=', situationId)
      .executeTakeFirst();
    return Number(row?.n ?? 0) + 1;
  },
  insert: (tx: Tx, row: RequestRow) => tx.insertInto('situation_requests').values(row).execute(),
  async insertBodies(tx: Tx, rows: RequestBodyRow[]) {
    for (const part of chunks(rows)) await tx.insertInto('situation_request_bodies').values(part).execute();
  },
  insertMove: (tx: Tx, row: MoveRow) => tx.insertInto('situation_request_moves').values(row).execute(),

  /** One request of the situation, if the actor sees it. */
  visibleById: (db: Executor, actor: Actor, situationId: string, id: string) =>
    db
      .selectFrom('situation_requests')
      .selectAll()
      .where('situation_id', '=', situationId)
      .where('id', '=', id)
      .where(situationRequestVisibleTo(actor))
      .executeTakeFirst(),
  /** The situation's requests the actor sees, in their order. */
  visible: (db: Executor, actor: Actor, situationId: string) =>
    db
      .selectFrom('situation_requests')
      .selectAll()
      .where('situation_id', '=', situationId)
      .where(situationRequestVisibleTo(actor))
      .orderBy('seq')
      .execute(),
  /** The addressed bodies of these requests whose states the actor reads. */
  readableBodies: (db: Executor, actor: Actor, requestIds: string[]) =>
    requestIds.length === 0
      ? Promise.resolve([] as RequestBodyRow[])
      : db
          .selectFrom('situation_request_bodies')
          .selectAll()
          .where('request_id', 'in', requestIds)
          .where(requestStatesVisibleTo(actor))
          .execute(),
  /** Every addressed body of a request (who hears of it). */
  addressed: (db: Executor, requestId: string) =>
    db.selectFrom('situation_request_bodies').selectAll().where('request_id', '=', requestId).execute(),
  bodyOf: (db: Executor, requestId: string, orgId: string) =>
    db
      .selectFrom('situation_request_bodies')
      .selectAll()
      .where('request_id', '=', requestId)
      .where('org_id', '=', orgId)
      .executeTakeFirst(),
  /** The moves of these bodies' states, oldest first. */
  moves: (db: Executor, requestId: string, orgIds: string[]) =>
    orgIds.length === 0
      ? Promise.resolve([] as MoveRow[])
      : db
          .selectFrom('situation_request_moves')
          .selectAll()
          .where('request_id', '=', requestId)
          .where('org_id', 'in', orgIds)
          .orderBy('at')
          .orderBy('id')
          .execute(),
  /**
   * Moves a body's state forward from `from` (as read) to `to`, stamping every step it passes: false when another
   * move came first (the state is no longer `from`), so two movers never both succeed.
   */
  async move(
    tx: Tx,
    body: RequestBodyRow,
    to: RequestState,
    passed: RequestState[],
    by: string,
    at: string,
    note: string | null,
  ): Promise<boolean> {
    const set: Record<string, string | number | null> = { state: to, version: body.version + 1 };
    for (const step of passed) {
      if (step === 'issued') continue;
      const [atColumn, byColumn] = STAMPS[step];
      set[atColumn] = at;
      set[byColumn] = by;
    }
    if (to === 'done') set.done_note = note;
    const r = await tx
      .updateTable('situation_request_bodies')
      .set(set)
      .where('request_id', '=', body.request_id)
      .where('org_id', '=', body.org_id)
      .where('state', '=', body.state)
      .where('version', '=', body.version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /** Sets a standing request's due time; false when it changed meanwhile (another version, or withdrawn). */
  async amendDue(tx: Tx, row: RequestRow, dueAt: string, at: string): Promise<boolean> {
    const r = await tx
      .updateTable('situation_requests')
      .set({ due_at: dueAt, amended_at: at, version: row.version + 1 })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  async withdraw(tx: Tx, row: RequestRow, at: string, by: string): Promise<boolean> {
    const r = await tx
      .updateTable('situation_requests')
      .set({ withdrawn_at: at, withdrawn_by: by, version: row.version + 1 })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /** Re-arms the overdue reminder of every addressed body (the due time moved: a new due time, a new reminder). */
  rearmReminders: (tx: Tx, requestId: string) =>
    tx
      .updateTable('situation_request_bodies')
      .set({ reminded_at: null })
      .where('request_id', '=', requestId)
      .execute(),

  /**
   * Addressed bodies past their request's due time and not 完了, not yet reminded of it: only of standing requests
   * of open situations. On PostgreSQL the rows are held for the transaction and rows others hold are skipped.
   */
  async dueReminders(tx: Tx, dialect: 'sqlite' | 'postgres', now: string, limit: number) {
    let q = tx
      .selectFrom('situation_request_bodies as b')
      .innerJoin('situation_requests as r', 'r.id', 'b.request_id')
      .innerJoin('situations as s', 's.id', 'r.situation_id')
      .select([
        'r.situation_id as situationId',
        'r.id as requestId',
        'r.seq as seq',
        'r.due_at as dueAt',
        'b.org_id as orgId',
        'b.parent_id as parentId',
      ])
      .where('s.stood_down_at', 'is', null)
      .where('r.withdrawn_at', 'is', null)
      .where('r.due_at', '<=', now)
      .where('b.state', '!=', 'done')
      .where('b.reminded_at', 'is', null)
      .orderBy('r.due_at')
      .orderBy('b.request_id')
      .orderBy('b.org_id')
      .limit(limit);
    if (dialect === 'postgres') q = q.forUpdate('b').skipLocked();
    return q.execute();
  },
  /** Records that this body was reminded of the request as it is due now: once per due time. */
  markReminded: (tx: Tx, requestId: string, orgId: string, at: string) =>
    tx
      .updateTable('situation_request_bodies')
      .set({ reminded_at: at })
      .where('request_id', '=', requestId)
      .where('org_id', '=', orgId)
      .execute(),

  /** Requests with their addressed bodies, keyed by id (what a notice about one says and who hears of it). */
  async factsOf(db: Executor, ids: readonly string[]): Promise<Map<string, RequestFacts>> {
    const unique = [...new Set(ids)];
    const out = new Map<string, RequestFacts>();
    if (unique.length === 0) return out;
    const [rows, bodies] = await Promise.all([
      db.selectFrom('situation_requests').selectAll().where('id', 'in', unique).execute(),
      db
        .selectFrom('situation_request_bodies')
        .select(['request_id', 'org_id', 'parent_id'])
        .where('request_id', 'in', unique)
        .execute(),
    ]);
    for (const r of rows)
      out.set(r.id, {
        id: r.id,
        situationId: r.situation_id,
        number: `R-${r.seq}`,
        title: r.title,
        body: r.body,
        dueAt: r.due_at,
        withdrawn: r.withdrawn_at !== null,
        addressed: [],
      });
    for (const b of bodies) out.get(b.request_id)?.addressed.push({ orgId: b.org_id, parentId: b.parent_id });
    return out;
  },
  /** The ids of a situation's requests. */
  idsOf: async (db: Executor, situationId: string) =>
    (
      await db.selectFrom('situation_requests').select('id').where('situation_id', '=', situationId).execute()
    ).map((r) => r.id),
  /**
   * Per body, its standing requests of the situation (withdrawn ones count nowhere): open (not 完了), overdue (not
   * 完了 past the due time; also counted open) and done. Only of these bodies (those the caller's board shows).
   */
  async countsByBody(db: Executor, situationId: string, orgIds: readonly string[], now: string) {
    const out = new Map<string, RequestCounts>();
    for (let i = 0; i < orgIds.length; i += 400) {
      const rows = await db
        .selectFrom('situation_request_bodies as b')
        .innerJoin('situation_requests as r', 'r.id', 'b.request_id')
        .select(['b.org_id as orgId', 'b.state as state', 'r.due_at as dueAt'])
        .where('r.situation_id', '=', situationId)
        .where('r.withdrawn_at', 'is', null)
        .where('b.org_id', 'in', orgIds.slice(i, i + 400))
        .execute();
      for (const r of rows) {
        const c = out.get(r.orgId) ?? { open: 0, overdue: 0, done: 0 };
        if (r.state === 'done') c.done += 1;
        else {
          c.open += 1;
          if (r.dueAt < now) c.overdue += 1;
        }
        out.set(r.orgId, c);
      }
    }
    return out;
  },
};
