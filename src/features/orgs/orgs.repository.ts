import type { Executor } from '../../platform/db/database.js';
import { type OrgRow, orgsDirectory } from './orgs.directory.js';

/** The orgs feature's own access to its table: the published reads, and the writes. */
export const orgsRepository = {
  ...orgsDirectory,
  insert: (db: Executor, row: OrgRow) => db.insertInto('orgs').values(row).execute(),
  updateRouting: (db: Executor, id: string, reviewMode: boolean, reviewDeadlineMinutes: number | null) =>
    db
      .updateTable('orgs')
      .set({ review_mode: reviewMode ? 1 : 0, review_deadline_minutes: reviewDeadlineMinutes })
      .where('id', '=', id)
      .execute(),
  /** Replaces one of the body's JSON lists (its aliases, its domains). */
  setList: (db: Executor, id: string, list: 'aliases' | 'domains', json: string) =>
    db
      .updateTable('orgs')
      .set({ [list]: json })
      .where('id', '=', id)
      .execute(),
};
