import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/access/roles.js';
import { shareVisibleTo } from '../../platform/access/visibility.js';
import type { Database, Executor, Tx } from '../../platform/db/database.js';
import type { ShareRow } from './sharing.repository.js';
import type { StixObject } from './sharing.stix.js';
import type { ShareStixVersionsTable } from './sharing.stix.table.js';
import type { StixVersion } from './sharing.stix.versions.js';

/** A stored version as read back. */
export interface StoredVersion extends StixVersion {
  shareId: string;
  dateAdded: string;
}

/** Where a page ends: the last version given, in the order versions were added. */
export interface VersionCursor {
  dateAdded: string;
  objectId: string;
  modified: string;
}

/** What a page of versions is filtered by (TAXII's added_after and match[…]). */
export interface VersionFilter {
  addedAfter?: string;
  after?: VersionCursor;
  ids?: readonly string[];
  types?: readonly string[];
  /** 'last' (the default), 'first', 'all', or exact `modified` times. */
  versions?: readonly string[];
  /** Only the versions of these shares. */
  shareIds?: readonly string[];
}

const toStored = (r: ShareStixVersionsTable): StoredVersion => ({
  objectId: r.object_id,
  modified: r.modified,
  shareId: r.share_id,
  type: r.type,
  revoked: r.revoked === 1,
  dateAdded: r.date_added,
  object: JSON.parse(r.object) as StixObject,
});

type Eb = ExpressionBuilder<Database & { v: ShareStixVersionsTable; s: ShareRow }, 'v' | 's'>;

/**
 * The versions a caller may see (visibility module): every version of a published share it sees with its
 * content (one it receives, or manages), and the revoked versions of one it sees at all (a retraction notice of
 * a withdrawn share it held). While an edited share waits for consent again, its versions wait with it.
 */
const visibleTo = (actor: Actor) => (eb: Eb) =>
  eb.or([
    eb.and([eb('s.status', '=', 'published'), shareVisibleTo(actor, { box: 'all', withContent: true })]),
    eb.and([eb('v.revoked', '=', 1), shareVisibleTo(actor, { box: 'all', withContent: false })]),
  ]);

function versionChoice(eb: Eb, choices: readonly string[]): Expression<SqlBool> {
  const ors: Expression<SqlBool>[] = [];
  const bound = (fn: 'max' | 'min') =>
    eb(
      'v.modified',
      '=',
      eb
        .selectFrom('share_stix_versions as w')
        .select(sql<string>`${sql.raw(fn)}(w.modified)`.as('m'))
        .whereRef('w.object_id', '=', 'v.object_id'),
    );
  const exact = choices.filter((c) => c !== 'last' && c !== 'first' && c !== 'all');
  if (choices.includes('all')) return sql<SqlBool>`1 = 1`;
  if (choices.length === 0 || choices.includes('last')) ors.push(bound('max'));
  if (choices.includes('first')) ors.push(bound('min'));
  if (exact.length > 0) ors.push(eb('v.modified', 'in', exact));
  return eb.or(ors);
}

// What changes whenever a share's objects may: an edit (revision, round), a publication, a withdrawal. The clock
// alone would not do: two changes can fall in the same millisecond.
const STATE = sql<string>`s.status || ':' || s.revision || ':' || s.round || ':' || s.updated_at`;

export const stixVersionsRepository = {
  /** Published or withdrawn shares whose versions do not yet reflect their last change. */
  stale: (db: Executor) =>
    db
      .selectFrom('shares as s')
      .leftJoin('share_stix_sync as y', 'y.share_id', 's.id')
      .selectAll('s')
      .select(STATE.as('state'))
      .where('s.status', 'in', ['published', 'withdrawn'])
      .where((eb) => eb.or([eb('y.state', 'is', null), eb('y.state', '<>', STATE)]))
      .orderBy('s.created_at')
      .execute(),
  async versionsOf(db: Executor, shareId: string): Promise<StoredVersion[]> {
    const rows = await db
      .selectFrom('share_stix_versions')
      .selectAll()
      .where('share_id', '=', shareId)
      .execute();
    return rows.map(toStored);
  },
  async record(tx: Tx, shareId: string, state: string, versions: readonly StixVersion[], at: string) {
    if (versions.length > 0)
      await tx
        .insertInto('share_stix_versions')
        .values(
          versions.map((v) => ({
            object_id: v.objectId,
            modified: v.modified,
            share_id: shareId,
            type: v.type,
            revoked: v.revoked ? 1 : 0,
            date_added: at,
            object: JSON.stringify(v.object),
          })),
        )
        .onConflict((oc) => oc.columns(['object_id', 'modified']).doNothing())
        .execute();
    await tx
      .insertInto('share_stix_sync')
      .values({ share_id: shareId, state })
      .onConflict((oc) => oc.column('share_id').doUpdateSet({ state }))
      .execute();
  },
  /** A page of the versions the caller may see, in the order they were added; one more than `limit` if any. */
  async page(db: Executor, actor: Actor, filter: VersionFilter, limit: number | undefined) {
    let q = db
      .selectFrom('share_stix_versions as v')
      .innerJoin('shares as s', 's.id', 'v.share_id')
      .selectAll('v')
      .where(visibleTo(actor))
      .where((eb) => versionChoice(eb, filter.versions ?? []));
    if (filter.addedAfter) q = q.where('v.date_added', '>', filter.addedAfter);
    if (filter.ids) q = q.where('v.object_id', 'in', filter.ids.length ? [...filter.ids] : ['']);
    if (filter.types) q = q.where('v.type', 'in', filter.types.length ? [...filter.types] : ['']);
    if (filter.shareIds)
      q = q.where('v.share_id', 'in', filter.shareIds.length ? [...filter.shareIds] : ['']);
    const after = filter.after;
    if (after)
      q = q.where((eb) =>
        eb.or([
          eb('v.date_added', '>', after.dateAdded),
          eb.and([eb('v.date_added', '=', after.dateAdded), eb('v.object_id', '>', after.objectId)]),
          eb.and([
            eb('v.date_added', '=', after.dateAdded),
            eb('v.object_id', '=', after.objectId),
            eb('v.modified', '>', after.modified),
          ]),
        ]),
      );
    q = q.orderBy('v.date_added').orderBy('v.object_id').orderBy('v.modified');
    if (limit !== undefined) q = q.limit(limit + 1);
    return (await q.execute()).map(toStored);
  },
};
