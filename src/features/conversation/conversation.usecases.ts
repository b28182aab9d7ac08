import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { incidentReaderBodies } from '../../platform/access/visibility.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import type { EventBus } from '../../platform/events/events.js';
import { newId } from '../../platform/ids.js';
import { freeText } from '../../platform/text.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import { incidentSubject } from '../incidents/incidents.subject.js';
import { conversationErrors } from './conversation.errors.js';
import { conversationRepository, type MessageRow } from './conversation.repository.js';
import { MESSAGE_MAX, type MessageInput } from './conversation.schemas.js';

export interface ConversationDeps {
  audit: AuditLog;
  events: EventBus;
  clock: Clock;
}

/** The incident's subject fields if the actor's body reads it now; otherwise it does not exist (404). */
async function readableIncident(db: Executor, actor: Actor, incidentId: string) {
  if (!can.readIncidents(actor)) throw conversationErrors.incidentNotFound();
  const [readable] = await incidentsReads.readableByIds(db, actor.orgId, [incidentId], 'any');
  const incident = readable && (await incidentsReads.subjectOf(db, readable.id));
  if (!incident) throw conversationErrors.incidentNotFound();
  return incident;
}

/** The messages on an incident the actor reads, oldest first; the read is audited. */
export async function listMessages(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  deps: ConversationDeps;
}): Promise<MessageRow[]> {
  const { unit, actor, deps } = args;
  const incident = await readableIncident(unit.tx, actor, args.incidentId);
  const messages = await conversationRepository.list(unit.tx, incident.id);
  await deps.audit.append(
    unit,
    audited(actor, 'incident.messages_read', 'incident', incident.id, { count: messages.length }),
    deps.clock.now(),
  );
  return messages;
}

/**
 * Posts a message on an incident the actor's body reads. The other reader bodies hear of it (`message.posted`,
 * which notifications plan from); the author's own body sees it live (`message.sent`), without a notice of
 * what one of its own people wrote.
 */
export async function postMessage(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  input: MessageInput;
  deps: ConversationDeps;
}): Promise<MessageRow> {
  const { unit, actor, input, deps } = args;
  const incident = await readableIncident(unit.tx, actor, args.incidentId);
  const body = freeText(input.body, 'body', MESSAGE_MAX);
  const replyTo = input.replyTo ?? null;
  if (replyTo !== null && !(await conversationRepository.existsOn(unit.tx, incident.id, replyTo)))
    throw conversationErrors.unknownReplyTo();
  const now = deps.clock.now();
  const row: MessageRow = {
    id: newId(),
    incident_id: incident.id,
    org_id: actor.orgId,
    author_id: actor.userId,
    body,
    reply_to: replyTo,
    created_at: now.toISOString(),
  };
  await conversationRepository.insert(unit.tx, row);
  await deps.audit.append(
    unit,
    audited(actor, 'incident.message_post', 'incident', incident.id, {
      messageId: row.id,
      ...(replyTo ? { replyTo } : {}),
    }),
    now,
  );
  const readers = await incidentReaderBodies(unit.tx, incident.id, undefined, 'any');
  const others = [...readers].filter((id) => id !== actor.orgId);
  const payload = { messageId: row.id, orgSlug: actor.orgSlug, replyTo };
  const subject = incidentSubject(incident);
  if (others.length > 0)
    await deps.events.record(
      unit,
      { type: 'message.posted', incidentId: incident.id, readerOrgIds: others, payload, subject },
      now,
    );
  await deps.events.record(
    unit,
    { type: 'message.sent', incidentId: incident.id, readerOrgIds: [actor.orgId], payload },
    now,
  );
  return row;
}
