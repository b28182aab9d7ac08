import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import { addDays, fiscalYearOf, startOfDay } from '../../platform/calendar.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { orgErrors } from '../orgs/orgs.errors.js';
import type { PolicyDeps } from './policies.deps.js';
import { policyErrors } from './policies.errors.js';
import { mailRequest } from './policies.mail.js';
import { type RequestRow, policiesRepository as repo, type TargetRow } from './policies.repository.js';
import { REQUEST_MESSAGE_MAX } from './policies.schemas.js';
import { checkedText, isCalendarDate } from './policies.text.js';

const DAY_MS = 86_400_000;
const DEFAULT_MESSAGE =
  '情報セキュリティポリシーに、サイバー攻撃を受けた場合の報告義務を記載し、連絡体制を確認してください。';

/** A request with the asked bodies' parts the actor sees, and the bodies named in them. */
export interface RequestView {
  request: RequestRow;
  targets: TargetRow[];
  orgs: Map<string, OrgRow>;
}

const seesTarget = (actor: Actor, r: RequestRow, t: TargetRow) =>
  can.readPolicyRequestTarget(actor, { orgId: t.org_id, senderId: r.org_id });

async function viewsOf(db: Executor, actor: Actor, requests: RequestRow[]): Promise<RequestView[]> {
  const targets = await repo.targetsOf(
    db,
    requests.map((r) => r.id),
  );
  const orgs = await orgsDirectory.byIds(db, [
    ...new Set([...requests.map((r) => r.org_id), ...targets.map((t) => t.org_id)]),
  ]);
  return requests.flatMap((request) => {
    const mine = targets.filter((t) => t.request_id === request.id && seesTarget(actor, request, t));
    return mine.length > 0 ? [{ request, targets: mine, orgs }] : [];
  });
}

/** One request as the actor sees it; one it sees no part of does not exist for it. */
export async function readRequest(db: Executor, actor: Actor, id: string): Promise<RequestView> {
  const request = await repo.requestById(db, id);
  const [view] = request ? await viewsOf(db, actor, [request]) : [];
  if (!view) throw policyErrors.requestNotFound();
  return view;
}

/** The fiscal year's requests the actor sees: sent or asked by its body; every one for the center. */
export async function listRequests(db: Executor, actor: Actor, fiscalYear: number): Promise<RequestView[]> {
  const all = can.readEveryPolicyRequest(actor);
  return viewsOf(db, actor, await repo.requestsOfYear(db, fiscalYear, all ? null : actor.orgId));
}

/** The bodies asked: those named (each one the sender may ask, or unknown), or every one it may ask. */
async function chooseBodies(db: Executor, actor: Actor, slugs: string[] | undefined): Promise<OrgRow[]> {
  if (!can.sendPolicyRequests(actor))
    throw commonErrors.forbidden(
      'A ministry’s security officer, or the center’s coordinators, send requests.',
    );
  const may = (o: OrgRow) => can.sendPolicyRequestTo(actor, { parentId: o.parent_id, kind: o.kind });
  if (slugs?.length) {
    const chosen: OrgRow[] = [];
    for (const slug of slugs) {
      const o = await orgsDirectory.bySlug(db, slug);
      // Another ministry's agency is answered as a body that does not exist.
      if (!o || !may(o)) throw orgErrors.notFound();
      chosen.push(o);
    }
    return chosen;
  }
  const bodies = (await orgsDirectory.all(db)).filter(may);
  if (bodies.length === 0) throw policyErrors.noBodies();
  return bodies;
}

/** Sends a request (要請) to the chosen bodies, by e-mail to their officers, due at the end of the due date. */
export async function sendRequest(args: {
  unit: Unit;
  actor: Actor;
  input: {
    bodies?: string[] | undefined;
    dueDate: string;
    message?: string | undefined;
    asksClause?: boolean | undefined;
    asksContactStructure?: boolean | undefined;
  };
  deps: PolicyDeps;
}): Promise<RequestView> {
  const { unit, actor, input, deps } = args;
  const bodies = await chooseBodies(unit.tx, actor, input.bodies);
  const asksClause = input.asksClause ?? true;
  const asksContacts = input.asksContactStructure ?? true;
  if (!asksClause && !asksContacts) throw policyErrors.nothingAsked();
  if (!isCalendarDate(input.dueDate)) throw policyErrors.badDate('dueDate');
  const message =
    input.message === undefined
      ? DEFAULT_MESSAGE
      : checkedText(input.message, 'message', REQUEST_MESSAGE_MAX);
  const now = deps.clock.now();
  const dueAt = startOfDay(addDays(input.dueDate, 1), deps.timeZone);
  if (dueAt.getTime() <= now.getTime()) throw policyErrors.duePast();
  const remindAt = new Date(dueAt.getTime() - deps.reminderDays * DAY_MS);
  const request: RequestRow = {
    id: newId(),
    org_id: actor.orgId,
    created_by: actor.userId,
    created_at: now.toISOString(),
    message,
    asks_clause: asksClause ? 1 : 0,
    asks_contacts: asksContacts ? 1 : 0,
    due_date: input.dueDate,
    due_at: dueAt.toISOString(),
    remind_at: deps.reminderDays > 0 && remindAt.getTime() > now.getTime() ? remindAt.toISOString() : null,
    fiscal_year: fiscalYearOf(now, deps.timeZone),
    closed_at: null,
    closed_by: null,
  };
  await repo.insertRequest(unit.tx, request);
  const targets: TargetRow[] = bodies.map((o) => ({
    request_id: request.id,
    org_id: o.id,
    clause_id: null,
    clause_confirmed_at: null,
    contacts_confirmed_at: null,
    answered_at: null,
    answered_by: null,
    reminded_at: null,
    escalated_at: null,
    revision: 1,
  }));
  await repo.insertTargets(unit.tx, targets);
  let mailed = 0;
  for (const o of bodies) mailed += await mailRequest(unit, deps, request, 'request', o, o, now);
  await deps.audit.append(
    unit,
    audited(actor, 'policy_request.send', 'policy_request', request.id, {
      due: request.due_date,
      orgs: bodies.map((o) => o.slug),
      mailed,
    }),
    now,
  );
  await recordChange(
    unit,
    deps,
    request,
    bodies.map((o) => o.id),
    'policy_request.sent',
    now,
  );
  return readRequest(unit.tx, actor, request.id);
}

/** A live event to the sender, the bodies concerned and the center: their screens read the request again. */
export async function recordChange(
  unit: Unit,
  deps: PolicyDeps,
  r: RequestRow,
  orgIds: string[],
  type: string,
  at: Date,
) {
  const center = await orgsDirectory.center(unit.tx);
  await deps.events.record(
    unit,
    {
      type,
      incidentId: null,
      readerOrgIds: [...new Set([r.org_id, ...orgIds, ...(center ? [center.id] : [])])],
      payload: { policyRequestId: r.id },
    },
    at,
  );
}

/**
 * An asked body answers, through its security officer: with its own confirmed clause record (another body's is
 * unknown to it), that its contact structure is confirmed, or both. What was answered is not answered again.
 */
export async function answerRequest(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  input: { clauseId?: string | undefined; contactStructureConfirmed?: true | undefined };
  deps: PolicyDeps;
}): Promise<RequestView> {
  const { unit, actor, id, input, deps } = args;
  const view = await readRequest(unit.tx, actor, id);
  const { request } = view;
  const target = view.targets.find((t) => t.org_id === actor.orgId);
  if (!target || !can.answerPolicyRequest(actor, { orgId: target.org_id })) throw policyErrors.notAskedBody();
  if (input.clauseId === undefined && input.contactStructureConfirmed === undefined)
    throw policyErrors.emptyAnswer();
  if (request.closed_at !== null) throw policyErrors.closed();
  const now = deps.clock.now().toISOString();
  const change: Partial<TargetRow> = {};
  if (input.clauseId !== undefined) {
    if (request.asks_clause !== 1) throw policyErrors.notAsked('the clause');
    const clause = await repo.clauseById(unit.tx, input.clauseId);
    if (!clause || clause.org_id !== target.org_id) throw policyErrors.clauseNotFound();
    if (target.clause_id !== null) throw policyErrors.alreadyAnswered('clause');
    if (clause.status !== 'confirmed' || clause.confirmed_at === null)
      throw policyErrors.clauseNotConfirmed();
    change.clause_id = clause.id;
    change.clause_confirmed_at = clause.confirmed_at;
  }
  if (input.contactStructureConfirmed) {
    if (request.asks_contacts !== 1) throw policyErrors.notAsked('the contact structure');
    if (target.contacts_confirmed_at !== null) throw policyErrors.alreadyAnswered('contact structure');
    change.contacts_confirmed_at = now;
  }
  const after = { ...target, ...change };
  const complete =
    (request.asks_clause !== 1 || after.clause_id !== null) &&
    (request.asks_contacts !== 1 || after.contacts_confirmed_at !== null);
  if (complete) {
    change.answered_at = now;
    change.answered_by = actor.userId;
  }
  if (!(await repo.updateTarget(unit.tx, target, change))) throw policyErrors.stale(target.revision + 1);
  await deps.audit.append(
    unit,
    audited(actor, 'policy_request.answer', 'policy_request', id, {
      clauseId: change.clause_id ?? null,
      contactStructure: change.contacts_confirmed_at !== undefined,
      complete,
    }),
    new Date(now),
  );
  await recordChange(unit, deps, request, [target.org_id], 'policy_request.answered', new Date(now));
  return readRequest(unit.tx, actor, id);
}

/** The sender closes a request: the bodies that have not answered are no longer chased. */
export async function closeRequest(args: { unit: Unit; actor: Actor; id: string; deps: PolicyDeps }) {
  const { unit, actor, id, deps } = args;
  const view = await readRequest(unit.tx, actor, id);
  if (!can.closePolicyRequest(actor, { orgId: view.request.org_id }))
    throw commonErrors.forbidden('Only the body that sent the request closes it.');
  const now = deps.clock.now();
  const r = await repo.closeRequest(unit.tx, id, actor.userId, now.toISOString());
  if (Number(r.numUpdatedRows) !== 1) throw policyErrors.alreadyClosed();
  await deps.audit.append(unit, audited(actor, 'policy_request.close', 'policy_request', id, {}), now);
  await recordChange(
    unit,
    deps,
    view.request,
    view.targets.map((t) => t.org_id),
    'policy_request.closed',
    now,
  );
  return readRequest(unit.tx, actor, id);
}
