// A STIX 2.1 bundle read for import: checked object by object against what STIX requires of the objects it
// uses (an invalid one refuses the whole bundle, naming every offender), then read into a Reading — indicators
// from simple patterns and from observables, vulnerabilities as CVE ids, courses of action as mitigations, the
// first report's name and description as title and body, TLP markings (2.0, and 1.0's as their 2.0 kin). Pure.

import { kindOfPath, readPattern } from './sharing.import.pattern.js';
import {
  clip,
  importErrors,
  isRecord,
  type Offender,
  own,
  type Reading,
  ReadingBuilder,
} from './sharing.import.reading.js';
import { TLP_MARKING_IDS } from './sharing.stix.js';
import { TLPS, type Tlp } from './sharing.terms.js';

/** The most objects a bundle may hold. */
export const STIX_OBJECTS_MAX = 10_000;

const ID =
  /^([a-z0-9][a-z0-9-]{0,248}[a-z0-9])--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/** STIX 2.1's predefined TLP 1.0 markings, read as their TLP 2.0 kin (WHITE is CLEAR). */
const TLP1_MARKING_IDS: Record<string, Tlp> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'TLP:CLEAR',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'TLP:GREEN',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'TLP:AMBER',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'TLP:RED',
};
const TLP_BY_MARKING: Record<string, Tlp> = {
  ...TLP1_MARKING_IDS,
  ...Object.fromEntries(TLPS.map((t) => [TLP_MARKING_IDS[t], t])),
};
/** A TLP by its name in a marking (tlp 1.0 `definition.tlp`, or TLP 2.0's `tlp_2_0`). */
const tlpNamed = (name: unknown): Tlp | null => {
  if (typeof name !== 'string') return null;
  const n = name.trim().toLowerCase().replace(/^tlp:/, '');
  if (n === 'white') return 'TLP:CLEAR';
  return TLPS.find((t) => t.slice(4).toLowerCase() === n) ?? null;
};

const OBSERVABLE_KINDS = {
  'ipv4-addr': 'ipv4',
  'ipv6-addr': 'ipv6',
  'domain-name': 'domain',
  url: 'url',
  'email-addr': 'email',
} as const;

type StixObject = Record<string, unknown> & { type: string; id: string };

/** What STIX requires of one object that this import relies on; the reasons it is not valid (none if it is). */
function offencesOf(o: Record<string, unknown>): string[] {
  const type = own(o, 'type');
  const id = own(o, 'id');
  if (typeof type !== 'string' || !/^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/.test(type))
    return ['type: missing or not a STIX type name'];
  if (typeof id !== 'string' || ID.exec(id)?.[1] !== type)
    return [`id: missing or not of the form ${type}--<UUID>`];
  const reasons: string[] = [];
  const str = (k: string) => typeof own(o, k) === 'string' && (own(o, k) as string).length > 0;
  const time = (k: string) => typeof own(o, k) === 'string' && TIMESTAMP.test(own(o, k) as string);
  const sdo = ['indicator', 'report', 'course-of-action', 'vulnerability'].includes(type);
  if (sdo || type === 'marking-definition') {
    if (own(o, 'spec_version') !== '2.1') reasons.push("spec_version: must be '2.1'");
    if (!time('created')) reasons.push('created: missing or not a STIX timestamp');
  }
  if (sdo && !time('modified')) reasons.push('modified: missing or not a STIX timestamp');
  if (type === 'indicator') {
    if (!str('pattern')) reasons.push('pattern: missing');
    if (!str('pattern_type')) reasons.push('pattern_type: missing');
    if (!time('valid_from')) reasons.push('valid_from: missing or not a STIX timestamp');
  }
  if (type === 'report') {
    if (!str('name')) reasons.push('name: missing');
    if (!time('published')) reasons.push('published: missing or not a STIX timestamp');
    const refs = own(o, 'object_refs');
    if (!Array.isArray(refs) || refs.length === 0 || refs.some((r) => typeof r !== 'string' || !ID.test(r)))
      reasons.push('object_refs: missing, empty, or not a list of STIX ids');
  }
  if ((type === 'course-of-action' || type === 'vulnerability') && !str('name'))
    reasons.push('name: missing');
  for (const k of ['description', 'name'])
    if (own(o, k) !== undefined && typeof own(o, k) !== 'string') reasons.push(`${k}: not a string`);
  const marks = own(o, 'object_marking_refs');
  if (marks !== undefined && (!Array.isArray(marks) || marks.some((m) => typeof m !== 'string')))
    reasons.push('object_marking_refs: not a list of ids');
  return reasons;
}

/** The bundle's objects, each checked; a bundle with any offender is refused, naming all of them. */
function checkedObjects(bundle: unknown, maxObjects: number): { id: string; objects: StixObject[] } {
  const refuse = (reason: string) => importErrors.invalid('stix', [{ index: null, id: null, reason }]);
  if (!isRecord(bundle)) throw refuse('The body is not a JSON object.');
  if (own(bundle, 'type') !== 'bundle') throw refuse("type: a STIX bundle has type 'bundle'");
  const id = own(bundle, 'id');
  if (typeof id !== 'string' || ID.exec(id)?.[1] !== 'bundle')
    throw refuse('id: missing or not of the form bundle--<UUID>');
  const version = own(bundle, 'spec_version');
  if (version !== undefined)
    throw refuse(
      `spec_version: a STIX 2.1 bundle has none (this looks like STIX ${String(version).slice(0, 10)})`,
    );
  const list = own(bundle, 'objects') ?? [];
  if (!Array.isArray(list)) throw refuse('objects: not a list');
  if (list.length > maxObjects) throw importErrors.tooLarge('stix', 'objects', maxObjects);
  const offenders: Offender[] = [];
  list.forEach((o, index) => {
    if (!isRecord(o)) {
      offenders.push({ index, id: null, reason: 'not a JSON object' });
      return;
    }
    const reasons = offencesOf(o);
    if (reasons.length > 0) {
      const oid = own(o, 'id');
      offenders.push({
        index,
        id: typeof oid === 'string' ? clip(oid, 300) : null,
        reason: reasons.join('; '),
      });
    }
  });
  if (offenders.length > 0) throw importErrors.invalid('stix', offenders);
  return { id, objects: list as StixObject[] };
}

/** Of several versions of one object (same id), the latest; a revoked latest version removes the object. */
function latestVersions(objects: StixObject[]): { live: StixObject[]; revoked: string[] } {
  const byId = new Map<string, StixObject>();
  for (const o of objects) {
    const held = byId.get(o.id);
    const modified = String(own(o, 'modified') ?? own(o, 'created') ?? '');
    if (!held || modified > String(own(held, 'modified') ?? own(held, 'created') ?? '')) byId.set(o.id, o);
  }
  const live: StixObject[] = [];
  const revoked: string[] = [];
  for (const o of byId.values()) {
    if (own(o, 'revoked') === true) revoked.push(o.id);
    else live.push(o);
  }
  return { live, revoked };
}

/** The text of a course of action: its description, led by its name unless the description begins with it. */
function mitigationText(o: StixObject): string {
  const name = String(own(o, 'name') ?? '').trim();
  const description =
    typeof own(o, 'description') === 'string' ? (own(o, 'description') as string).trim() : '';
  if (!description) return name;
  const stem = name.endsWith('…') ? name.slice(0, -1) : name;
  return description.startsWith(stem) ? description : `${name}\n\n${description}`;
}

function readIndicator(o: StixObject, into: ReadingBuilder): void {
  if (own(o, 'pattern_type') !== 'stix') {
    into.skip(
      o.id,
      'imports.unsupported_pattern_type',
      `pattern_type '${clip(String(own(o, 'pattern_type')))}' is not read (only 'stix')`,
    );
    return;
  }
  const reading = readPattern(own(o, 'pattern') as string);
  if (!reading.ok) {
    into.skip(o.id, reading.code, reading.reason);
    return;
  }
  const description =
    typeof own(o, 'description') === 'string' ? (own(o, 'description') as string) : undefined;
  const one = reading.comparisons.length === 1;
  for (const c of reading.comparisons) {
    const kind = kindOfPath(c.path, c.value);
    if (kind === null)
      into.skip(
        o.id,
        'imports.unsupported_path',
        `the object path ${clip(c.path)} is not one of our kinds of indicator`,
      );
    else into.indicator(o.id, kind, c.value, one ? description : undefined);
  }
}

function readObservable(o: StixObject, into: ReadingBuilder): void {
  if (o.type === 'file') {
    const hashes = own(o, 'hashes');
    if (isRecord(hashes))
      for (const [algorithm, value] of Object.entries(hashes)) {
        const kind = kindOfPath(`file:hashes.'${algorithm}'`, '');
        if (kind && typeof value === 'string') into.indicator(o.id, kind, value);
        else
          into.skip(
            o.id,
            'imports.unsupported_path',
            `the hash ${clip(algorithm)} is not one of MD5, SHA-1, SHA-256, SHA-512`,
          );
      }
    const name = own(o, 'name');
    if (typeof name === 'string') into.indicator(o.id, 'filename', name);
    return;
  }
  const value = own(o, 'value');
  const kind = OBSERVABLE_KINDS[o.type as keyof typeof OBSERVABLE_KINDS];
  if (typeof value !== 'string') into.skip(o.id, 'imports.invalid_value', 'value: missing or not a string');
  else
    into.indicator(o.id, value.includes('/') && (kind === 'ipv4' || kind === 'ipv6') ? 'cidr' : kind, value);
}

function readVulnerability(o: StixObject, into: ReadingBuilder): void {
  const refs = own(o, 'external_references');
  const cve = Array.isArray(refs)
    ? refs.find(
        (r) => isRecord(r) && own(r, 'source_name') === 'cve' && typeof own(r, 'external_id') === 'string',
      )
    : undefined;
  const id = cve ? (own(cve as Record<string, unknown>, 'external_id') as string) : String(own(o, 'name'));
  const description =
    typeof own(o, 'description') === 'string' ? (own(o, 'description') as string) : undefined;
  if (/^CVE-/i.test(id.trim())) into.indicator(o.id, 'cve', id, description);
  else into.skip(o.id, 'imports.not_read', 'a vulnerability without a CVE id');
}

function readMarkings(o: StixObject, markings: Map<string, StixObject>, into: ReadingBuilder): void {
  const refs = own(o, 'object_marking_refs');
  if (!Array.isArray(refs)) return;
  for (const ref of refs as string[]) {
    const known = TLP_BY_MARKING[ref];
    if (known) {
      into.marking(known);
      continue;
    }
    const m = markings.get(ref);
    if (!m) continue;
    const definition = own(m, 'definition');
    const named =
      (own(m, 'definition_type') === 'tlp' && isRecord(definition)
        ? tlpNamed(own(definition, 'tlp'))
        : null) ?? tlpNamed(own(m, 'name'));
    if (named) into.marking(named);
  }
}

const READ_TYPES = new Set([
  'indicator',
  'report',
  'course-of-action',
  'vulnerability',
  'file',
  'marking-definition',
  'identity',
  ...Object.keys(OBSERVABLE_KINDS),
]);

/**
 * A STIX 2.1 bundle read for import, or a 422 naming every object that breaks STIX. A bundle holds at most
 * STIX_OBJECTS_MAX objects unless the caller allows more (the bulk import of a report's indicators).
 */
export function readStixBundle(
  bundle: unknown,
  options: { maxObjects?: number } = {},
): Reading & { sourceId: string } {
  const { id, objects } = checkedObjects(bundle, options.maxObjects ?? STIX_OBJECTS_MAX);
  const { live, revoked } = latestVersions(objects);
  const into = new ReadingBuilder();
  for (const r of revoked) into.skip(r, 'imports.revoked', 'revoked by its producer');
  const markings = new Map(live.filter((o) => o.type === 'marking-definition').map((o) => [o.id, o]));
  const reports = live.filter((o) => o.type === 'report');
  const mitigations: string[] = [];
  // A bundle's objects come in no order; the report's object_refs give the producer's (mitigations are a list).
  const refs = reports[0] ? own(reports[0], 'object_refs') : undefined;
  const place = new Map<string, number>();
  if (Array.isArray(refs))
    refs.forEach((ref, i) => {
      if (typeof ref === 'string' && !place.has(ref)) place.set(ref, i);
    });
  const unplaced = Number.MAX_SAFE_INTEGER;
  const ordered = [...live].sort((a, b) => (place.get(a.id) ?? unplaced) - (place.get(b.id) ?? unplaced));
  for (const o of ordered) {
    if (o.type === 'indicator') readIndicator(o, into);
    else if (o.type === 'course-of-action') mitigations.push(mitigationText(o));
    else if (o.type === 'vulnerability') readVulnerability(o, into);
    else if (o.type === 'file' || o.type in OBSERVABLE_KINDS) readObservable(o, into);
    else if (!READ_TYPES.has(o.type))
      into.skip(o.id, 'imports.not_read', `objects of type ${o.type} are not imported`);
    if (o.type !== 'marking-definition') readMarkings(o, markings, into);
  }
  for (const extra of reports.slice(1))
    into.skip(extra.id, 'imports.not_read', 'only the first report gives the title and body');
  const report = reports[0];
  const description = report ? own(report, 'description') : undefined;
  return {
    sourceId: id,
    title: report ? (own(report, 'name') as string) : null,
    body: typeof description === 'string' ? description : null,
    indicators: into.indicators,
    mitigations,
    tlp: into.strictestTlp(),
    notImported: into.notImported,
  };
}
