import { can } from '../../platform/access/rules.js';
import { incidentReaderBodies, incidentReadings, shareAudience } from '../../platform/access/visibility.js';
import type { Executor } from '../../platform/db/database.js';
import type { ContactWithAvailability } from '../contacts/contacts.usecases.js';
import { type AddressOwner, ownersOf } from '../users/users.addresses.js';
import type { Subject } from './notifications.subject.js';

/** Who may hear of a subject: the bodies that read it as a whole, or (TLP:RED) named people only. */
export interface Audience {
  namedOnly: boolean;
  bodies: ReadonlySet<string>;
  /** Named people, each with the body they were named at (a person moved since is no longer named there). */
  people: ReadonlyMap<string, string>;
}

/** A contact that may hear of a subject, and how. */
export type Hearer = ContactWithAvailability & {
  /** The person its address is, when it is a Renraku user's: in-app notices go to them. */
  person: AddressOwner | null;
  /** Whether its body's own tool (the webhook) may be told. */
  tool: boolean;
};

/** What the center hears at the end of an escalation: an alert of the structure it watches over. */
export const centerStage = (centerId: string): Audience => ({
  namedOnly: false,
  bodies: new Set([centerId]),
  people: new Map(),
});

/** The audience of a subject among these bodies, read as the subject stands now (a withdrawn share has none). */
export async function audienceOf(db: Executor, subject: Subject, orgIds: string[]): Promise<Audience> {
  const none = new Set<string>();
  const nobodyNamed = new Map<string, string>();
  if (subject.type === 'share') return shareAudience(db, subject);
  if (subject.type === 'consent_request')
    return {
      namedOnly: false,
      bodies: new Set(subject.consentOrgId ? [subject.consentOrgId] : []),
      people: nobodyNamed,
    };
  // Who reads a situation (visibility.ts): the center, the bodies in scope, the ministries of agencies in scope
  // (all of them, whichever bodies are asked about: one audience serves every event about it in a unit).
  if (subject.situation) return { namedOnly: false, bodies: subject.situation.readers, people: nobodyNamed };
  if (orgIds.length === 0 || subject.incidentId === null)
    return { namedOnly: false, bodies: none, people: nobodyNamed };
  const bodies = await incidentReaderBodies(db, subject.incidentId, orgIds, 'any');
  return { namedOnly: false, bodies, people: nobodyNamed };
}

/**
 * `audienceOf` for several subjects at once, each among its own bodies: the incidents' readers in one read
 * (shares and consent requests, rarer, each as `audienceOf` reads it). Keyed by subject type and id.
 */
export async function audiencesOf(
  db: Executor,
  asked: readonly { subject: Subject; orgIds: readonly string[] }[],
): Promise<Map<string, Audience>> {
  const key = (s: Subject) => `${s.type}:${s.id}`;
  const audiences = new Map<string, Audience>();
  const incidents = new Map<string, Set<string>>();
  for (const { subject, orgIds } of asked) {
    if (subject.type !== 'incident' || subject.incidentId === null) {
      if (!audiences.has(key(subject)))
        audiences.set(key(subject), await audienceOf(db, subject, [...orgIds]));
      continue;
    }
    const bodies = incidents.get(subject.incidentId) ?? new Set<string>();
    incidents.set(subject.incidentId, bodies);
    for (const id of orgIds) bodies.add(id);
  }
  if (incidents.size > 0) {
    const readings = await incidentReadings(
      db,
      [...incidents.keys()],
      [...new Set([...incidents.values()].flatMap((b) => [...b]))],
      // An exercise's incident alerts its readers too (its notices are marked): exercises measure the response.
      'any',
    );
    const readers = new Map([...incidents.keys()].map((id) => [id, new Set<string>()]));
    for (const { incidentId, orgId } of readings)
      if (incidents.get(incidentId)?.has(orgId)) readers.get(incidentId)?.add(orgId);
    for (const [incidentId, bodies] of readers)
      audiences.set(`incident:${incidentId}`, { namedOnly: false, bodies, people: new Map() });
  }
  return audiences;
}

/** Whether an audience holds nobody at all (a share withdrawn since): nothing about it is worth an alert. */
export const nobody = (a: Audience) => a.bodies.size === 0 && a.people.size === 0;

/**
 * The contacts, in their order, that may hear of what the audience reads (see `can.hearOf`), each with the
 * person its address is and whether its body's tool may be told. `owners` maps addresses to their users.
 */
export function hearersAmong(
  audience: Audience,
  contacts: ContactWithAvailability[],
  owners: ReadonlyMap<string, AddressOwner>,
): Hearer[] {
  const hearers: Hearer[] = [];
  for (const c of contacts) {
    const owner = c.email ? (owners.get(c.email.toLowerCase()) ?? null) : null;
    const item = { namedOnly: audience.namedOnly, bodyReads: audience.bodies.has(c.org_id) };
    const person = owner && { ...owner, named: audience.people.get(owner.id) === owner.orgId };
    if (!can.hearOf(item, { orgId: c.org_id, person })) continue;
    hearers.push({ ...c, person: owner, tool: can.hearByTool(item) });
  }
  return hearers;
}

/** The owners of the contacts' addresses, read at once for all of them. */
export const ownersOfContacts = (db: Executor, contacts: ContactWithAvailability[]) =>
  ownersOf(
    db,
    contacts.flatMap((c) => (c.email ? [c.email] : [])),
  );

/** `hearersAmong`, reading the owners of the contacts' addresses. */
export async function hearersOf(db: Executor, audience: Audience, contacts: ContactWithAvailability[]) {
  return hearersAmong(audience, contacts, await ownersOfContacts(db, contacts));
}

/**
 * Whether the center, told that an alert of another body went unacknowledged, may be told what it was about:
 * it reads the shares and consent requests it makes and the incidents delivered to it, but of an item for named
 * people only it hears that someone did not answer, not what it was.
 */
export async function centerMayKnow(db: Executor, subject: Subject, centerId: string): Promise<boolean> {
  const audience = await audienceOf(db, subject, [centerId]);
  return subject.type === 'incident' ? audience.bodies.has(centerId) : !audience.namedOnly;
}
