import type { Actor } from '../../platform/access/roles.js';
import {
  type Box,
  type ShareView,
  sharesReceived,
  shareViews,
  shareVisibleTo,
} from '../../platform/access/visibility.js';
import type { Executor } from '../../platform/db/database.js';
import { type ShareRow, sharesRepository } from './sharing.repository.js';

// Who sees which share is decided in the visibility module (platform/access/visibility.ts); these are its
// forms for share rows. Every read path (a share, the list, search, acknowledgments, exports) asks them.

export type { Box, ShareView };

/** How the caller sees each of these shares; a share missing from the answer does not exist for it. */
export const viewsOf = (db: Executor, actor: Actor, shares: ShareRow[]): Promise<Map<string, ShareView>> =>
  shareViews(
    db,
    actor,
    shares.map((s) => s.id),
  );

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
export const receivesAny = (db: Executor, actor: Actor, shares: ShareRow[]): Promise<Set<string>> =>
  sharesReceived(
    db,
    actor,
    shares.map((s) => s.id),
  );

/** Whether the caller receives this share now (see receivesAny). */
export const receives = async (db: Executor, actor: Actor, share: ShareRow) =>
  (await receivesAny(db, actor, [share])).has(share.id);

/**
 * The shares a caller may see, as a query to filter and page (alias `s`). `withContent` leaves out retraction
 * notices (a search must not match the text of a withdrawn share).
 */
export const visibleShares = (db: Executor, actor: Actor, box: Box, withContent: boolean) =>
  sharesRepository.visible(db, shareVisibleTo(actor, { box, withContent }));
