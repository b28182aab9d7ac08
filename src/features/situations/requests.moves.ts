import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { requestStateReaders } from '../../platform/access/visibility.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { freeText } from '../../platform/text.js';
import { exerciseEventMark } from '../exercises/exercises.reads.js';
import { requestErrors } from './requests.errors.js';
import { type RequestBodyRow, requestsRepository } from './requests.repository.js';
import { MOVE_NOTE_MAX, type MoveInput } from './requests.schemas.js';
import { REQUEST_STATES, type RequestState } from './requests.table.js';
import { requestEntry } from './requests.timeline.js';
import { type RequestView, requestFor, requestView } from './requests.view.js';
import type { SituationDeps } from './situations.deps.js';
import { situationErrors } from './situations.errors.js';
import { situationsRepository } from './situations.repository.js';
import { namedBodyId } from './situations.scope.js';
import { centerIdOf } from './situations.usecases.js';

// An addressed body moving its state of a request forward 受領 → 対応中 → 完了 (or its ministry on its behalf),
// every move kept with who and when.

/**
 * Moves an addressed body's state of a request forward (its own filing roles, or its supervising ministry's on
 * its behalf), stamping who and when for every step passed; a state reached already, a stale version, a withdrawn
 * request or a stood-down situation is a 409, and of two movers at once only one succeeds.
 */
export async function moveRequest(args: {
  unit: Unit;
  actor: Actor;
  situationId: string;
  requestId: string;
  input: MoveInput;
  deps: SituationDeps;
}): Promise<RequestView> {
  const { unit, actor, input, deps } = args;
  const found = await requestFor(unit.tx, actor, args.situationId, args.requestId);
  // Share mode: moves of different bodies run side by side; a stand-down waits for them, and they for it.
  await situationsRepository.lockShared(unit.tx, found.situation.id, unit.dialect);
  const { situation, request } = await requestFor(unit.tx, actor, found.situation.id, found.request.id);
  const orgId = await namedBodyId(unit.tx, actor, input);
  const body = orgId === undefined ? undefined : await requestsRepository.bodyOf(unit.tx, request.id, orgId);
  // A body not addressed, or one whose state the caller may not read: not there for it.
  if (!body || !can.readSituationRequestState(actor, { orgId: body.org_id, parentId: body.parent_id }))
    throw requestErrors.bodyNotFound();
  if (!can.moveSituationRequest(actor, { orgId: body.org_id, parentId: body.parent_id }))
    throw requestErrors.moveForbidden();
  if (situation.stood_down_at !== null) throw situationErrors.stoodDown();
  if (request.withdrawn_at !== null) throw requestErrors.withdrawn();
  if (input.version !== undefined && input.version !== body.version) throw requestErrors.stale(body.version);
  const from = REQUEST_STATES.indexOf(body.state);
  const to = REQUEST_STATES.indexOf(input.state);
  if (to <= from) throw requestErrors.statePassed(body.state);
  const note = input.note === undefined ? null : freeText(input.note, 'note', MOVE_NOTE_MAX);
  if (note !== null && input.state !== 'done')
    throw commonErrors.badRequest('situations.request_note_on_done', 'A note goes with 完了 (done) only.');
  const passed = REQUEST_STATES.slice(from + 1, to + 1) as RequestState[];
  const now = deps.clock.now();
  const at = now.toISOString();
  if (!(await requestsRepository.move(unit.tx, body, input.state, passed, actor.userId, at, note))) {
    // Another move came first: answer as for a stale version, with the state as it is now.
    const now2 = await requestsRepository.bodyOf(unit.tx, request.id, body.org_id);
    throw requestErrors.statePassed((now2 as RequestBodyRow).state);
  }
  const onBehalf = actor.orgId !== body.org_id;
  await requestsRepository.insertMove(unit.tx, {
    id: newId(),
    request_id: request.id,
    org_id: body.org_id,
    from_state: body.state,
    to_state: input.state,
    at,
    by_user: actor.userId,
    by_org: actor.orgId,
    note,
  });
  const data = {
    requestId: request.id,
    number: `R-${request.seq}`,
    from: body.state,
    to: input.state,
    onBehalf,
  };
  await requestEntry(unit, actor, situation.id, 'request_moved', at, body.org_id, note, data);
  await deps.audit.append(
    unit,
    audited(actor, 'situation.request_move', 'situation', situation.id, {
      request: request.id,
      org: body.org_id,
      from: body.state,
      to: input.state,
      onBehalf,
    }),
    now,
  );
  await deps.events.record(
    unit,
    {
      type: 'situation.request.moved',
      incidentId: null,
      readerOrgIds: requestStateReaders(await centerIdOf(unit.tx), {
        orgId: body.org_id,
        parentId: body.parent_id,
      }),
      payload: {
        situationId: situation.id,
        requestId: request.id,
        orgId: body.org_id,
        state: input.state,
        onBehalf,
        ...(await exerciseEventMark(unit.tx, situation.exercise_id)),
      },
    },
    now,
  );
  return requestView(unit.tx, actor, situation, request, now);
}
