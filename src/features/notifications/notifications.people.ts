import type { Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import type { Person } from '../users/users.reads.js';
import type { NotificationDeps } from './notifications.deps.js';
import type { NotificationRow } from './notifications.repository.js';
import { notificationsRepository } from './notifications.repository.js';
import { recordStep } from './notifications.steps.js';

/** A notice to one person about their body that is no alert: nothing to acknowledge, nothing escalates. */
export interface PersonNotice {
  person: Person;
  /** The body it is about. */
  orgId: string;
  /** What happened, e.g. 'change.requested'. */
  event: string;
  subject: { type: string; id: string };
  /** The e-mail, rendered in the person's language; it carries no link that acts. */
  mail: { subject: string; text: string };
  at: Date;
}

/**
 * Tells a person (a user, not a contact of the structure) of something about their body: a notification of
 * theirs in the app, live, and an e-mail through the outbox, sent after commit.
 */
export async function notifyPerson(unit: Unit, deps: NotificationDeps, n: PersonNotice): Promise<void> {
  const id = newId();
  const email = n.person.email.toLowerCase();
  const row: NotificationRow = {
    id,
    chain_id: id,
    step: 0,
    alert_org_id: n.orgId,
    org_id: n.person.orgId,
    // Not a contact of the structure: escalation never follows it.
    contact_id: '',
    user_id: n.person.userId,
    email,
    locale: n.person.locale,
    event: n.event,
    subject_type: n.subject.type,
    subject_id: n.subject.id,
    incident_id: null,
    tlp: null,
    channels: JSON.stringify(['email', 'in-app']),
    created_at: n.at.toISOString(),
    ack_requested: 0,
    escalate_at: null,
    escalated_at: null,
    acknowledged_at: null,
    acknowledged_by: null,
    ack_via: null,
    ack_token_hash: null,
    failed_at: null,
    last_error: null,
    closed_reason: null,
  };
  await notificationsRepository.insert(unit.tx, row);
  await deps.outbox.enqueue(
    unit,
    {
      channel: 'email',
      dedupeKey: `${id}:email:${email}`,
      notificationId: id,
      payload: {
        to: email,
        ...n.mail,
        messageId: `<${id}.${n.person.userId}@renraku>`,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Renraku-Notification': id },
      },
    },
    n.at,
  );
  await deps.events.record(
    unit,
    {
      type: 'notification.created',
      incidentId: null,
      readerOrgIds: [n.person.orgId],
      readerUserIds: [n.person.userId],
      payload: {
        notificationId: id,
        event: n.event,
        needsAck: false,
        escalated: false,
        [`${n.subject.type}Id`]: n.subject.id,
      },
    },
    n.at,
  );
  await recordStep(unit, deps, {
    notification: row,
    kind: 'notified',
    at: n.at,
    detail: { channels: ['email', 'in-app'] },
  });
}
