import type { Actor } from '../../platform/access/roles.js';
import type { AuditLog } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import type { OrgsTable } from '../../platform/db/schema.js';
import { inTransaction, type Unit } from '../../platform/db/transaction.js';
import type { EventBus } from '../../platform/events/events.js';
import { newId } from '../../platform/ids.js';
import { type IncidentRow, incidentsRepository } from '../incidents/incidents.repository.js';

export interface RoutingDeps {
  audit: AuditLog;
  events: EventBus;
  clock: Clock;
  defaultReviewDeadlineMinutes: number;
}

type Org = OrgsTable;

/**
 * Sends a new incident up the chain. An agency's incident reaches its supervising ministry at once; it goes
 * on to the center at once too, unless that ministry reviews first, in which case it waits for the ministry
 * or for the review deadline. A ministry's own incident goes straight to the center.
 */
export async function routeNewIncident(args: {
  unit: Unit;
  incident: IncidentRow;
  org: Org;
  parent: Org | undefined;
  center: Org;
  deps: RoutingDeps;
}): Promise<void> {
  const { unit, incident, org, parent, center, deps } = args;
  const now = deps.clock.now();
  const at = now.toISOString();
  await incidentsRepository.addReader(unit.tx, incident.id, org.id, at);
  if (org.kind === 'center') return;

  if (org.kind === 'agency' && parent) {
    await unit.tx
      .insertInto('deliveries')
      .values({
        id: newId(),
        incident_id: incident.id,
        org_id: parent.id,
        level: 'ministry',
        state: 'delivered',
        created_at: at,
        received_at: at,
        review_due_at: null,
        forwarded_at: null,
        forwarded_by: null,
        route: 'direct',
      })
      .execute();
    await incidentsRepository.addReader(unit.tx, incident.id, parent.id, at);
    await incidentsRepository.update(unit.tx, incident.id, { ministry_received_at: at });
    if (parent.review_mode) {
      const minutes = parent.review_deadline_minutes ?? deps.defaultReviewDeadlineMinutes;
      const due = new Date(now.getTime() + minutes * 60_000).toISOString();
      await unit.tx
        .insertInto('deliveries')
        .values({
          id: newId(),
          incident_id: incident.id,
          org_id: center.id,
          level: 'center',
          state: 'awaiting-review',
          created_at: at,
          received_at: null,
          review_due_at: due,
          forwarded_at: null,
          forwarded_by: null,
          route: 'review',
        })
        .execute();
      await deps.events.record(
        unit,
        {
          type: 'delivery.awaiting_review',
          incidentId: incident.id,
          readerOrgIds: [org.id, parent.id],
          payload: { level: 'ministry', orgSlug: parent.slug, reviewDueAt: due },
        },
        now,
      );
      return;
    }
  }

  await unit.tx
    .insertInto('deliveries')
    .values({
      id: newId(),
      incident_id: incident.id,
      org_id: center.id,
      level: 'center',
      state: 'delivered',
      created_at: at,
      received_at: at,
      review_due_at: null,
      forwarded_at: org.kind === 'agency' ? at : null,
      forwarded_by: null,
      route: org.kind === 'agency' ? 'auto' : 'direct',
    })
    .execute();
  await receiveAtCenter(unit, incident.id, center, at);
}

async function receiveAtCenter(unit: Unit, incidentId: string, center: Org, at: string) {
  await incidentsRepository.addReader(unit.tx, incidentId, center.id, at);
  await incidentsRepository.update(unit.tx, incidentId, { center_received_at: at });
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
  const waiting = await unit.tx
    .selectFrom('deliveries')
    .innerJoin('orgs', 'orgs.id', 'deliveries.org_id')
    .selectAll('deliveries')
    .select(['orgs.slug as center_slug'])
    .where('incident_id', '=', incidentId)
    .where('state', '=', 'awaiting-review')
    .executeTakeFirst();
  if (!waiting) return false;
  const now = deps.clock.now();
  const at = now.toISOString();
  const route = actor ? 'forwarded' : 'deadline';
  const updated = await unit.tx
    .updateTable('deliveries')
    .set({
      state: 'delivered',
      received_at: at,
      forwarded_at: at,
      forwarded_by: actor?.userId ?? null,
      route,
    })
    .where('id', '=', waiting.id)
    .where('state', '=', 'awaiting-review')
    .executeTakeFirst();
  // Another node released it between our read and our write.
  if (Number(updated.numUpdatedRows) === 0) return false;
  const center = await unit.tx
    .selectFrom('orgs')
    .selectAll()
    .where('id', '=', waiting.org_id)
    .executeTakeFirstOrThrow();
  await receiveAtCenter(unit, incidentId, center, at);
  await deps.audit.append(
    unit,
    {
      actorUserId: actor?.userId ?? null,
      actorOrgId: actor?.orgId ?? null,
      action: actor ? 'incident.forward' : 'incident.forward_on_deadline',
      subjectType: 'incident',
      subjectId: incidentId,
      detail: { deliveryId: waiting.id, ...(args.note ? { note: args.note } : {}) },
    },
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
    let q = unit.tx
      .selectFrom('deliveries')
      .select(['incident_id'])
      .where('state', '=', 'awaiting-review')
      .where('review_due_at', '<=', now)
      .orderBy('review_due_at')
      .limit(batch);
    if (unit.dialect === 'postgres') q = q.forUpdate().skipLocked();
    const due = await q.execute();
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
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    forwardOverdue(handle, deps)
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
