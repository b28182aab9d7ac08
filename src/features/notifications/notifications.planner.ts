import type { OrgKind } from '../../platform/access/roles.js';
import type { Tx } from '../../platform/db/database.js';
import type { GroupWork, Unit } from '../../platform/db/transaction.js';
import type { EventSubscriber, NewEvent } from '../../platform/events/events.js';
import type { ContactWithAvailability } from '../contacts/contacts.usecases.js';
import { audiencesOf, hearersAmong, ownersOfContacts } from './notifications.audience.js';
import { ANSWERING_EVENTS, closeOnAction } from './notifications.close.js';
import type { NotificationDeps } from './notifications.deps.js';
import type { OrgCard } from './notifications.directory.js';
import { type Reach, reachFromUnits } from './notifications.notify.js';
import {
  ackMinutesFor,
  type ContactRole,
  defaultRule,
  isNotifiedEvent,
  meetsSeverity,
  type NotifiedEvent,
  type Rule,
} from './notifications.rules.js';
import { focusOnEvent, ownFor, withLevelMinutes } from './notifications.situations.js';
import { carriedSubject, loadSubject, type Subject, subjectOf } from './notifications.subject.js';

const KINDS: readonly OrgKind[] = ['center', 'ministry', 'agency'];
// The bodies already alerted of each thing, per unit (see planGroup).
const alerted = new WeakMap<Unit, Set<string>>();
const enabledByDefault = (event: NotifiedEvent) =>
  KINDS.some((k) => defaultRule(event, k, 1).enabled || defaultRule(event, k, 1, true).enabled);

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

/** An event to plan, gathered into its commit group's planning. */
interface Planned {
  event: NewEvent;
  at: Date;
}

/**
 * Notification planning as a subscriber of the event bus (wired in services.ts): every notified event of a
 * unit, and every event of an action that may answer notifications, is handed to its commit group, whose
 * planning runs once for all of them (see planGroup).
 */
export function notificationPlanner(deps: NotificationDeps): EventSubscriber {
  const work: GroupWork<Planned> = { run: (_tx, items) => planGroup(deps, items) };
  return async (unit, event, at) => {
    const notified = isNotifiedEvent(event.type) && subjectOf(event) && event.readerOrgIds.length > 0;
    if (notified || ANSWERING_EVENTS.has(event.type)) unit.gather(work, { event, at });
  };
}

/** What one event asks: the bodies to alert, each with its rule and contacts. */
interface Candidate {
  unit: Unit;
  type: NotifiedEvent;
  at: Date;
  subject: Subject;
  subjectOrg: OrgCard;
  plans: { org: OrgCard; rule: Rule; contacts: ContactWithAvailability[] }[];
}

/** The candidates of one event: for each body among its readers, its rule (the default when it has none). */
async function candidateOf(
  tx: Tx,
  deps: NotificationDeps,
  { unit, item: { event, at } }: { unit: Unit; item: Planned },
): Promise<Candidate | undefined> {
  if (!isNotifiedEvent(event.type)) return;
  const type = event.type;
  const ref = subjectOf(event);
  const bodies = [...new Set(event.readerOrgIds)];
  if (!ref || bodies.length === 0) return;
  const { directory } = deps;
  const structures = await directory.contactsOf(tx, bodies, at);
  // Most events reach bodies without a contact structure yet: nothing more is looked at.
  const staffed = bodies.filter((id) => (structures.get(id)?.length ?? 0) > 0);
  if (staffed.length === 0) return;
  const custom = await directory.rulesOf(tx, staffed);
  if (!enabledByDefault(type) && !staffed.some((id) => custom.get(id)?.has(type))) return;
  const read = carriedSubject(event) ?? (await loadSubject(tx, ref));
  if (!read) return;
  const subject = focusOnEvent(read, event);
  const orgs = await directory.orgsOf(tx, [...staffed, subject.orgId]);
  const subjectOrg = orgs.get(subject.orgId);
  if (!subjectOrg) return;
  const plans: Candidate['plans'] = [];
  for (const orgId of staffed) {
    const org = orgs.get(orgId);
    if (!org) continue;
    const own = ownFor(subject, org.id);
    const rule = custom.get(orgId)?.get(type) ?? defaultRule(type, org.kind, deps.escalationMinutes, own);
    // A situation has no severity: its level says how urgent it is (and how long to acknowledge).
    if (!rule.enabled || (subject.type !== 'situation' && !meetsSeverity(rule, subject.severity))) continue;
    plans.push({ org, rule, contacts: structures.get(orgId) ?? [] });
  }
  return plans.length > 0 ? { unit, type, at, subject, subjectOrg, plans } : undefined;
}

/**
 * Plans the notifications of the events of one commit group, in the transaction that records them: for each
 * body among an event's readers, its rule for the event (the default when it has none) picks a contact and
 * channels, among the contacts that may hear of the subject (a TLP:RED share: only its named people). A
 * rolled-back unit hands no event here, and everything is written in the group's transaction and sent only
 * after commit. The bodies' contacts, rules and names come from the directory kept in memory, the subject from
 * the event when it carries it; who may hear of the subjects and whose the contacts' addresses are is read once
 * for the group, and each kind of row is written in one statement.
 */
export async function planGroup(
  deps: NotificationDeps,
  items: readonly { unit: Unit; item: Planned }[],
): Promise<void> {
  const tx = items[0]?.unit.tx;
  if (!tx) return;
  const candidates: Candidate[] = [];
  for (const item of items) {
    // What the event's action answers is closed first: a forwarded incident's review notice stops escalating.
    await closeOnAction(item.unit, deps, item.item.event, item.item.at);
    const candidate = await candidateOf(tx, deps, item);
    if (candidate) candidates.push(candidate);
  }
  if (candidates.length === 0) return;
  // Who may hear of them, read once: a body that reads the subject, or (TLP:RED) its named people.
  const [audiences, owners] = await Promise.all([
    audiencesOf(
      tx,
      candidates.map((c) => ({ subject: c.subject, orgIds: c.plans.map((p) => p.org.id) })),
    ),
    ownersOfContacts(
      tx,
      candidates.flatMap((c) => c.plans.flatMap((p) => p.contacts)),
    ),
  ]);
  const reaches: { unit: Unit; reach: Reach }[] = [];
  for (const { unit, type, at, subject, subjectOrg, plans } of candidates) {
    const audience = audiences.get(`${subject.type}:${subject.id}`);
    if (!audience) continue;
    // One change may record several events about one thing (a report awaiting review is also a new
    // incident): each body is alerted once per thing per unit, by the first of them (the more specific first).
    const done = alerted.get(unit) ?? new Set<string>();
    alerted.set(unit, done);
    for (const { org, rule, contacts } of plans) {
      // (A roll-call reminder is about one body of the situation: a ministry reminded of its own answer and
      // told of its agency's hears of both.)
      // (A correlation is news about an incident already announced in the same unit: it is alerted on its own.)
      const key = `${org.id}:${subject.type}:${subject.id}:${subject.orgId}${type === 'correlation.found' ? ':correlation' : ''}`;
      if (done.has(key)) continue;
      const contact = firstContact(hearersAmong(audience, contacts, owners), rule.roles);
      if (!contact) continue;
      done.add(key);
      reaches.push({
        unit,
        reach: {
          contact,
          step: 0,
          alertOrg: org,
          event: type,
          subject,
          subjectOrg,
          centerStage: false,
          reveal: true,
          channels: rule.channels,
          ackMinutes: ackMinutesFor(rule, withLevelMinutes(deps.situationLevels, subject)),
          escalates: true,
          at,
        },
      });
    }
  }
  await reachFromUnits(deps, reaches);
}
