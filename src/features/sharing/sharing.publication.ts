import type { Actor } from '../../platform/access/roles.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import type { SharingDeps } from './sharing.deps.js';
import {
  authorsOf,
  type ConsentRow,
  recipientsOf,
  type ShareRow,
  sharesRepository,
  termsOf,
} from './sharing.repository.js';
import { termsWithin } from './sharing.strictness.js';
import { type Recipients, type Terms, type Tlp, tlpRank } from './sharing.terms.js';

/**
 * Whether a share of the center's own (no source) needs a second person to go out: under TLP:GREEN or
 * TLP:CLEAR it reaches every body or the public, so one coordinator drafts and another publishes.
 */
export const needsSecondPublisher = (tlp: Tlp): boolean => tlpRank(tlp) <= tlpRank('TLP:GREEN');

/**
 * The only gate to publication: a share derived from reports goes out only if every consent of its current
 * round is an approval whose approved terms cover the share's terms as they are now (never looser).
 */
export function consentsCover(share: ShareRow, hasSources: boolean, consents: ConsentRow[]): boolean {
  if (!hasSources) return true;
  const round = consents.filter((c) => c.round === share.round);
  if (round.length === 0) return false;
  const now = termsOf(share);
  return round.every(
    (c) =>
      c.status === 'approved' &&
      c.approved_terms !== null &&
      termsWithin(now, JSON.parse(c.approved_terms) as Terms).ok,
  );
}

/** The live-event address of a share's recipients: bodies, or named users (TLP:RED). */
export const recipientAddress = (r: Recipients) =>
  r.users.length > 0
    ? { readerOrgIds: r.orgIds, readerUserIds: r.users.map((u) => u.id) }
    : { readerOrgIds: r.orgIds };

/** The live-event addresses of everyone who ever received a share: its bodies, and its named people. */
export function formerRecipientAddresses(holders: { org_id: string; user_id: string }[]) {
  const bodies = [...new Set(holders.filter((h) => h.user_id === '').map((h) => h.org_id))];
  const people = holders.filter((h) => h.user_id !== '');
  return [
    ...(bodies.length > 0 ? [{ readerOrgIds: bodies }] : []),
    ...(people.length > 0
      ? [
          {
            readerOrgIds: [...new Set(people.map((p) => p.org_id))],
            readerUserIds: people.map((p) => p.user_id),
          },
        ]
      : []),
  ];
}

/** Ids of the center (which reads every share) and of the bodies consenting, for events about a share. */
export async function managers(unit: Unit, consents: ConsentRow[]): Promise<string[]> {
  const center = await orgsDirectory.center(unit.tx);
  return [...new Set([...(center ? [center.id] : []), ...consents.map((c) => c.org_id)])];
}

/**
 * Brings a share's status in line with its consents: rejected or expired if one of its current round is; else
 * published once the consents cover it. Returns the share as it now stands.
 */
export async function settle(args: {
  unit: Unit;
  share: ShareRow;
  actor: Actor | null;
  deps: SharingDeps;
}): Promise<ShareRow> {
  const { unit, share, actor, deps } = args;
  // A draft (an import not yet sent) asks nobody: nothing settles it but its sending.
  if (share.status === 'withdrawn' || share.status === 'published' || share.status === 'draft') return share;
  const [consents, sources] = await Promise.all([
    sharesRepository.consents(unit.tx, [share.id]),
    sharesRepository.sources(unit.tx, [share.id]),
  ]);
  const round = consents.filter((c) => c.round === share.round);
  const now = deps.clock.now();
  const at = now.toISOString();
  const ended = round.find((c) => c.status === 'rejected')
    ? 'rejected'
    : round.find((c) => c.status === 'expired')
      ? 'expired'
      : null;
  if (ended) {
    if (share.status === ended) return share;
    await sharesRepository.update(unit.tx, share.id, { status: ended, updated_at: at });
    await deps.events.record(
      unit,
      {
        type: 'share.updated',
        incidentId: null,
        readerOrgIds: await managers(unit, consents),
        payload: { shareId: share.id, status: ended },
      },
      now,
    );
    return { ...share, status: ended, updated_at: at };
  }
  // A share of the center's own waits for its second pair of eyes (publishShare), never for consents.
  if (sources.length === 0 && share.status === 'awaiting-publication') return share;
  if (!consentsCover(share, sources.length > 0, consents)) return share;
  return publish({ unit, share, actor, deps, consents });
}

/**
 * Sends a share to its recipients now: its readers, its audit entry (who published it, under which
 * consents), the live events. Only settle and the four-eyes publication call it.
 */
export async function publish(args: {
  unit: Unit;
  share: ShareRow;
  actor: Actor | null;
  deps: SharingDeps;
  consents: ConsentRow[];
}): Promise<ShareRow> {
  const { unit, share, actor, deps, consents } = args;
  const round = consents.filter((c) => c.round === share.round);
  const now = deps.clock.now();
  const at = now.toISOString();
  const recipients = recipientsOf(share);
  const publishedBy = actor?.userId ?? null;
  await sharesRepository.setReaders(unit.tx, share.id, recipients, at);
  await sharesRepository.update(unit.tx, share.id, {
    status: 'published',
    published_at: at,
    updated_at: at,
    published_by: publishedBy,
  });
  await deps.audit.append(
    unit,
    audited(actor, 'share.publish', 'share', share.id, {
      round: share.round,
      revision: share.revision,
      tlp: share.tlp,
      recipientOrgs: recipients.orgIds.length,
      recipientUsers: recipients.users.length,
      consents: round.map((c) => c.id),
      draftedBy: share.created_by,
      authors: authorsOf(share),
    }),
    now,
  );
  const payload = { shareId: share.id, kind: share.kind, tlp: share.tlp };
  await deps.events.record(
    unit,
    { type: 'share.published', incidentId: null, ...recipientAddress(recipients), payload },
    now,
  );
  await deps.events.record(
    unit,
    {
      type: 'share.updated',
      incidentId: null,
      readerOrgIds: await managers(unit, consents),
      payload: { shareId: share.id, status: 'published' },
    },
    now,
  );
  return { ...share, status: 'published', published_at: at, updated_at: at, published_by: publishedBy };
}

/** A share of the center's own under TLP:GREEN or CLEAR, drafted or changed: it waits for a second coordinator. */
export async function awaitPublication(args: {
  unit: Unit;
  share: ShareRow;
  deps: SharingDeps;
}): Promise<ShareRow> {
  const { unit, share, deps } = args;
  const now = deps.clock.now();
  const at = now.toISOString();
  await sharesRepository.update(unit.tx, share.id, { status: 'awaiting-publication', updated_at: at });
  await deps.events.record(
    unit,
    {
      type: 'share.updated',
      incidentId: null,
      readerOrgIds: await managers(unit, []),
      payload: { shareId: share.id, status: 'awaiting-publication' },
    },
    now,
  );
  return { ...share, status: 'awaiting-publication', updated_at: at };
}
