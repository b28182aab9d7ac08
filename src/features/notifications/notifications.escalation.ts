import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction, type Unit } from '../../platform/db/transaction.js';
import { contactsReads } from '../contacts/contacts.reads.js';
import { contactsInOrder } from '../contacts/contacts.usecases.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { audienceOf, centerMayKnow, centerStage, hearersOf, nobody } from './notifications.audience.js';
import type { NotificationDeps } from './notifications.deps.js';
import { reachContact } from './notifications.notify.js';
import { firstContact } from './notifications.planner.js';
import { type NotificationRow, notificationsRepository } from './notifications.repository.js';
import { CHANNELS, defaultRule, type NotifiedEvent } from './notifications.rules.js';
import { focusOf, levelOf, ownFor } from './notifications.situations.js';
import { recordStep } from './notifications.steps.js';
import { loadSubject } from './notifications.subject.js';

export type EscalationReason = 'timeout' | 'delivery_failed' | 'no_channel';

/**
 * Passes an unacknowledged alert on: to the next available contact of the body in escalation order that may
 * hear of what it is about; after the last, to the center's duty officers; after those, nowhere (the chain is
 * exhausted), as when nobody reads its subject any more (a withdrawn share). Returns whether this call
 * escalated (another node, or an acknowledgment, may have come first).
 */
export async function escalate(
  unit: Unit,
  deps: NotificationDeps,
  n: NotificationRow,
  reason: EscalationReason,
  at: Date,
): Promise<boolean> {
  if (!(await notificationsRepository.markEscalated(unit.tx, n.id, at.toISOString()))) return false;
  if (await notificationsRepository.chainAcknowledged(unit.tx, n.chain_id)) return false;
  // The center's duty officers are the end of an alert of another body.
  if (n.org_id !== n.alert_org_id) return false;
  const chain = await notificationsRepository.chain(unit.tx, n.chain_id);
  const first = chain[0] ?? n;
  const read = await loadSubject(unit.tx, { type: first.subject_type, id: first.subject_id });
  const subject = read && focusOf(read, first.event, first.alert_org_id);
  const center = await orgsDirectory.center(unit.tx);
  const orgs = await orgsDirectory.byIds(unit.tx, [n.alert_org_id, ...(subject ? [subject.orgId] : [])]);
  const alertOrg = orgs.get(n.alert_org_id);
  const subjectOrg = subject ? orgs.get(subject.orgId) : undefined;
  if (!subject || !alertOrg || !subjectOrg) {
    await recordStep(unit, deps, { notification: n, kind: 'exhausted', at, detail: { reason } });
    return true;
  }
  const event = first.event as NotifiedEvent;
  const custom = await notificationsRepository.rulesFor(unit.tx, [alertOrg.id], event);
  const own = ownFor(subject, alertOrg.id);
  const rule = custom.get(alertOrg.id) ?? defaultRule(event, alertOrg.kind, deps.escalationMinutes, own);
  // A situation's level sets the minutes at every step, as it stands now (a level change applies at once).
  const ackMinutes =
    levelOf(deps.situationLevels, subject)?.ackMinutes ?? rule.ackMinutes ?? deps.escalationMinutes;
  const reached = new Set(chain.map((c) => c.contact_id));
  const step = Math.max(...chain.map((c) => c.step)) + 1;
  const common = { chainId: n.chain_id, step, alertOrg, event, subject, subjectOrg, ackMinutes, at };

  // Only those who may read what the alert is about are next: for a TLP:RED share, its named people.
  const audience = await audienceOf(unit.tx, subject, [alertOrg.id]);
  if (nobody(audience)) {
    await recordStep(unit, deps, {
      notification: n,
      kind: 'exhausted',
      at,
      detail: { reason: 'no_readers' },
    });
    return true;
  }
  const order = (await contactsReads.escalationOrderOf(unit.tx, n.contact_id)) ?? 0;
  const next = (await hearersOf(unit.tx, audience, await contactsInOrder(unit.tx, alertOrg.id, at))).find(
    (c) => c.escalation_order > order && !reached.has(c.id) && c.available,
  );
  if (next) {
    await recordStep(unit, deps, {
      notification: n,
      kind: 'escalated',
      at,
      detail: { reason, to: 'contact' },
    });
    await reachContact(unit, deps, {
      ...common,
      contact: next,
      centerStage: false,
      reveal: true,
      channels: rule.channels,
      escalates: true,
    });
    return true;
  }

  const targets =
    center && alertOrg.id !== center.id ? await centerDutyOfficers(unit, center.id, reached, at) : [];
  if (!center || targets.length === 0) {
    await recordStep(unit, deps, { notification: n, kind: 'exhausted', at, detail: { reason } });
    return true;
  }
  await recordStep(unit, deps, { notification: n, kind: 'escalated', at, detail: { reason, to: 'center' } });
  // The center is told which item went unanswered only if it may read it: of a TLP:RED share, only that a
  // named recipient has not acknowledged.
  const reveal = await centerMayKnow(unit.tx, subject, center.id);
  for (const contact of targets)
    await reachContact(unit, deps, {
      ...common,
      contact,
      centerStage: true,
      reveal,
      channels: CHANNELS,
      escalates: false,
    });
  return true;
}

/**
 * The center's duty officers available now; failing that, all of them; failing that, its first contact. An
 * address that is a person's is reached only while that person is active at the center and reads content.
 */
async function centerDutyOfficers(unit: Unit, centerId: string, reached: Set<string>, at: Date) {
  const all = (await contactsInOrder(unit.tx, centerId, at)).filter((c) => !reached.has(c.id));
  const contacts = await hearersOf(unit.tx, centerStage(centerId), all);
  const duty = contacts.filter((c) => c.role === 'duty-officer');
  const available = duty.filter((c) => c.available);
  if (available.length > 0) return available;
  if (duty.length > 0) return duty;
  const fallback = firstContact(contacts, ['duty-officer']);
  return fallback ? [fallback] : [];
}

/**
 * Escalates every alert not acknowledged by its deadline. Safe on several nodes at once (PostgreSQL: each takes
 * rows the others do not hold). Returns how many were escalated.
 */
export async function sweepEscalations(
  handle: DatabaseHandle,
  deps: NotificationDeps,
  batch = 100,
): Promise<number> {
  const now = deps.clock.now();
  return inTransaction(handle, async (unit) => {
    const due = await notificationsRepository.dueEscalations(unit.tx, unit.dialect, now.toISOString(), batch);
    let escalated = 0;
    for (const n of due) {
      const reason = n.channels === '[]' ? 'no_channel' : 'timeout';
      if (await escalate(unit, deps, n, reason, now)) escalated++;
    }
    return escalated;
  });
}

export interface DeliveryOutcome {
  notificationId: string | null;
  channel: string;
  dedupeKey: string;
  ok: boolean;
  permanent: boolean;
  error?: string;
}

/**
 * Records what the outbox reports: a delivery, or a permanent failure — shown on the incident, and escalated
 * at once when an acknowledgment was asked. Retries are the outbox's business.
 */
export async function recordDeliveryOutcome(
  handle: DatabaseHandle,
  deps: NotificationDeps,
  o: DeliveryOutcome,
): Promise<void> {
  const id = o.notificationId;
  if (!id || (!o.ok && !o.permanent)) return;
  await inTransaction(handle, async (unit) => {
    const n = await notificationsRepository.byId(unit.tx, id);
    if (!n) return;
    const at = deps.clock.now();
    if (o.ok) {
      await recordStep(unit, deps, { notification: n, kind: 'delivered', channel: o.channel, at });
      return;
    }
    const error = (o.error ?? 'permanent failure').slice(0, 300);
    await notificationsRepository.markFailed(unit.tx, n.id, at.toISOString(), error);
    await recordStep(unit, deps, {
      notification: n,
      kind: 'delivery_failed',
      channel: o.channel,
      at,
      detail: { error },
    });
    if (n.ack_requested === 1 && n.acknowledged_at === null)
      await escalate(unit, deps, n, 'delivery_failed', at);
  });
}
