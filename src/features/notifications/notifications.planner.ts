import type { OrgKind } from '../../platform/access/roles.js';
import type { Unit } from '../../platform/db/transaction.js';
import type { EventSubscriber, NewEvent } from '../../platform/events/events.js';
import type { ContactWithAvailability } from '../contacts/contacts.usecases.js';
import { audienceOf, hearersAmong, ownersOfContacts } from './notifications.audience.js';
import { closeOnAction } from './notifications.close.js';
import type { NotificationDeps } from './notifications.deps.js';
import type { OrgCard } from './notifications.directory.js';
import { type Reach, reachContacts } from './notifications.notify.js';
import {
  ackMinutesFor,
  type ContactRole,
  defaultRule,
  isNotifiedEvent,
  meetsSeverity,
  type NotifiedEvent,
  type Rule,
} from './notifications.rules.js';
import { carriedSubject, loadSubject, subjectOf } from './notifications.subject.js';

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

/** Notification planning as a subscriber of the event bus (wired in services.ts). */
export const notificationPlanner =
  (deps: NotificationDeps): EventSubscriber =>
  (unit, event, at) =>
    planNotifications(unit, deps, event, at);

/**
 * Plans the notifications of an event in the unit that records it: for each body among its readers, its rule
 * for the event (the default when it has none) picks a contact and channels, among the contacts that may hear
 * of the subject (a TLP:RED share: only its named people). A rolled-back change notifies nobody, since
 * everything here is written in the same transaction and sent only after commit. The bodies' contacts, rules
 * and names come from the directory kept in memory, the subject from the event when it carries it.
 */
export async function planNotifications(
  unit: Unit,
  deps: NotificationDeps,
  event: NewEvent,
  at: Date,
): Promise<void> {
  // What the event's action answers is closed first: a forwarded incident's review notice stops escalating.
  await closeOnAction(unit, deps, event, at);
  if (!isNotifiedEvent(event.type)) return;
  const type = event.type;
  const ref = subjectOf(event);
  const bodies = [...new Set(event.readerOrgIds)];
  if (!ref || bodies.length === 0) return;
  const { directory } = deps;
  const structures = await directory.contactsOf(unit.tx, bodies, at);
  // Most events reach bodies without a contact structure yet: nothing more is looked at.
  const staffed = bodies.filter((id) => (structures.get(id)?.length ?? 0) > 0);
  if (staffed.length === 0) return;
  const custom = await directory.rulesOf(unit.tx, staffed);
  if (!enabledByDefault(type) && !staffed.some((id) => custom.get(id)?.has(type))) return;
  const subject = carriedSubject(event) ?? (await loadSubject(unit.tx, ref));
  if (!subject) return;
  const orgs = await directory.orgsOf(unit.tx, [...staffed, subject.orgId]);
  const subjectOrg = orgs.get(subject.orgId);
  if (!subjectOrg) return;
  const done = alerted.get(unit) ?? new Set<string>();
  alerted.set(unit, done);
  const plans: { org: OrgCard; rule: Rule; contacts: ContactWithAvailability[] }[] = [];
  for (const orgId of staffed) {
    const org = orgs.get(orgId);
    if (!org || done.has(`${orgId}:${subject.type}:${subject.id}`)) continue;
    const own = org.id === subject.orgId;
    const rule = custom.get(orgId)?.get(type) ?? defaultRule(type, org.kind, deps.escalationMinutes, own);
    if (!rule.enabled || !meetsSeverity(rule, subject.severity)) continue;
    plans.push({ org, rule, contacts: structures.get(orgId) ?? [] });
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
  const reaches: Reach[] = [];
  for (const { org, rule, contacts } of plans) {
    const contact = firstContact(hearersAmong(audience, contacts, owners), rule.roles);
    if (!contact) continue;
    done.add(`${org.id}:${subject.type}:${subject.id}`);
    reaches.push({
      contact,
      step: 0,
      alertOrg: org,
      event: type,
      subject,
      subjectOrg,
      centerStage: false,
      reveal: true,
      channels: rule.channels,
      ackMinutes: ackMinutesFor(rule, subject),
      escalates: true,
      at,
    });
  }
  await reachContacts(unit, deps, reaches);
}
