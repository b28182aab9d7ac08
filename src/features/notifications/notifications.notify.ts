import { hashSecret, newSecret } from '../../platform/auth/secrets.js';
import type { Unit } from '../../platform/db/transaction.js';
import type { NewEvent } from '../../platform/events/events.js';
import { newId } from '../../platform/ids.js';
import { webhookSecretOf } from '../contacts/contacts.usecases.js';
import type { Hearer } from './notifications.audience.js';
import type { NotificationDeps, OutboxEntry } from './notifications.deps.js';
import type { OrgCard } from './notifications.directory.js';
import {
  type AlertContent,
  renderEmail,
  renderWebhook,
  type SituationContent,
} from './notifications.render.js';
import { type NotificationRow, notificationsRepository } from './notifications.repository.js';
import type { Channel, NotifiedEvent } from './notifications.rules.js';
import { levelOf } from './notifications.situations.js';
import { recordSteps, type StepArgs } from './notifications.steps.js';
import type { Subject } from './notifications.subject.js';

export interface Reach {
  /** A contact allowed to hear of the subject (notifications.audience), with how it may be told. */
  contact: Hearer;
  /** The chain this continues; a new chain when absent. */
  chainId?: string;
  step: number;
  /** The body whose alert this is. */
  alertOrg: OrgCard;
  event: NotifiedEvent;
  subject: Subject;
  /** The body the subject is about (named in the message). */
  subjectOrg: OrgCard;
  /** The center reached about another body's alert: told that nobody acknowledged, not what it was. */
  centerStage: boolean;
  /** Whether the contact's body may read the subject; if not, neither its id nor a link is given. */
  reveal: boolean;
  channels: readonly Channel[];
  /** Asks for an acknowledgment within this many minutes (escalating after them unless `escalates` is false). */
  ackMinutes: number | null;
  escalates: boolean;
  at: Date;
}

const names = (o: OrgCard) => ({ slug: o.slug, nameJa: o.name_ja, nameEn: o.name_en });

/** What a notice of a situation says of it: its number, name and level (the TLP rule decides what leaves). */
const situationContent = (deps: NotificationDeps, subject: Subject): SituationContent => {
  const level = levelOf(deps.situationLevels, subject);
  return {
    number: subject.situation?.number ?? '',
    name: subject.title,
    level: level ? { ja: level.ja, en: level.en } : null,
    ...(subject.situation?.report ? { report: subject.situation.report } : {}),
    ...(subject.situation?.request ? { request: subject.situation.request } : {}),
  };
};

/**
 * Reaches one contact: a notification row, its one-time acknowledgment token (stored hashed), an outbox item
 * per channel (sent after commit), an in-app event to the contact's user, and the step that records it.
 */
export async function reachContact(unit: Unit, deps: NotificationDeps, r: Reach): Promise<NotificationRow> {
  return (await reachContacts(unit, deps, [r]))[0] as NotificationRow;
}

/** `reachContact` for several contacts at once: each kind of row written in one statement. */
export function reachContacts(
  unit: Unit,
  deps: NotificationDeps,
  reaches: readonly Reach[],
): Promise<NotificationRow[]> {
  return reachFromUnits(
    deps,
    reaches.map((reach) => ({ unit, reach })),
  );
}

/**
 * `reachContacts` for the reaches of several units of one commit group (one transaction): each kind of row
 * is still written in one statement; each in-app notice is recorded in the unit of its reach.
 */
export async function reachFromUnits(
  deps: NotificationDeps,
  reaches: readonly { unit: Unit; reach: Reach }[],
): Promise<NotificationRow[]> {
  const first = reaches[0]?.unit;
  if (!first) return [];
  const rows: NotificationRow[] = [];
  const items: { item: OutboxEntry; at: Date }[] = [];
  const notices: { unit: Unit; notice: NewEvent; at: Date }[] = [];
  const steps: StepArgs[] = [];
  for (const { unit, reach: r } of reaches) {
    const { contact, subject, at } = r;
    const id = newId();
    const token = r.ackMinutes !== null ? newSecret('rnkack') : null;
    const locale = contact.locale === 'en' ? 'en' : 'ja';
    const email = r.channels.includes('email') && contact.email ? contact.email.toLowerCase() : null;
    const webhookSecret =
      r.channels.includes('webhook') && contact.tool && contact.webhook_url
        ? await webhookSecretOf(unit.tx, contact.org_id)
        : undefined;
    const user = r.channels.includes('in-app') ? (contact.person ?? undefined) : undefined;
    const used: Channel[] = [
      ...(email ? (['email'] as const) : []),
      ...(webhookSecret && contact.webhook_url ? (['webhook'] as const) : []),
      ...(user ? (['in-app'] as const) : []),
    ];
    const escalateAt =
      r.ackMinutes === null || !r.escalates
        ? null
        : // A contact no channel reaches is passed over at the next sweep.
          new Date(at.getTime() + (used.length === 0 ? 0 : r.ackMinutes * 60_000)).toISOString();
    const row: NotificationRow = {
      id,
      chain_id: r.chainId ?? id,
      step: r.step,
      alert_org_id: r.alertOrg.id,
      org_id: contact.org_id,
      contact_id: contact.id,
      user_id: contact.person?.id ?? null,
      email,
      locale,
      event: r.centerStage && !r.reveal ? 'alert.unacknowledged' : r.event,
      subject_type: r.reveal ? subject.type : 'org',
      subject_id: r.reveal ? subject.id : r.alertOrg.id,
      incident_id: r.reveal ? subject.incidentId : null,
      tlp: subject.tlp,
      channels: JSON.stringify(used),
      created_at: at.toISOString(),
      ack_requested: r.ackMinutes !== null ? 1 : 0,
      escalate_at: escalateAt,
      escalated_at: null,
      acknowledged_at: null,
      acknowledged_by: null,
      ack_via: null,
      ack_token_hash: token ? hashSecret(token) : null,
      failed_at: null,
      last_error: null,
      closed_reason: null,
    };
    rows.push(row);

    const content: AlertContent = {
      event: r.centerStage ? 'alert.unacknowledged' : r.event,
      ...(r.centerStage && r.reveal ? { originalEvent: r.event } : {}),
      tlp: subject.tlp,
      org: names(r.centerStage ? r.alertOrg : r.subjectOrg),
      at,
      title: r.reveal ? subject.title : null,
      summary: r.reveal ? subject.summary : null,
      severity: r.reveal ? subject.severity : null,
      // The number names the incident as its readers say it; those who may not read it are not told it.
      ...(r.reveal && subject.number
        ? { incident: { id: subject.id, number: `${deps.incidentNumberPrefix}${subject.number}` } }
        : {}),
      // A consent request names the sources the asked body reads, to that body only (not to whom it escalates).
      ...(r.reveal && subject.sourceNumbers?.length && r.alertOrg.id === subject.consentOrgId
        ? { sourceNumbers: subject.sourceNumbers.map((n) => `${deps.incidentNumberPrefix}${n}`) }
        : {}),
      ...(r.reveal && subject.situation ? { situation: situationContent(deps, subject) } : {}),
      ...(r.centerStage && !r.reveal && subject.type === 'incident'
        ? { inReviewOf: names(r.subjectOrg) }
        : {}),
      link: r.reveal ? `${deps.publicUrl}${subject.path}` : null,
      ackLink: token ? `${deps.publicUrl}/api/v1/notifications/ack/${token}` : null,
      escalated: r.step > 0,
      // Whoever is told, and whatever it may read, is told that it is an exercise.
      ...(subject.exercise ? { exercise: subject.exercise } : {}),
    };
    const recipient = { locale, timeZone: contact.time_zone || deps.timeZone } as const;
    const deliveryId = `${id}.${contact.id}`;
    if (email) {
      const mail = renderEmail(content, recipient);
      items.push({
        at,
        item: {
          channel: 'email',
          dedupeKey: `${id}:email:${email}`,
          notificationId: id,
          payload: {
            to: email,
            ...mail,
            messageId: `<${deliveryId}@renraku>`,
            headers: { 'Auto-Submitted': 'auto-generated', 'X-Renraku-Notification': id },
          },
        },
      });
    }
    if (webhookSecret && contact.webhook_url) {
      const subjectRef = r.reveal ? { type: subject.type, id: subject.id } : null;
      items.push({
        at,
        item: {
          channel: 'webhook',
          dedupeKey: `${id}:webhook:${contact.webhook_url}`,
          notificationId: id,
          payload: {
            url: contact.webhook_url,
            body: renderWebhook(content, { deliveryId, notificationId: id, subject: subjectRef }),
            secret: webhookSecret,
            id: deliveryId,
          },
        },
      });
    }
    if (user)
      notices.push({
        unit,
        at,
        notice: {
          type: 'notification.created',
          incidentId: row.incident_id,
          readerOrgIds: [user.orgId],
          readerUserIds: [user.id],
          payload: {
            notificationId: id,
            event: row.event,
            orgSlug: content.org.slug,
            tlp: row.tlp,
            needsAck: row.ack_requested === 1,
            escalated: content.escalated,
            ...(row.subject_type === 'share' ? { shareId: row.subject_id } : {}),
            ...(row.subject_type === 'consent_request' ? { requestId: row.subject_id } : {}),
            ...(row.subject_type === 'situation' ? { situationId: row.subject_id } : {}),
          },
        },
      });
    steps.push({
      notification: row,
      kind: 'notified',
      at,
      detail: { channels: used, ...(used.length === 0 ? { reason: 'no_channel' } : {}) },
    });
  }
  await notificationsRepository.insertAll(first.tx, rows);
  await deps.outbox.enqueueAll(first, items);
  for (const { unit, notice, at } of notices) await deps.events.record(unit, notice, at);
  // The steps' audit entries join the first unit's: they are in the same transaction and chain all the same.
  await recordSteps(first, deps, steps);
  return rows;
}
