import type { DialectName, Tx } from '../../platform/db/database.js';

// The consent requests' queries of the sweep and of a share's withdrawal; the rest of them are in
// sharing.repository.ts.

export const consentRequestsRepository = {
  /**
   * Pending requests past their deadline at `at`, or due to be reminded (not yet reminded, deadline by
   * `remindBy`), earliest deadline first, `batch` at most; on PostgreSQL locked, rows another node holds skipped.
   */
  dueForDeadline: (tx: Tx, dialect: DialectName, at: string, remindBy: string, batch: number) => {
    let q = tx
      .selectFrom('consent_requests')
      .selectAll()
      .where('status', '=', 'pending')
      .where((eb) =>
        eb.or([
          eb('due_at', '<=', at),
          eb.and([eb('reminded_at', 'is', null), eb('due_at', '<=', remindBy)]),
        ]),
      )
      .orderBy('due_at')
      .limit(batch);
    if (dialect === 'postgres') q = q.forUpdate().skipLocked();
    return q.execute();
  },
  /** Withdraws the share's pending requests with it. */
  withdrawPending: (tx: Tx, shareId: string, at: string) =>
    tx
      .updateTable('consent_requests')
      .set({ status: 'withdrawn', decided_at: at })
      .where('share_id', '=', shareId)
      .where('status', '=', 'pending')
      .execute(),
};
