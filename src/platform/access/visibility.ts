import { type Expression, expressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database, Executor } from '../db/database.js';
import type { Actor } from './roles.js';
import { CONTENT_ROLES, can } from './rules.js';

// Who sees which incident, share, consent request, notification and live event: every reader-set predicate
// of Renraku, each written once. Every read path (lists, by id, search, counts, exports, the event stream and
// its replay, notification planning) asks these; a row they leave out does not exist for the caller (404).
// The role rules (`can.readIncidents`, `can.readAllShares`, `can.hearOf`) are in rules.ts; the reader sets
// themselves are written where each thing is delivered (incident_readers by routing, share_readers by
// publication, event_readers with each event).
//
// The predicates speak in tables and columns, never in a feature's types: they are Kysely expressions usable
// inside any query, over the alias the caller names.

const eb = expressionBuilder<Database, never>();
const ref = (column: string) => sql.ref<string>(column);

// ---------------------------------------------------------------------------------------------------------
// Exercises (訓練): their incidents and situations are read by the same reader sets as real ones, but in a realm
// of their own. Every real read path (lists, search, counts, dashboard, statistics, exports, STIX, the board,
// sharing's sources) reads the real realm only; an exercise's data is read by naming the exercise (`?exercise=`),
// or by id (what hangs off one incident or situation: the caller asked for that thing, and the view is flagged).

/**
 * Which data a read covers: real data only, one exercise's, every exercise's (`exercises`: the banner of the
 * exercises a body takes part in), or either (reads of one thing by its id).
 */
export type Realm = 'real' | 'any' | 'exercises' | { exerciseId: string };

/** The realm of a list read from its `?exercise=` parameter (an id, or `any` exercise): real data when absent. */
export const realmOf = (exerciseId: string | undefined): Realm =>
  exerciseId === undefined ? 'real' : exerciseId === 'any' ? 'exercises' : { exerciseId };

/** Whether the row of the query's `alias` (with an `exercise_id` column) lies in the realm. */
export function inRealm(realm: Realm, alias: string): Expression<SqlBool> {
  if (realm === 'any') return eb.lit(true);
  const column = ref(`${alias}.exercise_id`);
  if (realm === 'real') return eb(column, 'is', null);
  if (realm === 'exercises') return eb(column, 'is not', null);
  return eb(column, '=', realm.exerciseId);
}

// ---------------------------------------------------------------------------------------------------------
// Incidents: a body reads an incident when it is in the incident's reader set (its own, its agencies', what
// was delivered to it) and the incident lies in the realm read (real data unless said otherwise).
// Administrators and auditors read none by their role.

/** Whether the body reads the incident of the query's `incident` alias (`incidents` unless named). */
export function incidentReadableBy(
  readerOrgId: string,
  incident = 'incidents',
  realm: Realm = 'real',
): Expression<SqlBool> {
  return eb.and([
    inRealm(realm, incident),
    eb.exists(
      eb
        .selectFrom('incident_readers as readers')
        .select('readers.incident_id')
        .where('readers.incident_id', '=', ref(`${incident}.id`))
        .where('readers.org_id', '=', readerOrgId),
    ),
  ]);
}

/**
 * How a query over many incidents meets the reader set: from the reader set, sorting what it finds (for a body
 * that reads few), or along the incidents in the order of the sort, checking each against the reader set until
 * a page is full (for a caller that reads many, such as the center).
 */
export type Drive = 'readers' | 'incidents';

/**
 * The incidents (alias `incidents`) the body reads: the same rule as `incidentReadableBy`, written as a join so
 * that the planner may start from either side (see Drive); for lists, search and counts.
 */
export function readableIncidents(
  db: Executor,
  readerOrgId: string,
  drive: Drive = 'readers',
  realm: Realm = 'real',
) {
  const joined =
    drive === 'readers'
      ? db
          .selectFrom('incidents')
          .innerJoin('incident_readers as r', (j) =>
            j.onRef('r.incident_id', '=', 'incidents.id').on('r.org_id', '=', readerOrgId),
          )
      : // SQLite keeps the left table of a CROSS JOIN as the outer loop; PostgreSQL plans it as any join.
        db
          .selectFrom('incidents')
          .crossJoin('incident_readers as r')
          .whereRef('r.incident_id', '=', 'incidents.id')
          .where('r.org_id', '=', readerOrgId);
  return joined.where(inRealm(realm, 'incidents'));
}

/** Which of these bodies read which of these incidents (of the realm: real ones unless said), as pairs. */
export async function incidentReadings(
  db: Executor,
  incidentIds: readonly string[],
  orgIds?: readonly string[],
  realm: Realm = 'real',
): Promise<{ incidentId: string; orgId: string }[]> {
  if (incidentIds.length === 0 || orgIds?.length === 0) return [];
  let q = db
    .selectFrom('incidents as i')
    .innerJoin('incident_readers as r', 'r.incident_id', 'i.id')
    .select(['r.incident_id as incidentId', 'r.org_id as orgId'])
    .where('i.id', 'in', [...incidentIds])
    .where(inRealm(realm, 'i'));
  if (orgIds) q = q.where('r.org_id', 'in', [...orgIds]);
  return q.execute();
}

/** The bodies, among `orgIds` (all when absent), that read the incident (of the realm: real unless said). */
export async function incidentReaderBodies(
  db: Executor,
  incidentId: string,
  orgIds?: readonly string[],
  realm: Realm = 'real',
): Promise<Set<string>> {
  return new Set((await incidentReadings(db, [incidentId], orgIds, realm)).map((r) => r.orgId));
}

// ---------------------------------------------------------------------------------------------------------
// Correlations (issue 14): a match between values of two incidents is seen only by a body that reads both
// incidents — the center across every incident delivered to it, a ministry across its own and its agencies', a
// body across its own. A body never learns that another body reported the same value: the match does not exist
// for it (no row, no count). Each incident's realm is the match's (correlation runs within one realm only).

/** Whether the body reads both incidents of the match of the query's `link` alias (a correlation_links row). */
export function correlationReadableBy(readerOrgId: string, link = 'correlation_links'): Expression<SqlBool> {
  const reads = (column: string) =>
    eb.exists(
      eb
        .selectFrom('incident_readers as readers')
        .select('readers.incident_id')
        .where('readers.incident_id', '=', ref(`${link}.${column}`))
        .where('readers.org_id', '=', readerOrgId),
    );
  return eb.and([reads('incident_id'), reads('other_incident_id')]);
}

/** Who may hear of a match between the incident and each of the others now: the bodies that read both. */
export async function correlationReaders(
  db: Executor,
  incidentId: string,
  others: readonly string[],
): Promise<Map<string, string[]>> {
  const readings = await incidentReadings(db, [incidentId, ...others], undefined, 'any');
  const ofIncident = new Set(readings.filter((r) => r.incidentId === incidentId).map((r) => r.orgId));
  const readers = new Map(others.map((id) => [id, [] as string[]]));
  for (const r of readings)
    if (r.incidentId !== incidentId && ofIncident.has(r.orgId)) readers.get(r.incidentId)?.push(r.orgId);
  return readers;
}

// ---------------------------------------------------------------------------------------------------------
// Shares (TLP enforced by who is in share_readers: TLP:RED named people, AMBER+STRICT the recipient bodies,
// AMBER also a ministry's agencies, GREEN/CLEAR every body; written at publication). The center's content
// roles see every share; a body whose consent a share asks manages it (it reads its sources already); a
// recipient reads it while it is published; a body that held it keeps a retraction notice once withdrawn.

/** How a caller sees a share: managing it, receiving it, or holding only its retraction notice. */
export type ShareView = 'manage' | 'recipient' | 'retracted';

/** Which shares a list asks for: what the caller receives, what it manages, or both. */
export type Box = 'inbox' | 'managed' | 'all';

/** Whether the caller's body was asked to consent to the share of the query's `share` alias. */
function shareAskedOf(actor: Actor, share: string): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('consent_requests as asked')
      .select('asked.id')
      .where('asked.share_id', '=', ref(`${share}.id`))
      .where('asked.org_id', '=', actor.orgId),
  );
}

/** Published and read by the caller's body (or, TLP:RED, by the caller); withdrawn and once held by it. */
function shareHeldBy(actor: Actor, share: string, status: 'published' | 'withdrawn'): Expression<SqlBool> {
  const table = status === 'published' ? 'share_readers' : 'share_retractions';
  return eb.and([
    eb(ref(`${share}.status`), '=', status),
    eb.exists(
      eb
        .selectFrom(`${table} as held`)
        .select('held.share_id')
        .where('held.share_id', '=', ref(`${share}.id`))
        .where('held.org_id', '=', actor.orgId)
        .where('held.user_id', 'in', ['', actor.userId]),
    ),
  ]);
}

/**
 * Whether the caller may see the share of the query's `share` alias (`s` unless named), in the given box.
 * `withContent` leaves out retraction notices (a search must not match the text of a withdrawn share).
 */
export function shareVisibleTo(
  actor: Actor,
  o: { box: Box; withContent: boolean; share?: string },
): Expression<SqlBool> {
  const share = o.share ?? 's';
  if (!can.readIncidents(actor)) return eb.lit(false);
  const managed = o.box !== 'inbox';
  const inbox = o.box !== 'managed';
  if (can.readAllShares(actor)) return eb.lit(managed);
  const ors: Expression<SqlBool>[] = [];
  if (managed) ors.push(shareAskedOf(actor, share));
  if (inbox) ors.push(shareHeldBy(actor, share, 'published'));
  if (inbox && !o.withContent) ors.push(shareHeldBy(actor, share, 'withdrawn'));
  return ors.length === 0 ? eb.lit(false) : eb.or(ors);
}

/**
 * Whether the caller holds the STIX revocation of the query's `revocation` alias: addressed to its body (or to it,
 * under TLP:RED) as a former holder of a share it no longer sees with content (share alias `share`). One that
 * reads the share again reads its current versions instead.
 */
export function stixRevocationHeldBy(actor: Actor, revocation: string, share: string): Expression<SqlBool> {
  if (!can.readIncidents(actor)) return eb.lit(false);
  return eb.and([
    eb(ref(`${revocation}.org_id`), '=', actor.orgId),
    eb(ref(`${revocation}.user_id`), 'in', ['', actor.userId]),
    eb.not(shareVisibleTo(actor, { box: 'all', withContent: true, share })),
  ]);
}

/** Whether the caller receives the share of the query's `share` alias now: published and addressed to it. */
export function shareReceivedBy(actor: Actor, share = 's'): Expression<SqlBool> {
  return shareVisibleTo(actor, { box: 'inbox', withContent: true, share });
}

/**
 * How the caller sees each of these shares (see ShareView); a share missing from the answer does not exist
 * for it. The same predicates as `shareVisibleTo`, in order: manage, receive, retraction notice.
 */
export async function shareViews(
  db: Executor,
  actor: Actor,
  shareIds: readonly string[],
): Promise<Map<string, ShareView>> {
  const views = new Map<string, ShareView>();
  if (!can.readIncidents(actor) || shareIds.length === 0) return views;
  if (can.readAllShares(actor)) {
    for (const id of shareIds) views.set(id, 'manage');
    return views;
  }
  const view = eb
    .case()
    .when(shareAskedOf(actor, 's'))
    .then(sql.lit('manage'))
    .when(shareHeldBy(actor, 's', 'published'))
    .then(sql.lit('recipient'))
    .when(shareHeldBy(actor, 's', 'withdrawn'))
    .then(sql.lit('retracted'))
    .else(null)
    .end();
  const rows = await db
    .selectFrom('shares as s')
    .select(['s.id', view.$castTo<ShareView | null>().as('view')])
    .where('s.id', 'in', [...shareIds])
    .execute();
  for (const r of rows) if (r.view !== null) views.set(r.id, r.view);
  return views;
}

/** The shares among these ids that the caller receives now (see shareReceivedBy). */
export async function sharesReceived(
  db: Executor,
  actor: Actor,
  shareIds: readonly string[],
): Promise<Set<string>> {
  if (!can.readIncidents(actor) || shareIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('shares as s')
    .select('s.id')
    .where('s.id', 'in', [...shareIds])
    .where(shareReceivedBy(actor, 's'))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Who may hear of a share now: whole bodies, or — under TLP:RED, or when it names people — its named people
 * only, each with the body they were named at (a person moved since is no longer named there). Nobody unless
 * it is published (share_readers holds readers of published shares only).
 */
export async function shareAudience(
  db: Executor,
  share: { id: string; tlp: string },
): Promise<{ namedOnly: boolean; bodies: Set<string>; people: Map<string, string> }> {
  const rows = await db
    .selectFrom('share_readers')
    .select(['org_id', 'user_id'])
    .where('share_id', '=', share.id)
    .execute();
  return audienceOfReaders(share, rows);
}

/** `shareAudience` of several shares in one read, by share id. */
export async function shareAudiences(
  db: Executor,
  shares: readonly { id: string; tlp: string }[],
): Promise<Map<string, { namedOnly: boolean; bodies: Set<string>; people: Map<string, string> }>> {
  if (shares.length === 0) return new Map();
  const rows = await db
    .selectFrom('share_readers')
    .select(['share_id', 'org_id', 'user_id'])
    .where('share_id', 'in', [...new Set(shares.map((s) => s.id))])
    .execute();
  return new Map(
    shares.map((s) => [
      s.id,
      audienceOfReaders(
        s,
        rows.filter((r) => r.share_id === s.id),
      ),
    ]),
  );
}

/** A share's audience from its reader rows: named people (TLP:RED, or a share to people), else bodies. */
function audienceOfReaders(share: { tlp: string }, rows: readonly { org_id: string; user_id: string }[]) {
  const people = new Map(rows.filter((r) => r.user_id !== '').map((r) => [r.user_id, r.org_id]));
  const namedOnly = share.tlp === 'TLP:RED' || people.size > 0;
  const bodies = new Set(namedOnly ? [] : rows.filter((r) => r.user_id === '').map((r) => r.org_id));
  return { namedOnly, bodies, people };
}

// ---------------------------------------------------------------------------------------------------------
// Consent requests: a request is the asked body's (its security officers answer it, `can.answerConsent`).

/** Whether the consent request of the query's `request` alias was addressed to the caller's body. */
export function consentRequestVisibleTo(actor: Actor, request = 'consent_requests'): Expression<SqlBool> {
  return eb(ref(`${request}.org_id`), '=', actor.orgId);
}

// ---------------------------------------------------------------------------------------------------------
// Notifications (in the app, and acknowledged there): a person's own, or addressed to its e-mail address as a
// contact of its own body. An account elsewhere with the same address is somebody else: it must not read, nor
// acknowledge, the body's. Who may be notified at all is `can.hearOf` / `can.hearByTool` in rules.ts, over the
// audiences above (incidentReaderBodies, shareAudience).

/** Who is reading notifications: a user, its address and its body. */
export type NotificationReader = Pick<Actor, 'userId' | 'email' | 'orgId'>;

/** Whether the notification of the query's `notification` alias is the reader's (see notificationIsFor). */
export function notificationVisibleTo(
  reader: NotificationReader,
  notification = 'notifications',
): Expression<SqlBool> {
  const column = (name: string) => ref(`${notification}.${name}`);
  return eb.or([
    eb(column('user_id'), '=', reader.userId),
    eb.and([eb(column('email'), '=', reader.email.toLowerCase()), eb(column('org_id'), '=', reader.orgId)]),
  ]);
}

/** The same rule as notificationVisibleTo, for a notification already read (tested to agree with it). */
export const notificationIsFor = (
  reader: NotificationReader,
  n: { user_id: string | null; email: string | null; org_id: string },
): boolean =>
  n.user_id === reader.userId ||
  (n.email !== null && n.email === reader.email.toLowerCase() && n.org_id === reader.orgId);

// ---------------------------------------------------------------------------------------------------------
// Large-scale situations: declared by the center to bodies in scope (resolved once, in situation_bodies, each
// with its supervising ministry then). A situation — its name, level, TLP, scope, timeline — is seen by the
// center, by every body in scope and by the supervising ministry of any agency in scope. Under TLP:RED too:
// a declaration names bodies, not persons, so its readers are those same bodies (the TLP tells them how far
// they may pass it on). A body's roll-call answer is seen by that body, its supervising ministry and the center
// only (can.readRollCallAnswers). Administrators and auditors see none (the audit log records what happened).

/**
 * Whether the caller sees the situation of the query's `situation` alias (`situations` unless named), of the
 * realm read (real situations unless said otherwise: an exercise's are seen by the same rule, when asked for).
 */
export function situationVisibleTo(
  actor: Actor,
  situation = 'situations',
  realm: Realm = 'real',
): Expression<SqlBool> {
  if (!can.readSituations(actor)) return eb.lit(false);
  if (actor.orgKind === 'center') return inRealm(realm, situation);
  return eb.and([inRealm(realm, situation), situationInScopeOf(actor, situation)]);
}

/** Whether the caller's body is in the scope of the situation (or supervises an agency in scope). */
function situationInScopeOf(actor: Actor, situation: string): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('situation_bodies as scoped')
      .select('scoped.situation_id')
      .where('scoped.situation_id', '=', ref(`${situation}.id`))
      .where((w) => w.or([w('scoped.org_id', '=', actor.orgId), w('scoped.parent_id', '=', actor.orgId)])),
  );
}

/**
 * Whether the caller takes part in the exercise: it sees one of the exercise's open situations (the center, a
 * body in scope, the ministry of an agency in scope). Participants file and follow up on exercise incidents.
 */
export async function takesPartIn(db: Executor, actor: Actor, exerciseId: string): Promise<boolean> {
  const row = await db
    .selectFrom('situations')
    .select('situations.id')
    .where('situations.stood_down_at', 'is', null)
    .where(situationVisibleTo(actor, 'situations', { exerciseId }))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the caller sees the answers of the in-scope body of the query's `body` alias (a situation_bodies row). */
export function rollCallAnswersVisibleTo(actor: Actor, body = 'situation_bodies'): Expression<SqlBool> {
  if (!can.readSituations(actor)) return eb.lit(false);
  if (actor.orgKind === 'center') return eb.lit(true);
  return eb.or([eb(ref(`${body}.org_id`), '=', actor.orgId), eb(ref(`${body}.parent_id`), '=', actor.orgId)]);
}

// A situation's request (要請) is seen by the center and by the bodies it addresses and their supervising
// ministries only: a body in scope never learns of a request addressed only to others (404 as for a missing one).
// An addressed body's state is seen by that body, its supervising ministry and the center (as roll-call answers).

/** Whether the caller sees the request of the query's `request` alias (a situation_requests row). */
export function situationRequestVisibleTo(actor: Actor, request = 'situation_requests'): Expression<SqlBool> {
  if (!can.readSituations(actor)) return eb.lit(false);
  if (actor.orgKind === 'center') return eb.lit(true);
  return eb.exists(
    eb
      .selectFrom('situation_request_bodies as addressed')
      .select('addressed.request_id')
      .where('addressed.request_id', '=', ref(`${request}.id`))
      .where((w) =>
        w.or([w('addressed.org_id', '=', actor.orgId), w('addressed.parent_id', '=', actor.orgId)]),
      ),
  );
}

/** Whether the caller sees the state of the addressed body of the query's `body` alias (a request body row). */
export function requestStatesVisibleTo(actor: Actor, body = 'situation_request_bodies'): Expression<SqlBool> {
  return rollCallAnswersVisibleTo(actor, body);
}

/** Who receives a request's events: the center, every addressed body, the ministries of addressed agencies. */
export const situationRequestReaders = (
  centerId: string,
  addressed: readonly { orgId: string; parentId: string | null }[],
): string[] => situationReaders(centerId, addressed);

/** Who receives the event of one body's move on a request: the body, its supervising ministry, the center. */
export const requestStateReaders = (centerId: string, body: { orgId: string; parentId: string | null }) =>
  rollCallAnswerReaders(centerId, body);

/**
 * Whether the caller sees the situation report (状況報告) of the query's `report` alias: the center's content roles
 * every report, drafts included; any other body an issued report only, when it sees the report's situation (in
 * scope, or the ministry of an agency in scope). A draft is the center's alone.
 */
export function situationReportVisibleTo(actor: Actor, report = 'situation_reports'): Expression<SqlBool> {
  if (!can.readSituations(actor)) return eb.lit(false);
  if (actor.orgKind === 'center') return eb.lit(true);
  return eb.and([
    eb(ref(`${report}.status`), '=', 'issued'),
    eb.exists(
      eb
        .selectFrom('situation_bodies as scoped')
        .select('scoped.situation_id')
        .where('scoped.situation_id', '=', ref(`${report}.situation_id`))
        .where((w) => w.or([w('scoped.org_id', '=', actor.orgId), w('scoped.parent_id', '=', actor.orgId)])),
    ),
  ]);
}

/** Who receives a situation's events: the center, every body in scope, the ministries of agencies in scope. */
export const situationReaders = (
  centerId: string,
  bodies: readonly { orgId: string; parentId: string | null }[],
): string[] => [
  ...new Set([centerId, ...bodies.flatMap((b) => (b.parentId ? [b.orgId, b.parentId] : [b.orgId]))]),
];

/**
 * Who receives a reminder that a body has not yet answered or acted (a roll-call answer, a request): the body and
 * its supervising ministry — the center follows it on the board.
 */
export const reminderReaders = (body: { orgId: string; parentId: string | null }): string[] =>
  body.parentId ? [body.orgId, body.parentId] : [body.orgId];

/** Who receives the event of a body's roll-call answer: the body, its supervising ministry, the center. */
export const rollCallAnswerReaders = (centerId: string, body: { orgId: string; parentId: string | null }) => [
  ...new Set([centerId, body.orgId, ...(body.parentId ? [body.parentId] : [])]),
];

// ---------------------------------------------------------------------------------------------------------
// Accountability tracks and public notices (issue 15): before publication, a track, a notice's drafts and the
// comments on them are seen by the incident's body, its supervising ministry and the center only
// (can.readNoticeDrafts); anyone else is answered as for a missing one. What is published is read by everybody,
// on the public site, which reads published versions only (features/notices/public).

/** Whether the caller sees the track or notice of the query's `alias` (a row with org_id and parent_id). */
export function noticeVisibleTo(actor: Actor, alias: string): Expression<SqlBool> {
  if (!CONTENT_ROLES.includes(actor.role)) return eb.lit(false);
  if (actor.orgKind === 'center') return eb.lit(true);
  return eb.or([
    eb(ref(`${alias}.org_id`), '=', actor.orgId),
    eb(ref(`${alias}.parent_id`), '=', actor.orgId),
  ]);
}

/**
 * The policy clause records an actor sees (rules.ts, readPolicyRegister, on the row): the body's reporters and
 * security officers, its supervising ministry's, the center's content roles, administrators and auditors.
 */
export function policyRecordVisibleTo(actor: Actor, alias: string): Expression<SqlBool> {
  if (actor.role === 'admin' || actor.role === 'auditor') return eb.lit(true);
  if (!CONTENT_ROLES.includes(actor.role)) return eb.lit(false);
  if (actor.orgKind === 'center') return eb.lit(true);
  if (actor.role !== 'reporter' && actor.role !== 'security-officer') return eb.lit(false);
  return eb.or([
    eb(ref(`${alias}.org_id`), '=', actor.orgId),
    eb(ref(`${alias}.parent_id`), '=', actor.orgId),
  ]);
}

/** Who receives the live events of a track or notice: the body, its supervising ministry, the center. */
export const noticeReaders = (centerId: string, body: { orgId: string; parentId: string | null }) =>
  rollCallAnswerReaders(centerId, body);

// ---------------------------------------------------------------------------------------------------------
// Live events: each event names who may receive it — its reader bodies, and for an item for named people only
// (a TLP:RED share) the named people too. In memory the stream tests `eventReceivableBy`; a reconnecting
// client's replay is read along event_readers by `eventReaderKeys` / `readerKeysOf`, then tested again in
// memory: the keys select a superset (a named person is filed without the body it was named at), never less.

/** Who may receive an event, as it travels. */
export interface EventAudience {
  /** Its type: exercise control's own events (`exercise.*`) reach only those who run exercises. */
  type?: string;
  readerOrgIds: readonly string[];
  /** Only these people (each also of one of `readerOrgIds`), when the event is for named people only. */
  readerUserIds?: readonly string[] | undefined;
}

/**
 * Events of exercise control (an exercise created, started, an inject played, a lesson changed): exercises and
 * their scenarios exist for the center's coordinators alone (everyone else is answered 404), so their events too.
 */
export const isExerciseControlEvent = (type: string | undefined): boolean =>
  type?.startsWith('exercise.') === true;

/** Whether a live event may reach this caller. */
export const eventReceivableBy = (actor: Actor, event: EventAudience): boolean =>
  can.readIncidents(actor) &&
  (!isExerciseControlEvent(event.type) || can.runExercises(actor)) &&
  event.readerOrgIds.includes(actor.orgId) &&
  (event.readerUserIds === undefined || event.readerUserIds.includes(actor.userId));

/** The keys an event is filed under in event_readers: its named people if it has any, else its bodies. */
export const eventReaderKeys = (event: EventAudience): string[] => [
  ...new Set(event.readerUserIds ?? event.readerOrgIds),
];

/** The event_readers keys under which the caller's events are filed (none for a role that reads nothing). */
export const readerKeysOf = (actor: Actor): string[] =>
  can.readIncidents(actor) ? [actor.orgId, actor.userId] : [];

// ---------------------------------------------------------------------------------------------------------
// Indicators received (issue 14, the center's TAXII collection): the indicators of the real incidents delivered
// to a body, as machine-readable data. TLP:RED incidents stay out: TLP:RED is for named people, and a TAXII feed
// goes to tools, not to people.

/** The incidents (of `alias.incident_id`) whose indicators the body receives: read by it, real, not TLP:RED. */
const receivedIncident = (readerOrgId: string, alias: string) =>
  eb
    .selectFrom('incidents as received')
    .innerJoin('incident_readers as received_by', 'received_by.incident_id', 'received.id')
    .where('received.id', '=', ref(`${alias}.incident_id`))
    .where('received_by.org_id', '=', readerOrgId)
    .where('received.exercise_id', 'is', null)
    .where('received.tlp', '<>', 'TLP:RED');

/**
 * Whether the body receives, as data, the indicators of the incident named by the query's `alias.incident_id`:
 * it reads the incident (its reader set), the incident is real (no exercise), and it is not TLP:RED.
 */
export function indicatorsReceivedBy(readerOrgId: string, alias: string): Expression<SqlBool> {
  return eb.exists(receivedIncident(readerOrgId, alias).select('received.id'));
}

/** Since when the body reads the incident (its reader row's `since`), or null when it does not read it. */
export async function readsIncidentSince(
  db: Executor,
  readerOrgId: string,
  incidentId: string,
): Promise<string | null> {
  const row = await db.selectNoFrom(readSince(readerOrgId, incidentId).as('since')).executeTakeFirst();
  return row?.since ?? null;
}

/**
 * The same rule as a subquery to join laterally (PostgreSQL): one row, the incident's TLP, when the body receives
 * the indicators of `alias.incident_id`, none when it does not. PostgreSQL caches a lateral lookup per incident
 * (Memoize), where it probed the EXISTS and the TLP for every row: a page of 1,000 rows of ~20 incidents.
 */
export const indicatorsReceivedTlp = (readerOrgId: string, alias: string) =>
  receivedIncident(readerOrgId, alias).select('received.tlp').limit(1);

/** Since when the body reads the incident of `alias.incident_id` (a scalar: null when it does not). */
export const incidentReadSince = (readerOrgId: string, alias: string) =>
  readSince(readerOrgId, ref(`${alias}.incident_id`));

/** Since when the body reads an incident (a scalar subquery: null when it does not). */
function readSince(readerOrgId: string, incidentId: string | Expression<string>) {
  return eb
    .selectFrom('incident_readers as read_since')
    .select('read_since.since')
    .where('read_since.incident_id', '=', incidentId)
    .where('read_since.org_id', '=', readerOrgId)
    .limit(1);
}

/** The TLP of the incident of `alias.incident_id` (a scalar), for the marking of what leaves with it. */
export const incidentTlpOf = (alias: string) =>
  eb
    .selectFrom('incidents as tlp_of')
    .select('tlp_of.tlp')
    .where('tlp_of.id', '=', ref(`${alias}.incident_id`));
