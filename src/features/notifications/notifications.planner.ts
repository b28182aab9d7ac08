import type { OrgKind } from '../../platform/access/roles.js';
import type { Unit } from '../../platform/db/transaction.js';
import type { NewEvent } from '../../platform/events/events.js';
import { type ContactWithAvailability, contactsInOrder } from '../contacts/contacts.usecases.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { audienceOf, hearersAmong, ownersOfContacts } from './notifications.audience.js';
import type { NotificationDeps } from './notifications.deps.js';
import { reachContact } from './notifications.notify.js';
import { notificationsRepository } from './notifications.repository.js';
import {
  type ContactRole,
  defaultRule,
  isNotifiedEvent,
  meetsSeverity,
  type NotifiedEvent,
  type Rule,
} from './notifications.rules.js';
import { loadSubject, subjectOf } from './notifications.subject.js';

const KINDS: readonly OrgKind[] = ['center', 'ministry', 'agency'];
// One change may record several events about one thing (a report awaiting review is also a new incident):
// each body is alerted once per thing per unit, by the first of them (the more specific one comes first).
const alerted = new WeakMap<Unit, Set<string>>();
const enabledByDefault = (event: NotifiedEvent) => KINDS.some((k) => defaultRule(event, k, 1).enabled);

/**
 * The contact a rule reaches first: the first available one with a role the rule names; failing that, the
 * first available one (somebody awake must hear it); failing that, the first with the role, or the first.
 */
export function firstContact<C extends ContactWithAvailability>(
  contacts: C[],
  roles: readonly ContactRole[],
): C | undefined {
  const byRole = contacts.filter((c) => (roles as readonly string[]).includes(c.role));
  return byRole.find((c) => c.available) ?? contacts.find((c) => c.available) ?? byRole[0] ?? contacts[0];
}

/**
 * Plans the notifications of an event in the unit that records it: for each body among its readers, its rule
 * for the event (the default when it has none) picks a contact and channels, among the contacts that may hear
 * of the subject (a TLP:RED share: only its named people). A rolled-back change notifies nobody, since
 * everything here is written in the same transaction and sent only after commit.
 */
export async function planNotifications(
  unit: Unit,
  deps: NotificationDeps,
  event: NewEvent,
  at: Date,
): Promise<void> {
  if (!isNotifiedEvent(event.type)) return;
  const type = event.type;
  const ref = subjectOf(event);
  const bodies = [...new Set(event.readerOrgIds)];
  if (!ref || bodies.length === 0) return;
  // Most events reach bodies without a contact structure yet: one look and nothing more is read.
  const staffed = await notificationsRepository.withContacts(unit.tx, bodies);
  if (staffed.length === 0) return;
  const custom = await notificationsRepository.rulesFor(unit.tx, staffed, type);
  if (custom.size === 0 && !enabledByDefault(type)) return;
  const subject = await loadSubject(unit.tx, ref);
  if (!subject) return;
  const orgs = await orgsDirectory.byIds(unit.tx, [...staffed, subject.orgId]);
  const subjectOrg = orgs.get(subject.orgId);
  if (!subjectOrg) return;
  const done = alerted.get(unit) ?? new Set<string>();
  alerted.set(unit, done);
  const plans: { org: OrgRow; rule: Rule; contacts: ContactWithAvailability[] }[] = [];
  for (const orgId of staffed) {
    const org = orgs.get(orgId);
    if (!org || done.has(`${orgId}:${subject.type}:${subject.id}`)) continue;
    const rule = custom.get(orgId) ?? defaultRule(type, org.kind, deps.escalationMinutes);
    if (!rule.enabled || !meetsSeverity(rule, subject.severity)) continue;
    plans.push({ org, rule, contacts: await contactsInOrder(unit.tx, orgId, at) });
  }
  if (plans.length === 0) return;
  // Who may hear of it is read once for every body: a body that reads it, or (TLP:RED) its named people.
  const [audience, owners] = await Promise.all([
    audienceOf(
      unit.tx,
      subject,
      plans.map((p) => p.org.id),
    ),
    ownersOfContacts(
      unit.tx,
      plans.flatMap((p) => p.contacts),
    ),
  ]);
  for (const { org, rule, contacts } of plans) {
    const contact = firstContact(hearersAmong(audience, contacts, owners), rule.roles);
    if (!contact) continue;
    done.add(`${org.id}:${subject.type}:${subject.id}`);
    await reachContact(unit, deps, {
      contact,
      step: 0,
      alertOrg: org,
      event: type,
      subject,
      subjectOrg,
      centerStage: false,
      reveal: true,
      channels: rule.channels,
      ackMinutes: rule.ackMinutes,
      escalates: true,
      at,
    });
  }
}
