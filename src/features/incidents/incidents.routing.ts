import type { CompiledQuery } from 'kysely';
import type { Actor } from '../../platform/access/roles.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { writeTogether } from '../../platform/db/together.js';
import { inTransaction, type Unit } from '../../platform/db/transaction.js';
import type { EventBus, EventSubject } from '../../platform/events/events.js';
import { newId } from '../../platform/ids.js';
import { startWorker } from '../../platform/worker.js';
import { announceToNewReader } from '../correlation/correlation.filing.js';
import { markIndicatorsReceived } from '../indicators/indicators.record.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { type DeliveryRow, incidentsRepository } from './incidents.repository.js';
import { routingRepository } from './incidents.routing.repository.js';

export interface RoutingDeps {
  audit: AuditLog;
  events: EventBus;
  clock: Clock;
  defaultReviewDeadlineMinutes: number;
  /** RENRAKU_REVIEW_DEADLINE_MAX_MINUTES: a longer deadline stored before the bound existed is cut to it. */
  maxReviewDeadlineMinutes?: number | undefined;
}

type Org = OrgRow;

/** Where a new incident goes, decided before anything is written: readers, deliveries and their times. */
export interface RoutePlan {
  readers: string[];
  deliveries: DeliveryRow[];
  ministryReceivedAt: string | null;
  centerReceivedAt: string | null;
  reviewDueAt: string | null;
}

/**
 * Sends a new incident up the chain. An agency's incident reaches its supervising ministry at once; it goes
 * on to the center at once too, unless that ministry reviews first, in which case it waits for the ministry
 * or for the review deadline. A ministry's own incident goes straight to the center.
 */
export function planRoute(args: {
  incidentId: string;
  org: Org;
  parent: Org | undefined;
  center: Org;
  now: Date;
  defaultReviewDeadlineMinutes: number;
  maxReviewDeadlineMinutes?: number | undefined;
}): RoutePlan {
  const { incidentId, org, parent, center, now } = args;
  const at = now.toISOString();
  const plan: RoutePlan = {
    readers: [org.id],
    deliveries: [],
    ministryReceivedAt: null,
    centerReceivedAt: null,
    reviewDueAt: null,
  };
  if (org.kind === 'center') return plan;
  const delivery = (to: Org, level: string, fields: Partial<DeliveryRow>): DeliveryRow => ({
    id: newId(),
    incident_id: incidentId,
    org_id: to.id,
    level,
    state: 'delivered',
    created_at: at,
    received_at: at,
    review_due_at: null,
    forwarded_at: null,
    forwarded_by: null,
    route: 'direct',
    ...fields,
  });
  if (org.kind === 'agency' && parent) {
    plan.deliveries.push(delivery(parent, 'ministry', {}));
    plan.readers.push(parent.id);
    plan.ministryReceivedAt = at;
    if (parent.review_mode) {
      const minutes = Math.min(
        parent.review_deadline_minutes ?? args.defaultReviewDeadlineMinutes,
        args.maxReviewDeadlineMinutes ?? Number.POSITIVE_INFINITY,
      );
      plan.reviewDueAt = new Date(now.getTime() + minutes * 60_000).toISOString();
      plan.deliveries.push(
        delivery(center, 'center', {
          state: 'awaiting-review',
          received_at: null,
          review_due_at: plan.reviewDueAt,
          route: 'review',
        }),
      );
      return plan;
    }
    plan.deliveries.push(delivery(center, 'center', { forwarded_at: at, route: 'auto' }));
  } else {
    plan.deliveries.push(delivery(center, 'center', {}));
  }
  plan.readers.push(center.id);
  plan.centerReceivedAt = at;
  return plan;
}

/** Writes a plan for an incident inserted in the same unit (whose received-at times already follow it). */
export async function applyRoute(args: {
  unit: Unit;
  incidentId: string;
  org: Org;
  parent: Org | undefined;
  plan: RoutePlan;
  deps: RoutingDeps;
  now: Date;
  /** What the incident's events carry for their subscribers (see incidentSubject). */
  subject?: EventSubject | undefined;
  /** Writes of the unit sent with the route's own, before them (see writeTogether): the incident's rows. */
  before?: readonly CompiledQuery[];
}): Promise<void> {
  const { unit, incidentId, plan, parent, deps, now, subject } = args;
  const at = now.toISOString();
  await writeTogether(unit.tx, unit.dialect, [
    ...(args.before ?? []),
    ...routingRepository.routeStatements(unit.tx, incidentId, plan.readers, at, plan.deliveries),
  ]);
  if (plan.reviewDueAt && parent) {
    await deps.events.record(
      unit,
      {
        type: 'delivery.awaiting_review',
        incidentId,
        readerOrgIds: plan.readers,
        payload: { level: 'ministry', orgSlug: parent.slug, reviewDueAt: plan.reviewDueAt },
        subject,
      },
      now,
    );
  }
}

async function receiveAtCenter(unit: Unit, incidentId: string, center: Org, at: string) {
  await routingRepository.addReader(unit.tx, incidentId, center.id, at);
  await incidentsRepository.update(unit.tx, incidentId, { center_received_at: at });
  await markIndicatorsReceived(unit.tx, incidentId);
}

/**
 * Releases an agency incident that waits for its ministry's review to the center. `actor` is the reviewing
 * security officer, or null when the review deadline passed. Returns false when nothing was waiting.
 */
export async function releaseToCenter(args: {
  unit: Unit;
  incidentId: string;
  actor: Actor | null;
  note?: string | undefined;
  deps: RoutingDeps;
}): Promise<boolean> {
  const { unit, incidentId, actor, deps } = args;
  const waiting = await routingRepository.awaitingReview(unit.tx, incidentId);
  if (!waiting) return false;
  const now = deps.clock.now();
  const at = now.toISOString();
  const route = actor ? 'forwarded' : 'deadline';
  const updated = await routingRepository.markDelivered(unit.tx, waiting.id, {
    at,
    by: actor?.userId ?? null,
    route,
    note: args.note ?? null,
  });
  // Another node released it between our read and our write.
  if (Number(updated.numUpdatedRows) === 0) return false;
  const center = await orgsDirectory.byId(unit.tx, waiting.org_id);
  if (!center) throw new Error(`delivery ${waiting.id} goes to no known body`);
  await receiveAtCenter(unit, incidentId, center, at);
  await deps.audit.append(
    unit,
    audited(actor, actor ? 'incident.forward' : 'incident.forward_on_deadline', 'incident', incidentId, {
      deliveryId: waiting.id,
      ...(args.note ? { note: args.note } : {}),
    }),
    now,
  );
  await deps.events.record(
    unit,
    {
      type: 'delivery.received',
      incidentId,
      readerOrgIds: await incidentsRepository.readerOrgIds(unit.tx, incidentId),
      payload: { level: 'center', orgSlug: center.slug, route, receivedAt: at },
    },
    now,
  );
  // The center now reads the incident: it hears of the correlations found while it could not.
  await announceToNewReader({ unit, events: deps.events, incidentId, readerOrgId: center.id, at: now });
  return true;
}

/**
 * Sends to the center every agency incident whose review deadline has passed. Safe to run on several nodes at
 * once: on PostgreSQL each node locks the rows it takes and skips those another node holds.
 */
export async function forwardOverdue(
  handle: DatabaseHandle,
  deps: RoutingDeps,
  batch = 100,
): Promise<number> {
  const now = deps.clock.now().toISOString();
  return inTransaction(handle, async (unit) => {
    const due = await routingRepository.overdueReviews(unit.tx, unit.dialect, now, batch);
    let released = 0;
    for (const d of due) {
      if (await releaseToCenter({ unit, incidentId: d.incident_id, actor: null, deps })) released++;
    }
    return released;
  });
}

/** Looks for overdue reviews every `intervalMs`; returns a function that stops it. */
export function startRoutingWorker(
  handle: DatabaseHandle,
  deps: RoutingDeps,
  intervalMs: number,
  onError: (e: unknown) => void,
): () => void {
  return startWorker(intervalMs, () => forwardOverdue(handle, deps), onError);
}
