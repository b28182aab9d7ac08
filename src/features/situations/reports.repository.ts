import { sql } from 'kysely';
import type { Actor } from '../../platform/access/roles.js';
import { situationReportVisibleTo } from '../../platform/access/visibility.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import type { SituationReportSchedulesTable, SituationReportsTable } from './reports.table.js';

export type ReportRow = SituationReportsTable;
export type ScheduleRow = SituationReportSchedulesTable;

export const reportsRepository = {
  insert: (tx: Tx, row: ReportRow) => tx.insertInto('situation_reports').values(row).execute(),

  /** One report of the situation, if the actor sees it (a draft: the center only). */
  visibleById: (db: Executor, actor: Actor, situationId: string, id: string) =>
    db
      .selectFrom('situation_reports')
      .selectAll()
      .where('id', '=', id)
      .where('situation_id', '=', situationId)
      .where(situationReportVisibleTo(actor))
      .executeTakeFirst(),

  /** The situation's reports the actor sees: issued ones by number and version, newest first; then drafts. */
  visibleOf: (db: Executor, actor: Actor, situationId: string) =>
    db
      .selectFrom('situation_reports')
      .selectAll()
      .where('situation_id', '=', situationId)
      .where(situationReportVisibleTo(actor))
      .orderBy(sql`coalesce(number, 0)`, 'desc')
      .orderBy('version', 'desc')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),

  /** Edits a draft if it is still a draft at this row version; false otherwise. */
  async editDraft(
    tx: Tx,
    id: string,
    rowVersion: number,
    set: Pick<ReportRow, 'title' | 'body' | 'counts_kind' | 'tlp' | 'updated_at'>,
  ): Promise<boolean> {
    const r = await tx
      .updateTable('situation_reports')
      .set((eb) => ({ ...set, row_version: eb('row_version', '+', 1) }))
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .where('row_version', '=', rowVersion)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** Issues a draft as 第n報 (version 1) if it is still a draft at this row version; false otherwise. */
  async issue(
    tx: Tx,
    id: string,
    rowVersion: number,
    set: Pick<ReportRow, 'number' | 'counts' | 'tlp' | 'issued_at' | 'issued_by' | 'updated_at'>,
  ): Promise<boolean> {
    const r = await tx
      .updateTable('situation_reports')
      .set((eb) => ({ ...set, status: 'issued', row_version: eb('row_version', '+', 1) }))
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .where('row_version', '=', rowVersion)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** The highest number issued in the situation (0 when none). */
  async lastNumber(db: Executor, situationId: string): Promise<number> {
    const row = await db
      .selectFrom('situation_reports')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('situation_id', '=', situationId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },

  /** The latest version of a number. */
  latestOf: (db: Executor, situationId: string, number: number) =>
    db
      .selectFrom('situation_reports')
      .selectAll()
      .where('situation_id', '=', situationId)
      .where('number', '=', number)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst(),

  /** When the latest first issue (version 1) of the situation was, if any. */
  async lastIssuedAt(db: Executor, situationId: string): Promise<string | null> {
    const row = await db
      .selectFrom('situation_reports')
      .select((eb) => eb.fn.max('issued_at').as('at'))
      .where('situation_id', '=', situationId)
      .where('status', '=', 'issued')
      .where('version', '=', 1)
      .executeTakeFirst();
    return (row?.at as string | null | undefined) ?? null;
  },

  scheduleOf: (db: Executor, situationId: string) =>
    db
      .selectFrom('situation_report_schedules')
      .selectAll()
      .where('situation_id', '=', situationId)
      .executeTakeFirst(),

  async setSchedule(tx: Tx, row: ScheduleRow | { situation_id: string; interval_minutes: null }) {
    await tx.deleteFrom('situation_report_schedules').where('situation_id', '=', row.situation_id).execute();
    if (row.interval_minutes !== null)
      await tx
        .insertInto('situation_report_schedules')
        .values(row as ScheduleRow)
        .execute();
  },

  /** The schedules of open situations, with when each was declared (held on PostgreSQL; others' skipped). */
  async openSchedules(tx: Tx, dialect: 'sqlite' | 'postgres') {
    let q = tx
      .selectFrom('situation_report_schedules as r')
      .innerJoin('situations as s', 's.id', 'r.situation_id')
      .select(['r.situation_id', 'r.interval_minutes', 'r.reminded_due_at', 's.declared_at'])
      .where('s.stood_down_at', 'is', null)
      .where('s.exercise_id', 'is', null)
      .orderBy('r.situation_id');
    if (dialect === 'postgres') q = q.forUpdate('r').skipLocked();
    return q.execute();
  },

  /** A situation's row, for the sweep (which acts for the center, not for a caller). */
  situationRow: (db: Executor, id: string) =>
    db.selectFrom('situations').selectAll().where('id', '=', id).executeTakeFirst(),

  markReminded: (tx: Tx, situationId: string, dueAt: string) =>
    tx
      .updateTable('situation_report_schedules')
      .set({ reminded_due_at: dueAt })
      .where('situation_id', '=', situationId)
      .execute(),
};
