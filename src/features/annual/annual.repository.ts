import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.js';
import type { AnnualCommentsTable, AnnualReportsTable, AnnualSummariesTable } from './annual.table.js';

export type AnnualRow = AnnualReportsTable;
export type CommentRow = AnnualCommentsTable;
export type SummaryRow = AnnualSummariesTable;

const num = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

/** The annual report's own tables (its reads of the year's incidents: annual.passes.repository.ts). */
export const annualRepository = {
  byYear: (db: Executor, fiscalYear: number) =>
    db.selectFrom('annual_reports').selectAll().where('fiscal_year', '=', fiscalYear).executeTakeFirst(),
  all: (db: Executor) => db.selectFrom('annual_reports').selectAll().orderBy('fiscal_year', 'desc').execute(),
  insert: (tx: Tx, row: AnnualRow) => tx.insertInto('annual_reports').values(row).execute(),
  /** Changes a draft at the revision named; false when it is final or moved on (409). */
  async updateDraft(tx: Tx, id: string, revision: number, change: Partial<AnnualRow>): Promise<boolean> {
    const r = await tx
      .updateTable('annual_reports')
      .set({ ...change, revision: revision + 1 })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .where('revision', '=', revision)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  comments: (db: Executor, reportId: string, ministryIds: readonly string[] | null) => {
    let q = db
      .selectFrom('annual_comments')
      .selectAll()
      .where('report_id', '=', reportId)
      .orderBy('created_at')
      .orderBy('id');
    if (ministryIds !== null) {
      if (ministryIds.length === 0) return Promise.resolve([] as CommentRow[]);
      q = q.where('ministry_id', 'in', [...ministryIds]);
    }
    return q.execute();
  },
  insertComment: (tx: Tx, row: CommentRow) => tx.insertInto('annual_comments').values(row).execute(),

  summaryOf: (db: Executor, fiscalYear: number) =>
    db.selectFrom('annual_summaries').selectAll().where('fiscal_year', '=', fiscalYear).executeTakeFirst(),
  /** Every summary ever published (withdrawn ones too: their tombstones), newest year first. */
  summaries: (db: Executor) =>
    db.selectFrom('annual_summaries').selectAll().orderBy('fiscal_year', 'desc').execute(),
  insertSummary: (tx: Tx, row: SummaryRow) => tx.insertInto('annual_summaries').values(row).execute(),
  /** Withdraws a published summary; false when it was withdrawn already (of two at once, one wins). */
  async withdrawSummary(tx: Tx, id: string, by: string, at: string): Promise<boolean> {
    const r = await tx
      .updateTable('annual_summaries')
      .set({ withdrawn_by: by, withdrawn_at: at })
      .where('id', '=', id)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /**
   * The data version of the numbers' passes: it grows with every commit that wrote incidents, their readers,
   * deadline outcomes or accountability tracks (migration 0051's triggers).
   */
  async dataVersion(db: Executor): Promise<number> {
    const r = await db
      .selectFrom('annual_data_version')
      .select(sql<string | number | null>`sum(n)`.as('v'))
      .executeTakeFirst();
    return num(r?.v);
  },
};
