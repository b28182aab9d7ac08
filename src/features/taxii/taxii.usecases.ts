import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Unit } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import type { SharingDeps } from '../sharing/sharing.deps.js';
import { stixPage } from '../sharing/sharing.export.js';
import { decodeCursor, encodeCursor } from '../sharing/sharing.stix.cursor.js';
import { hasInbox, inboxIdOf } from './taxii.inbox.js';
import { decodeReceivedCursor, INDICATORS_RECEIVED, receivedPage } from './taxii.received.js';

// The TAXII 2.1 view of what a caller may read: one collection, "shares for me", whose objects are the STIX
// versions of the shares the caller sees (the visibility module decides, TLP included, through sharing's export).

/** The collection every caller has: the same id for all, each seeing its own shares in it. */
export const SHARES_FOR_ME = '6a1f7c52-4d0b-4a8e-9a53-2f1c0b7e9d41';
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';
/** The largest page served, whatever the client asks. */
export const PAGE_MAX = 1000;

export const taxiiErrors = {
  collectionNotFound: () => new AppError(404, 'taxii.collection_not_found', 'No such collection.'),
  objectNotFound: () => new AppError(404, 'taxii.object_not_found', 'No such object in this collection.'),
  notAcceptable: () =>
    new AppError(406, 'taxii.not_acceptable', 'This server answers application/taxii+json;version=2.1 only.'),
  badFilter: (why: string) => new AppError(400, 'taxii.invalid_filter', why),
  notReadable: () =>
    new AppError(403, 'taxii.collection_not_readable', 'This collection takes objects; it has none to read.'),
  notWritable: () =>
    new AppError(403, 'taxii.collection_not_writable', 'This collection is read-only; it takes no objects.'),
};

/** Whether the caller has the center's "indicators received": the center's people who read incidents. */
const receivesIndicators = (actor: Actor) => actor.orgKind === 'center' && can.readIncidents(actor);

/** The collections a caller sees. */
export const collectionsFor = (actor: Actor) => [
  {
    id: SHARES_FOR_ME,
    title: 'Shares for me',
    description: 'The published shares and advisories my body (or I, for TLP:RED) receive, as STIX 2.1',
    can_read: true,
    can_write: false,
    media_types: [STIX_MEDIA_TYPE],
  },
  ...(receivesIndicators(actor)
    ? [
        {
          id: INDICATORS_RECEIVED,
          title: 'Indicators received',
          description:
            'The indicators on the reports delivered to the center (real incidents, not TLP:RED), as STIX 2.1; read-only',
          can_read: true,
          can_write: false,
          media_types: [STIX_MEDIA_TYPE],
        },
      ]
    : []),
  ...(hasInbox(actor)
    ? [
        {
          id: inboxIdOf(actor.orgId),
          title: '報告の受付 / Inbox to the center',
          description:
            'STIX 2.1 objects my body sends: their indicators are added to the incident each names (x_renraku_incident, or a report with an external reference of source_name "renraku" and the incident number), as an update of that incident; write-only',
          can_read: false,
          can_write: true,
          media_types: [STIX_MEDIA_TYPE],
        },
      ]
    : []),
];

/** The collection with this id, or a 404 like any other id the caller may not see. */
export function collectionOf(actor: Actor, id: string) {
  const found = collectionsFor(actor).find((c) => c.id === id);
  if (!found) throw taxiiErrors.collectionNotFound();
  return found;
}

export interface TaxiiQuery {
  added_after?: string;
  limit?: number;
  next?: string;
  'match[id]'?: string;
  'match[type]'?: string;
  'match[version]'?: string;
  'match[spec_version]'?: string;
}

type VersionFilter = Parameters<typeof stixPage>[0]['filter'];

const listOf = (text: string | undefined) =>
  text === undefined
    ? undefined
    : text
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');

const VERSION = /^(?:last|first|all|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)$/;

function filterOf(query: TaxiiQuery, objectId?: string, allVersions = false): VersionFilter {
  const versions = allVersions ? ['all'] : (listOf(query['match[version]']) ?? ['last']);
  if (!versions.every((v) => VERSION.test(v)))
    throw taxiiErrors.badFilter('match[version] is last, first, all or timestamps.');
  const specs = listOf(query['match[spec_version]']);
  const ids = objectId ? [objectId] : listOf(query['match[id]']);
  const types = listOf(query['match[type]']);
  return {
    ...(query.added_after ? { addedAfter: new Date(query.added_after).toISOString() } : {}),
    ...(query.next ? { after: decodeCursor(query.next) } : {}),
    ...(ids ? { ids } : {}),
    ...(types ? { types } : {}),
    // No object is of another spec_version than 2.1: asking only for others matches nothing.
    ...(specs && !specs.includes('2.1') ? { ids: [] } : {}),
    versions: versions.map((v) => (VERSION.test(v) && v.includes('T') ? new Date(v).toISOString() : v)),
  };
}

/** One page of the collection's object versions, with what the envelope and headers say of it. */
export async function collectionPage(args: {
  unit: Unit;
  actor: Actor;
  collection: string;
  query: TaxiiQuery;
  objectId?: string;
  allVersions?: boolean;
  deps: SharingDeps;
}) {
  const collection = collectionOf(args.actor, args.collection);
  if (!collection.can_read) throw taxiiErrors.notReadable();
  const limit = Math.min(args.query.limit ?? PAGE_MAX, PAGE_MAX);
  if (args.collection === INDICATORS_RECEIVED) return receivedOf(args, limit);
  const page = await stixPage({
    unit: args.unit,
    actor: args.actor,
    filter: filterOf(args.query, args.objectId, args.allVersions),
    limit,
    deps: args.deps,
  });
  const first = page.versions[0];
  const last = page.versions[page.versions.length - 1];
  return {
    versions: page.versions,
    more: page.next !== null,
    ...(page.next ? { next: encodeCursor(page.next) } : {}),
    dateAddedFirst: first?.dateAdded,
    dateAddedLast: last?.dateAdded,
  };
}

/** A page of the center's "indicators received", with the same filters as the shares' collection. */
function receivedOf(args: Parameters<typeof collectionPage>[0], limit: number) {
  const { query } = args;
  const filter = filterOf({ ...query, next: undefined }, args.objectId, args.allVersions);
  const after = query.next === undefined ? undefined : decodeReceivedCursor(query.next);
  if (after === null) throw taxiiErrors.badFilter('next is not one this collection gave.');
  return receivedPage(
    args.unit,
    args.actor,
    {
      ...(filter.addedAfter ? { addedAfter: filter.addedAfter } : {}),
      ...(after ? { after } : {}),
      ...(filter.ids ? { ids: filter.ids } : {}),
      ...(filter.types ? { types: filter.types } : {}),
      versions: filter.versions ?? ['last'],
    },
    limit,
  );
}
