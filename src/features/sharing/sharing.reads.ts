import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { presentOrg } from '../incidents/incidents.presenter.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import type { SharingDeps } from './sharing.deps.js';
import { shareErrors } from './sharing.errors.js';
import { shareReminders } from './sharing.reminders.js';
import { recipientsOf, type ShareRow, sharesRepository } from './sharing.repository.js';
import { viewOf } from './sharing.visibility.js';

/** One share the actor may see, or 404; the read is audited. */
export async function readShare(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  deps: SharingDeps;
}): Promise<ShareRow> {
  const { unit, actor, id, deps } = args;
  const share = await sharesRepository.byId(unit.tx, id);
  const view = await viewOf(unit.tx, actor, share);
  if (!share || !view) throw shareErrors.notFound();
  await deps.audit.append(unit, audited(actor, 'share.read', 'share', id, { view }), deps.clock.now());
  return share;
}

/** Who of a share's recipients has read it and applied its mitigation (the center). */
export async function acknowledgmentBoard(args: { unit: Unit; actor: Actor; id: string; deps: SharingDeps }) {
  const { unit, actor, id, deps } = args;
  const share = await sharesRepository.byId(unit.tx, id);
  if (!share || !can.readAllShares(actor) || (await viewOf(unit.tx, actor, share)) !== 'manage')
    throw shareErrors.notFound();
  const recipients = recipientsOf(share);
  const [acks, orgs, reminder] = await Promise.all([
    sharesRepository.acks(unit.tx, id),
    orgsDirectory.byIds(unit.tx, recipients.orgIds),
    shareReminders.last(unit.tx, id),
  ]);
  await deps.audit.append(unit, audited(actor, 'share.acknowledgments', 'share', id), deps.clock.now());
  const items = recipients.orgIds
    .flatMap((orgId) => {
      const org = orgs.get(orgId);
      if (!org) return [];
      const read = acks.find((a) => a.org_id === orgId && a.kind === 'read');
      const done = acks.find((a) => a.org_id === orgId && a.kind === 'mitigation-applied');
      return [
        {
          org: presentOrg(org as OrgRow),
          readAt: read?.at ?? null,
          readBy: read?.email ?? null,
          mitigationAppliedAt: done?.at ?? null,
          mitigationAppliedBy: done?.email ?? null,
        },
      ];
    })
    .sort((a, b) => a.org.slug.localeCompare(b.org.slug));
  return {
    items,
    recipients: items.length,
    read: items.filter((i) => i.readAt).length,
    mitigated: items.filter((i) => i.mitigationAppliedAt).length,
    lastReminder: reminder
      ? { at: reminder.sent_at, bodies: (JSON.parse(reminder.org_ids) as string[]).length }
      : null,
  };
}
