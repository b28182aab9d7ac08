// A MISP event (core format) read for import: the event and each attribute checked against what the format
// requires (an invalid one refuses the whole event, naming every offender), then read into a Reading —
// attributes of the types we know as indicators (composite `filename|sha256` as both), the TLP tags of the event
// and its attributes, `info` as the title, the first event report as the body and reports named "Mitigation n"
// (as our export writes them) as mitigations. Deleted attributes are left out. Pure.

import type { IndicatorType as ReportKind } from '../indicators/indicators.types.js';
import {
  clip,
  importErrors,
  isRecord,
  type Offender,
  own,
  type Reading,
  ReadingBuilder,
} from './sharing.import.reading.js';
import { MITIGATION_REPORT, tlpOfTag } from './sharing.misp.js';

/** The most attributes an event may hold (in itself and its objects). */
export const MISP_ATTRIBUTES_MAX = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Our kind of each MISP attribute type read; `address` is IPv4, IPv6 or a CIDR by its value. */
const KIND_OF_TYPE: Record<string, ReportKind | 'address'> = {
  'ip-dst': 'address',
  'ip-src': 'address',
  domain: 'domain',
  hostname: 'domain',
  url: 'url',
  email: 'email',
  'email-src': 'email',
  'email-dst': 'email',
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha512: 'sha512',
  filename: 'filename',
  vulnerability: 'cve',
  AS: 'asn',
  'user-agent': 'user-agent',
  text: 'other',
  other: 'other',
};
const kindOfValue = (kind: ReportKind | 'address', value: string): ReportKind =>
  kind !== 'address' ? kind : value.includes('/') ? 'cidr' : value.includes(':') ? 'ipv6' : 'ipv4';

interface Attribute {
  index: number;
  uuid: string;
  type: string;
  value: string;
  comment: string | undefined;
  deleted: boolean;
  tags: string[];
}

const tagNames = (tags: unknown): string[] =>
  Array.isArray(tags)
    ? tags.flatMap((t) =>
        isRecord(t) && typeof own(t, 'name') === 'string' ? [own(t, 'name') as string] : [],
      )
    : [];

/** The offences of one attribute against the format (none if it is valid). */
function attributeOffences(a: Record<string, unknown>): string[] {
  const reasons: string[] = [];
  if (typeof own(a, 'type') !== 'string' || (own(a, 'type') as string) === '') reasons.push('type: missing');
  const value = own(a, 'value');
  if (typeof value !== 'string' && typeof value !== 'number') reasons.push('value: missing or not a string');
  const uuid = own(a, 'uuid');
  if (uuid !== undefined && (typeof uuid !== 'string' || !UUID.test(uuid))) reasons.push('uuid: not a UUID');
  for (const k of ['category', 'comment'])
    if (own(a, k) !== undefined && own(a, k) !== null && typeof own(a, k) !== 'string')
      reasons.push(`${k}: not a string`);
  const tags = own(a, 'Tag');
  if (tags !== undefined && !Array.isArray(tags)) reasons.push('Tag: not a list');
  return reasons;
}

/** The event and its attributes (its own, then those of its objects), each checked; any offender refuses it. */
function checkedEvent(file: unknown): {
  event: Record<string, unknown>;
  uuid: string;
  attributes: Attribute[];
} {
  const refuse = (reason: string) => importErrors.invalid('misp', [{ index: null, id: null, reason }]);
  if (!isRecord(file)) throw refuse('The body is not a JSON object.');
  const wrapped = own(file, 'Event');
  const event = wrapped === undefined ? file : wrapped;
  if (!isRecord(event)) throw refuse('Event: not an object');
  const uuid = own(event, 'uuid');
  if (typeof uuid !== 'string' || !UUID.test(uuid)) throw refuse('Event.uuid: missing or not a UUID');
  if (typeof own(event, 'info') !== 'string') throw refuse('Event.info: missing or not a string');
  const lists: unknown[] = [own(event, 'Attribute') ?? []];
  const objects = own(event, 'Object') ?? [];
  if (!Array.isArray(objects)) throw refuse('Event.Object: not a list');
  for (const o of objects) if (isRecord(o)) lists.push(own(o, 'Attribute') ?? []);
  if (lists.some((l) => !Array.isArray(l))) throw refuse('Attribute: not a list');
  const all = (lists as unknown[][]).flat();
  if (all.length > MISP_ATTRIBUTES_MAX)
    throw importErrors.tooLarge('misp', 'attributes', MISP_ATTRIBUTES_MAX);
  const offenders: Offender[] = [];
  const attributes: Attribute[] = [];
  all.forEach((a, index) => {
    if (!isRecord(a)) {
      offenders.push({ index, id: null, reason: 'not a JSON object' });
      return;
    }
    const reasons = attributeOffences(a);
    const id = typeof own(a, 'uuid') === 'string' ? clip(own(a, 'uuid') as string, 100) : null;
    if (reasons.length > 0) {
      offenders.push({ index, id, reason: reasons.join('; ') });
      return;
    }
    const comment = own(a, 'comment');
    attributes.push({
      index,
      uuid: id ?? `Attribute[${index}]`,
      type: own(a, 'type') as string,
      value: String(own(a, 'value')),
      comment: typeof comment === 'string' && comment.trim() !== '' ? comment : undefined,
      deleted: own(a, 'deleted') === true || own(a, 'deleted') === '1',
      tags: tagNames(own(a, 'Tag')),
    });
  });
  if (offenders.length > 0) throw importErrors.invalid('misp', offenders);
  return { event, uuid: uuid.toLowerCase(), attributes };
}

function readAttribute(a: Attribute, into: ReadingBuilder): void {
  if (a.deleted) {
    into.skip(a.uuid, 'imports.deleted', 'deleted in MISP');
    return;
  }
  // A composite type (filename|sha256) holds one value per part, split at the first '|'.
  const types = a.type.split('|');
  const at = a.value.indexOf('|');
  const values = types.length === 2 && at >= 0 ? [a.value.slice(0, at), a.value.slice(at + 1)] : [a.value];
  if (types.length !== values.length || types.length > 2 || (types.length === 2 && types[0] !== 'filename')) {
    into.skip(
      a.uuid,
      'imports.unsupported_type',
      `the attribute type ${clip(a.type)} is not one of our kinds of indicator`,
    );
    return;
  }
  types.forEach((type, n) => {
    const kind = KIND_OF_TYPE[type];
    const value = values[n] as string;
    if (kind === undefined)
      into.skip(
        a.uuid,
        'imports.unsupported_type',
        `the attribute type ${clip(type)} is not one of our kinds of indicator`,
      );
    else into.indicator(a.uuid, kindOfValue(kind, value.trim()), value, a.comment);
  });
  for (const tag of a.tags) {
    const tlp = tlpOfTag(tag);
    if (tlp) into.marking(tlp);
  }
}

/** A MISP event read for import, or a 422 naming every attribute that breaks the format. */
export function readMispEvent(file: unknown): Reading & { sourceId: string } {
  const { event, uuid, attributes } = checkedEvent(file);
  const into = new ReadingBuilder();
  for (const tag of tagNames(own(event, 'Tag'))) {
    const tlp = tlpOfTag(tag);
    if (tlp) into.marking(tlp);
  }
  for (const a of attributes) readAttribute(a, into);
  const reports = own(event, 'EventReport');
  const texts = Array.isArray(reports)
    ? reports.flatMap((r) =>
        isRecord(r) && typeof own(r, 'content') === 'string' && own(r, 'deleted') !== true
          ? [{ name: String(own(r, 'name') ?? ''), content: own(r, 'content') as string }]
          : [],
      )
    : [];
  const mitigations = texts.filter((t) => MITIGATION_REPORT.test(t.name)).map((t) => t.content);
  const body = texts.find((t) => !MITIGATION_REPORT.test(t.name))?.content ?? null;
  return {
    sourceId: uuid,
    title: own(event, 'info') as string,
    body,
    indicators: into.indicators,
    mitigations,
    tlp: into.strictestTlp(),
    notImported: into.notImported,
  };
}
