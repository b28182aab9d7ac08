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
};
