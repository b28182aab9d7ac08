import type { Executor, Tx } from '../../platform/db/database.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import type { CommunicationChecksTable, CommunicationCheckTargetsTable } from './campaigns.table.js';
import { runsOfFiscalYear } from './campaigns.yearly.js';

export type CheckRow = CommunicationChecksTable;
export type TargetRow = CommunicationCheckTargetsTable;

export const checksRepository = {
  insert: (tx: Tx, row: CheckRow) => tx.insertInto('communication_checks').values(row).execute(),
  insertTarget: (tx: Tx, row: TargetRow) =>
    tx.insertInto('communication_check_targets').values(row).execute(),
  byId: (db: Executor, id: string) =>
    db.selectFrom('communication_checks').selectAll().where('id', '=', id).executeTakeFirst(),
  targets: (db: Executor, checkIds: string[]) =>
    checkIds.length
      ? db
          .selectFrom('communication_check_targets')
          .selectAll()
          .where('check_id', 'in', checkIds)
          .orderBy('sent_at')
          .orderBy('id')
          .execute()
      : Promise.resolve([] as TargetRow[]),
  /** The test messages that reached this user in the app (as a linked contact of its body), unacknowledged. */
  async awaitingAcknowledgment(db: Executor, user: { userId: string; orgId: string }) {
    const rows = await db
      .selectFrom('communication_check_targets as t')
      .select(['t.check_id', 't.sent_at'])
      // A linked user of the same body: the contact was matched to the user when the message went out.
      .where('t.user_id', '=', user.userId)
      .where('t.org_id', '=', user.orgId)
      .where('t.acknowledged_at', 'is', null)
      .orderBy('t.sent_at', 'desc')
      .limit(50)
      .execute();
    const body = rows.length > 0 ? await orgsDirectory.byId(db, user.orgId) : undefined;
    return body ? rows.map((r) => ({ ...r, slug: body.slug })) : [];
  },
  byTokenHash: (db: Executor, hash: string) =>
    db
      .selectFrom('communication_check_targets')
      .selectAll()
      .where('ack_token_hash', '=', hash)
      .executeTakeFirst(),
  /** Checks of a fiscal year, newest first; with `orgIds`, those that started there or reached one of them. */
  list: (db: Executor, fiscalYear: number, orgIds: string[] | null) =>
    runsOfFiscalYear(db, 'communication_checks', fiscalYear, orgIds),
  /** Records the acknowledgment of a target not yet acknowledged; false when it was already. */
  acknowledge: async (tx: Tx, id: string, ack: { at: string; by: string | null; via: 'link' | 'app' }) =>
    Number(
      (
        await tx
          .updateTable('communication_check_targets')
          .set({ acknowledged_at: ack.at, acknowledged_by: ack.by, ack_via: ack.via })
          .where('id', '=', id)
          .where('acknowledged_at', 'is', null)
          .executeTakeFirst()
      ).numUpdatedRows,
    ) === 1,
};
