import type { Actor } from '../../platform/access/roles.js';
import type { Unit } from '../../platform/db/transaction.js';
import { indicatorsReads, type ReceivedCursor } from '../indicators/indicators.reads.js';
import { receivedIndicatorId } from '../indicators/indicators.record.js';
import { INDICATOR_TYPES, type IndicatorType } from '../indicators/indicators.types.js';
import { shareTypeOf } from '../sharing/sharing.kinds.js';
import { HASH_PATHS, indicatorPattern, stixString, TLP_MARKING_IDS } from '../sharing/sharing.stix.js';
import type { Tlp } from '../sharing/sharing.terms.js';

// The center's "indicators received" collection (issue 14, read-only): the indicators on the reports delivered
// to the center, as STIX 2.1 indicators. What the center receives is the visibility module's decision
// (indicatorsReceivedBy: the incidents it reads, real ones, not TLP:RED — a feed goes to tools, TLP:RED to named
// people). Each (incident, type, value) is one indicator with one version (a report's indicators never change
// once filed): its id is a UUIDv5 of those, its `created`/`modified` the first report that named it, its
// date_added when the center could first read it. User agents and free observables are indicators of the
// patterns shares export them with (sharing.stix.values); CVE ids are not in the collection: a CVE id is no
// pattern but a vulnerability, which this collection of indicators does not hold.

/** The collection's id: the same on every server, for the center only. */
export const INDICATORS_RECEIVED = '3f0e9a86-1c7b-4f0e-8b3d-5a2c6e9d7f14';

/** The kinds that become STIX indicators: every kind a share carries as one (a CVE id is a vulnerability). */
const PATTERNED: readonly IndicatorType[] = INDICATOR_TYPES.filter((t) => t !== 'cve');

/** The STIX pattern of a stored (canonical) indicator of a patterned kind, as a share exports the same value. */
export function receivedPattern(type: IndicatorType, value: string): string {
  if (!PATTERNED.includes(type)) throw new RangeError(`No STIX pattern for ${type}`);
  return plainPattern(type, value) ?? indicatorPattern({ type: shareTypeOf(type, value), value });
}

// Values already in the one form indicatorPattern would make of them, recognised by their text: a page of 1,000
// objects spent ~3 ms of the server's CPU making each value canonical again (ipaddr.js, domainToASCII) only to
// get it back unchanged. Anything else (URLs, IPv6, Unicode, a label in punycode, an underscore, an odd local
// part, a value stored before a rule changed) takes indicatorPattern's way; test/unit/taxii-received-pattern
// compares both on random stored and non-canonical values.
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const PLAIN_IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const PLAIN_CIDR = new RegExp(`^(${OCTET}(?:\\.${OCTET}){3})/(3[01]|[12]?[0-9])$`);
const PLAIN_LABEL = '(?!xn--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const PLAIN_HOST = new RegExp(`^(?:${PLAIN_LABEL}\\.)+(?!xn--)[a-z]{2,63}$`);
// Without ' (escaped in a pattern) and { } (refang reads {.} and {at}).
const PLAIN_LOCAL = /^[A-Za-z0-9!#$%&*+/=?^_`|~-]+(?:\.[A-Za-z0-9!#$%&*+/=?^_`|~-]+)*$/;
const PLAIN_HASH: Partial<Record<IndicatorType, RegExp>> = {
  md5: /^[0-9a-f]{32}$/,
  sha1: /^[0-9a-f]{40}$/,
  sha256: /^[0-9a-f]{64}$/,
  sha512: /^[0-9a-f]{128}$/,
};
const plainHost = (host: string) => host.length <= 253 && PLAIN_HOST.test(host);

/** An IPv4 network whose bits after the prefix are all zero (as a stored CIDR is). */
function networkOnly(address: string, prefix: number): boolean {
  const n = address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  return n % 2 ** (32 - prefix) === 0;
}

/** The pattern of a value that is plainly in its stored form, or undefined (then indicatorPattern's way). Exported for its test. */
export function plainPattern(type: IndicatorType, value: string): string | undefined {
  switch (type) {
    case 'ipv4':
      return PLAIN_IPV4.test(value) ? `[ipv4-addr:value = '${value}']` : undefined;
    case 'cidr': {
      const m = PLAIN_CIDR.exec(value);
      return m && networkOnly(m[1] as string, Number(m[2])) ? `[ipv4-addr:value = '${value}']` : undefined;
    }
    case 'domain':
      return plainHost(value) ? `[domain-name:value = '${value}']` : undefined;
    case 'email': {
      const at = value.lastIndexOf('@');
      const local = value.slice(0, at);
      return at > 0 && local.length <= 64 && PLAIN_LOCAL.test(local) && plainHost(value.slice(at + 1))
        ? `[email-addr:value = ${stixString(value)}]`
        : undefined;
    }
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
      return PLAIN_HASH[type]?.test(value) ? `[${HASH_PATHS[type]} = '${value}']` : undefined;
    default:
      return undefined;
  }
}

/** The stable id of the indicator standing for this value on this incident (stored with it). */
export const receivedId = receivedIndicatorId;

type Received = Awaited<ReturnType<typeof indicatorsReads.receivedBy>>[number];

function receivedObject(r: Received) {
  const created = new Date(r.createdAt).toISOString();
  return {
    type: 'indicator' as const,
    spec_version: '2.1' as const,
    id: r.stixId ?? receivedId(r.incidentId, r.type, r.value),
    created,
    modified: created,
    name: `${r.type}: ${r.value}`.slice(0, 250),
    indicator_types: ['malicious-activity'],
    pattern: receivedPattern(r.type, r.value),
    pattern_type: 'stix' as const,
    valid_from: created,
    object_marking_refs: [TLP_MARKING_IDS[r.tlp as Tlp] ?? TLP_MARKING_IDS['TLP:AMBER']],
    /** The incident it was reported on, for the center's own tools to link back (its id in Renraku). */
    x_renraku_incident_id: r.incidentId,
  };
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const encodeReceivedCursor = (c: ReceivedCursor): string =>
  Buffer.from(JSON.stringify(['r', c.dateAdded, c.incidentId, c.reportSeq, c.position])).toString(
    'base64url',
  );

/** The position a `next` names, or null when it is not one this collection gave. */
export function decodeReceivedCursor(token: string): ReceivedCursor | null {
  try {
    const parts: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Array.isArray(parts) || parts.length !== 5 || parts[0] !== 'r') return null;
    const [, dateAdded, incidentId, reportSeq, position] = parts as unknown[];
    if (typeof dateAdded !== 'string' || !TIME.test(dateAdded)) return null;
    if (typeof incidentId !== 'string' || !UUID.test(incidentId)) return null;
    if (!Number.isSafeInteger(reportSeq) || !Number.isSafeInteger(position)) return null;
    return { dateAdded, incidentId, reportSeq: reportSeq as number, position: position as number };
  } catch {
    return null;
  }
}

/** What the routes ask of the collection (already checked: TAXII filters parsed). */
export interface ReceivedFilter {
  addedAfter?: string;
  after?: ReceivedCursor;
  ids?: readonly string[];
  types?: readonly string[];
  /** last / first / all, or `modified` times (ISO): each object has one version. */
  versions: readonly string[];
}

/**
 * One page of the collection: `limit` objects in date_added order and whether more follow. Ids and types are
 * filtered in SQL (both indexed); a `match[version]` of timestamps is checked here, reading on while it leaves
 * rows out.
 */
export async function receivedPage(unit: Unit, actor: Actor, filter: ReceivedFilter, limit: number) {
  const types = filter.types === undefined || filter.types.includes('indicator') ? PATTERNED : [];
  const batch = limit + 1;
  const out: { object: ReturnType<typeof receivedObject>; dateAdded: string; cursor: ReceivedCursor }[] = [];
  let after = filter.after;
  let more = false;
  const versionMatches = (modified: string) =>
    filter.versions.some((v) => v === 'last' || v === 'first' || v === 'all' || v === modified);
  scan: for (;;) {
    if (filter.ids?.length === 0) break;
    const rows = await indicatorsReads.receivedBy(unit.tx, unit.dialect, actor.orgId, {
      types,
      ...(filter.ids ? { ids: filter.ids } : {}),
      ...(filter.addedAfter ? { addedAfter: filter.addedAfter } : {}),
      ...(after ? { after } : {}),
      limit: batch,
    });
    for (const r of rows) {
      after = {
        dateAdded: r.dateAdded,
        incidentId: r.incidentId,
        reportSeq: r.reportSeq,
        position: r.position,
      };
      const object = receivedObject(r);
      if (!versionMatches(object.modified)) continue;
      if (out.length === limit) {
        more = true;
        break scan;
      }
      out.push({ object, dateAdded: r.dateAdded, cursor: after });
    }
    if (rows.length < batch) break;
  }
  const last = out[out.length - 1];
  return {
    versions: out.map((o) => ({
      object: o.object,
      objectId: o.object.id,
      modified: o.object.modified,
      dateAdded: o.dateAdded,
    })),
    more,
    ...(more && last ? { next: encodeReceivedCursor(last.cursor) } : {}),
    dateAddedFirst: out[0]?.dateAdded,
    dateAddedLast: last?.dateAdded,
  };
}
