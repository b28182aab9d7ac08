import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import type { ChangeDeps } from '../changes/changes.deps.js';
import type { ChangeKind } from '../changes/changes.kinds.js';
import { recordApplied, requestChange } from '../changes/changes.usecases.js';
import { orgErrors } from './orgs.errors.js';
import { orgsRepository } from './orgs.repository.js';

export interface BodyChange {
  kind: ChangeKind;
  orgId: string;
  /** What the change is about (one open request per subject). */
  subjectKey: string;
  payload: unknown;
  /** What people are shown about it, without secrets. */
  summary: Record<string, unknown>;
}

export type ChangeOutcome = { status: 'applied' } | { status: 'pending'; changeId: string };

/**
 * A change to a body's sign-in: its identity provider, the roles mapped into it, its password policy. From the
 * body's own security officer it applies at once and is listed among the body's changes; from anyone else (an
 * administrator) it waits, like any change to a body's people, for the body's security officer to confirm it
 * (or a second administrator, when the body has nobody who may), and its officers are told.
 */
export async function submitBodyChange(args: {
  unit: Unit;
  actor: Actor;
  change: BodyChange;
  deps: ChangeDeps;
}): Promise<ChangeOutcome> {
  const { unit, actor, change, deps } = args;
  const org = await orgsRepository.byId(unit.tx, change.orgId);
  if (!org) throw orgErrors.notFound();
  const subject = { key: change.subjectKey };
  if (!can.changeBodyDirectly(actor, { orgId: org.id })) {
    const pending = await requestChange({
      unit,
      deps,
      kind: change.kind.name,
      org,
      requester: actor,
      subject,
      payload: change.payload,
      summary: change.summary,
    });
    return { status: 'pending', changeId: pending.id };
  }
  await applyAtOnce({ unit, actor, change, deps });
  return { status: 'applied' };
}

/**
 * Makes a change now, as its kind would once confirmed, and lists it among the body's changes (its officers are
 * told when it came from outside): for the body's own officer, and for what only takes access away.
 */
export async function applyAtOnce(args: { unit: Unit; actor: Actor; change: BodyChange; deps: ChangeDeps }) {
  const { unit, actor, change, deps } = args;
  const org = await orgsRepository.byId(unit.tx, change.orgId);
  if (!org) throw orgErrors.notFound();
  await change.kind.apply({
    unit,
    // As it would be read back once stored.
    change: {
      id: newId(),
      orgId: org.id,
      payload: JSON.parse(JSON.stringify(change.payload)) as unknown,
      requestedBy: actor.userId,
      subjectUserId: null,
    },
    confirmer: actor,
    prepared: undefined,
  });
  await recordApplied({
    unit,
    deps,
    kind: change.kind.name,
    org,
    actor,
    subject: { key: change.subjectKey },
    summary: change.summary,
  });
}
