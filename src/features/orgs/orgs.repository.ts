import type { Executor } from '../../platform/db/database.js';
import type { OrgKind, OrgsTable } from '../../platform/db/schema.js';

export type OrgRow = OrgsTable;

export const orgsRepository = {
  bySlug: (db: Executor, slug: string) =>
    db.selectFrom('orgs').selectAll().where('slug', '=', slug).executeTakeFirst(),
  byId: (db: Executor, id: string) =>
    db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst(),
  center: (db: Executor) => db.selectFrom('orgs').selectAll().where('kind', '=', 'center').executeTakeFirst(),
  all: (db: Executor) => db.selectFrom('orgs').selectAll().orderBy('kind').orderBy('slug').execute(),
  insert: (db: Executor, row: OrgRow) => db.insertInto('orgs').values(row).execute(),
  updateRouting: (db: Executor, id: string, reviewMode: boolean, reviewDeadlineMinutes: number | null) =>
    db
      .updateTable('orgs')
      .set({ review_mode: reviewMode ? 1 : 0, review_deadline_minutes: reviewDeadlineMinutes })
      .where('id', '=', id)
      .execute(),
  count: async (db: Executor) =>
    Number(
      (
        await db
          .selectFrom('orgs')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
};

export const ORG_KINDS: readonly OrgKind[] = ['center', 'ministry', 'agency'];
