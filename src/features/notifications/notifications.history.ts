import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { contactsReads } from '../contacts/contacts.reads.js';
import { readableIncident } from '../incidents/incidents.usecases.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import type { NotificationDeps } from './notifications.deps.js';
import { presentStep } from './notifications.presenter.js';
import { notificationsRepository } from './notifications.repository.js';

/**
 * Who was notified of an incident the actor reads: deliveries, escalations and acknowledgments, step by step.
 * Contacts are named only to whom may read the body's contacts. The read is audited.
 */
export async function incidentNotifications(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  deps: NotificationDeps;
}) {
  const { unit, actor, deps } = args;
  const incident = await readableIncident(unit.tx, actor, args.incidentId);
  const steps = await notificationsRepository.stepsOfIncident(unit.tx, incident.id);
  const [orgs, contacts] = await Promise.all([
    orgsDirectory.byIds(
      unit.tx,
      steps.flatMap((s) => [s.alert_org_id, ...(s.org_id ? [s.org_id] : [])]),
    ),
    contactsReads.namesOf(
      unit.tx,
      steps.flatMap((s) => (s.contact_id ? [s.contact_id] : [])),
    ),
  ]);
  const ctx = {
    orgs,
    contacts,
    mayReadContacts: (orgId: string) => {
      const o = orgs.get(orgId);
      return o !== undefined && can.readContacts(actor, { orgId: o.id, parentId: o.parent_id });
    },
  };
  await deps.audit.append(
    unit,
    audited(actor, 'incident.read_notifications', 'incident', incident.id),
    deps.clock.now(),
  );
  return steps.map((s) => presentStep(s, ctx));
}
