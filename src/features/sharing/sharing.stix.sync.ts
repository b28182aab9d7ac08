import type { Unit } from '../../platform/db/transaction.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { contentOf, type ShareRow } from './sharing.repository.js';
import {
  type StixAuthor,
  type StixIdentity,
  type StixShare,
  shareObjects,
  stixAuthor,
} from './sharing.stix.js';
import { stixVersionsRepository } from './sharing.stix.repository.js';
import {
  type AddedVersion,
  latestVersions,
  nextVersions,
  revocationsOwed,
  type StixVersion,
} from './sharing.stix.versions.js';
import type { Tlp } from './sharing.terms.js';

/** A share row as the STIX mapping reads it. */
export const stixShareOf = (s: ShareRow): StixShare => ({
  id: s.id,
  kind: s.kind as 'share' | 'advisory',
  ...contentOf(s),
  tlp: s.tlp as Tlp,
  createdAt: s.created_at,
  updatedAt: s.updated_at,
  publishedAt: (s.published_at ?? s.updated_at) as string,
});

/** The author of every exported object: the center. */
export async function centerAuthor(unit: Unit): Promise<StixIdentity> {
  const center = await orgsDirectory.center(unit.tx);
  const author: StixAuthor = {
    id: center?.id ?? 'center',
    name: center?.name_en ?? 'Center',
    ...(center ? { createdAt: center.created_at } : {}),
  };
  return stixAuthor(author);
}

/**
 * Brings the stored STIX versions up to date with every published or withdrawn share changed since the last
 * export — the shares noted pending when they changed, so that no export reads every share — in the caller's
 * transaction, before it reads them: a consumer's next poll sees the change. Edits that never reached an export
 * leave no version, as no consumer could have imported them.
 */
export async function syncStixVersions(unit: Unit, author: StixIdentity, now: string): Promise<void> {
  let idKey: string | undefined;
  for (const share of await stixVersionsRepository.pending(unit.tx)) {
    await stixVersionsRepository.settled(unit.tx, share.id, share.noted);
    const stale = ['published', 'withdrawn'].includes(share.status) && share.synced !== share.state;
    if (!stale) continue;
    const before = await stixVersionsRepository.versionsOf(unit.tx, share.id);
    const withdrawn = share.status === 'withdrawn';
    idKey ??= await stixVersionsRepository.indicatorIdKey(unit.tx);
    const current = withdrawn ? null : shareObjects(stixShareOf(share), author.id, idKey);
    const at = withdrawn ? (share.withdrawn_at ?? share.updated_at) : share.updated_at;
    const added = nextVersions(latestVersions(before), current, at);
    await stixVersionsRepository.record(unit.tx, share.id, share.state, added, now);
    await revokeForFormerHolders(unit, share.id, { before, added }, now);
  }
}

/**
 * Whoever held the share and no longer reads it (removed from its audience by an edit, or every holder once it
 * is withdrawn) gets the objects it held revoked, in versions of its own that carry nothing of their content:
 * its tools drop them rather than keep them silently, and it learns nothing of what came after it.
 */
async function revokeForFormerHolders(
  unit: Unit,
  shareId: string,
  versions: { before: readonly AddedVersion[]; added: readonly StixVersion[] },
  now: string,
) {
  const holders = await stixVersionsRepository.formerHolders(unit.tx, shareId);
  if (holders.length === 0) return;
  const owed = revocationsOwed(
    versions.before,
    versions.added,
    holders,
    await stixVersionsRepository.revokedFor(unit.tx, shareId),
    now,
  );
  await stixVersionsRepository.recordRevocations(unit.tx, shareId, owed, now);
  await stixVersionsRepository.holdersRevoked(unit.tx, shareId, holders);
}
