import type { Actor } from '../../platform/access/roles.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { uuidV5 } from '../../platform/ids.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import type { SharingDeps } from './sharing.deps.js';
import { shareErrors } from './sharing.errors.js';
import { sharesRepository } from './sharing.repository.js';
import {
  STIX_ID_NAMESPACE,
  type StixBundle,
  type StixIdentity,
  type StixObject,
  TLP_MARKING_IDS,
  tlpMarkingDefinition,
  withIncidentNumbers,
} from './sharing.stix.js';
import { stixVersionsRepository, type VersionCursor, type VersionFilter } from './sharing.stix.repository.js';
import { centerAuthor, syncStixVersions } from './sharing.stix.sync.js';
import { TLPS } from './sharing.terms.js';
import { viewOf } from './sharing.visibility.js';

/** Per share, the numbers of its source incidents that the actor's body reads: a recipient learns no other. */
async function readableSourceNumbers(unit: Unit, actor: Actor, shareIds: string[], prefix: string) {
  const sources = await sharesRepository.sources(unit.tx, shareIds);
  const readable = await incidentsReads.readableByIds(
    unit.tx,
    actor.orgId,
    sources.map((x) => x.id),
  );
  const byId = new Map(readable.map((r) => [r.id, `${prefix}${r.number}`]));
  const numbers = new Map<string, string[]>();
  for (const x of sources) {
    const n = byId.get(x.id);
    if (n) numbers.set(x.share_id, [...(numbers.get(x.share_id) ?? []), n]);
  }
  return numbers;
}

const MARKINGS = new Map(TLPS.map((t) => [TLP_MARKING_IDS[t], t]));

/** A page of the STIX object versions the actor may see, after bringing them up to date; audited. */
export async function stixPage(args: {
  unit: Unit;
  actor: Actor;
  filter: VersionFilter;
  limit?: number;
  deps: SharingDeps;
}) {
  const { unit, actor, filter, limit, deps } = args;
  const now = deps.clock.now().toISOString();
  const author = await centerAuthor(unit);
  await syncStixVersions(unit, author, now);
  const rows = await stixVersionsRepository.page(unit.tx, actor, filter, limit);
  const more = limit !== undefined && rows.length > limit;
  const versions = more ? rows.slice(0, limit) : rows;
  const shareIds = [...new Set(versions.map((v) => v.shareId))];
  const numbers = await readableSourceNumbers(unit, actor, shareIds, deps.incidentNumberPrefix);
  await deps.audit.append(
    unit,
    audited(actor, 'share.export', 'share', null, { format: 'stix-2.1', ids: shareIds }),
    deps.clock.now(),
  );
  const last = versions[versions.length - 1];
  return {
    author,
    versions: versions.map((v) => ({ ...v, object: withIncidentNumbers(v.object, numbers.get(v.shareId)) })),
    next:
      more && last ? { dateAdded: last.dateAdded, objectId: last.objectId, modified: last.modified } : null,
  };
}

/** A bundle of these objects, with their author and the marking-definitions they refer to. */
export function stixBundle(author: StixIdentity, objects: StixObject[]): StixBundle {
  const used = new Set(
    objects
      .flatMap((o) => ('object_marking_refs' in o ? o.object_marking_refs : []))
      .map((m) => MARKINGS.get(m)),
  );
  const all: StixObject[] = [
    author,
    ...TLPS.filter((t) => used.has(t)).map(tlpMarkingDefinition),
    ...objects,
  ];
  return { type: 'bundle', id: `bundle--${uuidV5(JSON.stringify(all), STIX_ID_NAMESPACE)}`, objects: all };
}

/**
 * The shares the actor may see, as one STIX bundle of the newest version of each of their objects (revoked
 * ones included: a withdrawn share or a removed indicator is said so, not dropped), added after `addedAfter`;
 * with `limit`, one page and where the next one starts.
 */
export async function exportPublished(args: {
  unit: Unit;
  actor: Actor;
  addedAfter?: string;
  limit?: number;
  after?: VersionCursor;
  deps: SharingDeps;
}) {
  const { addedAfter, after } = args;
  const page = await stixPage({
    ...args,
    filter: { ...(addedAfter ? { addedAfter } : {}), ...(after ? { after } : {}) },
  });
  return {
    bundle: stixBundle(
      page.author,
      page.versions.map((v) => v.object),
    ),
    next: page.next,
  };
}

/** One published share the actor may see, as a STIX bundle; any other is not found. */
export async function exportOne(args: { unit: Unit; actor: Actor; id: string; deps: SharingDeps }) {
  const { unit, actor } = args;
  const share = await sharesRepository.byId(unit.tx, args.id);
  const view = await viewOf(unit.tx, actor, share);
  if (!share || !view || view === 'retracted' || share.status !== 'published') throw shareErrors.notFound();
  const page = await stixPage({ ...args, filter: { shareIds: [share.id] } });
  return stixBundle(
    page.author,
    page.versions.map((v) => v.object),
  );
}
