import type { Actor } from '../../platform/access/roles.js';
import { notificationIsFor } from '../../platform/access/visibility.js';
import { hashSecret } from '../../platform/auth/secrets.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import type { NotificationDeps } from './notifications.deps.js';
import { notificationErrors } from './notifications.errors.js';
import { type NotificationRow, notificationsRepository } from './notifications.repository.js';
import { recordStep } from './notifications.steps.js';

/** Whether the notification was addressed to the actor (its user, or its e-mail address at its body). */
export const isMine = (n: NotificationRow, actor: Actor): boolean => notificationIsFor(actor, n);

async function acknowledge(
  unit: Unit,
  deps: NotificationDeps,
  n: NotificationRow,
  via: 'app' | 'link',
  actor: Actor | null,
): Promise<NotificationRow> {
  const at = deps.clock.now();
  const by = actor?.userId ?? n.user_id;
  if (!(await notificationsRepository.acknowledge(unit.tx, n.id, { at: at.toISOString(), by, via })))
    throw notificationErrors.alreadyAcknowledged();
  // One acknowledgment answers the alert: nobody else in the chain is reached any more.
  await notificationsRepository.stopChain(unit.tx, n.chain_id);
  const done = {
    ...n,
    acknowledged_at: at.toISOString(),
    acknowledged_by: by,
    ack_via: via,
    escalate_at: null,
  };
  await recordStep(unit, deps, {
    notification: done,
    kind: 'acknowledged',
    at,
    actor: actor ? { userId: actor.userId, orgId: actor.orgId } : null,
    detail: { via },
  });
  return done;
}

/** The caller acknowledges one of its notifications in the app. */
export async function acknowledgeInApp(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  deps: NotificationDeps;
}): Promise<NotificationRow> {
  const n = await notificationsRepository.byId(args.unit.tx, args.id);
  if (!n || !isMine(n, args.actor)) throw notificationErrors.notFound();
  return acknowledge(args.unit, args.deps, n, 'app', args.actor);
}

/** The notification a one-time link stands for, if the token is one Renraku gave out. */
export const notificationOfToken = (db: Executor, token: string) =>
  notificationsRepository.byTokenHash(db, hashSecret(token));

/** Acknowledges through the one-time link; its second use is refused. */
export async function acknowledgeByLink(
  unit: Unit,
  deps: NotificationDeps,
  n: NotificationRow,
): Promise<NotificationRow> {
  return acknowledge(unit, deps, n, 'link', null);
}
