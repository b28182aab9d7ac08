import type { Executor, Tx } from '../../platform/db/database.js';

// The imports of files into draft shares (share_imports), by the digest of each file's id and content.

export const shareImportsRepository = {
  /**
   * Claims a file's digest for a new draft; false when another import holds it already (a racing import
   * waits for the first to commit, then finds its row).
   */
  claim: async (
    tx: Tx,
    row: { fingerprint: string; share_id: string; format: string; source_id: string; created_at: string },
  ): Promise<boolean> => {
    const result = await tx
      .insertInto('share_imports')
      .values(row)
      .onConflict((oc) => oc.column('fingerprint').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  },
  byFingerprint: (db: Executor, fingerprint: string) =>
    db.selectFrom('share_imports').selectAll().where('fingerprint', '=', fingerprint).executeTakeFirst(),
  /** Points a digest at another draft (its first was purged). */
  repoint: (tx: Tx, fingerprint: string, shareId: string, at: string) =>
    tx
      .updateTable('share_imports')
      .set({ share_id: shareId, created_at: at })
      .where('fingerprint', '=', fingerprint)
      .execute(),
};
