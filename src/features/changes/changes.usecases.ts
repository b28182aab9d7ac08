import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { inTransaction, type Unit } from '../../platform/db/transaction.js';
import { type AppError, commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { type Person, usersReads } from '../users/users.reads.js';
import type { ChangeDeps } from './changes.deps.js';
import { changeErrors } from './changes.errors.js';
import { tellOfChange } from './changes.notify.js';
import { mailbox, samePerson } from './changes.person.js';
import { type ChangeRow, changesRepository } from './changes.repository.js';

/** What a change is about: one open request per `key`; the user and the e-mail address it concerns, if any. */
export interface ChangeSubject {
  key: string;
  userId?: string | null;
  email?: string | null;
}

/** A use-case's answer when its change was made, or when it now waits for confirmation. */
export type Proposed<T> = { done: T } | { pending: ChangeRow };

/**
 * Who may confirm a change about `subject` asked by `requester`: not the requester, not the person concerned,
 * no account with either's e-mail address, and nobody whose own account or role that requester asked for.
 */
async function eligible(db: Executor, people: Person[], requester: Actor, subject: ChangeSubject) {
  const out: Person[] = [];
  for (const p of people) {
    if (p.userId === requester.userId || p.userId === subject.userId) continue;
    if (samePerson(p.email, requester.email) || samePerson(p.email, subject.email)) continue;
    if ((await changesRepository.grantersOf(db, p.userId)).has(requester.userId)) continue;
    out.push(p);
  }
  return out;
}

/** Whom the change goes to: the body's own officers when it has one who may, else (when allowed) another admin. */
async function confirmerClass(
  db: Executor,
  deps: ChangeDeps,
  orgId: string,
  requester: Actor,
  subject: ChangeSubject,
): Promise<'body' | 'second-admin'> {
  if (deps.confirmedBy === 'body') {
    const officers = await usersReads.activeOfficers(db, orgId);
    if ((await eligible(db, officers, requester, subject)).length > 0) return 'body';
    if (deps.fallback === 'none') throw changeErrors.noConfirmer();
  }
  const admins = await usersReads.activeAdmins(db);
  if ((await eligible(db, admins, requester, subject)).length === 0) throw changeErrors.noConfirmer();
  return 'second-admin';
}

/**
 * Asks for a change of a body's people or contacts instead of making it: it is stored with what applying it
 * needs (`payload`, for the kind's `apply`) and what people are shown (`summary`, no secret), audited, and the
 * body's security officers are told. Nothing changes until one of them (or a second administrator) confirms.
 */
export async function requestChange(args: {
  unit: Unit;
  deps: ChangeDeps;
  kind: string;
  org: OrgRow;
  requester: Actor;
  subject: ChangeSubject;
  payload: unknown;
  summary: Record<string, unknown>;
}): Promise<ChangeRow> {
  const { unit, deps, org, requester, subject } = args;
  if (!deps.kinds.get(args.kind)) throw new Error(`change kind ${args.kind} is not registered`);
  if (subject.userId === requester.userId || samePerson(subject.email, requester.email))
    throw changeErrors.aboutRequester();
  if (await changesRepository.openFor(unit.tx, subject.key)) throw changeErrors.alreadyPending();
  const confirmBy = await confirmerClass(unit.tx, deps, org.id, requester, subject);
  const now = deps.clock.now();
  const row: ChangeRow = {
    id: newId(),
    kind: args.kind,
    org_id: org.id,
    subject_key: subject.key,
    subject_user_id: subject.userId ?? null,
    subject_email: subject.email ? mailbox(subject.email) : null,
    payload: JSON.stringify(args.payload),
    summary: JSON.stringify(args.summary),
    requested_by: requester.userId,
    requested_email: mailbox(requester.email),
    requested_at: now.toISOString(),
    expires_at: new Date(now.getTime() + deps.ttlHours * 3_600_000).toISOString(),
    confirm_by: confirmBy,
    status: 'pending',
    decided_by: null,
    decided_at: null,
    reason: null,
  };
  try {
    await changesRepository.insert(unit.tx, row);
  } catch (e) {
    // Two requests about the same subject at once: the unique index lets one in.
    if (isUniqueViolation(e)) throw changeErrors.alreadyPending();
    throw e;
  }
  await deps.audit.append(
    unit,
    audited(requester, 'change.request', 'change', row.id, {
      kind: row.kind,
      org: org.slug,
      subject: row.subject_key,
      confirmBy,
      expiresAt: row.expires_at,
    }),
    now,
  );
  await tellOfChange(unit, deps, { change: row, org, event: 'requested', actorUserId: requester.userId });
  return row;
}

/**
 * Lists a change made at once among the body's changes (its own security officer's, or an administrator's that
 * needs no confirmation, such as disabling someone); when made from outside the body, its officers are told.
 * The change itself writes its own audit row.
 */
export async function recordApplied(args: {
  unit: Unit;
  deps: ChangeDeps;
  kind: string;
  org: OrgRow;
  actor: Actor;
  subject: ChangeSubject;
  summary: Record<string, unknown>;
}): Promise<void> {
  const { unit, deps, org, actor, subject } = args;
  const at = deps.clock.now().toISOString();
  const row: ChangeRow = {
    id: newId(),
    kind: args.kind,
    org_id: org.id,
    subject_key: subject.key,
    subject_user_id: subject.userId ?? null,
    subject_email: subject.email ? mailbox(subject.email) : null,
    payload: '{}',
    summary: JSON.stringify(args.summary),
    requested_by: actor.userId,
    requested_email: mailbox(actor.email),
    requested_at: at,
    expires_at: null,
    confirm_by: null,
    status: 'applied',
    decided_by: actor.userId,
    decided_at: at,
    reason: null,
  };
  await changesRepository.insert(unit.tx, row);
  if (!can.changeBodyDirectly(actor, { orgId: org.id }))
    await tellOfChange(unit, deps, { change: row, org, event: 'applied', actorUserId: actor.userId });
}

/** A change the actor may see; any other does not exist for it. */
async function visible(db: Executor, actor: Actor, id: string): Promise<ChangeRow> {
  const row = await changesRepository.byId(db, id);
  if (!row || !can.readChanges(actor, { orgId: row.org_id })) throw changeErrors.notFound();
  return row;
}

/** Why the actor may not confirm the change, or null when it may. */
export async function confirmRefusal(
  db: Executor,
  actor: Actor,
  change: ChangeRow,
  granters?: Set<string>,
): Promise<AppError | null> {
  const ref = { orgId: change.org_id, confirmBy: change.confirm_by, requestedBy: change.requested_by };
  if (!can.confirmChange(actor, ref))
    return actor.userId === change.requested_by
      ? changeErrors.ownRequest()
      : changeErrors.notConfirmer(change.confirm_by ?? 'body');
  if (
    samePerson(actor.email, change.requested_email) ||
    actor.userId === change.subject_user_id ||
    samePerson(actor.email, change.subject_email)
  )
    return changeErrors.samePerson();
  const mine = granters ?? (await changesRepository.grantersOf(db, actor.userId));
  if (mine.has(change.requested_by)) return changeErrors.grantedByRequester();
  return null;
}

/** The change as it stands inside the unit, held to its end, and still open. */
async function openChange(unit: Unit, actor: Actor, id: string, deps: ChangeDeps) {
  await visible(unit.tx, actor, id);
  await changesRepository.lock(unit.tx, unit.dialect, id);
  const change = (await changesRepository.byId(unit.tx, id)) as ChangeRow;
  if (change.status !== 'pending') throw changeErrors.alreadyDecided();
  const now = deps.clock.now();
  if (change.expires_at !== null && change.expires_at <= now.toISOString()) throw changeErrors.expired();
  const org = await orgsDirectory.byId(unit.tx, change.org_id);
  if (!org) throw changeErrors.notFound();
  return { change, org, now };
}

/**
 * Confirms a change: its kind applies it now, in this unit, on behalf of the confirmer — the body's security
 * officer (or a second administrator), never the requester nor anyone who is, as far as Renraku can tell, the
 * same person. A second confirmation, a replay or one that lost a race is refused: the change is decided.
 */
export async function confirmChange(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  deps: ChangeDeps;
  /** What the kind's `prepare` made before the unit opened. */
  prepared?: unknown;
}) {
  const { unit, actor, deps } = args;
  const { change, org, now } = await openChange(unit, actor, args.id, deps);
  const refusal = await confirmRefusal(unit.tx, actor, change);
  if (refusal) throw refusal;
  const kind = deps.kinds.get(change.kind);
  if (!kind) throw new Error(`change kind ${change.kind} is not registered`);
  const result = await kind.apply({
    unit,
    change: {
      id: change.id,
      orgId: change.org_id,
      payload: JSON.parse(change.payload) as unknown,
      requestedBy: change.requested_by,
      subjectUserId: change.subject_user_id,
    },
    confirmer: actor,
    prepared: args.prepared,
  });
  const decided = {
    status: 'confirmed',
    decided_by: actor.userId,
    decided_at: now.toISOString(),
    subject_user_id: result?.subjectUserId ?? change.subject_user_id,
  };
  if (!(await changesRepository.decide(unit.tx, change.id, decided))) throw changeErrors.alreadyDecided();
  await deps.audit.append(
    unit,
    audited(actor, 'change.confirm', 'change', change.id, {
      kind: change.kind,
      org: org.slug,
      requestedBy: change.requested_by,
    }),
    now,
  );
  const done: ChangeRow = { ...change, ...decided, payload: '{}' };
  await tellOfChange(unit, deps, { change: done, org, event: 'confirmed', actorUserId: actor.userId });
  return { change: done, secret: result?.secret };
}

/**
 * Rejects a change (whoever may confirm it), or withdraws it (its requester): nothing changes, and only the
 * audit log and this listing remember it.
 */
export async function rejectChange(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  reason: string | null;
  deps: ChangeDeps;
}): Promise<ChangeRow> {
  const { unit, actor, deps } = args;
  const { change, org, now } = await openChange(unit, actor, args.id, deps);
  const withdrawn = actor.userId === change.requested_by;
  const ref = { orgId: change.org_id, confirmBy: change.confirm_by, requestedBy: change.requested_by };
  if (!withdrawn && !can.confirmChange(actor, ref))
    throw changeErrors.notConfirmer(change.confirm_by ?? 'body');
  const decided = {
    status: 'rejected',
    decided_by: actor.userId,
    decided_at: now.toISOString(),
    reason: args.reason,
  };
  if (!(await changesRepository.decide(unit.tx, change.id, decided))) throw changeErrors.alreadyDecided();
  await deps.audit.append(
    unit,
    audited(actor, 'change.reject', 'change', change.id, { kind: change.kind, org: org.slug, withdrawn }),
    now,
  );
  const done: ChangeRow = { ...change, ...decided, payload: '{}' };
  await tellOfChange(unit, deps, { change: done, org, event: 'rejected', actorUserId: actor.userId });
  return done;
}

/** The changes the actor may see (a body's officers: its own; administrators: all, or one body's). */
export async function listChanges(args: {
  unit: Unit;
  actor: Actor;
  orgSlug?: string | undefined;
  status: 'pending' | 'decided' | 'all';
  deps: ChangeDeps;
}) {
  const { unit, actor, deps } = args;
  let orgId: string | undefined;
  if (args.orgSlug !== undefined) {
    const org = await orgsDirectory.bySlug(unit.tx, args.orgSlug);
    if (!org || !can.readChanges(actor, { orgId: org.id })) throw changeErrors.notFound();
    orgId = org.id;
  } else if (!can.readAllChanges(actor)) {
    if (!can.readChanges(actor, { orgId: actor.orgId }))
      throw commonErrors.forbidden("A body's security officers and administrators see its changes.");
    orgId = actor.orgId;
  }
  const now = deps.clock.now();
  const rows = await changesRepository.list(unit.tx, { orgId, status: args.status, now: now.toISOString() });
  const open = (r: ChangeRow) => r.status === 'pending' && (r.expires_at ?? '') > now.toISOString();
  rows.sort((a, b) => Number(open(b)) - Number(open(a)));
  await deps.audit.append(
    unit,
    audited(actor, 'change.list', 'change', null, { ids: rows.map((r) => r.id) }),
    now,
  );
  return rows;
}

/** One change the actor may see. */
/** One change the actor may see; reading it is recorded in the audit log (it may name a person's details). */
export async function readChange(unit: Unit, actor: Actor, id: string, deps: ChangeDeps): Promise<ChangeRow> {
  const row = await visible(unit.tx, actor, id);
  await deps.audit.append(unit, audited(actor, 'change.read', 'change', id, {}), deps.clock.now());
  return row;
}

/**
 * The slow part of confirming (before the unit opens): only for an open change the actor may confirm, so that
 * nobody else makes Renraku hash for nothing. The unit checks all of it again.
 */
export async function prepareConfirmation(db: Executor, actor: Actor, id: string, deps: ChangeDeps) {
  const change = await visible(db, actor, id);
  if (change.status !== 'pending' || (await confirmRefusal(db, actor, change)) !== null) return undefined;
  return deps.kinds.get(change.kind)?.prepare?.();
}

/**
 * Lets changes that waited past their lifetime lapse: nothing changes, the officers (and the requester) are
 * told. Safe on several nodes at once (PostgreSQL: each takes rows the others do not hold).
 */
export async function sweepExpiredChanges(handle: DatabaseHandle, deps: ChangeDeps, batch = 100) {
  return inTransaction(handle, async (unit) => {
    const now = deps.clock.now();
    let q = changesRepository.due(unit.tx, now.toISOString(), batch);
    if (unit.dialect === 'postgres') q = q.forUpdate().skipLocked();
    let expired = 0;
    for (const change of await q.execute()) {
      const decided = { status: 'expired', decided_by: null, decided_at: now.toISOString() };
      if (!(await changesRepository.decide(unit.tx, change.id, decided))) continue;
      const org = await orgsDirectory.byId(unit.tx, change.org_id);
      await deps.audit.append(
        unit,
        audited(null, 'change.expire', 'change', change.id, { kind: change.kind, org: org?.slug ?? null }),
        now,
      );
      if (org)
        await tellOfChange(unit, deps, {
          change: { ...change, ...decided, payload: '{}' },
          org,
          event: 'expired',
          actorUserId: null,
        });
      expired++;
    }
    return expired;
  });
}
