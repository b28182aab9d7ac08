import type { Executor } from '../../platform/db/database.js';
import type { NewEvent } from '../../platform/events/events.js';
import { type ExerciseRef, exercisesReads, markOf } from '../exercises/exercises.reads.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { sharingSubjects } from '../sharing/sharing.subjects.js';
import { requestSubjects, situationSubjects } from './notifications.situations.js';

/** What a notification is about, read in the unit that notifies. */
export interface Subject {
  type: 'incident' | 'share' | 'consent_request' | 'situation' | 'situation_request';
  id: string;
  incidentId: string | null;
  /** The body the event is about: the incident's body, or the center for its shares and requests. */
  orgId: string;
  /** For a consent request: the body asked. */
  consentOrgId: string | null;
  tlp: string;
  title: string;
  summary: string;
  severity: string | null;
  /** An incident's human number, without the deployment's prefix; null for shares and consent requests. */
  number: string | null;
  /** For a consent request: the numbers (without prefix) of the incidents it shares from that the asked body reads. */
  sourceNumbers?: string[];
  /** Path of its page in the web app. */
  path: string;
  /** For a situation: its number (S-YYYY-NNN), level, state, bodies in scope and the bodies that read it. */
  situation?: {
    number: string;
    level: string;
    open: boolean;
    inScope: ReadonlySet<string>;
    readers: ReadonlySet<string>;
    /** For a report's notice: the report issued (its body is the subject's summary). */
    report?: { number: number; version: number; title: string };
    /** For a request's notice: the request (R-n), its title and due time (its body is the subject's summary). */
    request?: { number: string; title: string; dueAt: string };
  };
  /** The exercise it belongs to (every notice of it is marked); absent for real data. */
  exercise?: ExerciseRef;
  /** The bodies it is the own thing of (rules' `own`), when not only `orgId` (see ownFor). */
  concerns?: ReadonlySet<string>;
}

export interface SubjectRef {
  type: string;
  id: string;
}

/** Which thing an event is about, from its own fields. */
export function subjectOf(event: NewEvent): SubjectRef | null {
  const p = event.payload;
  if (event.type === 'consent.requested' && typeof p.requestId === 'string')
    return { type: 'consent_request', id: p.requestId };
  if ((event.type === 'share.published' || event.type === 'share.reminded') && typeof p.shareId === 'string')
    return { type: 'share', id: p.shareId };
  if (event.incidentId) return { type: 'incident', id: event.incidentId };
  if (event.type.startsWith('situation.request.') && typeof p.requestId === 'string')
    return { type: 'situation_request', id: p.requestId };
  if (
    (event.type.startsWith('situation.') || event.type === 'rollcall.reminded') &&
    typeof p.situationId === 'string'
  )
    return { type: 'situation', id: p.situationId };
  return null;
}

/** The subject an event carries (see EventSubject), when its producer gave it. */
export function carriedSubject(event: NewEvent): Subject | undefined {
  const s = event.subject;
  // A consent request's subject names the body asked, a situation's its bodies in scope and the minutes its level
  // gives to acknowledge: only their reading knows them.
  if (!s || s.type === 'consent_request' || s.type === 'situation') return undefined;
  return {
    type: s.type,
    id: s.id,
    incidentId: s.type === 'incident' ? s.id : null,
    orgId: s.orgId,
    consentOrgId: null,
    tlp: s.tlp,
    title: s.title,
    summary: s.summary,
    severity: s.severity,
    number: s.type === 'incident' ? (s.number ?? null) : null,
    path: s.link,
  };
}

type IncidentSubjectRow = NonNullable<Awaited<ReturnType<typeof incidentsReads.subjectOf>>>;
type ShareSubjectRow = NonNullable<Awaited<ReturnType<typeof sharingSubjects.share>>>;

/**
 * An incident as a subject. An exercise's is one too, marked: exercises measure how the duty contacts respond,
 * so they are reached as for a real one, and every notice says it is an exercise.
 */
function incidentSubject(i: IncidentSubjectRow, exercise: ExerciseRef | undefined): Subject {
  return {
    ...(exercise ? { exercise } : {}),
    type: 'incident',
    id: i.id,
    incidentId: i.id,
    orgId: i.org_id,
    consentOrgId: null,
    tlp: i.tlp,
    title: i.title,
    summary: i.summary,
    severity: i.severity,
    number: i.number,
    path: `/incidents/${encodeURIComponent(i.id)}`,
  };
}

/** A share, or a consent request about it (asked of `consentOrgId`), as a subject. */
function shareSubject(
  ref: SubjectRef,
  share: ShareSubjectRow,
  centerId: string,
  asked: { orgId: string; sourceNumbers?: string[] } | undefined,
): Subject {
  const consent = ref.type === 'consent_request';
  return {
    type: consent ? 'consent_request' : 'share',
    id: ref.id,
    incidentId: null,
    orgId: centerId,
    consentOrgId: asked?.orgId ?? null,
    ...(asked?.sourceNumbers ? { sourceNumbers: asked.sourceNumbers } : {}),
    tlp: share.tlp,
    title: share.title,
    summary: share.body,
    severity: null,
    number: null,
    path: consent ? `/consents/${encodeURIComponent(ref.id)}` : `/shares/${encodeURIComponent(ref.id)}`,
  };
}

/** Reads a subject; undefined when it does not exist. */
export async function loadSubject(db: Executor, ref: SubjectRef): Promise<Subject | undefined> {
  if (ref.type === 'incident') {
    const i = await incidentsReads.subjectOf(db, ref.id);
    if (!i) return undefined;
    const marks = await exercisesReads.marksOf(db, [i.exercise_id]);
    return incidentSubject(i, markOf(marks, i.exercise_id));
  }
  if (ref.type === 'situation') return (await situationSubjects(db, [ref.id])).get(ref.id);
  if (ref.type === 'situation_request') return (await requestSubjects(db, [ref.id])).get(ref.id);
  let shareId = ref.id;
  let consent: { shareId: string; orgId: string; sourceNumbers: string[] } | undefined;
  if (ref.type === 'consent_request') {
    consent = await sharingSubjects.consentRequest(db, ref.id);
    if (!consent) return undefined;
    shareId = consent.shareId;
  } else if (ref.type !== 'share') return undefined;
  const [share, center] = await Promise.all([sharingSubjects.share(db, shareId), orgsDirectory.center(db)]);
  if (!share || !center) return undefined;
  return shareSubject(ref, share, center.id, consent);
}

/** The key of a subject among others: its type and id. */
export const subjectKey = (ref: SubjectRef) => `${ref.type}:${ref.id}`;

/**
 * `loadSubject` for many subjects at once (a page of notifications): one read per kind of subject, whatever their
 * number. Keyed by `subjectKey`; a subject that does not exist is missing.
 */
export async function loadSubjects(db: Executor, refs: readonly SubjectRef[]): Promise<Map<string, Subject>> {
  const idsOf = (type: string) => [...new Set(refs.filter((r) => r.type === type).map((r) => r.id))];
  const [incidents, consents, situations, requests] = await Promise.all([
    incidentsReads.subjectsOf(db, idsOf('incident')),
    sharingSubjects.consentRequests(db, idsOf('consent_request')),
    situationSubjects(db, idsOf('situation')),
    requestSubjects(db, idsOf('situation_request')),
  ]);
  const shareIds = [...new Set([...idsOf('share'), ...[...consents.values()].map((c) => c.shareId)])];
  const [shares, center] =
    shareIds.length === 0
      ? [new Map<string, ShareSubjectRow>(), undefined]
      : await Promise.all([sharingSubjects.shares(db, shareIds), orgsDirectory.center(db)]);
  const out = new Map<string, Subject>();
  for (const situation of [...situations.values(), ...requests.values()])
    out.set(subjectKey(situation), situation);
  const marks = await exercisesReads.marksOf(
    db,
    incidents.map((i) => i.exercise_id),
  );
  for (const i of incidents) {
    const subject = incidentSubject(i, markOf(marks, i.exercise_id));
    out.set(subjectKey(subject), subject);
  }
  if (!center) return out;
  for (const ref of refs) {
    const consent = ref.type === 'consent_request' ? consents.get(ref.id) : undefined;
    const share = ref.type === 'share' ? shares.get(ref.id) : consent && shares.get(consent.shareId);
    if (share) out.set(subjectKey(ref), shareSubject(ref, share, center.id, consent));
  }
  return out;
}
