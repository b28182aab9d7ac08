import { compiledOnce } from '../../platform/db/compiled.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import type { OrgsTable } from './orgs.table.js';

// The queries behind the published reads of the tree of bodies (orgs.directory.ts).

/** A body, its parent and the center (asked for every report filed): compiled once (see compiledOnce). */
const chainRows = compiledOnce((db, orgId: string) =>
  db
    .selectFrom('orgs')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('id', '=', orgId),
        eb('kind', '=', 'center'),
        eb('id', '=', eb.selectFrom('orgs as o').select('o.parent_id').where('o.id', '=', orgId)),
      ]),
    ),
);

export const directoryRepository = {
  bySlug: (db: Executor, slug: string) =>
    db.selectFrom('orgs').selectAll().where('slug', '=', slug).executeTakeFirst(),
  byId: (db: Executor, id: string) =>
    db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst(),
  /** Bodies by id (each once), in no particular order. */
  byIds: (db: Executor, ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([] as OrgsTable[])
      : db
          .selectFrom('orgs')
          .selectAll()
          .where('id', 'in', [...new Set(ids)])
          .execute(),
  /** Bodies by id, in the order of their slugs. */
  inSlugOrder: (db: Executor, ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('orgs')
          .selectAll()
          .where('id', 'in', [...new Set(ids)])
          .orderBy('slug')
          .execute(),
  /** Ids of the bodies directly under a body (a ministry's agencies). */
  childIds: async (db: Executor, parentId: string) =>
    (await db.selectFrom('orgs').select('id').where('parent_id', '=', parentId).execute()).map((o) => o.id),
  /** Ids of the bodies directly under any of these bodies. */
  async childIdsOfAny(db: Executor, parentIds: string[]): Promise<string[]> {
    if (parentIds.length === 0) return [];
    return (await db.selectFrom('orgs').select('id').where('parent_id', 'in', parentIds).execute()).map(
      (o) => o.id,
    );
  },
  /** The bodies other than the center: all, only the ministries, or those with these ids (or under them). */
  nonCenter: (db: Executor, filter: { ministriesOnly?: boolean; ids?: string[]; orUnder?: boolean } = {}) =>
    db
      .selectFrom('orgs')
      .select(['id', 'kind', 'slug', 'parent_id'])
      .where('kind', '!=', 'center')
      .$if(filter.ministriesOnly === true, (q) => q.where('kind', '=', 'ministry'))
      .$if(filter.ids !== undefined, (q) =>
        q.where((eb) =>
          filter.orUnder
            ? eb.or([eb('id', 'in', filter.ids ?? []), eb('parent_id', 'in', filter.ids ?? [])])
            : eb('id', 'in', filter.ids ?? []),
        ),
      )
      .execute(),
  /** Bodies by slug (those that exist). */
  // No slugs, no bodies (and no `in ()`, which PostgreSQL refuses).
  bySlugs: (db: Executor, slugs: string[]) =>
    slugs.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('orgs')
          .select(['id', 'slug', 'kind'])
          .where('slug', 'in', [...new Set(slugs)])
          .execute(),
  center: (db: Executor) => db.selectFrom('orgs').selectAll().where('kind', '=', 'center').executeTakeFirst(),
  /** A body, its parent and the center (those that exist), in one query. */
  chainRows: (db: Executor, orgId: string) => chainRows(db, orgId),
  all: (db: Executor) => db.selectFrom('orgs').selectAll().orderBy('kind').orderBy('slug').execute(),
  count: async (db: Executor) =>
    Number(
      (
        await db
          .selectFrom('orgs')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  /** Holds a body's row until the transaction ends (PostgreSQL; FOR NO KEY UPDATE). */
  lock: async (tx: Tx, orgId: string): Promise<void> => {
    await tx.selectFrom('orgs').select('id').where('id', '=', orgId).forNoKeyUpdate().execute();
  },
};
