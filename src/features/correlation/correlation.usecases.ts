import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Realm } from '../../platform/access/visibility.js';
import type { AuditLog } from '../../platform/audit/audit.js';
import { audited } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import { readableIncident } from '../incidents/incidents.usecases.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { pairCursor, pairPlace, sharedCursor, sharedPlace } from './correlation.cursor.js';
import { correlationErrors } from './correlation.errors.js';
import type { MatchKind } from './correlation.keys.js';
import { correlationRepository, type LinkRow } from './correlation.repository.js';
import { SHARED_PREVIEW } from './correlation.schemas.js';

// What a viewer sees of correlations (issue 14, point 4): only matches between two incidents it reads (the
// visibility module's correlationReadableBy), so that a body never learns that another body reported the same
// value. Clusters are the connected components of the incidents so linked, computed per viewer: a ministry's
// cluster may be part of a larger one at the center. A cluster is named by its first incident (the smallest id:
// ids are time-ordered), which the viewer reads.

export interface CorrelationDeps {
  audit: AuditLog;
  clock: Clock;
}

/** An incident as a correlation shows it. */
export interface CorrelatedIncident {
  id: string;
  number: string;
  title: string;
  orgId: string;
  reportedAt: string;
}

export interface Shared {
  type: string;
  value: string;
  display: string;
  otherType: string;
  otherValue: string;
  otherDisplay: string;
  kind: MatchKind;
  foundAt: string;
}

const sharedOf = (l: LinkRow): Shared => ({
  type: l.type,
  value: l.value,
  display: l.display,
  otherType: l.other_type,
  otherValue: l.other_value,
  otherDisplay: l.other_display,
  // Written only by correlateReport, from a MatchKind.
  kind: l.kind as MatchKind,
  foundAt: l.found_at,
});

async function incidentsAndBodies(db: Executor, actor: Actor, ids: string[], realm: Realm) {
  const incidents = await incidentsReads.readableByIds(db, actor.orgId, ids, realm);
  const orgs = await orgsDirectory.byIds(db, [...new Set(incidents.map((i) => i.org_id))]);
  const byId = new Map(
    incidents.map((i) => [
      i.id,
      {
        id: i.id,
        number: i.number,
        title: i.title,
        orgId: i.org_id,
        reportedAt: i.reported_at,
      } satisfies CorrelatedIncident,
    ]),
  );
  return { byId, orgs };
}

/** A correlated incident with the first of the values it shares with the incident, and how many there are. */
export interface Correlation {
  incident: CorrelatedIncident;
  shared: Shared[];
  sharedTotal: number;
  sharedNextCursor: string | null;
}

/**
 * One page of the incidents correlated with an incident the actor reads (among those it reads too), in id
 * order, each with its first SHARED_PREVIEW shared values: an incident of a bulk import may meet thousands of
 * incidents in hundreds of thousands of values, and is never answered whole. Each page read is audited.
 */
export async function correlationsOfIncident(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  page: { limit: number; cursor?: string | undefined };
  deps: CorrelationDeps;
}) {
  const { unit, actor, deps, page } = args;
  const after = page.cursor === undefined ? null : pairPlace(page.cursor);
  const incident = await readableIncident(unit.tx, actor, args.incidentId);
  const pairs = await correlationRepository.pairsOfIncident(unit.tx, actor.orgId, incident.id, {
    after,
    limit: page.limit + 1,
  });
  const shown = pairs.slice(0, page.limit);
  const others = shown.map((p) => p.other_incident_id);
  const total =
    after === null && pairs.length <= page.limit
      ? pairs.length
      : await correlationRepository.pairCount(unit.tx, actor.orgId, incident.id);
  const { byId, orgs } = await incidentsAndBodies(unit.tx, actor, others, 'any');
  const links = await correlationRepository.sharedWith(unit.tx, incident.id, others, {
    after: null,
    limit: SHARED_PREVIEW,
  });
  await deps.audit.append(
    unit,
    audited(actor, 'incident.correlations_read', 'incident', incident.id, {
      incidents: others.length,
      ...(after === null ? {} : { page: 'later' }),
    }),
    deps.clock.now(),
  );
  const sharedByOther = new Map<string, Shared[]>();
  for (const l of links) {
    const list = sharedByOther.get(l.other_incident_id);
    if (list) list.push(sharedOf(l));
    else sharedByOther.set(l.other_incident_id, [sharedOf(l)]);
  }
  const correlations = shown.flatMap((p): Correlation[] => {
    const other = byId.get(p.other_incident_id);
    if (!other) return [];
    const shared = sharedByOther.get(p.other_incident_id) ?? [];
    const sharedTotal = Number(p.shared);
    const last = shared.at(-1);
    return [
      {
        incident: other,
        shared,
        sharedTotal,
        sharedNextCursor: last && shared.length < sharedTotal ? sharedCursor(last) : null,
      },
    ];
  });
  const last = shown.at(-1);
  return {
    incident,
    correlations,
    total,
    nextCursor: last && pairs.length > page.limit ? pairCursor(last.other_incident_id) : null,
    orgs,
  };
}

/**
 * One page of the values an incident the actor reads shares with another it reads, in key order. The other
 * incident is answered as not found alike when it does not exist, when the actor does not read it, and when
 * it shares nothing with the first: nothing tells a body of another's incident it does not read.
 */
export async function sharedWithIncident(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  otherId: string;
  page: { limit: number; cursor?: string | undefined };
  deps: CorrelationDeps;
}) {
  const { unit, actor, deps, page } = args;
  const after = page.cursor === undefined ? null : sharedPlace(page.cursor);
  const incident = await readableIncident(unit.tx, actor, args.incidentId);
  const { byId, orgs } = await incidentsAndBodies(unit.tx, actor, [args.otherId], 'any');
  const other = byId.get(args.otherId);
  const [pair] = other
    ? await correlationRepository.pairsOfIncident(unit.tx, actor.orgId, incident.id, {
        after: null,
        limit: 1,
        only: other.id,
      })
    : [];
  if (!other || !pair) throw correlationErrors.pairNotFound();
  const links = await correlationRepository.sharedWith(unit.tx, incident.id, [other.id], {
    after,
    limit: page.limit + 1,
  });
  const shared = links.slice(0, page.limit).map(sharedOf);
  await deps.audit.append(
    unit,
    audited(actor, 'incident.correlations_read', 'incident', incident.id, {
      incidents: 1,
      with: other.id,
    }),
    deps.clock.now(),
  );
  const last = shared.at(-1);
  return {
    incident,
    other,
    orgs,
    shared,
    total: Number(pair.shared),
    nextCursor: last && links.length > page.limit ? sharedCursor(last) : null,
  };
}

/** A connected component of correlated incidents, as one viewer sees it. */
export interface Cluster {
  id: string;
  incidents: CorrelatedIncident[];
  /** Each pair of incidents linked, with what they share. */
  links: { a: string; b: string; shared: Shared[] }[];
  /** The distinct values shared, each with the incidents that carry it. */
  indicators: { type: string; value: string; display: string; incidentIds: string[] }[];
  bodyIds: string[];
  firstSeenAt: string;
  lastSeenAt: string;
}

/** The connected components of the links (each pair once), named by their smallest incident id. */
function components(links: readonly LinkRow[]): Map<string, LinkRow[]> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(x, root);
    return root;
  };
  for (const l of links)
    for (const id of [l.incident_id, l.other_incident_id]) if (!parent.has(id)) parent.set(id, id);
  for (const l of links) {
    const a = find(l.incident_id);
    const b = find(l.other_incident_id);
    // The smaller id becomes the root: it names the cluster.
    if (a < b) parent.set(b, a);
    else if (b < a) parent.set(a, b);
  }
  const out = new Map<string, LinkRow[]>();
  for (const l of links) {
    const root = find(l.incident_id);
    const list = out.get(root);
    if (list) list.push(l);
    else out.set(root, [l]);
  }
  return out;
}

function clusterOf(id: string, links: LinkRow[], byId: Map<string, CorrelatedIncident>): Cluster | null {
  const ids = [...new Set(links.flatMap((l) => [l.incident_id, l.other_incident_id]))].sort();
  const incidents = ids.flatMap((i) => byId.get(i) ?? []);
  if (incidents.length < 2) return null;
  const pairs = new Map<string, Cluster['links'][number]>();
  const values = new Map<string, Cluster['indicators'][number]>();
  const carry = (type: string, value: string, display: string, incidentId: string) => {
    const key = `${type}\u0000${value}`;
    const v = values.get(key) ?? { type, value, display, incidentIds: [] };
    if (!v.incidentIds.includes(incidentId)) v.incidentIds.push(incidentId);
    values.set(key, v);
  };
  for (const l of links) {
    const key = `${l.incident_id}\u0000${l.other_incident_id}`;
    const pair = pairs.get(key) ?? { a: l.incident_id, b: l.other_incident_id, shared: [] };
    pair.shared.push(sharedOf(l));
    pairs.set(key, pair);
    carry(l.type, l.value, l.display, l.incident_id);
    carry(l.other_type, l.other_value, l.other_display, l.other_incident_id);
  }
  const times = incidents.map((i) => i.reportedAt).sort();
  return {
    id,
    incidents: incidents.sort((a, b) => a.reportedAt.localeCompare(b.reportedAt) || a.id.localeCompare(b.id)),
    links: [...pairs.values()],
    indicators: [...values.values()].sort(
      (a, b) => b.incidentIds.length - a.incidentIds.length || a.value.localeCompare(b.value),
    ),
    bodyIds: [...new Set(incidents.map((i) => i.orgId))].sort(),
    firstSeenAt: times[0] as string,
    lastSeenAt: times[times.length - 1] as string,
  };
}

/** Every cluster of the realm among the incidents the actor reads, the most recently seen first. */
export async function clustersOf(
  db: Executor,
  actor: Actor,
  realm: Realm,
): Promise<{ clusters: Cluster[]; orgs: Map<string, OrgRow> }> {
  if (!can.readCorrelations(actor)) throw commonErrors.forbidden('Your role reads no incidents.');
  const links = await correlationRepository.readable(db, actor.orgId, realm);
  const ids = [...new Set(links.flatMap((l) => [l.incident_id, l.other_incident_id]))];
  const { byId, orgs } = await incidentsAndBodies(db, actor, ids, realm === 'real' ? 'real' : 'any');
  const clusters = [...components(links)].flatMap(([id, ls]) => clusterOf(id, ls, byId) ?? []);
  clusters.sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt) || a.id.localeCompare(b.id));
  return { clusters, orgs };
}

/** Where a page of clusters ends: the last one's (last sighting, id), the list's order. */
const cursorOf = (c: Cluster) => Buffer.from(`${c.lastSeenAt}|${c.id}`, 'utf8').toString('base64url');

/** The place a cursor of cursorOf names; one this server did not give out is refused. */
function placeOf(cursor: string): { lastSeenAt: string; id: string } {
  const [lastSeenAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!lastSeenAt || !id || rest.length > 0 || Number.isNaN(Date.parse(lastSeenAt)))
    throw correlationErrors.badCursor();
  return { lastSeenAt, id };
}

/**
 * One page of the clusters the actor reads, most recently seen first, after the cursor a previous page gave. A
 * cursor names a place in the order, not a cluster, so clusters merged or grown meanwhile move without a page
 * failing.
 */
export async function clusterPage(
  db: Executor,
  actor: Actor,
  realm: Realm,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ clusters: Cluster[]; orgs: Map<string, OrgRow>; total: number; nextCursor: string | null }> {
  const { clusters, orgs } = await clustersOf(db, actor, realm);
  const after = page.cursor === undefined ? null : placeOf(page.cursor);
  const start = after
    ? clusters.findIndex(
        (c) => c.lastSeenAt < after.lastSeenAt || (c.lastSeenAt === after.lastSeenAt && c.id > after.id),
      )
    : 0;
  const from = start === -1 ? clusters.length : start;
  const shown = clusters.slice(from, from + page.limit);
  const last = shown.at(-1);
  const nextCursor = last && from + shown.length < clusters.length ? cursorOf(last) : null;
  return { clusters: shown, orgs, total: clusters.length, nextCursor };
}

/**
 * The cluster holding an incident the actor reads (any of its incidents names it), in that incident's realm; a
 * 404 as for a missing one when the actor reads no correlation of it.
 */
export async function clusterOfIncident(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  deps: CorrelationDeps;
}): Promise<{ cluster: Cluster; orgs: Map<string, OrgRow> }> {
  const { unit, actor, deps } = args;
  if (!can.readCorrelations(actor)) throw correlationErrors.clusterNotFound();
  const incident = await incidentsReads.readableByIds(unit.tx, actor.orgId, [args.incidentId], 'any');
  const first = incident[0];
  if (!first) throw correlationErrors.clusterNotFound();
  const realm: Realm = first.exercise_id === null ? 'real' : { exerciseId: first.exercise_id };
  const { clusters, orgs } = await clustersOf(unit.tx, actor, realm);
  const cluster = clusters.find((c) => c.incidents.some((i) => i.id === first.id));
  if (!cluster) throw correlationErrors.clusterNotFound();
  await deps.audit.append(
    unit,
    audited(actor, 'incident.correlations_read', 'incident', cluster.id, {
      incidents: cluster.incidents.length,
    }),
    deps.clock.now(),
  );
  return { cluster, orgs };
}
