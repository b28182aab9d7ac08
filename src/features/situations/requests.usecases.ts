import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { situationRequestReaders } from '../../platform/access/visibility.js';
import { audited } from '../../platform/audit/audit.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { freeText } from '../../platform/text.js';
import { exerciseEventMark } from '../exercises/exercises.reads.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { requestErrors } from './requests.errors.js';
import { type RequestRow, requestsRepository } from './requests.repository.js';
import { BODY_MAX, MOVE_NOTE_MAX, type RequestInput, TITLE_MAX } from './requests.schemas.js';
import { requestEntry } from './requests.timeline.js';
import { type RequestView, requestView } from './requests.view.js';
import type { SituationDeps } from './situations.deps.js';
import { situationErrors } from './situations.errors.js';
import { type SituationRow, situationsRepository } from './situations.repository.js';
import { centerIdOf, situationFor } from './situations.usecases.js';

// Requests (要請) of the center to bodies in scope of a situation: issued with a due time to bodies resolved once,
// each addressed body moving its own state forward 受領 → 対応中 → 完了 (or its ministry on its behalf), every move
// kept with who and when; the center may amend the due time or withdraw it. Nothing changes after the stand-down.

/** The open situation a coordinator acts on, held until the unit ends; 404 / 403 / 409 otherwise. */
async function openForCoordinator(unit: Unit, actor: Actor, id: string): Promise<SituationRow> {
  const found = await situationFor(unit.tx, actor, id);
  if (!can.coordinateSituations(actor)) throw situationErrors.coordinatorsOnly();
  await situationsRepository.lock(unit.tx, found.id, unit.dialect);
  const situation = await situationFor(unit.tx, actor, found.id);
  if (situation.stood_down_at !== null) throw situationErrors.stoodDown();
  return situation;
}

/** A due time as stored (ISO 8601 UTC), refused when unreadable (400) or not later than now (422). */
function dueTime(raw: string, now: Date): string {
  const ms = Date.parse(raw);
  if (Number.isNaN(ms))
    throw commonErrors.badRequest('situations.request_due_invalid', 'dueAt is not a time.');
  if (ms <= now.getTime()) throw requestErrors.duePast();
  return new Date(ms).toISOString();
}

/** The in-scope bodies the addressees name, resolved once: every one, the ministries, or those named. */
async function resolveAddressees(
  db: Executor,
  situationId: string,
  addressees: RequestInput['addressees'],
): Promise<{ org_id: string; parent_id: string | null }[]> {
  const inScope = await situationsRepository.bodiesOf(db, situationId);
  const named = addressees.bodies ?? [];
  if (addressees.kind !== 'bodies') {
    if (named.length > 0)
      throw requestErrors.addresseesInvalid(`Addressees '${addressees.kind}' name no bodies; use 'bodies'.`);
    // A ministry is in scope without a supervising ministry; an agency always has one.
    const rows = addressees.kind === 'all' ? inScope : inScope.filter((b) => b.parent_id === null);
    if (rows.length === 0) throw requestErrors.noAddressees();
    return rows;
  }
  if (named.length === 0) throw requestErrors.noAddressees();
  if (named.some((b) => (b.orgId === undefined) === (b.orgSlug === undefined)))
    throw requestErrors.addresseesInvalid('Name each addressee by its orgId or its orgSlug (one of them).');
  const slugs = named.flatMap((b) => (b.orgSlug === undefined ? [] : [b.orgSlug]));
  const bySlug = new Map(
    (slugs.length ? await orgsDirectory.bySlugs(db, slugs) : []).map((o) => [o.slug, o.id]),
  );
  const byId = new Map(inScope.map((b) => [b.org_id, b]));
  const ids = named.map((b) => b.orgId ?? bySlug.get(b.orgSlug ?? '') ?? '');
  if (new Set(ids).size !== ids.length)
    throw requestErrors.addresseesInvalid('The addressees name a body twice.');
  return ids.map((id) => {
    const body = byId.get(id);
    if (!body) throw requestErrors.unknownBody();
    return body;
  });
}

/** Announces a change of the whole request to the center and every addressed body (and their ministries). */
async function announce(
  unit: Unit,
  deps: SituationDeps,
  type: 'situation.request.issued' | 'situation.request.amended' | 'situation.request.withdrawn',
  situation: SituationRow,
  request: RequestRow,
  addressed: { org_id: string; parent_id: string | null }[],
  now: Date,
) {
  const centerId = await centerIdOf(unit.tx);
  await deps.events.record(
    unit,
    {
      type,
      incidentId: null,
      readerOrgIds: situationRequestReaders(
        centerId,
        addressed.map((b) => ({ orgId: b.org_id, parentId: b.parent_id })),
      ),
      payload: {
        situationId: situation.id,
        situationNumber: situation.number,
        requestId: request.id,
        number: `R-${request.seq}`,
        title: request.title,
        dueAt: request.due_at,
        tlp: situation.tlp,
        ...(await exerciseEventMark(unit.tx, situation.exercise_id)),
      },
    },
    now,
  );
}

/** Issues a request to bodies in scope of an open situation (the center's coordinators), due later than now. */
export async function issueRequest(args: {
  unit: Unit;
  actor: Actor;
  situationId: string;
  input: RequestInput;
  deps: SituationDeps;
}): Promise<RequestView> {
  const { unit, actor, input, deps } = args;
  const situation = await openForCoordinator(unit, actor, args.situationId);
  const now = deps.clock.now();
  const title = freeText(input.title, 'title', TITLE_MAX);
  const body = freeText(input.body, 'body', BODY_MAX);
  const dueAt = dueTime(input.dueAt, now);
  const addressed = await resolveAddressees(unit.tx, situation.id, input.addressees);
  const at = now.toISOString();
  const request: RequestRow = {
    id: newId(),
    situation_id: situation.id,
    seq: await requestsRepository.nextSeq(unit.tx, situation.id),
    title,
    body,
    due_at: dueAt,
    addressees_kind: input.addressees.kind,
    created_at: at,
    created_by: actor.userId,
    amended_at: null,
    withdrawn_at: null,
    withdrawn_by: null,
    version: 1,
  };
  await requestsRepository.insert(unit.tx, request);
  await requestsRepository.insertBodies(
    unit.tx,
    addressed.map((b) => ({
      request_id: request.id,
      org_id: b.org_id,
      parent_id: b.parent_id,
      state: 'issued',
      version: 1,
      acknowledged_at: null,
      acknowledged_by: null,
      started_at: null,
      started_by: null,
      done_at: null,
      done_by: null,
      done_note: null,
      reminded_at: null,
    })),
  );
  await requestEntry(unit, actor, situation.id, 'request_issued', at, null, title, {
    requestId: request.id,
    number: `R-${request.seq}`,
    dueAt,
    bodies: addressed.length,
  });
  await deps.audit.append(
    unit,
    audited(actor, 'situation.request_issue', 'situation', situation.id, {
      request: request.id,
      number: `R-${request.seq}`,
      dueAt,
      addressees: input.addressees.kind,
      bodies: addressed.length,
    }),
    now,
  );
  await announce(unit, deps, 'situation.request.issued', situation, request, addressed, now);
  return requestView(unit.tx, actor, situation, request, now);
}

/** The standing request of an open situation a coordinator changes, at the version it read. */
async function standingForCoordinator(
  unit: Unit,
  actor: Actor,
  situationId: string,
  requestId: string,
  version: number,
) {
  const situation = await openForCoordinator(unit, actor, situationId);
  const request = await requestsRepository.visibleById(unit.tx, actor, situation.id, requestId);
  if (!request) throw requestErrors.notFound();
  if (request.withdrawn_at !== null) throw requestErrors.withdrawn();
  if (request.version !== version) throw requestErrors.stale(request.version);
  return { situation, request };
}

/** Moves a standing request's due time (the center's coordinators); announced to its addressees. */
export async function amendRequest(args: {
  unit: Unit;
  actor: Actor;
  situationId: string;
  requestId: string;
  input: { dueAt: string; version: number };
  deps: SituationDeps;
}): Promise<RequestView> {
  const { unit, actor, deps } = args;
  const { situation, request } = await standingForCoordinator(
    unit,
    actor,
    args.situationId,
    args.requestId,
    args.input.version,
  );
  const now = deps.clock.now();
  const dueAt = dueTime(args.input.dueAt, now);
  if (dueAt === request.due_at) throw requestErrors.sameDue();
  const at = now.toISOString();
  if (!(await requestsRepository.amendDue(unit.tx, request, dueAt, at)))
    throw requestErrors.stale(request.version);
  // A new due time: each body not 完了 by it is reminded of it once more.
  await requestsRepository.rearmReminders(unit.tx, request.id);
  const amended = { ...request, due_at: dueAt, amended_at: at, version: request.version + 1 };
  await requestEntry(unit, actor, situation.id, 'request_amended', at, null, null, {
    requestId: request.id,
    number: `R-${request.seq}`,
    from: request.due_at,
    to: dueAt,
  });
  await deps.audit.append(
    unit,
    audited(actor, 'situation.request_amend', 'situation', situation.id, {
      request: request.id,
      from: request.due_at,
      to: dueAt,
    }),
    now,
  );
  const addressed = await requestsRepository.addressed(unit.tx, request.id);
  await announce(unit, deps, 'situation.request.amended', situation, amended, addressed, now);
  return requestView(unit.tx, actor, situation, amended, now);
}

/** Withdraws a standing request (the center's coordinators): no state moves after it; announced. */
export async function withdrawRequest(args: {
  unit: Unit;
  actor: Actor;
  situationId: string;
  requestId: string;
  input: { version: number; note?: string | undefined };
  deps: SituationDeps;
}): Promise<RequestView> {
  const { unit, actor, deps } = args;
  const { situation, request } = await standingForCoordinator(
    unit,
    actor,
    args.situationId,
    args.requestId,
    args.input.version,
  );
  const note = args.input.note === undefined ? null : freeText(args.input.note, 'note', MOVE_NOTE_MAX);
  const now = deps.clock.now();
  const at = now.toISOString();
  if (!(await requestsRepository.withdraw(unit.tx, request, at, actor.userId)))
    throw requestErrors.stale(request.version);
  const withdrawn = {
    ...request,
    withdrawn_at: at,
    withdrawn_by: actor.userId,
    version: request.version + 1,
  };
  await requestEntry(unit, actor, situation.id, 'request_withdrawn', at, null, note, {
    requestId: request.id,
    number: `R-${request.seq}`,
  });
  await deps.audit.append(
    unit,
    audited(actor, 'situation.request_withdraw', 'situation', situation.id, { request: request.id }),
    now,
  );
  const addressed = await requestsRepository.addressed(unit.tx, request.id);
  await announce(unit, deps, 'situation.request.withdrawn', situation, withdrawn, addressed, now);
  return requestView(unit.tx, actor, situation, withdrawn, now);
}

export { moveRequest } from './requests.moves.js';
export { listRequests, readRequest } from './requests.view.js';
