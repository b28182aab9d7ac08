import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { shareAudience } from '../../platform/access/visibility.js';
import { audited } from '../../platform/audit/audit.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import type { SharingDeps } from './sharing.deps.js';
import { shareErrors } from './sharing.errors.js';
import { remindersRepository } from './sharing.reminders.repository.js';
import { sharesRepository } from './sharing.repository.js';
import { viewOf } from './sharing.visibility.js';

// The center reminds the recipients of a share who have not read it. A reminder is an event addressed to
// exactly those bodies (or, for a share for named people, to those of its people whose body has not read it),
// which notification planning turns into notices as for any other event.

/** The shortest time between two reminders of one share. */
export const REMIND_INTERVAL_MINUTES = 10;

export const shareReminders = {
  /** The share's latest reminder, if any. */
  last: (db: Executor, shareId: string) => remindersRepository.last(db, shareId),
};

/** Reminds the recipient bodies that have not read a published share; returns when, and whom. */
export async function remindUnread(args: { unit: Unit; actor: Actor; id: string; deps: SharingDeps }) {
  const { unit, actor, id, deps } = args;
  const found = await sharesRepository.byId(unit.tx, id);
  if (!found || !(await viewOf(unit.tx, actor, found))) throw shareErrors.notFound();
  if (!can.remindRecipients(actor)) throw commonErrors.forbidden('Only the center reminds the recipients.');
  // Two reminders at once: the second waits, then finds the first.
  await sharesRepository.lock(unit.tx, unit.dialect, found.id);
  const share = (await sharesRepository.byId(unit.tx, found.id)) ?? found;
  if (share.status !== 'published') throw shareErrors.notPublished();
  const now = deps.clock.now();
  const last = await shareReminders.last(unit.tx, share.id);
  if (last) {
    const next = Date.parse(last.sent_at) + REMIND_INTERVAL_MINUTES * 60_000;
    if (next > now.getTime()) throw shareErrors.remindedRecently(Math.ceil((next - now.getTime()) / 1000));
  }
  const [audience, acks] = await Promise.all([
    shareAudience(unit.tx, share),
    sharesRepository.acks(unit.tx, share.id),
  ]);
  const read = new Set(acks.filter((a) => a.kind === 'read').map((a) => a.org_id));
  const people = [...audience.people].filter(([, orgId]) => !read.has(orgId));
  const orgIds = audience.namedOnly
    ? [...new Set(people.map(([, orgId]) => orgId))]
    : [...audience.bodies].filter((orgId) => !read.has(orgId));
  if (orgIds.length === 0) throw shareErrors.allRead();
  const at = now.toISOString();
  await remindersRepository.insert(unit.tx, {
    id: newId(),
    share_id: share.id,
    sent_by: actor.userId,
    sent_at: at,
    org_ids: JSON.stringify(orgIds),
  });
  await deps.audit.append(
    unit,
    audited(actor, 'share.remind', 'share', share.id, { orgIds, count: orgIds.length }),
    now,
  );
  await deps.events.record(
    unit,
    {
      type: 'share.reminded',
      incidentId: null,
      readerOrgIds: orgIds,
      ...(audience.namedOnly ? { readerUserIds: people.map(([userId]) => userId) } : {}),
      payload: { shareId: share.id, kind: share.kind, tlp: share.tlp },
    },
    now,
  );
  const orgs = await orgsDirectory.inSlugOrder(unit.tx, orgIds);
  return {
    remindedAt: at,
    nextAt: new Date(now.getTime() + REMIND_INTERVAL_MINUTES * 60_000).toISOString(),
    orgs,
  };
}
