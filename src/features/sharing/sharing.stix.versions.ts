// The versions of a share's STIX objects over its life (STIX 2.1 §3.6 versioning). A consumer that imported a
// share must learn of an edit or a withdrawal from the next export: a changed object comes again with a later
// `modified`; an object that is gone (a removed indicator, every object of a withdrawn share) comes as a
// `revoked: true` version. Pure: the caller stores what this returns.

import { type StixObject, stixId } from './sharing.stix.js';

/** One stored version of an object (its JSON is the object as every reader sees it). */
export interface StixVersion {
  objectId: string;
  modified: string;
  type: string;
  revoked: boolean;
  object: StixObject;
}

// What makes two versions the same: everything but the version's own dates.
const contentKey = (o: StixObject) => {
  const { created: _c, modified: _m, ...rest } = o as StixObject & { created?: string; modified?: string };
  return JSON.stringify(rest);
};

/** A version time strictly after `after` (STIX: a new version's modified is later than the one it replaces). */
const laterThan = (at: string, after: string | undefined) =>
  after === undefined || Date.parse(at) > Date.parse(after)
    ? new Date(Date.parse(at)).toISOString()
    : new Date(Date.parse(after) + 1).toISOString();

function keepValidFrom(o: StixObject, last: StixVersion | undefined): StixObject {
  if (o.type !== 'indicator' || last?.object.type !== 'indicator') return o;
  return { ...o, valid_from: last.object.valid_from };
}

// What a revoked indicator's pattern says: nothing. The schema requires a pattern; the value it revokes is not
// repeated, since whoever gets the revocation may never have been given that value (an earlier round's holder,
// a body removed from the audience).
const REVOKED_PATTERN = "[x-renraku-revoked:value = 'revoked']";

/**
 * The `revoked: true` version of an object at `modified`: its id, type and dates, and what the OASIS schema
 * requires of its type, carrying none of its content (name, pattern, description, references, markings).
 */
export function revokedVersion(o: StixObject, modified: string): StixObject {
  const { id, type, created } = o as StixObject & { created: string };
  const base = { type, spec_version: '2.1', id, created, modified, revoked: true };
  if (type === 'indicator')
    return { ...base, pattern: REVOKED_PATTERN, pattern_type: 'stix', valid_from: created } as StixObject;
  if (type === 'report')
    return { ...base, name: 'Revoked', published: created, object_refs: [id] } as StixObject;
  if (type === 'course-of-action' || type === 'vulnerability')
    return { ...base, name: 'Revoked' } as StixObject;
  return base as StixObject;
}

/** The id an object gets back when it returns after it was revoked (STIX forbids un-revoking an id). */
export const reissuedId = (id: string): string => stixId(id.slice(0, id.indexOf('--')), 'reissued', id);

/**
 * The objects with the ids they are exported under: an object whose id was revoked (an indicator removed, then
 * added again) comes back under a new id, and the report refers to it so.
 */
function underLiveIds(
  latest: ReadonlyMap<string, StixVersion>,
  current: readonly StixObject[],
): StixObject[] {
  const renamed = new Map<string, string>();
  for (const o of current) {
    let id = o.id;
    while (latest.get(id)?.revoked) id = reissuedId(id);
    if (id !== o.id) renamed.set(o.id, id);
  }
  if (renamed.size === 0) return [...current];
  return current.map((o) => {
    const refs = (o as { object_refs?: string[] }).object_refs;
    return {
      ...o,
      id: renamed.get(o.id) ?? o.id,
      ...(refs ? { object_refs: refs.map((r) => renamed.get(r) ?? r) } : {}),
    } as StixObject;
  });
}

/** The newest version of each object, by id. */
export function latestVersions(versions: readonly StixVersion[]): Map<string, StixVersion> {
  const latest = new Map<string, StixVersion>();
  for (const v of versions) {
    const seen = latest.get(v.objectId);
    if (!seen || Date.parse(v.modified) > Date.parse(seen.modified)) latest.set(v.objectId, v);
  }
  return latest;
}

/**
 * The versions to add so that the stored ones say what the share is now, at `at`: `current` its objects if it
 * is published, null if it was withdrawn. New objects start at `at`; changed ones keep their `created`; objects
 * no longer there are revoked, carrying no content (revokedVersion). A revoked id is never brought back (STIX
 * forbids un-revoking): a re-added indicator returns under a new id (reissuedId), a new object to consumers.
 */
export function nextVersions(
  latest: ReadonlyMap<string, StixVersion>,
  current: readonly StixObject[] | null,
  at: string,
): StixVersion[] {
  const out: StixVersion[] = [];
  const now = new Map(underLiveIds(latest, current ?? []).map((o) => [o.id, o]));
  for (const [id, fresh] of now) {
    const last = latest.get(id);
    // An indicator stays valid from when it was first published: a republication after an edit is no new sighting.
    const o = keepValidFrom(fresh, last);
    if (last && contentKey(last.object) === contentKey(o)) continue;
    const modified = laterThan(at, last?.modified);
    const created = last ? (last.object as { created: string }).created : modified;
    out.push({
      objectId: id,
      modified,
      type: o.type,
      revoked: false,
      object: { ...o, created, modified } as StixObject,
    });
  }
  for (const [id, last] of latest) {
    if (last.revoked || now.has(id)) continue;
    const modified = laterThan(at, last.modified);
    out.push({
      objectId: id,
      modified,
      type: last.type,
      revoked: true,
      object: revokedVersion(last.object, modified),
    });
  }
  return out;
}

/** One stored version with when it was added (TAXII's date_added). */
export interface AddedVersion extends StixVersion {
  dateAdded: string;
}

/** Someone that held a share and no longer reads it; `since` when it last stopped reading it. */
export interface Holder {
  orgId: string;
  userId: string;
  since: string;
}

/**
 * The revocations owed to former holders of a share, at `at`, given its versions stored `before` this update (the
 * first since they stopped reading it) and those `added` by it: for each object live before, that a holder has
 * not been given a revocation of (`given`, keyed `org|user|object`), one `revoked: true` version later than every
 * version of it, with no content. What this update adds is of the share as it is now, which the holder no longer
 * reads: it hears nothing of it.
 */
export function revocationsOwed(
  before: readonly AddedVersion[],
  added: readonly StixVersion[],
  holders: readonly Holder[],
  given: ReadonlySet<string>,
  at: string,
): { holder: Holder; version: StixVersion }[] {
  const byObject = new Map<string, AddedVersion[]>();
  for (const v of before) byObject.set(v.objectId, [...(byObject.get(v.objectId) ?? []), v]);
  const newest = (vs: readonly StixVersion[]) =>
    vs.reduce<string | undefined>(
      (m, v) => (m === undefined || Date.parse(v.modified) > Date.parse(m) ? v.modified : m),
      undefined,
    );
  const out: { holder: Holder; version: StixVersion }[] = [];
  for (const [objectId, all] of byObject) {
    const last = all.reduce((a, b) => (Date.parse(b.modified) > Date.parse(a.modified) ? b : a));
    const modified = laterThan(at, newest([...all, ...added.filter((v) => v.objectId === objectId)]));
    const version = {
      objectId,
      modified,
      type: last.type,
      revoked: true,
      object: revokedVersion(last.object, modified),
    };
    for (const holder of holders) {
      if (given.has(`${holder.orgId}|${holder.userId}|${objectId}`)) continue;
      // Worked out once, at the first update after it stopped reading: what was stored before is of its time. An
      // object already revoked then was revoked before its eyes (as a reader), or never held by it.
      if (!last.revoked) out.push({ holder, version });
    }
  }
  return out;
}
