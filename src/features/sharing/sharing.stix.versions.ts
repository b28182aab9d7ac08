// The versions of a share's STIX objects over its life (STIX 2.1 §3.6 versioning). A consumer that imported a
// share must learn of an edit or a withdrawal from the next export: a changed object comes again with a later
// `modified`; an object that is gone (a removed indicator, every object of a withdrawn share) comes as a
// `revoked: true` version. Pure: the caller stores what this returns.

import type { StixObject } from './sharing.stix.js';

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
 * no longer there are revoked (a revoked object is never brought back: a re-added indicator gets the same id,
 * so it stays revoked and consumers keep it so; STIX forbids un-revoking).
 */
export function nextVersions(
  latest: ReadonlyMap<string, StixVersion>,
  current: readonly StixObject[] | null,
  at: string,
): StixVersion[] {
  const out: StixVersion[] = [];
  const now = new Map((current ?? []).map((o) => [o.id, o]));
  for (const [id, fresh] of now) {
    const last = latest.get(id);
    if (last?.revoked) continue;
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
      object: { ...last.object, modified, revoked: true } as StixObject,
    });
  }
  return out;
}
