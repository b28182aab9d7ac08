import { uuidV5 } from '../../platform/ids.js';
// Published shares as one STIX 2.1 bundle, for the threat-intelligence platforms of recipients. Pure: no I/O, no
// clock, no randomness. Ids are UUIDv5 of what the object stands for, so a re-export updates the objects a
// consumer already holds (same id, later `modified`) instead of duplicating them.

import { indicatorPattern } from './sharing.stix.values.js';
import { type Indicator, TLPS, type Tlp } from './sharing.terms.js';

export { HASH_PATHS, indicatorPattern, stixString } from './sharing.stix.values.js';

/** A published share, exactly as its recipients see it (no sources, no audience). */
export interface StixShare {
  id: string;
  kind: 'share' | 'advisory';
  title: string;
  body: string;
  indicators: Indicator[];
  mitigations: string[];
  tlp: Tlp;
  createdAt: string;
  updatedAt: string;
  publishedAt: string;
  /** Numbers of the incidents it derives from that the exporting body reads (no others are named). */
  incidentNumbers?: string[];
}

/** Who publishes the bundle: the center (our org id and its English name). */
export interface StixAuthor {
  id: string;
  name: string;
  /** When the org was created; without it the identity carries a fixed date, so re-exports still agree. */
  createdAt?: string;
}

interface Sdo<T extends string> {
  type: T;
  spec_version: '2.1';
  id: string;
  created_by_ref: string;
  created: string;
  modified: string;
  /** A version that withdraws the object (a removed indicator, a withdrawn share). */
  revoked?: true;
}
export interface StixIdentity extends Sdo<'identity'> {
  name: string;
  identity_class: 'organization';
}
interface MarkedSdo<T extends string> extends Sdo<T> {
  object_marking_refs: string[];
}
export interface StixReport extends MarkedSdo<'report'> {
  name: string;
  description: string;
  report_types: ['threat-report'];
  labels: [StixShare['kind']];
  published: string;
  object_refs: string[];
  external_references?: { source_name: 'renraku'; external_id: string }[];
}
export interface StixIndicator extends MarkedSdo<'indicator'> {
  name: string;
  description?: string;
  indicator_types: ['malicious-activity'];
  pattern: string;
  pattern_type: 'stix';
  valid_from: string;
}
/** A CVE id a share carries: a vulnerability named by it, with its CVE reference (STIX 2.1 §4.20). */
export interface StixVulnerability extends MarkedSdo<'vulnerability'> {
  name: string;
  description?: string;
  external_references: [{ source_name: 'cve'; external_id: string }];
}
export interface StixCourseOfAction extends MarkedSdo<'course-of-action'> {
  name: string;
  description: string;
}
/** An official TLP 2.0 marking-definition, as OASIS publishes it (it has no created_by_ref). */
export interface StixTlpMarking {
  type: 'marking-definition';
  spec_version: '2.1';
  id: string;
  created: string;
  name: Tlp;
  extensions: Record<string, { extension_type: 'property-extension'; tlp_2_0: string }>;
}
export type StixObject =
  | StixIdentity
  | StixTlpMarking
  | StixReport
  | StixIndicator
  | StixVulnerability
  | StixCourseOfAction;
/** A STIX 2.1 bundle (which, unlike 2.0's, has no spec_version). */
export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** The UUIDv5 namespace of Renraku's STIX ids: random once, never changed (ids would all change with it). */
export const STIX_ID_NAMESPACE = 'f00b51e4-52ad-4bf8-9a10-d15344534e6b';

/** The TLP 2.0 property extension (OASIS cti-stix-common-objects, extension-definition-specifications/tlp-2.0). */
export const TLP_2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
const TLP_2_CREATED = '2022-10-01T00:00:00.000Z';

/** The official TLP 2.0 marking-definition ids (../shared/DESIGN.md §5). */
export const TLP_MARKING_IDS: Record<Tlp, string> = {
  'TLP:CLEAR': 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  'TLP:GREEN': 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  'TLP:AMBER': 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'TLP:AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  'TLP:RED': 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** The official marking-definition object of a TLP, field for field (its name is our label). */
export const tlpMarkingDefinition = (tlp: Tlp): StixTlpMarking => ({
  type: 'marking-definition',
  spec_version: '2.1',
  id: TLP_MARKING_IDS[tlp],
  created: TLP_2_CREATED,
  name: tlp,
  extensions: {
    [TLP_2_EXTENSION_ID]: {
      extension_type: 'property-extension',
      tlp_2_0: tlp.slice('TLP:'.length).toLowerCase(),
    },
  },
});

const NAME_MAX = 120;
// Used only when the author has no creation time: any fixed value keeps the identity's `created` stable.
const UNKNOWN_CREATION = '1970-01-01T00:00:00.000Z';

// The name is JSON so that no two tuples collide; the type is in it so that ids never share a UUID across types.
/**
 * The id of the STIX object of this type that stands for `name` (a share id, and what in it). Never for a name
 * that holds a value (see indicatorStixId): this namespace is public, so such an id could be reversed.
 */
export const stixId = (type: string, ...name: (string | number)[]) =>
  `${type}--${uuidV5(JSON.stringify([type, ...name]), STIX_ID_NAMESPACE)}`;

/**
 * The id of a share's indicator of this value: under the deployment's secret namespace (`idKey`, migration
 * 0040), so that an id — which may reach a body that was never given the value, as the revocation of an
 * indicator removed before it held the share — says nothing of the value it stands for.
 */
export const indicatorStixId = (idKey: string, shareId: string, type: string, value: string) =>
  `indicator--${uuidV5(JSON.stringify(['indicator', shareId, type, value]), idKey)}`;

/**
 * The id of a share's vulnerability of this CVE id: under the secret namespace too. The CVE id is public, but that
 * this share names it is not, and a revocation may reach a body that was never given the share.
 */
export const vulnerabilityStixId = (idKey: string, shareId: string, cve: string) =>
  `vulnerability--${uuidV5(JSON.stringify(['vulnerability', shareId, cve]), idKey)}`;

/** The id of the object a share's indicator is exported as: a vulnerability for a CVE id, else an indicator. */
export const sharedObjectStixId = (idKey: string, shareId: string, type: string, value: string) =>
  type === 'vulnerability'
    ? vulnerabilityStixId(idKey, shareId, value)
    : indicatorStixId(idKey, shareId, type, value);

function epochMs(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`Not a timestamp: ${value}`);
  return ms;
}

/** RFC 3339 in UTC with milliseconds, the precision STIX requires of created and modified. */
const stixTimestamp = (value: string | number): string =>
  new Date(typeof value === 'number' ? value : epochMs(value)).toISOString();

/** The name of a course of action: its first non-blank line, cut to 120 characters (never inside one). */
export function mitigationName(text: string, n: number): string {
  const line = text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (line === undefined) return `Mitigation ${n}`;
  const chars = Array.from(line);
  return chars.length <= NAME_MAX ? line : `${chars.slice(0, NAME_MAX - 1).join('')}…`;
}

function authorIdentity(author: StixAuthor): StixIdentity {
  const id = stixId('identity', author.id);
  const created = author.createdAt === undefined ? UNKNOWN_CREATION : stixTimestamp(author.createdAt);
  return {
    type: 'identity',
    spec_version: '2.1',
    id,
    created_by_ref: id,
    created,
    modified: created,
    name: author.name,
    identity_class: 'organization',
  };
}

// One indicator object per (type, value) in a share, or their ids would collide.
function distinctIndicators(indicators: Indicator[]): Indicator[] {
  const seen = new Set<string>();
  return indicators.filter((i) => {
    const key = JSON.stringify([i.type, i.value]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A share's report, indicators (its CVE ids as vulnerabilities) and courses of action, as every reader sees them:
 * without the numbers of its source incidents, which only some readers may know (see withIncidentNumbers).
 */
export function shareObjects(share: StixShare, authorRef: string, idKey: string): StixObject[] {
  const createdMs = epochMs(share.createdAt);
  const created = stixTimestamp(createdMs);
  // STIX: modified is never before created.
  const modified = stixTimestamp(Math.max(createdMs, epochMs(share.updatedAt)));
  const published = stixTimestamp(share.publishedAt);
  const sdo = <T extends string>(type: T, id: string): MarkedSdo<T> => ({
    type,
    spec_version: '2.1',
    id,
    created_by_ref: authorRef,
    created,
    modified,
    object_marking_refs: [TLP_MARKING_IDS[share.tlp]],
  });
  const indicators = distinctIndicators(share.indicators).map((i): StixIndicator | StixVulnerability =>
    i.type === 'vulnerability'
      ? {
          ...sdo('vulnerability', vulnerabilityStixId(idKey, share.id, i.value)),
          name: i.value,
          ...(i.description ? { description: i.description } : {}),
          external_references: [{ source_name: 'cve', external_id: i.value }],
        }
      : {
          ...sdo('indicator', indicatorStixId(idKey, share.id, i.type, i.value)),
          name: i.value,
          ...(i.description ? { description: i.description } : {}),
          indicator_types: ['malicious-activity'],
          pattern: indicatorPattern(i),
          pattern_type: 'stix',
          valid_from: published,
        },
  );
  const courses = share.mitigations.map(
    (text, n): StixCourseOfAction => ({
      ...sdo('course-of-action', stixId('course-of-action', share.id, n)),
      name: mitigationName(text, n + 1),
      description: text,
    }),
  );
  const refs = [...indicators, ...courses].map((o) => o.id);
  const report: StixReport = {
    ...sdo('report', stixId('report', share.id)),
    name: share.title,
    description: share.body,
    report_types: ['threat-report'],
    labels: [share.kind],
    published,
    // object_refs may not be empty: a share of prose alone points at its author.
    object_refs: refs.length > 0 ? refs : [authorRef],
  };
  return [report, ...indicators, ...courses];
}

/** The report of a share naming the source incidents this reader knows, by number. */
export function withIncidentNumbers(o: StixObject, numbers: readonly string[] | undefined): StixObject {
  if (o.type !== 'report' || !numbers?.length || (o as { revoked?: boolean }).revoked) return o;
  return {
    ...o,
    external_references: numbers.map((n) => ({ source_name: 'renraku' as const, external_id: n })),
  };
}

/** The identity of the author, for versioned exports. */
export const stixAuthor = (author: StixAuthor): StixIdentity => authorIdentity(author);

/**
 * One STIX 2.1 bundle of published shares: per share a report with its indicators and courses of action, all
 * by the author's identity and marked with the share's TLP, plus the official marking-definition of each TLP
 * used. The bundle id is derived from the content, so the same shares always give the same bundle.
 */
export function sharesToStix(shares: StixShare[], author: StixAuthor, idKey: string): StixBundle {
  const identity = authorIdentity(author);
  const used = new Set(shares.map((s) => s.tlp));
  const objects: StixObject[] = [
    identity,
    ...TLPS.filter((t) => used.has(t)).map(tlpMarkingDefinition),
    ...shares.flatMap((s) =>
      shareObjects(s, identity.id, idKey).map((o) => withIncidentNumbers(o, s.incidentNumbers)),
    ),
  ];
  return { type: 'bundle', id: `bundle--${uuidV5(JSON.stringify(objects), STIX_ID_NAMESPACE)}`, objects };
}
