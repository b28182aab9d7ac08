import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.js';
import type { ExerciseInjectsTable, ExerciseStatus, ExercisesTable } from './exercises.table.js';

export type ExerciseRow = ExercisesTable;
export type InjectRow = ExerciseInjectsTable;

export const exercisesRepository = {
  /** The next number of the fiscal year, X-YYYY-NNN (one locking upsert, as situations' numbers). */
  async nextNumber(tx: Tx, fiscalYear: number): Promise<string> {
    const { last_number } = await tx
      .insertInto('exercise_number_counters')
      .values({ fiscal_year: fiscalYear, last_number: 1 })
      .onConflict((oc) =>
        oc
          .column('fiscal_year')
          .doUpdateSet({ last_number: sql<number>`exercise_number_counters.last_number + 1` }),
      )
      .returning('last_number')
      .executeTakeFirstOrThrow();
    return `X-${fiscalYear}-${String(last_number).padStart(3, '0')}`;
  },
  /** Records that the exercise paused at this time (it resumes with `endPause`). */
  startPause: (tx: Tx, exerciseId: string, at: string) =>
    tx
      .insertInto('exercise_pauses')
      .values({ exercise_id: exerciseId, paused_at: at, resumed_at: null })
      .execute(),
  /** Closes the exercise's open pause, if any (a resume, or the end of a paused exercise). */
  endPause: (tx: Tx, exerciseId: string, at: string) =>
    tx
      .updateTable('exercise_pauses')
      .set({ resumed_at: at })
      .where('exercise_id', '=', exerciseId)
      .where('resumed_at', 'is', null)
      .execute(),
  insert: (tx: Tx, row: ExerciseRow) => tx.insertInto('exercises').values(row).execute(),
  async insertInjects(tx: Tx, rows: InjectRow[]) {
    for (let i = 0; i < rows.length; i += 200)
      await tx
        .insertInto('exercise_injects')
        .values(rows.slice(i, i + 200))
        .execute();
  },
  deleteInjects: (tx: Tx, exerciseId: string) =>
    tx.deleteFrom('exercise_injects').where('exercise_id', '=', exerciseId).execute(),
  byId: (db: Executor, id: string) =>
    db.selectFrom('exercises').selectAll().where('id', '=', id).executeTakeFirst(),
  /** Every exercise but purged ones, newest first. */
  list: (db: Executor) =>
    db
      .selectFrom('exercises')
      .selectAll()
      .where('status', '!=', 'purged')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
  injectsOf: (db: Executor, exerciseId: string) =>
    db
      .selectFrom('exercise_injects')
      .selectAll()
      .where('exercise_id', '=', exerciseId)
      .orderBy('seq')
      .execute(),
  /** Holds the exercise's row until the transaction ends (PostgreSQL): control and play take turns. */
  async lock(tx: Tx, id: string, dialect: 'sqlite' | 'postgres') {
    if (dialect === 'postgres')
      await tx.selectFrom('exercises').select('id').where('id', '=', id).forUpdate().execute();
  },
  /** Changes the exercise if it is still at `version` and in one of `from`; says whether it did. */
  async update(
    tx: Tx,
    id: string,
    version: number,
    from: readonly ExerciseStatus[],
    set: Partial<Omit<ExerciseRow, 'id' | 'version'>>,
  ): Promise<boolean> {
    const r = await tx
      .updateTable('exercises')
      .set({ ...set, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /** Running exercises with their earliest unplayed inject (the runner's worklist). */
  nextUnplayed: (db: Executor) =>
    db
      .selectFrom('exercises as e')
      .innerJoin('exercise_injects as i', 'i.exercise_id', 'e.id')
      .select(['e.id', 'e.started_at', 'e.paused_ms', 'i.seq', 'i.offset_seconds'])
      .where('e.status', '=', 'running')
      .where('i.played_at', 'is', null)
      .where('i.outcome', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('exercise_injects as j')
              .select('j.seq')
              .whereRef('j.exercise_id', '=', 'i.exercise_id')
              .where('j.played_at', 'is', null)
              .where('j.outcome', 'is', null)
              .whereRef('j.seq', '<', 'i.seq'),
          ),
        ),
      )
      .execute(),
  /**
   * Claims an inject for play in the caller's transaction: it is set played only if nobody played it yet (a
   * second node, a restarted one), and the rest of the transaction plays it. Says whether this caller got it.
   */
  async claim(tx: Tx, exerciseId: string, seq: number, at: string): Promise<boolean> {
    const r = await tx
      .updateTable('exercise_injects')
      .set({ played_at: at })
      .where('exercise_id', '=', exerciseId)
      .where('seq', '=', seq)
      .where('played_at', 'is', null)
      .where('outcome', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  setOutcome: (tx: Tx, exerciseId: string, seq: number, outcome: Record<string, unknown>) =>
    tx
      .updateTable('exercise_injects')
      .set({ outcome: JSON.stringify(outcome) })
      .where('exercise_id', '=', exerciseId)
      .where('seq', '=', seq)
      .execute(),
  /** The injects not played when the exercise ends: they never will be, and say so. */
  markUnplayed: (tx: Tx, exerciseId: string) =>
    tx
      .updateTable('exercise_injects')
      .set({
        outcome: JSON.stringify({ ok: false, code: 'exercises.ended', message: 'The exercise ended first.' }),
      })
      .where('exercise_id', '=', exerciseId)
      .where('played_at', 'is', null)
      .where('outcome', 'is', null)
      .execute(),
  /** The outcome of an earlier inject (what the declaration created). */
  outcomes: (db: Executor, exerciseId: string, beforeSeq: number) =>
    db
      .selectFrom('exercise_injects')
      .select(['seq', 'kind', 'outcome'])
      .where('exercise_id', '=', exerciseId)
      .where('seq', '<', beforeSeq)
      .orderBy('seq')
      .execute(),
};
