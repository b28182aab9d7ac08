import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { freeText } from '../../platform/text.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { usersReads } from '../users/users.reads.js';
import { incidentErrors } from './incidents.errors.js';
import { type IncidentRow, incidentsRepository } from './incidents.repository.js';
import type { RoutingDeps } from './incidents.routing.js';
import { SEND_BACK_MAX } from './incidents.schemas.js';
import { type SendBackRow, sendBacksRepository } from './incidents.sendback.repository.js';
import { incidentSubject } from './incidents.subject.js';

// Sending back (差し戻し): while a ministry reviews an agency's incident, it may ask the agency for more instead
// of forwarding. The agency's next follow-up report answers the request; the review goes on. The review deadline
// neither pauses nor restarts: whatever happens between them, the center has the incident at the deadline at the
// latest (answered or not), so that sending back can never hold an incident from the center.

export type { SendBackRow };

export const sendBacks = {
  /** The open request of each of these incidents, if any. */
  async open(db: Executor, incidentIds: string[]): Promise<Map<string, SendBackRow>> {
    if (incidentIds.length === 0) return new Map();
    const rows = await sendBacksRepository.open(db, incidentIds);
    return new Map(rows.map((r) => [r.incident_id, r]));
  },
  /** Every request of the incident, oldest first, each with its requester's e-mail and body. */
  async of(db: Executor, incidentId: string) {
    const rows = await sendBacksRepository.of(db, incidentId);
    const [people, orgs] = await Promise.all([
      usersReads.byIds(db, [...new Set(rows.map((r) => r.requested_by))]),
      orgsDirectory.byIds(db, [...new Set(rows.map((r) => r.org_id))]),
    ]);
    return rows.map((r) => ({
      ...r,
      requester_email: people.get(r.requested_by)?.email ?? '',
      requester_org_slug: orgs.get(r.org_id)?.slug ?? '',
    }));
  },
  /** Marks the open request of the incident answered by the report numbered `seq`; its id, if there was one. */
  async answer(tx: Tx, incidentId: string, seq: number, at: string): Promise<string | null> {
    const open = await sendBacksRepository.openOf(tx, incidentId);
    if (!open) return null;
    await sendBacksRepository.markAnswered(tx, open.id, seq, at);
    return open.id;
  },
};

/** The supervising ministry sends an agency incident it reviews back to the agency, asking for more. */
export async function sendBackIncident(args: {
  unit: Unit;
  actor: Actor;
  incident: IncidentRow;
  message: string;
  deps: RoutingDeps;
}): Promise<SendBackRow> {
  const { unit, actor, incident, deps } = args;
  const org = await orgsDirectory.byId(unit.tx, incident.org_id);
  if (org?.kind !== 'agency' || !org.parent_id || !can.sendBack(actor, { orgId: org.parent_id }))
    throw commonErrors.forbidden('Only the supervising ministry sends this incident back.');
  const message = freeText(args.message, 'message', SEND_BACK_MAX);
  const waiting = (await incidentsRepository.reviewDue(unit.tx, [incident.id])).has(incident.id);
  if (!waiting) throw incidentErrors.nothingToForward();
  if ((await sendBacks.open(unit.tx, [incident.id])).size > 0) throw incidentErrors.alreadySentBack();
  const now = deps.clock.now();
  const row: SendBackRow = {
    id: newId(),
    incident_id: incident.id,
    org_id: actor.orgId,
    requested_by: actor.userId,
    requested_at: now.toISOString(),
    message,
    answered_at: null,
    answered_seq: null,
  };
  await sendBacksRepository.insert(unit.tx, row);
  await deps.audit.append(
    unit,
    audited(actor, 'incident.send_back', 'incident', incident.id, { sendBackId: row.id }),
    now,
  );
  await deps.events.record(
    unit,
    {
      type: 'incident.sent_back',
      incidentId: incident.id,
      // Its readers now: the agency and its ministry; the center does not read it while the review lasts.
      readerOrgIds: await incidentsRepository.readerOrgIds(unit.tx, incident.id),
      payload: { sendBackId: row.id, orgSlug: actor.orgSlug, requestedAt: row.requested_at },
      subject: incidentSubject(incident),
    },
    now,
  );
  return row;
}
