import type { Actor } from '../../platform/access/roles.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import type { SharingDeps } from './sharing.deps.js';
import { shareErrors } from './sharing.errors.js';
import { type MispEvent, mispEventUuid, shareToMispEvent } from './sharing.misp.js';
import { contentOf, type ShareRow, sharesRepository } from './sharing.repository.js';
import type { Tlp } from './sharing.terms.js';
import { viewOf, viewsOf, visibleShares } from './sharing.visibility.js';

// Published shares as MISP events, for the caller: exactly the shares its STIX export holds (published, seen
// through the visibility module, never a retraction notice), audited as exports.

/** Of these shares, those the caller may export: published, and seen as more than a retraction notice. */
async function exportable(unit: Unit, actor: Actor, shares: ShareRow[]): Promise<ShareRow[]> {
  const views = await viewsOf(unit.tx, actor, shares);
  return shares.filter(
    (s) => s.status === 'published' && s.published_at && views.has(s.id) && views.get(s.id) !== 'retracted',
  );
}

async function toEvents(unit: Unit, actor: Actor, shares: ShareRow[], format: string, deps: SharingDeps) {
  const center = await orgsDirectory.center(unit.tx);
  const author = { id: center?.id ?? 'center', name: center?.name_en ?? 'Center' };
  await deps.audit.append(
    unit,
    audited(actor, 'share.export', 'share', null, { format, ids: shares.map((s) => s.id) }),
    deps.clock.now(),
  );
  return shares.map((s) =>
    shareToMispEvent(
      {
        id: s.id,
        ...contentOf(s),
        tlp: s.tlp as Tlp,
        updatedAt: s.updated_at,
        publishedAt: s.published_at as string,
      },
      author,
    ),
  );
}

/** One published share the caller may see, as a MISP event; any other is not found. */
export async function mispEventOf(args: { unit: Unit; actor: Actor; id: string; deps: SharingDeps }) {
  const { unit, actor } = args;
  const share = await sharesRepository.byId(unit.tx, args.id);
  if (!share || !(await viewOf(unit.tx, actor, share))) throw shareErrors.notFound();
  const [out] = await exportable(unit, actor, [share]);
  if (!out) throw shareErrors.notFound();
  const [event] = await toEvents(unit, actor, [out], 'misp', args.deps);
  return event as MispEvent;
}

/**
 * The caller's MISP feed: every published share it may see, as events (newest first), or — with `uuid` — the
 * one event of that uuid (none: not found, as for an event of another body).
 */
export async function mispFeed(args: { unit: Unit; actor: Actor; uuid?: string; deps: SharingDeps }) {
  const { unit, actor, uuid } = args;
  const rows = await visibleShares(unit.tx, actor, 'all', true)
    .where('s.status', '=', 'published')
    .orderBy('s.published_at', 'desc')
    .execute();
  const chosen = uuid === undefined ? rows : rows.filter((s) => mispEventUuid(s.id) === uuid);
  const shares = await exportable(unit, actor, chosen);
  if (uuid !== undefined && shares.length === 0) throw shareErrors.notFound();
  return toEvents(unit, actor, shares, 'misp-feed', args.deps);
}
