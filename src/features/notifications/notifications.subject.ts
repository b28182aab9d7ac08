import type { Executor } from '../../platform/db/database.js';
import type { NewEvent } from '../../platform/events/events.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { sharingSubjects } from '../sharing/sharing.subjects.js';

/** What a notification is about, read in the unit that notifies. */
export interface Subject {
  type: 'incident' | 'share' | 'consent_request';
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
  /** Path of its page in the web app. */
  path: string;
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
  return null;
}

/** The subject an event carries (see EventSubject), when its producer gave it. */
export function carriedSubject(event: NewEvent): Subject | undefined {
  const s = event.subject;
  // A consent request's subject names the body asked, which only its reading knows.
  if (!s || s.type === 'consent_request') return undefined;
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

/** Reads a subject; undefined when it does not exist (or belongs to an exercise). */
export async function loadSubject(db: Executor, ref: SubjectRef): Promise<Subject | undefined> {
  if (ref.type === 'incident') {
    const i = await incidentsReads.subjectOf(db, ref.id);
    // Exercise data never mixes with real data: nobody is woken up for it by the real structure.
    if (!i || i.exercise_id !== null) return undefined;
    return {
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
  let shareId = ref.id;
  let consentOrgId: string | null = null;
  if (ref.type === 'consent_request') {
    const c = await sharingSubjects.consentRequest(db, ref.id);
    if (!c) return undefined;
    shareId = c.shareId;
    consentOrgId = c.orgId;
  } else if (ref.type !== 'share') return undefined;
  const [share, center] = await Promise.all([sharingSubjects.share(db, shareId), orgsDirectory.center(db)]);
  if (!share || !center) return undefined;
  const consent = ref.type === 'consent_request';
  return {
    type: consent ? 'consent_request' : 'share',
    id: ref.id,
    incidentId: null,
    orgId: center.id,
    consentOrgId,
    tlp: share.tlp,
    title: share.title,
    summary: share.body,
    severity: null,
    number: null,
    path: consent ? `/consents/${encodeURIComponent(ref.id)}` : `/shares/${encodeURIComponent(ref.id)}`,
  };
}
