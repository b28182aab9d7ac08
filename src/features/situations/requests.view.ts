import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Executor } from '../../platform/db/database.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { usersReads } from '../users/users.reads.js';
import { requestErrors } from './requests.errors.js';
import { type RequestBodyRow, type RequestRow, requestsRepository } from './requests.repository.js';
import { REQUEST_STATES, type RequestState } from './requests.table.js';
import type { SituationDeps } from './situations.deps.js';
import type { SituationRow } from './situations.repository.js';
import { situationFor } from './situations.usecases.js';
import { bodyRef } from './situations.view.js';

// A request as one caller may see it, ready to answer (RequestOut): the states of the addressed bodies the caller
// reads (its own, its agencies', or every one for the center), counts over them, and who is overdue.

const overdue = (r: RequestRow, b: RequestBodyRow, now: Date) =>
  r.withdrawn_at === null && b.state !== 'done' && Date.parse(r.due_at) < now.getTime();

/** Requests (each already visible to the actor) as the actor sees them; with their moves when asked. */
export async function requestViews(
  db: Executor,
  actor: Actor,
  situation: SituationRow,
  rows: RequestRow[],
  now: Date,
  withMoves = false,
) {
  const bodies = await requestsRepository.readableBodies(
    db,
    actor,
    rows.map((r) => r.id),
  );
  const moves =
    withMoves && rows[0]
      ? await requestsRepository.moves(
          db,
          rows[0].id,
          bodies.map((b) => b.org_id),
        )
      : [];
  const people = await usersReads.byIds(db, [
    ...new Set([
      ...bodies.flatMap((b) => [b.acknowledged_by, b.started_by, b.done_by].flatMap((u) => u ?? [])),
      ...moves.map((m) => m.by_user),
    ]),
  ]);
  const orgs = await orgsDirectory.byIds(db, [...new Set(bodies.map((b) => b.org_id))]);
  const byOf = (b: RequestBodyRow, userId: string | null) => {
    if (userId === null) return null;
    const p = people.get(userId);
    return {
      name: p?.displayName ?? '',
      orgId: p?.orgId ?? '',
      onBehalf: (p?.orgId ?? b.org_id) !== b.org_id,
    };
  };
  const open = situation.stood_down_at === null;
  return rows.map((r) => {
    const mine = bodies.filter((b) => b.request_id === r.id);
    const present = (b: RequestBodyRow) => ({
      orgId: b.org_id,
      orgSlug: bodyRef(orgs, b.org_id).orgSlug,
      orgName: bodyRef(orgs, b.org_id).name,
      parentId: b.parent_id,
      state: b.state,
      version: b.version,
      acknowledgedAt: b.acknowledged_at,
      acknowledgedBy: byOf(b, b.acknowledged_by),
      startedAt: b.started_at,
      startedBy: byOf(b, b.started_by),
      doneAt: b.done_at,
      doneBy: byOf(b, b.done_by),
      doneNote: b.done_note,
      overdue: overdue(r, b, now),
    });
    const counts = Object.fromEntries(REQUEST_STATES.map((s) => [s, 0])) as Record<RequestState, number>;
    for (const b of mine) counts[b.state] += 1;
    const own = mine.find((b) => b.org_id === actor.orgId);
    return {
      id: r.id,
      number: `R-${r.seq}`,
      situationId: r.situation_id,
      title: r.title,
      body: r.body,
      dueAt: r.due_at,
      addresseesKind: r.addressees_kind,
      createdAt: r.created_at,
      amendedAt: r.amended_at,
      withdrawnAt: r.withdrawn_at,
      version: r.version,
      counts: { ...counts, total: mine.length },
      overdueBodies: mine.filter((b) => overdue(r, b, now)).map((b) => bodyRef(orgs, b.org_id)),
      mine: own ? present(own) : null,
      mayMoveFor:
        open && r.withdrawn_at === null
          ? mine
              .filter(
                (b) =>
                  b.state !== 'done' &&
                  can.moveSituationRequest(actor, { orgId: b.org_id, parentId: b.parent_id }),
              )
              .map((b) => b.org_id)
          : [],
      bodies: mine.map(present),
      ...(withMoves
        ? {
            moves: moves.map((m) => ({
              orgId: m.org_id,
              from: m.from_state,
              to: m.to_state,
              at: m.at,
              byName: people.get(m.by_user)?.displayName ?? '',
              onBehalf: m.by_org !== m.org_id,
              note: m.note,
            })),
          }
        : {}),
    };
  });
}

export type RequestView = Awaited<ReturnType<typeof requestViews>>[number];

/** A request of a situation the actor sees; one it does not see does not exist for it. */
export async function requestFor(db: Executor, actor: Actor, situationId: string, requestId: string) {
  const situation = await situationFor(db, actor, situationId);
  const request = await requestsRepository.visibleById(db, actor, situation.id, requestId);
  if (!request) throw requestErrors.notFound();
  return { situation, request };
}

/** One request as the actor sees it now (after a change it made). */
export async function requestView(
  db: Executor,
  actor: Actor,
  situation: SituationRow,
  request: RequestRow,
  now: Date,
) {
  const [view] = await requestViews(db, actor, situation, [request], now);
  if (!view) throw requestErrors.notFound();
  return view;
}

/** The requests of a situation the actor sees, in their order. */
export async function listRequests(db: Executor, actor: Actor, situationId: string, deps: SituationDeps) {
  const situation = await situationFor(db, actor, situationId);
  const rows = await requestsRepository.visible(db, actor, situation.id);
  return requestViews(db, actor, situation, rows, deps.clock.now());
}

/** One request the actor sees, with the moves of the states it reads. */
export async function readRequest(
  db: Executor,
  actor: Actor,
  situationId: string,
  requestId: string,
  deps: SituationDeps,
) {
  const { situation, request } = await requestFor(db, actor, situationId, requestId);
  const [view] = await requestViews(db, actor, situation, [request], deps.clock.now(), true);
  if (!view) throw requestErrors.notFound();
  return view;
}
