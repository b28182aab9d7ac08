import { situationReaders, situationRequestReaders } from '../../platform/access/visibility.js';
import type { Executor } from '../../platform/db/database.js';
import type { NewEvent } from '../../platform/events/events.js';
import { type ExerciseRef, exercisesReads, markOf } from '../exercises/exercises.reads.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { type RequestFacts, requestsReads } from '../situations/requests.reads.js';
import type { PostureLevel } from '../situations/situations.config.js';
import { type SituationFacts, situationsReads } from '../situations/situations.reads.js';
import type { Subject } from './notifications.subject.js';

/** A situation as a subject: declared by the center, about the bodies in scope (an exercise's, marked). */
export function situationSubject(s: SituationFacts, centerId: string, exercise?: ExerciseRef): Subject {
  return {
    ...(exercise ? { exercise } : {}),
    type: 'situation',
    id: s.id,
    incidentId: null,
    orgId: centerId,
    consentOrgId: null,
    tlp: s.tlp,
    title: s.name,
    summary: s.description,
    severity: null,
    number: null,
    path: `/situations/${encodeURIComponent(s.id)}`,
    situation: {
      number: s.number,
      level: s.level,
      open: s.open,
      inScope: new Set(s.bodies.map((b) => b.orgId)),
      readers: new Set(situationReaders(centerId, s.bodies)),
    },
  };
}

/** Situations as subjects, keyed by id. */
export async function situationSubjects(db: Executor, ids: readonly string[]): Promise<Map<string, Subject>> {
  if (ids.length === 0) return new Map();
  const [facts, center] = await Promise.all([situationsReads.factsOf(db, ids), orgsDirectory.center(db)]);
  const out = new Map<string, Subject>();
  if (!center) return out;
  const marks = await exercisesReads.marksOf(
    db,
    [...facts.values()].map((s) => s.exerciseId),
  );
  for (const [id, s] of facts) out.set(id, situationSubject(s, center.id, markOf(marks, s.exerciseId)));
  return out;
}

/**
 * A request (要請) as a subject: its situation's (number, level, exercise mark), but the own thing of the bodies it
 * addresses only, heard of by them, their ministries and the center (who read its states), its body as the
 * summary. Its page is the situation's.
 */
export function requestSubject(situation: Subject, r: RequestFacts, centerId: string): Subject {
  const s = situation.situation;
  return {
    ...situation,
    type: 'situation_request',
    id: r.id,
    summary: r.body,
    concerns: new Set(r.addressed.map((b) => b.orgId)),
    ...(s
      ? {
          situation: {
            ...s,
            readers: new Set(situationRequestReaders(centerId, r.addressed)),
            request: { number: r.number, title: r.title, dueAt: r.dueAt },
          },
        }
      : {}),
  };
}

/**
 * The title an in-app notice shows of its subject: a request's is its situation's number, its number (R-n) and its
 * title, not only its situation's name. Only readers of the subject are shown a title (notifications.about).
 */
export function inAppTitle(subject: Subject): string {
  const request = subject.situation?.request;
  if (!subject.situation || !request) return subject.title;
  return [subject.situation.number, request.number, request.title].filter((w) => w !== '').join(' ');
}

/** Requests as subjects, keyed by id. */
export async function requestSubjects(db: Executor, ids: readonly string[]): Promise<Map<string, Subject>> {
  const out = new Map<string, Subject>();
  if (ids.length === 0) return out;
  const requests = await requestsReads.factsOf(db, ids);
  const [situations, center] = await Promise.all([
    situationSubjects(
      db,
      [...requests.values()].map((r) => r.situationId),
    ),
    orgsDirectory.center(db),
  ]);
  if (!center) return out;
  for (const [id, r] of requests) {
    const situation = situations.get(r.situationId);
    if (situation) out.set(id, requestSubject(situation, r, center.id));
  }
  return out;
}

/** The events about one body of a situation (or of a request), named by the payload's `orgId`. */
const FOCUSED = new Set(['rollcall.reminded', 'situation.request.overdue']);

/**
 * A roll-call reminder is about the situation as the body reminded sees it: that body is the one concerned (its
 * own rule applies, its name is in the message), not every body in scope.
 */
export function focusOf(subject: Subject, event: string, remindedOrgId: unknown): Subject {
  if (!subject.situation || !FOCUSED.has(event) || typeof remindedOrgId !== 'string') return subject;
  return { ...subject, orgId: remindedOrgId, concerns: new Set([remindedOrgId]) };
}

/** `focusOf` for an event's subject (the body reminded is the payload's `orgId`). */
export const focusOnEvent = (subject: Subject, event: NewEvent): Subject =>
  reportOf(focusOf(subject, event.type, event.payload.orgId), event);

/**
 * A situation report's notice is about the report the event carries: its number, version and title, and its
 * body as the summary (what leaves by e-mail is still the TLP's to decide: notifications.render).
 */
function reportOf(subject: Subject, event: NewEvent): Subject {
  const r = event.payload.report as
    | { number?: unknown; version?: unknown; title?: unknown; body?: unknown }
    | undefined;
  if (event.type !== 'situation.report_issued' || !subject.situation || !r) return subject;
  if (typeof r.number !== 'number' || typeof r.version !== 'number' || typeof r.title !== 'string')
    return subject;
  return {
    ...subject,
    summary: typeof r.body === 'string' ? r.body : '',
    situation: { ...subject.situation, report: { number: r.number, version: r.version, title: r.title } },
  };
}

/**
 * Whether the subject is the body's own, as the rules' `own` says: its incident; a situation it is in scope of;
 * the reminder of its own roll-call.
 */
export function ownFor(subject: Subject, orgId: string): boolean {
  if (subject.concerns) return subject.concerns.has(orgId);
  if (subject.situation) return subject.situation.inScope.has(orgId);
  return subject.orgId === orgId;
}

/** The configured level of a situation subject, if it is one (and its level is still configured). */
export const levelOf = (levels: readonly PostureLevel[], subject: Subject): PostureLevel | undefined =>
  subject.situation ? levels.find((l) => l.id === subject.situation?.level) : undefined;

/** The subject with the minutes its level gives to acknowledge (see ackMinutesFor), when it is a situation. */
export const withLevelMinutes = (levels: readonly PostureLevel[], subject: Subject) => ({
  ...subject,
  ackMinutes: levelOf(levels, subject)?.ackMinutes ?? null,
});
