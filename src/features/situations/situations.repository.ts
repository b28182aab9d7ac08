import { sql } from 'kysely';
import type { Actor } from '../../platform/access/roles.js';
import {
  type Realm,
  rollCallAnswersVisibleTo,
  situationVisibleTo,
} from '../../platform/access/visibility.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import type {
  RollcallAnswersTable,
  SituationBodiesTable,
  SituationEntriesTable,
  SituationIncidentsTable,
  SituationScopeTable,
  SituationsTable,
} from './situations.table.js';

export type SituationRow = SituationsTable;
export type ScopeRow = SituationScopeTable;
export type BodyRow = SituationBodiesTable;
export type AnswerRow = RollcallAnswersTable;
export type EntryRow = SituationEntriesTable;
export type LinkRow = SituationIncidentsTable;

const chunks = <T>(rows: T[], size = 300): T[][] =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

export const situationsRepository = {
  /** The next number of the fiscal year, S-YYYY-NNN, taken as incident numbers are (one locking upsert). */
  async nextNumber(tx: Tx, fiscalYear: number): Promise<string> {
    const { last_number } = await tx
      .insertInto('situation_number_counters')
      .values({ fiscal_year: fiscalYear, last_number: 1 })
      .onConflict((oc) =>
        oc
          .column('fiscal_year')
          .doUpdateSet({ last_number: sql<number>`situation_number_counters.last_number + 1` }),
      )
      .returning('last_number')
      .executeTakeFirstOrThrow();
    return `S-${fiscalYear}-${String(last_number).padStart(3, '0')}`;
  },
  insert: (tx: Tx, row: SituationRow) => tx.insertInto('situations').values(row).execute(),
  async insertScope(tx: Tx, rows: ScopeRow[]) {
    for (const part of chunks(rows)) await tx.insertInto('situation_scope').values(part).execute();
  },
  async insertBodies(tx: Tx, rows: BodyRow[]) {
    for (const part of chunks(rows)) await tx.insertInto('situation_bodies').values(part).execute();
  },
  async insertLinks(tx: Tx, rows: LinkRow[]) {
    for (const part of chunks(rows)) await tx.insertInto('situation_incidents').values(part).execute();
  },
  insertEntry: (tx: Tx, row: EntryRow) => tx.insertInto('situation_entries').values(row).execute(),
  insertAnswer: (tx: Tx, row: AnswerRow) => tx.insertInto('rollcall_answers').values(row).execute(),

  /** One situation, if the actor sees it (an exercise's too: its view is flagged). */
  visibleById: (db: Executor, actor: Actor, id: string) =>
    db
      .selectFrom('situations')
      .selectAll()
      .where('id', '=', id)
      .where(situationVisibleTo(actor, 'situations', 'any'))
      .executeTakeFirst(),
  /** The situations of the realm the actor sees, newest first: open, stood down, or all. */
  visible: (db: Executor, actor: Actor, state: 'open' | 'closed' | 'all', realm: Realm = 'real') =>
    db
      .selectFrom('situations')
      .selectAll()
      .where(situationVisibleTo(actor, 'situations', realm))
      .$if(state === 'open', (q) => q.where('stood_down_at', 'is', null))
      .$if(state === 'closed', (q) => q.where('stood_down_at', 'is not', null))
      .orderBy('declared_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
  /** Holds the situation's row until the transaction ends (PostgreSQL): changes to one situation in turn. */
  async lock(tx: Tx, id: string, dialect: 'sqlite' | 'postgres') {
    if (dialect === 'postgres')
      await tx.selectFrom('situations').select('id').where('id', '=', id).forNoKeyUpdate().execute();
  },
  /**
   * Holds the situation's row in share mode until the transaction ends (PostgreSQL): answers of different bodies
   * run side by side, while a level change or stand-down (lock) waits for them, and they for it.
   */
  async lockShared(tx: Tx, id: string, dialect: 'sqlite' | 'postgres') {
    if (dialect === 'postgres')
      await tx.selectFrom('situations').select('id').where('id', '=', id).forShare().execute();
  },
  /** One body's row of a situation's scope, or undefined when the body is not in scope. */
  bodyOf: (db: Executor, situationId: string, orgId: string) =>
    db
      .selectFrom('situation_bodies')
      .selectAll()
      .where('situation_id', '=', situationId)
      .where('org_id', '=', orgId)
      .executeTakeFirst(),
  /**
   * Holds one body's row of the scope until the transaction ends (PostgreSQL): its answer and the roll-call
   * reminder sweep (which skips locked rows) take it in turn, so a body being answered is not reminded, an
   * answer that waited for the sweep closes the reminder just sent, and a body's revisions are numbered in turn.
   */
  async lockBody(tx: Tx, situationId: string, orgId: string, dialect: 'sqlite' | 'postgres') {
    if (dialect === 'postgres')
      await tx
        .selectFrom('situation_bodies')
        .select('org_id')
        .where('situation_id', '=', situationId)
        .where('org_id', '=', orgId)
        .forUpdate()
        .execute();
  },
  scopeOf: (db: Executor, ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([] as ScopeRow[])
      : db.selectFrom('situation_scope').selectAll().where('situation_id', 'in', ids).execute(),
  bodiesOf: (db: Executor, id: string) =>
    db.selectFrom('situation_bodies').selectAll().where('situation_id', '=', id).execute(),
  /** How many bodies each situation has in scope. */
  async bodyCounts(db: Executor, ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('situation_bodies')
      .select(['situation_id', (eb) => eb.fn.countAll().as('n')])
      .where('situation_id', 'in', ids)
      .groupBy('situation_id')
      .execute();
    return new Map(rows.map((r) => [r.situation_id, Number(r.n)]));
  },
  /** Of these situations, the in-scope bodies that are these bodies or whose ministry is one of them. */
  bodiesNear: (db: Executor, ids: string[], orgIds: string[]) =>
    ids.length === 0 || orgIds.length === 0
      ? Promise.resolve([] as BodyRow[])
      : db
          .selectFrom('situation_bodies')
          .selectAll()
          .where('situation_id', 'in', ids)
          .where((eb) => eb.or([eb('org_id', 'in', orgIds), eb('parent_id', 'in', orgIds)]))
          .execute(),
  /** The in-scope bodies whose answers the actor reads. */
  answerableBodies: (db: Executor, actor: Actor, id: string) =>
    db
      .selectFrom('situation_bodies')
      .selectAll()
      .where('situation_id', '=', id)
      .where(rollCallAnswersVisibleTo(actor))
      .execute(),
  linksOf: (db: Executor, ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([] as LinkRow[])
      : db
          .selectFrom('situation_incidents')
          .selectAll()
          .where('situation_id', 'in', ids)
          .orderBy('linked_at')
          .execute(),
  /** Each body's current answer (its highest revision) in these situations, for these bodies. */
  currentAnswers: (db: Executor, situationIds: string[], orgIds?: string[]) =>
    situationIds.length === 0 || orgIds?.length === 0
      ? Promise.resolve([] as AnswerRow[])
      : db
          .selectFrom('rollcall_answers as a')
          .selectAll('a')
          .where('a.situation_id', 'in', situationIds)
          .$if(orgIds !== undefined, (q) => q.where('a.org_id', 'in', orgIds ?? []))
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('rollcall_answers as later')
                  .select('later.id')
                  .whereRef('later.situation_id', '=', 'a.situation_id')
                  .whereRef('later.org_id', '=', 'a.org_id')
                  .whereRef('later.revision', '>', 'a.revision'),
              ),
            ),
          )
          .execute(),
  /** Every revision of a body's answer, newest first. */
  revisions: (db: Executor, situationId: string, orgId: string) =>
    db
      .selectFrom('rollcall_answers')
      .selectAll()
      .where('situation_id', '=', situationId)
      .where('org_id', '=', orgId)
      .orderBy('revision', 'desc')
      .execute(),
  async lastRevision(tx: Tx, situationId: string, orgId: string): Promise<number> {
    const row = await tx
      .selectFrom('rollcall_answers')
      .select((eb) => eb.fn.max('revision').as('n'))
      .where('situation_id', '=', situationId)
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },
  entries: (db: Executor, id: string) =>
    db
      .selectFrom('situation_entries')
      .selectAll()
      .where('situation_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute(),
  /** Moves an open situation to another level; false when it was stood down meanwhile. */
  async changeLevel(tx: Tx, id: string, level: string, at: string, dueAt: string): Promise<boolean> {
    const r = await tx
      .updateTable('situations')
      .set((eb) => ({ level, level_changed_at: at, rollcall_due_at: dueAt, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('stood_down_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /** Stands an open situation down; false when it was already. */
  async standDown(tx: Tx, id: string, at: string, by: string): Promise<boolean> {
    const r = await tx
      .updateTable('situations')
      .set((eb) => ({ stood_down_at: at, stood_down_by: by, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('stood_down_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
};
