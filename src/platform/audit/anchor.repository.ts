import type { Executor } from '../db/database.js';
import type { AnchoredRow } from './anchor.format.js';
import type { AuditAnchorsTable } from './audit.table.js';

export type AnchorRow = AuditAnchorsTable;

const ROW_COLUMNS = [
  'seq',
  'at',
  'actor_user_id',
  'actor_org_id',
  'action',
  'subject_type',
  'subject_id',
  'detail',
  'prev_hash',
  'hash',
] as const;

export const anchorsRepository = {
  last: (db: Executor) =>
    db.selectFrom('audit_anchors').selectAll().orderBy('n', 'desc').limit(1).executeTakeFirst(),

  /** Anchors after number `n`, oldest first. */
  after: (db: Executor, n: number) =>
    db.selectFrom('audit_anchors').selectAll().where('n', '>', n).orderBy('n').execute(),

  byNumber: (db: Executor, n: number) =>
    db.selectFrom('audit_anchors').selectAll().where('n', '=', n).executeTakeFirst(),

  insert: (db: Executor, row: AnchorRow) => db.insertInto('audit_anchors').values(row).execute(),

  /** The head of the audit chain: its newest sealed row's number and hash. */
  head: (db: Executor) =>
    db
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .where('seq', 'is not', null)
      .orderBy('seq', 'desc')
      .limit(1)
      .$narrowType<{ seq: number }>()
      .executeTakeFirst(),

  /** The rows not sealed yet (PostgreSQL): how many, and when the oldest of them was written. */
  unsealed: async (db: Executor) => {
    const row = await db
      .selectFrom('audit_log')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('at').as('oldest')])
      .where('seq', 'is', null)
      .executeTakeFirst();
    return { count: Number(row?.n ?? 0), oldest: row?.oldest ?? null };
  },

  /** The hash of row `seq`, if there is one. */
  hashAt: async (db: Executor, seq: number) =>
    (await db.selectFrom('audit_log').select('hash').where('seq', '=', seq).executeTakeFirst())?.hash,

  /** When the first row after `seq` was written, if there is one. */
  firstAfter: (db: Executor, seq: number) =>
    db
      .selectFrom('audit_log')
      .select(['seq', 'at'])
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(1)
      .$narrowType<{ seq: number }>()
      .executeTakeFirst(),

  /** Audit rows after `after`, up to `through`, oldest first, `limit` at a time. */
  rows: (
    db: Executor,
    after: number | null,
    through: number | null,
    limit: number,
  ): Promise<AnchoredRow[]> => {
    // Sealed rows only: an unsealed row has no place in the chain yet.
    let q = db
      .selectFrom('audit_log')
      .select(ROW_COLUMNS)
      .where('seq', 'is not', null)
      .orderBy('seq')
      .limit(limit)
      .$narrowType<{ seq: number }>();
    if (after !== null) q = q.where('seq', '>', after);
    if (through !== null) q = q.where('seq', '<=', through);
    return q.execute();
  },
};
