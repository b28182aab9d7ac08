import type { Actor } from '../../platform/access/roles.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { aboutOf } from './notifications.about.js';
import { closedReasonOf } from './notifications.close.js';
import type { NotificationDeps } from './notifications.deps.js';
import { presentNotification } from './notifications.presenter.js';
import { notificationsRepository } from './notifications.repository.js';

/**
 * The reader's notifications, newest first, each saying what happened as far as the reader may know it. Titles
 * shown are a read of content: the read is audited with the things it names.
 */
export async function myNotifications(args: {
  unit: Unit;
  actor: Actor;
  openOnly: boolean;
  limit: number;
  deps: Pick<NotificationDeps, 'audit' | 'clock'>;
}) {
  const { unit, actor, deps } = args;
  const rows = await notificationsRepository.mine(unit.tx, actor, args.openOnly, args.limit);
  const about = await aboutOf(unit.tx, actor, rows);
  const orgs = await orgsDirectory.byIds(unit.tx, [
    ...new Set([
      ...rows.map((n) => n.alert_org_id),
      ...[...about.values()].map((a) => a.orgId),
      ...rows.flatMap((n) => closedReasonOf(n.closed_reason)?.orgId ?? []),
    ]),
  ]);
  const shown = [...about.values()].filter((a) => a.readable);
  if (shown.length > 0)
    await deps.audit.append(
      unit,
      audited(actor, 'notification.list', 'notification', null, {
        subjects: [...new Set(shown.map((a) => a.path))],
      }),
      deps.clock.now(),
    );
  return { items: rows.map((n) => presentNotification(n, orgs, about.get(n.id) ?? null)) };
}
