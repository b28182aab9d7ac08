import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { realmOf, rollCallAnswerReaders } from '../../platform/access/visibility.js';
import { audited } from '../../platform/audit/audit.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import { freeText } from '../../platform/text.js';
import { exerciseEventMark } from '../exercises/exercises.reads.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import type { SituationDeps } from './situations.deps.js';
import { situationErrors } from './situations.errors.js';
import { type AnswerRow, type BodyRow, situationsRepository } from './situations.repository.js';
import { type AnswerInput, NOTE_MAX } from './situations.schemas.js';
import { namedBodyId } from './situations.scope.js';
import { centerIdOf, situationFor } from './situations.usecases.js';
import { type AnswerView, answerViews } from './situations.view.js';

// The roll-call (被害状況の確認): every body in scope answers none / investigating / affected, revising as it
// learns more (every revision kept); a ministry may answer for an agency of its own that cannot (代理回答).

/**
 * Records a body's answer to the roll-call as its next revision: the body's own reporters and security
 * officers, or its supervising ministry's on its behalf; only while the situation is open. A linked incident
 * must be one of the answered body that the answering body reads.
 */
export async function answerRollCall(args: {
  unit: Unit;
  actor: Actor;
  situationId: string;
  input: AnswerInput;
  deps: SituationDeps;
}): Promise<AnswerView> {
  const { unit, actor, input, deps } = args;
  const found = await situationFor(unit.tx, actor, args.situationId);
  await situationsRepository.lockShared(unit.tx, found.id, unit.dialect);
  const orgId = await namedBodyId(unit.tx, actor, input);
  const body = orgId === undefined ? undefined : await situationsRepository.bodyOf(unit.tx, found.id, orgId);
  // A body out of scope, forged or another's: the same refusal (the caller sees the situation already).
  if (!body || !can.answerRollCall(actor, { orgId: body.org_id, parentId: body.parent_id }))
    throw situationErrors.answerForbidden();
  await situationsRepository.lockBody(unit.tx, found.id, body.org_id, unit.dialect);
  // Read again under the lock: a stand-down that committed meanwhile is seen.
  const situation = await situationFor(unit.tx, actor, found.id);
  if (situation.stood_down_at !== null) throw situationErrors.stoodDown();
  const note = input.note === undefined ? null : freeText(input.note, 'note', NOTE_MAX);
  const incidentId = input.incidentId ?? null;
  if (incidentId !== null) {
    // An exercise situation links that exercise's incidents only; a real one real incidents only.
    const realm = realmOf(situation.exercise_id ?? undefined);
    const [incident] = await incidentsReads.readableByIds(unit.tx, actor.orgId, [incidentId], realm);
    if (!incident || incident.org_id !== body.org_id) throw situationErrors.incidentUnknown();
  }

  const now = deps.clock.now();
  const at = now.toISOString();
  const answer: AnswerRow = {
    id: newId(),
    situation_id: situation.id,
    org_id: body.org_id,
    revision: (await situationsRepository.lastRevision(unit.tx, situation.id, body.org_id)) + 1,
    status: input.status,
    note,
    incident_id: incidentId,
    answered_by: actor.userId,
    answered_by_org: actor.orgId,
    answered_at: at,
  };
  const onBehalf = answer.answered_by_org !== answer.org_id;
  await situationsRepository.insertAnswer(unit.tx, answer);
  await situationsRepository.insertEntry(unit.tx, {
    id: newId(),
    situation_id: situation.id,
    at,
    kind: 'answered',
    actor_id: actor.userId,
    actor_org_id: actor.orgId,
    org_id: body.org_id,
    text: note,
    data: JSON.stringify({ status: answer.status, revision: answer.revision, onBehalf, incidentId }),
  });
  if (incidentId !== null) await linkAnsweredIncident(unit, actor, body, incidentId, at);
  await deps.audit.append(
    unit,
    audited(actor, 'rollcall.answer', 'situation', situation.id, {
      org: body.org_id,
      revision: answer.revision,
      status: answer.status,
      onBehalf,
      incident: incidentId,
    }),
    now,
  );
  await deps.events.record(
    unit,
    {
      type: 'rollcall.answered',
      incidentId: null,
      readerOrgIds: rollCallAnswerReaders(await centerIdOf(unit.tx), {
        orgId: body.org_id,
        parentId: body.parent_id,
      }),
      payload: {
        situationId: situation.id,
        orgId: body.org_id,
        status: answer.status,
        revision: answer.revision,
        onBehalf,
        ...(await exerciseEventMark(unit.tx, situation.exercise_id)),
      },
    },
    now,
  );
  const [view] = await answerViews(unit.tx, actor, [answer], deps);
  if (!view) throw situationErrors.notFound();
  return view;
}

/** Links the incident an answer names to the situation, once, with its timeline entry (seen as the answer is). */
async function linkAnsweredIncident(unit: Unit, actor: Actor, body: BodyRow, incidentId: string, at: string) {
  const links = await situationsRepository.linksOf(unit.tx, [body.situation_id]);
  if (links.some((l) => l.incident_id === incidentId)) return;
  await situationsRepository.insertLinks(unit.tx, [
    {
      situation_id: body.situation_id,
      incident_id: incidentId,
      linked_at: at,
      linked_by: actor.userId,
      via: 'answer',
    },
  ]);
  await situationsRepository.insertEntry(unit.tx, {
    id: newId(),
    situation_id: body.situation_id,
    at,
    kind: 'incident_linked',
    actor_id: actor.userId,
    actor_org_id: actor.orgId,
    org_id: body.org_id,
    text: null,
    data: JSON.stringify({ incidentId, via: 'answer' }),
  });
}

/** The in-scope body whose answers the actor reads, by id or slug; any other is not there for it. */
export async function readableBody(db: Executor, actor: Actor, situationId: string, idOrSlug: string) {
  const bodies = await situationsRepository.answerableBodies(db, actor, situationId);
  const byId = bodies.find((b) => b.org_id === idOrSlug);
  if (byId) return byId;
  const bySlug = await orgsDirectory.bySlug(db, idOrSlug);
  const body = bySlug ? bodies.find((b) => b.org_id === bySlug.id) : undefined;
  if (!body) throw situationErrors.bodyNotFound();
  return body;
}

/** Every revision of a body's answer, newest first: the body, its supervising ministry, the center. */
export async function answerHistory(
  db: Executor,
  actor: Actor,
  situationId: string,
  idOrSlug: string,
  deps: SituationDeps,
): Promise<AnswerView[]> {
  const situation = await situationFor(db, actor, situationId);
  const body = await readableBody(db, actor, situation.id, idOrSlug);
  return answerViews(db, actor, await situationsRepository.revisions(db, situation.id, body.org_id), deps);
}
