import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Executor } from '../../platform/db/database.js';
import type { ShareRow } from './sharing.repository.js';

/**
 * How a caller sees a share: `manage` (the center, or a body whose consent it asks: they read its sources
 * already), `recipient` (a published share addressed to the caller's body, or under TLP:RED to the caller), or
 * `retracted` (a withdrawn share the caller had received: a notice without content).
 */
export type ShareView = 'manage' | 'recipient' | 'retracted';

export type Box = 'inbox' | 'managed' | 'all';

/**
 * The one place that decides who sees which share, and how. Every read path (a share, the list, search,
 * acknowledgments, exports) asks it; a share missing from the answer does not exist for the caller.
 */
export async function viewsOf(
  db: Executor,
  actor: Actor,
  shares: ShareRow[],
): Promise<Map<string, ShareView>> {
  const views = new Map<string, ShareView>();
  if (!can.readIncidents(actor) || shares.length === 0) return views;
  if (can.readAllShares(actor)) {
    for (const s of shares) views.set(s.id, 'manage');
    return views;
  }
  const ids = shares.map((s) => s.id);
  const mine = (table: 'share_readers' | 'share_retractions') =>
    db
      .selectFrom(table)
      .select('share_id')
      .where('share_id', 'in', ids)
      .where('org_id', '=', actor.orgId)
      .where('user_id', 'in', ['', actor.userId])
      .execute();
  const [asked, reading, retracted] = await Promise.all([
    db
      .selectFrom('consent_requests')
      .select('share_id')
      .where('share_id', 'in', ids)
      .where('org_id', '=', actor.orgId)
      .execute(),
    mine('share_readers'),
    mine('share_retractions'),
  ]);
  const set = (rows: { share_id: string }[]) => new Set(rows.map((r) => r.share_id));
  const [askedSet, readingSet, retractedSet] = [set(asked), set(reading), set(retracted)];
  for (const s of shares) {
    if (askedSet.has(s.id)) views.set(s.id, 'manage');
    else if (s.status === 'published' && readingSet.has(s.id)) views.set(s.id, 'recipient');
    else if (s.status === 'withdrawn' && retractedSet.has(s.id)) views.set(s.id, 'retracted');
  }
  return views;
}

/** The view of one share, or null when the caller may not see it. */
export async function viewOf(
  db: Executor,
  actor: Actor,
  share: ShareRow | undefined,
): Promise<ShareView | null> {
  if (!share) return null;
  return (await viewsOf(db, actor, [share])).get(share.id) ?? null;
}

/**
 * Which of these shares the caller receives now: published and addressed to its body (or, TLP:RED, to it). A
 * body whose consent a share asked may receive it too; it then sees it as a manager, yet acknowledges it as a
 * recipient.
 */
export async function receivesAny(db: Executor, actor: Actor, shares: ShareRow[]): Promise<Set<string>> {
  const published = shares.filter((s) => s.status === 'published').map((s) => s.id);
  if (!can.readIncidents(actor) || published.length === 0) return new Set();
  const rows = await db
    .selectFrom('share_readers')
    .select('share_id')
    .where('share_id', 'in', published)
    .where('org_id', '=', actor.orgId)
    .where('user_id', 'in', ['', actor.userId])
    .execute();
  return new Set(rows.map((r) => r.share_id));
}

/** Whether the caller receives this share now (see receivesAny). */
export const receives = async (db: Executor, actor: Actor, share: ShareRow) =>
  (await receivesAny(db, actor, [share])).has(share.id);

/**
 * The shares a caller may see, as a query to filter and page: the same rule as viewsOf in SQL, so that a page
 * is full. `withContent` leaves out retraction notices (a search must not match the text of a withdrawn share).
 */
export function visibleShares(db: Executor, actor: Actor, box: Box, withContent: boolean) {
  const q = db.selectFrom('shares as s').selectAll('s');
  if (!can.readIncidents(actor)) return q.where((eb) => eb.lit(false));
  const managed = box !== 'inbox';
  const inbox = box !== 'managed';
  if (can.readAllShares(actor)) return managed ? q : q.where((eb) => eb.lit(false));
  const user = ['', actor.userId];
  return q.where((eb) => {
    const ors = [];
    if (managed)
      ors.push(
        eb.exists(
          eb
            .selectFrom('consent_requests as cr')
            .select('cr.id')
            .whereRef('cr.share_id', '=', 's.id')
            .where('cr.org_id', '=', actor.orgId),
        ),
      );
    // Published and read by the caller's body (or, TLP:RED, by the caller); withdrawn and once held by it.
    const held = (status: 'published' | 'withdrawn', table: 'share_readers' | 'share_retractions') =>
      eb.and([
        eb('s.status', '=', status),
        eb.exists(
          eb
            .selectFrom(`${table} as h`)
            .select('h.share_id')
            .whereRef('h.share_id', '=', 's.id')
            .where('h.org_id', '=', actor.orgId)
            .where('h.user_id', 'in', user),
        ),
      ]);
    if (inbox) ors.push(held('published', 'share_readers'));
    if (inbox && !withContent) ors.push(held('withdrawn', 'share_retractions'));
    return ors.length === 0 ? eb.lit(false) : eb.or(ors);
  });
}
