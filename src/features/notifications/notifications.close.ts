import type { Unit } from '../../platform/db/transaction.js';
import type { NewEvent } from '../../platform/events/events.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { requestsReads } from '../situations/requests.reads.js';
import type { NotificationDeps } from './notifications.deps.js';
import { notificationsRepository } from './notifications.repository.js';
import { recordSteps } from './notifications.steps.js';
import { loadSubject } from './notifications.subject.js';

/** What a body did that answers its notices about a thing. */
export const CLOSING_ACTIONS = [
  'incident.forwarded',
  'incident.forwarded_on_deadline',
  'consent.approved',
  'consent.rejected',
  'consent.expired',
  'share.acknowledged',
  'rollcall.answered',
  'situation.stood_down',
  'situation.request_moved',
  'situation.request_withdrawn',
] as const;
export type ClosingAction = (typeof CLOSING_ACTIONS)[number];

/** Why a notification was closed, as stored with it (`closed_reason`) and shown to its recipient. */
export interface ClosedReason {
  action: ClosingAction;
  /** The body that acted (or, on a deadline, whose review it was). */
  orgId: string;
  at: string;
}

/** The events whose action may answer notifications (see closureOf): planning looks at each of them. */
export const ANSWERING_EVENTS: ReadonlySet<string> = new Set([
  'delivery.received',
  'consent.decided',
  'share.acknowledged',
  'rollcall.answered',
  'situation.stood_down',
  'situation.request.moved',
  'situation.request.withdrawn',
]);

/** Which body's notices about which thing an event answers. */
export interface Closure {
  subject: { type: 'incident' | 'share' | 'consent_request' | 'situation' | 'situation_request'; id: string };
  orgId: string;
  action: ClosingAction;
  /** Every body's notices about it, not only the acting body's: a situation stood down asks nothing more. */
  everyBody?: boolean;
}

const CONSENT_ACTIONS: Record<string, ClosingAction> = {
  approve: 'consent.approved',
  approved: 'consent.approved',
  reject: 'consent.rejected',
  rejected: 'consent.rejected',
  expired: 'consent.expired',
};

/**
 * What an event recorded by an action closes, if anything: an incident forwarded by its reviewing ministry (or
 * sent on when its review deadline passed) closes that ministry's notices about it; a consent request decided
 * (or expired), the asked body's; a share acknowledged, the acknowledging body's; a roll-call answered (by the
 * body, or on its behalf by its ministry), the answered body's notices about the situation. Only the acting
 * body's own notices: nothing one body does closes another's — but the center standing a situation down ends
 * every notice about it (nothing is asked of anybody any more).
 */
export async function closureOf(unit: Unit, event: NewEvent): Promise<Closure | null> {
  const p = event.payload;
  if (event.type === 'delivery.received' && event.incidentId) {
    if (p.route !== 'forwarded' && p.route !== 'deadline') return null;
    const subject = await loadSubject(unit.tx, { type: 'incident', id: event.incidentId });
    const body = subject ? await orgsDirectory.byId(unit.tx, subject.orgId) : undefined;
    if (!body?.parent_id) return null;
    const action = p.route === 'forwarded' ? 'incident.forwarded' : 'incident.forwarded_on_deadline';
    return { subject: { type: 'incident', id: event.incidentId }, orgId: body.parent_id, action };
  }
  if (event.type === 'consent.decided' && typeof p.requestId === 'string') {
    const action = CONSENT_ACTIONS[String(p.decision)];
    if (!action) return null;
    const subject = await loadSubject(unit.tx, { type: 'consent_request', id: p.requestId });
    if (!subject?.consentOrgId) return null;
    return { subject: { type: 'consent_request', id: p.requestId }, orgId: subject.consentOrgId, action };
  }
  if (event.type === 'rollcall.answered' && typeof p.situationId === 'string' && typeof p.orgId === 'string')
    return { subject: { type: 'situation', id: p.situationId }, orgId: p.orgId, action: 'rollcall.answered' };
  if (event.type === 'situation.stood_down' && typeof p.situationId === 'string') {
    const center = await orgsDirectory.center(unit.tx);
    if (!center) return null;
    const subject = { type: 'situation', id: p.situationId } as const;
    return { subject, orgId: center.id, action: 'situation.stood_down', everyBody: true };
  }
  // A body moving its state of a request (to 受領 or further, itself or by its ministry) has acknowledged it; a
  // withdrawn request asks nothing of anybody any more.
  if (
    event.type === 'situation.request.moved' &&
    typeof p.requestId === 'string' &&
    typeof p.orgId === 'string'
  )
    return {
      subject: { type: 'situation_request', id: p.requestId },
      orgId: p.orgId,
      action: 'situation.request_moved',
    };
  if (event.type === 'situation.request.withdrawn' && typeof p.requestId === 'string') {
    const center = await orgsDirectory.center(unit.tx);
    if (!center) return null;
    const subject = { type: 'situation_request', id: p.requestId } as const;
    return { subject, orgId: center.id, action: 'situation.request_withdrawn', everyBody: true };
  }
  if (event.type === 'share.acknowledged' && typeof p.shareId === 'string' && typeof p.orgSlug === 'string') {
    const body = await orgsDirectory.bySlug(unit.tx, p.orgSlug);
    if (!body) return null;
    return { subject: { type: 'share', id: p.shareId }, orgId: body.id, action: 'share.acknowledged' };
  }
  return null;
}

/**
 * Closes a body's open notifications about a thing — every recipient of every chain, the center's escalation
 * steps included — so that none of them escalates any more. Each is recorded in its chain's history and audited
 * as the system's. Returns how many were closed.
 */
export async function closeBySubject(
  unit: Unit,
  deps: Pick<NotificationDeps, 'audit'>,
  closure: Closure,
  at: Date,
): Promise<number> {
  const chains = await notificationsRepository.openChainsAbout(
    unit.tx,
    closure.subject,
    closure.everyBody ? null : closure.orgId,
  );
  if (chains.length === 0) return 0;
  const reason: ClosedReason = { action: closure.action, orgId: closure.orgId, at: at.toISOString() };
  const closed = await notificationsRepository.closeChains(
    unit.tx,
    chains,
    reason.at,
    JSON.stringify(reason),
  );
  await recordSteps(
    unit,
    deps,
    closed.map((notification) => ({
      notification,
      kind: 'closed' as const,
      at,
      actor: null,
      detail: { reason: closure.action, by: closure.orgId },
    })),
  );
  return closed.length;
}

/** Closes what an event's action answers (called by the planner for every event it sees). */
export async function closeOnAction(
  unit: Unit,
  deps: Pick<NotificationDeps, 'audit'>,
  event: NewEvent,
  at: Date,
): Promise<void> {
  const closure = await closureOf(unit, event);
  if (!closure) return;
  await closeBySubject(unit, deps, closure, at);
  // A situation stood down asks nothing more of its requests either.
  if (closure.action === 'situation.stood_down')
    for (const id of await requestsReads.idsOf(unit.tx, closure.subject.id))
      await closeBySubject(unit, deps, { ...closure, subject: { type: 'situation_request', id } }, at);
}

/** The reason stored with a notification, if it was closed by an action. */
export function closedReasonOf(raw: string | null): ClosedReason | null {
  if (!raw) return null;
  try {
    const r = JSON.parse(raw) as Partial<ClosedReason>;
    return r && (CLOSING_ACTIONS as readonly string[]).includes(r.action ?? '') && r.orgId && r.at
      ? { action: r.action as ClosingAction, orgId: r.orgId, at: r.at }
      : null;
  } catch {
    return null;
  }
}
