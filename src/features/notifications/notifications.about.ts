import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { incidentReadings, shareAudiences } from '../../platform/access/visibility.js';
import type { Executor } from '../../platform/db/database.js';
import type { Audience } from './notifications.audience.js';
import { type NotificationRow, notificationsRepository } from './notifications.repository.js';
import { inAppTitle } from './notifications.situations.js';
import { loadSubjects, type Subject, type SubjectRef, subjectKey } from './notifications.subject.js';

/**
 * What a notification is about, as its reader may know it now: the title, severity and link when the reader may
 * read the thing (read again at every look: a share withdrawn since, or an incident forwarded since, changes the
 * answer); otherwise the body it is about and why it cannot be read yet.
 */
export interface About {
  type: Subject['type'];
  readable: boolean;
  title: string | null;
  severity: string | null;
  /** The body the thing is about (an incident's body; the center for its shares and consent requests). */
  orgId: string;
  path: string | null;
  /** Why it is not readable: an incident still in its ministry's review, or anything else kept from the reader. */
  pending: 'review' | 'restricted' | null;
  /** The exercise it is data of, shown whether or not the reader may read it; null for real data. */
  exercise: { id: string; number: string; name: string } | null;
}

const SUBJECT_TYPES = new Set(['incident', 'share', 'consent_request', 'situation', 'situation_request']);

/**
 * The audience of each subject among the reader's body, as `audienceOf` reads it one by one: the incidents'
 * readers in one read, the shares' in another; a consent request is its asked body's; a situation's readers came
 * with it.
 */
async function readerAudiences(db: Executor, orgId: string, subjects: readonly Subject[]) {
  const incidentIds = subjects.flatMap((s) => (s.type === 'incident' && s.incidentId ? [s.incidentId] : []));
  const [readings, shares] = await Promise.all([
    incidentReadings(db, incidentIds, [orgId], 'any'),
    shareAudiences(
      db,
      subjects.filter((s) => s.type === 'share'),
    ),
  ]);
  const reading = new Set(readings.map((r) => r.incidentId));
  const audiences = new Map<string, Audience>();
  for (const s of subjects) {
    const audience: Audience =
      s.type === 'share'
        ? (shares.get(s.id) ?? { namedOnly: false, bodies: new Set(), people: new Map() })
        : s.type === 'consent_request'
          ? { namedOnly: false, bodies: new Set(s.consentOrgId ? [s.consentOrgId] : []), people: new Map() }
          : s.situation
            ? {
                namedOnly: false,
                bodies: new Set(s.situation.readers.has(orgId) ? [orgId] : []),
                people: new Map(),
              }
            : {
                namedOnly: false,
                bodies: new Set(s.incidentId && reading.has(s.incidentId) ? [orgId] : []),
                people: new Map(),
              };
    audiences.set(subjectKey(s), audience);
  }
  return audiences;
}

/** Whether the reader, as a person of its body, may hear of what the audience reads (the rule that chose its contacts). */
function mayHear(actor: Actor, audience: Audience): boolean {
  const item = { namedOnly: audience.namedOnly, bodyReads: audience.bodies.has(actor.orgId) };
  const named = audience.people.get(actor.userId) === actor.orgId;
  return can.hearOf(item, {
    orgId: actor.orgId,
    person: { orgId: actor.orgId, role: actor.role, active: true, named },
  });
}

/**
 * What each notification of a page is about, for this reader: the subjects and who reads them are read once
 * per kind of subject for the whole page, however many rows name them.
 */
export async function aboutOf(
  db: Executor,
  actor: Actor,
  rows: readonly NotificationRow[],
): Promise<Map<string, About>> {
  // The center told of an alert it could not read holds no subject: its chain's first notification does.
  const firstIds = [...new Set(rows.filter((r) => r.subject_type === 'org').map((r) => r.chain_id))];
  const firsts = await notificationsRepository.byIds(db, firstIds);
  const sources = new Map<string, SubjectRef>();
  for (const n of rows) {
    const source = n.subject_type === 'org' ? firsts.get(n.chain_id) : n;
    if (source && SUBJECT_TYPES.has(source.subject_type))
      sources.set(n.id, { type: source.subject_type, id: source.subject_id });
  }
  const subjects = await loadSubjects(db, [...sources.values()]);
  const audiences = await readerAudiences(db, actor.orgId, [...subjects.values()]);
  const abouts = new Map<string, About>();
  for (const [key, subject] of subjects) {
    const audience = audiences.get(key);
    const readable = audience !== undefined && mayHear(actor, audience);
    abouts.set(key, {
      exercise: subject.exercise ?? null,
      type: subject.type,
      readable,
      title: readable ? inAppTitle(subject) : null,
      severity: readable ? subject.severity : null,
      orgId: subject.orgId,
      path: readable ? subject.path : null,
      pending: readable
        ? null
        : subject.type === 'incident' && actor.orgKind === 'center'
          ? 'review'
          : 'restricted',
    });
  }
  const out = new Map<string, About>();
  for (const [id, ref] of sources) {
    const about = abouts.get(subjectKey(ref));
    if (about) out.set(id, about);
  }
  return out;
}
