import type { Executor, Tx } from '../../platform/db/database.js';
import type { ChangeRow } from './changes.kinds.js';

export type { ChangeRow };

export const changesRepository = {
  insert: (tx: Tx, row: ChangeRow) => tx.insertInto('pending_changes').values(row).execute(),
  byId: (db: Executor, id: string) =>
    db.selectFrom('pending_changes').selectAll().where('id', '=', id).executeTakeFirst(),
  /** Holds the row to the end of the transaction (PostgreSQL; SQLite writers take turns anyway). */
  async lock(tx: Tx, dialect: string, id: string) {
    if (dialect === 'postgres')
      await tx.selectFrom('pending_changes').select('id').where('id', '=', id).forUpdate().execute();
  },
  /** The open request about a subject, if any. */
  openFor: (db: Executor, subjectKey: string) =>
    db
      .selectFrom('pending_changes')
      .select('id')
      .where('subject_key', '=', subjectKey)
      .where('status', '=', 'pending')
      .executeTakeFirst(),
  /** Ends an open change; false when it was no longer open (another confirmation or rejection came first). */
  async decide(
    tx: Tx,
    id: string,
    fields: {
      status: string;
      decided_by: string | null;
      decided_at: string;
      reason?: string | null;
      subject_user_id?: string | null;
    },
  ): Promise<boolean> {
    const done = await tx
      .updateTable('pending_changes')
      .set({ ...fields, payload: '{}' })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(done.numUpdatedRows) === 1;
  },
  /** Who asked for the changes that gave this user its account or a role (confirmed, or made at once). */
  async grantersOf(db: Executor, userId: string): Promise<Set<string>> {
    const rows = await db
      .selectFrom('pending_changes')
      .select('requested_by')
      .where('subject_user_id', '=', userId)
      .where('status', 'in', ['confirmed', 'applied'])
      .execute();
    return new Set(rows.map((r) => r.requested_by));
  },
  /** Changes of one body, or of all, pending first then newest first. */
  list: (
    db: Executor,
    q: { orgId?: string | undefined; status: 'pending' | 'decided' | 'all'; now: string },
  ) => {
    let query = db.selectFrom('pending_changes').selectAll();
    if (q.orgId) query = query.where('org_id', '=', q.orgId);
    if (q.status === 'pending') query = query.where('status', '=', 'pending').where('expires_at', '>', q.now);
    if (q.status === 'decided')
      query = query.where((eb) => eb.or([eb('status', '!=', 'pending'), eb('expires_at', '<=', q.now)]));
    return query.orderBy('requested_at', 'desc').orderBy('id', 'desc').limit(200).execute();
  },
  /** Open changes past their lifetime, oldest first. */
  due: (tx: Tx, now: string, limit: number) =>
    tx
      .selectFrom('pending_changes')
      .selectAll()
      .where('status', '=', 'pending')
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .limit(limit),
};
