import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { noticeReaders } from '../../platform/access/visibility.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import { inTransaction, type Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/events.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import { incidentSubject } from '../incidents/incidents.subject.js';
import { readableIncident } from '../incidents/incidents.usecases.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { noticeErrors } from './notices.errors.js';
import { noticesRepository as repo, type TrackRow } from './notices.repository.js';
import { NOTICE_REASON_MAX } from './notices.schemas.js';
import { checkedNote } from './notices.text.js';

// An incident's accountability track (国民への説明責任, issue 15 point 3): opened by the body or by an impact
// assessment, decided (publish / not needed) by its due time; and the live event every change of it or of its
// notices raises. The notices themselves are in notices.usecases.ts.

/** What the accountability track and notices need. */
export interface NoticeDeps {
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  /** Days from a track's opening to its decision's due time (RENRAKU_PUBLIC_DECISION_DAYS). */
  publicDecisionDays: number;
  /** Hours before the due time when the body is reminded (RENRAKU_PUBLIC_DECISION_REMINDER_HOURS; 0: never). */
  publicDecisionReminderHours: number;
}

const DAY_MS = 86_400_000;

/** What changed on an incident's accountability track or one of its notices (the live event's payload). */
export type AccountabilityChange =
  | 'opened'
  | 'decided'
  | 'drafted'
  | 'edited'
  | 'approved'
  | 'published'
  | 'withdrawn'
  | 'commented';

/**
 * Tells who sees the track and its draft notices — the body, its supervising ministry and the center (noticeReaders,
 * whether or not the incident reached the center yet) — that the track or a notice changed
 * (`accountability.changed`: what, and which notice; never its text), so that open pages refresh. No track opens on
 * an exercise incident, so none of these events comes from one.
 */
export async function told(
  unit: Unit,
  deps: NoticeDeps,
  incidentId: string,
  change: AccountabilityChange,
  noticeId: string | null,
) {
  const incident = await incidentsReads.subjectOf(unit.tx, incidentId);
  if (!incident) return;
  const chain = await orgsDirectory.chainOf(unit.tx, incident.org_id);
  if (!chain.center) return;
  const readers = noticeReaders(chain.center.id, {
    orgId: incident.org_id,
    parentId: chain.parent?.id ?? null,
  });
  const subject = incidentSubject(incident);
  await deps.events.record(
    unit,
    {
      type: 'accountability.changed',
      incidentId,
      readerOrgIds: [...readers],
      payload: { change, noticeId },
      ...(subject ? { subject } : {}),
    },
    deps.clock.now(),
  );
}

/**
 * Opens the incident's accountability track: the public may have to be told, and the body decides by the due
 * time. The one way a track starts — from the body's own request (the API) or from Renraku itself (an impact
 * assessment that finds citizens' rights infringed or information seriously leaked: `actor` null). A track that
 * exists is left as it is and returned (`opened: false`).
 */
export async function openAccountabilityTrack(args: {
  unit: Unit;
  actor: Actor | null;
  incidentId: string;
  reason: string;
  deps: NoticeDeps;
}): Promise<{ track: TrackRow; opened: boolean }> {
  const { unit, actor, incidentId, deps } = args;
  const existing = await repo.trackOf(unit.tx, incidentId);
  if (existing) return { track: existing, opened: false };
  const subject = await incidentsReads.subjectOf(unit.tx, incidentId);
  if (!subject) throw noticeErrors.incidentNotFound();
  if (subject.exercise_id !== null) throw noticeErrors.exercise();
  const org = await orgsDirectory.byId(unit.tx, subject.org_id);
  const now = deps.clock.now();
  const track: TrackRow = {
    incident_id: incidentId,
    org_id: subject.org_id,
    parent_id: org?.parent_id ?? null,
    reason: checkedNote(args.reason, 'reason', NOTICE_REASON_MAX),
    opened_by: actor?.userId ?? null,
    opened_at: now.toISOString(),
    due_at: new Date(now.getTime() + deps.publicDecisionDays * DAY_MS).toISOString(),
    decision: null,
    decision_reason: null,
    decided_by: null,
    decided_at: null,
    revision: 1,
    reminded_at: null,
    escalated_at: null,
  };
  await repo.insertTrack(unit.tx, track);
  await deps.audit.append(
    unit,
    audited(actor, 'accountability.open', 'incident', incidentId, { dueAt: track.due_at }),
    now,
  );
  await told(unit, deps, incidentId, 'opened', null);
  return { track, opened: true };
}

/** The body opens its incident's track itself. */
export async function openTrackByBody(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  reason: string;
  deps: NoticeDeps;
}): Promise<TrackRow> {
  const incident = await readableIncident(args.unit.tx, args.actor, args.incidentId);
  if (!can.draftNotices(args.actor, { orgId: incident.org_id }))
    throw commonErrors.forbidden('Only the incident’s own body opens its accountability track.');
  const { track, opened } = await openAccountabilityTrack(args);
  if (!opened) throw noticeErrors.trackExists();
  return track;
}

/** The incident's track and notices, as the actor sees them; a track the actor may not see does not exist. */
export async function readAccountability(db: Executor, actor: Actor, incidentId: string) {
  const track = await repo.trackFor(db, actor, incidentId);
  if (!track) throw noticeErrors.trackNotFound();
  const notices = await repo.noticesOfIncident(db, actor, incidentId);
  const versions = await repo.versions(
    db,
    notices.map((n) => n.id),
  );
  return {
    track,
    notices: notices.map((n) => ({ notice: n, versions: versions.filter((v) => v.notice_id === n.id) })),
  };
}

/** The body's decision whether to explain the incident to the public, with its reason (on the revision read). */
export async function decidePublicExplanation(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  input: { revision: number; decision: 'publish' | 'not-needed'; reason: string };
  deps: NoticeDeps;
}): Promise<TrackRow> {
  const { unit, actor, incidentId, input, deps } = args;
  const track = await repo.trackFor(unit.tx, actor, incidentId);
  if (!track) throw noticeErrors.trackNotFound();
  if (!can.decidePublicExplanation(actor, { orgId: track.org_id }))
    throw commonErrors.forbidden('Only the security officer of the incident’s body decides.');
  const reason = checkedNote(input.reason, 'reason', NOTICE_REASON_MAX);
  if (track.revision !== input.revision) throw noticeErrors.stale(track.revision);
  const now = deps.clock.now();
  const change = {
    decision: input.decision,
    decision_reason: reason,
    decided_by: actor.userId,
    decided_at: now.toISOString(),
    revision: track.revision + 1,
  };
  const r = await repo.updateTrack(unit.tx, incidentId, track.revision, change);
  if (Number(r.numUpdatedRows) !== 1) throw noticeErrors.stale(track.revision + 1);
  await deps.audit.append(
    unit,
    audited(actor, 'accountability.decide', 'incident', incidentId, {
      decision: input.decision,
      late: now.toISOString() > track.due_at,
    }),
    now,
  );
  await told(unit, deps, incidentId, 'decided', null);
  return { ...track, ...change };
}

/**
 * Reminds a body of its undecided public-explanation decision `publicDecisionReminderHours` before the due time
 * (`accountability.due_soon`, to the body), and escalates it once overdue (`accountability.overdue`, to the body,
 * which acknowledges it or is escalated along its contact structure, and to its supervising ministry and the
 * center, which are told): each once per track, marked in the transaction that records the event (a restart or a
 * second sweep repeats neither). A reminder whose moment passed with the due time is not sent late: the
 * escalation stands for it. The events carry the due time only, never the track's text. Returns how many sent.
 */
export async function sweepAccountabilityReminders(
  handle: DatabaseHandle,
  deps: NoticeDeps,
): Promise<number> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const remindUntil = new Date(now.getTime() + deps.publicDecisionReminderHours * 3_600_000).toISOString();
  return inTransaction(handle, async (unit) => {
    let sent = 0;
    for (const track of await repo.undecidedToChase(unit.tx, at, remindUntil)) {
      const overdue = track.due_at <= at;
      if (!overdue && deps.publicDecisionReminderHours === 0) continue;
      if (!(await repo.markChased(unit.tx, track.incident_id, overdue ? 'escalated_at' : 'reminded_at', at)))
        continue;
      const incident = await incidentsReads.subjectOf(unit.tx, track.incident_id);
      const chain = await orgsDirectory.chainOf(unit.tx, track.org_id);
      const subject = incident && incidentSubject(incident);
      if (!incident || !subject || !chain.center) continue;
      const readers = overdue
        ? [...noticeReaders(chain.center.id, { orgId: track.org_id, parentId: chain.parent?.id ?? null })]
        : [track.org_id];
      await deps.events.record(
        unit,
        {
          type: overdue ? 'accountability.overdue' : 'accountability.due_soon',
          incidentId: track.incident_id,
          readerOrgIds: readers,
          payload: { dueAt: track.due_at },
          subject,
        },
        now,
      );
      sent += 1;
    }
    return sent;
  });
}
