import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/access/roles.js';
import { shareVisibleTo, stixRevocationHeldBy } from '../../platform/access/visibility.js';
import type { Database, Executor, Tx } from '../../platform/db/database.js';
import type { ShareRow } from './sharing.repository.js';
import type { StixObject } from './sharing.stix.js';
import type { ShareStixVersionsTable } from './sharing.stix.table.js';
import type { Holder, StixVersion } from './sharing.stix.versions.js';

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
 * content (one it receives, or manages), and the revoked versions of one it manages. A former holder (a body
 * removed from the audience, every holder of a withdrawn share) gets its own revocations instead
 * (share_stix_revocations), which carry nothing it did not hold. While an edited share waits for consent again,
 * its versions wait with it.
 */
const visibleTo = (actor: Actor) => (eb: Eb) =>
  eb.or([
    eb.and([eb('s.status', '=', 'published'), shareVisibleTo(actor, { box: 'all', withContent: true })]),
    eb.and([eb('v.revoked', '=', 1), shareVisibleTo(actor, { box: 'managed', withContent: false })]),
  ]);

type Vb = ExpressionBuilder<
  Database & { v: { date_added: string; object_id: string; modified: string } },
  'v'
>;

/** Past the cursor, in the order versions were added. */
const afterCursor = (eb: Vb, after: VersionCursor) =>
  eb.or([
    eb('v.date_added', '>', after.dateAdded),
    eb.and([eb('v.date_added', '=', after.dateAdded), eb('v.object_id', '>', after.objectId)]),
    eb.and([
      eb('v.date_added', '=', after.dateAdded),
      eb('v.object_id', '=', after.objectId),
      eb('v.modified', '>', after.modified),
    ]),
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
  /** The deployment's secret namespace of indicator ids (see indicatorStixId). */
  async indicatorIdKey(db: Executor): Promise<string> {
    const row = await db
      .selectFrom('stix_id_keys')
      .select('key')
      .where('name', '=', 'indicator')
      .executeTakeFirstOrThrow();
    return row.key;
  },
  /** Notes that the share changed (in the transaction that changes it): the next export looks at it. */
  markPending: (tx: Tx, shareId: string) =>
    tx
      .insertInto('share_stix_pending')
      .columns(['share_id', 'state'])
      .expression(
        tx
          .selectFrom('shares as s')
          .select(['s.id', STATE.as('state')])
          .where('s.id', '=', shareId),
      )
      .onConflict((oc) => oc.column('share_id').doUpdateSet((eb) => ({ state: eb.ref('excluded.state') })))
      .execute(),
  /**
   * The shares changed since the last export, each with the state it was noted at and whether its versions
   * need bringing up to date (published or withdrawn, and not yet reflecting that change).
   */
  pending: (db: Executor) =>
    db
      .selectFrom('share_stix_pending as p')
      .innerJoin('shares as s', 's.id', 'p.share_id')
      .leftJoin('share_stix_sync as y', 'y.share_id', 's.id')
      .selectAll('s')
      .select(['p.state as noted', STATE.as('state'), 'y.state as synced'])
      .orderBy('s.created_at')
      .execute(),
  /** Done with the share, unless it changed again since it was noted. */
  settled: (tx: Tx, shareId: string, noted: string) =>
    tx.deleteFrom('share_stix_pending').where('share_id', '=', shareId).where('state', '=', noted).execute(),
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
  /**
   * Who held the share and no longer reads it now (all its holders once it is withdrawn), since a retraction
   * whose revocations are not worked out yet.
   */
  async formerHolders(db: Executor, shareId: string): Promise<Holder[]> {
    const rows = await db
      .selectFrom('share_retractions as r')
      .select(['r.org_id', 'r.user_id', 'r.since'])
      .where('r.share_id', '=', shareId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('share_readers as n')
              .select('n.share_id')
              .whereRef('n.share_id', '=', 'r.share_id')
              .whereRef('n.org_id', '=', 'r.org_id')
              .whereRef('n.user_id', '=', 'r.user_id'),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('share_stix_holders_revoked as d')
              .select('d.share_id')
              .whereRef('d.share_id', '=', 'r.share_id')
              .whereRef('d.org_id', '=', 'r.org_id')
              .whereRef('d.user_id', '=', 'r.user_id')
              .whereRef('d.since', '=', 'r.since'),
          ),
        ),
      )
      .execute();
    return rows.map((r) => ({ orgId: r.org_id, userId: r.user_id, since: r.since }));
  },
  /** The objects of the share each former holder already has a revocation of, keyed `org|user|object`. */
  async revokedFor(db: Executor, shareId: string): Promise<Set<string>> {
    const rows = await db
      .selectFrom('share_stix_revocations')
      .select(['org_id', 'user_id', 'object_id'])
      .where('share_id', '=', shareId)
      .execute();
    return new Set(rows.map((r) => `${r.org_id}|${r.user_id}|${r.object_id}`));
  },
  /** Records that these holders' revocations were worked out, for their retraction now. */
  async holdersRevoked(tx: Tx, shareId: string, holders: readonly Holder[]) {
    for (let i = 0; i < holders.length; i += 200)
      await tx
        .insertInto('share_stix_holders_revoked')
        .values(
          holders
            .slice(i, i + 200)
            .map((h) => ({ share_id: shareId, org_id: h.orgId, user_id: h.userId, since: h.since })),
        )
        .onConflict((oc) =>
          oc
            .columns(['share_id', 'org_id', 'user_id'])
            .doUpdateSet((eb) => ({ since: eb.ref('excluded.since') })),
        )
        .execute();
  },
  async recordRevocations(
    tx: Tx,
    shareId: string,
    owed: readonly { holder: Holder; version: StixVersion }[],
    at: string,
  ) {
    for (let i = 0; i < owed.length; i += 200)
      await tx
        .insertInto('share_stix_revocations')
        .values(
          owed.slice(i, i + 200).map(({ holder, version }) => ({
            share_id: shareId,
            org_id: holder.orgId,
            user_id: holder.userId,
            object_id: version.objectId,
            modified: version.modified,
            type: version.type,
            date_added: at,
            object: JSON.stringify(version.object),
          })),
        )
        .onConflict((oc) => oc.columns(['share_id', 'org_id', 'user_id', 'object_id']).doNothing())
        .execute();
  },
  /**
   * A page of the versions the caller may see — the shares' versions and its own revocations as a former
   * holder — in the order they were added; one more than `limit` if any.
   */
  async page(db: Executor, actor: Actor, filter: VersionFilter, limit: number | undefined) {
    const columns = ['object_id', 'modified', 'share_id', 'type', 'revoked', 'date_added', 'object'] as const;
    let versions = db
      .selectFrom('share_stix_versions as v')
      .innerJoin('shares as s', 's.id', 'v.share_id')
      .select(columns.map((c) => `v.${c}` as const))
      .where(visibleTo(actor))
      .where((eb) => versionChoice(eb, filter.versions ?? []));
    // A former holder's revocation is the last (and first) version it has of the object.
    const choices = filter.versions ?? [];
    const exact = choices.filter((c) => c !== 'last' && c !== 'first' && c !== 'all');
    let revocations = db
      .selectFrom('share_stix_revocations as v')
      .innerJoin('shares as s', 's.id', 'v.share_id')
      .select([
        'v.object_id',
        'v.modified',
        'v.share_id',
        'v.type',
        sql<number>`1`.as('revoked'),
        'v.date_added',
        'v.object',
      ])
      .where(stixRevocationHeldBy(actor, 'v', 's'));
    if (choices.length > 0 && !choices.some((c) => c === 'last' || c === 'first' || c === 'all'))
      revocations = revocations.where('v.modified', 'in', exact.length ? exact : ['']);
    if (filter.addedAfter) {
      versions = versions.where('v.date_added', '>', filter.addedAfter);
      revocations = revocations.where('v.date_added', '>', filter.addedAfter);
    }
    if (filter.ids) {
      const ids = filter.ids.length ? [...filter.ids] : [''];
      versions = versions.where('v.object_id', 'in', ids);
      revocations = revocations.where('v.object_id', 'in', ids);
    }
    if (filter.types) {
      const types = filter.types.length ? [...filter.types] : [''];
      versions = versions.where('v.type', 'in', types);
      revocations = revocations.where('v.type', 'in', types);
    }
    if (filter.shareIds) {
      const shareIds = filter.shareIds.length ? [...filter.shareIds] : [''];
      versions = versions.where('v.share_id', 'in', shareIds);
      revocations = revocations.where('v.share_id', 'in', shareIds);
    }
    const after = filter.after;
    if (after) {
      versions = versions.where((eb) => afterCursor(eb, after));
      revocations = revocations.where((eb) => afterCursor(eb, after));
    }
    let q = db.selectFrom(versions.unionAll(revocations).as('u')).selectAll('u');
    q = q.orderBy('u.date_added').orderBy('u.object_id').orderBy('u.modified');
    if (limit !== undefined) q = q.limit(limit + 1);
    return (await q.execute()).map((r) => toStored(r as ShareStixVersionsTable));
  },
};
