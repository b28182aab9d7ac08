import type { Actor } from '../../platform/access/roles.js';
import type { Unit } from '../../platform/db/transaction.js';
import { indicatorsReads, type ReceivedCursor } from '../indicators/indicators.reads.js';
import { receivedIndicatorId } from '../indicators/indicators.record.js';
import { INDICATOR_TYPES, type IndicatorType } from '../indicators/indicators.types.js';
import { shareTypeOf } from '../sharing/sharing.kinds.js';
import { indicatorPattern, TLP_MARKING_IDS } from '../sharing/sharing.stix.js';
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
  return indicatorPattern({ type: shareTypeOf(type, value), value });
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
    const rows = await indicatorsReads.receivedBy(unit.tx, actor.orgId, {
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
