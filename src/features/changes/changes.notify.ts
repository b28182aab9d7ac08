import type { Unit } from '../../platform/db/transaction.js';
import { notifyPerson } from '../notifications/notifications.people.js';
import type { OrgRow } from '../orgs/orgs.directory.js';
import { type Person, usersReads } from '../users/users.reads.js';
import type { ChangeDeps } from './changes.deps.js';
import { type ChangeEvent, renderChangeMail } from './changes.mail.js';
import type { ChangeRow } from './changes.repository.js';

/**
 * Tells the body's security officers of a change to its people or contacts, in the app and by e-mail: when it
 * is asked, confirmed, rejected or expires, or when someone outside the body made it at once. The requester
 * hears how its request ended; other administrators hear of requests they are asked to confirm. Whoever caused
 * the event is not told of it.
 */
export async function tellOfChange(
  unit: Unit,
  deps: ChangeDeps,
  args: { change: ChangeRow; org: OrgRow; event: ChangeEvent; actorUserId: string | null },
): Promise<void> {
  const { change, org, event } = args;
  const told = new Map<string, Person>();
  for (const p of await usersReads.activeOfficers(unit.tx, org.id)) told.set(p.userId, p);
  if (event === 'requested' && change.confirm_by === 'second-admin')
    for (const p of await usersReads.activeAdmins(unit.tx)) told.set(p.userId, p);
  const people = await usersReads.byIds(unit.tx, [change.requested_by]);
  const requester = people.get(change.requested_by);
  if (requester && ['confirmed', 'rejected', 'expired'].includes(event))
    told.set(requester.userId, requester);
  if (args.actorUserId) told.delete(args.actorUserId);
  const n = deps.notifications;
  const at = deps.clock.now();
  for (const person of told.values()) {
    const mail = renderChangeMail(
      {
        event,
        kind: change.kind,
        requester: requester?.email ?? '',
        at,
        expiresAt: change.expires_at,
        link: `${n.publicUrl}/changes`,
        timeZone: n.timeZone,
      },
      org,
      person.locale,
    );
    await notifyPerson(unit, n, {
      person,
      orgId: org.id,
      event: `change.${event}`,
      subject: { type: 'change', id: change.id },
      mail,
      at,
    });
  }
}
