import { uuidV5 } from '../../platform/ids.js';
import type { SightingRow } from './sharing.sightings.repository.js';
import { STIX_ID_NAMESPACE, sharedObjectStixId, stixId } from './sharing.stix.js';

// Sightings as STIX 2.1 `sighting` objects (issue 14, point 5), exactly as far as readSightings lets them go: a
// recipient body gets its own sightings, each with where_sighted_refs naming its own identity; the center that
// published the share gets, per shared indicator, one sighting of all bodies together (count, first and last
// seen, how many bodies) and no where_sighted_refs — it learns counts, not which body saw what. Pure.

const COUNT_MAX = 999_999_999;

export interface SightingSummary {
  type: string;
  value: string;
  bodies: number;
  count: number;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  firstReportedAt: string | null;
  lastReportedAt: string | null;
}

const iso = (t: string) => new Date(t).toISOString();

/** A share's sightings as the caller may see them, as one STIX 2.1 bundle. */
export function sightingsToStix(args: {
  shareId: string;
  /** The deployment's secret namespace of indicator ids (indicatorStixId). */
  idKey: string;
  own: readonly SightingRow[];
  summary: readonly SightingSummary[] | null;
  publisherOrgId: string | null;
}) {
  // The shared indicator's STIX id, as the share's export first issued it (a CVE id's is its vulnerability's: a
  // sighting may be of any SDO).
  const indicatorRef = (shareId: string, type: string, value: string) =>
    sharedObjectStixId(args.idKey, shareId, type, value);
  const own = args.own.map((s) => {
    const identity = stixId('identity', s.org_id);
    return {
      type: 'sighting' as const,
      spec_version: '2.1' as const,
      id: stixId('sighting', s.id),
      created_by_ref: identity,
      created: iso(s.created_at),
      modified: iso(s.created_at),
      first_seen: iso(s.seen_at),
      last_seen: iso(s.seen_at),
      count: Math.min(s.count, COUNT_MAX),
      sighting_of_ref: indicatorRef(s.share_id, s.type, s.value),
      where_sighted_refs: [identity],
      ...(s.note ? { description: s.note } : {}),
    };
  });
  const publisher = args.publisherOrgId;
  const summary = (args.summary ?? []).flatMap((s) =>
    publisher && s.count > 0 && s.firstSeenAt && s.lastSeenAt && s.firstReportedAt && s.lastReportedAt
      ? [
          {
            type: 'sighting' as const,
            spec_version: '2.1' as const,
            // Named after the indicator's id, not its value: ids say nothing of values (indicatorStixId).
            id: stixId('sighting', 'all bodies', indicatorRef(args.shareId, s.type, s.value)),
            created_by_ref: stixId('identity', publisher),
            created: iso(s.firstReportedAt),
            modified: iso(s.lastReportedAt),
            first_seen: iso(s.firstSeenAt),
            last_seen: iso(s.lastSeenAt),
            count: Math.min(s.count, COUNT_MAX),
            sighting_of_ref: indicatorRef(args.shareId, s.type, s.value),
            summary: true,
            /** How many bodies reported it (which ones is theirs to tell). */
            x_renraku_bodies: s.bodies,
          },
        ]
      : [],
  );
  const objects = [...own, ...summary];
  return {
    type: 'bundle' as const,
    id: `bundle--${uuidV5(JSON.stringify(objects), STIX_ID_NAMESPACE)}`,
    objects,
  };
}
