import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { realmOf } from '../../platform/access/visibility.js';
import { audited } from '../../platform/audit/audit.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { decodeCursor, encodeCursor, type IncidentSort } from './incidents.cursor.js';
import { incidentErrors } from './incidents.errors.js';
import { type IncidentFilter, type IncidentRow, incidentsRepository } from './incidents.repository.js';
import type { ListQuery } from './incidents.schemas.js';
import { searchTerms } from './incidents.search.js';
import type { IncidentDeps } from './incidents.usecases.js';

/**
 * Above this many matching incidents a page is read along the incidents in the order of the sort (it fills
 * after a few look-ups into the reader set); below it, from the reader set and sorted (few rows to sort).
 */
const ORDERED_WALK_FROM = 2000;

/** The reporting bodies the `org` filter keeps: the body, and for a ministry with includeAgencies its agencies. */
async function orgIds(db: Executor, query: ListQuery): Promise<string[] | undefined> {
  if (!query.org) {
    if (query.includeAgencies !== undefined) throw incidentErrors.includeAgenciesNeedsOrg();
    return undefined;
  }
  const org = await orgsDirectory.bySlug(db, query.org);
  // An unknown body simply matches nothing, like a body whose incidents the caller cannot see.
  if (!org) return ['none'];
  if (!query.includeAgencies || org.kind !== 'ministry') return [org.id];
  return [org.id, ...(await orgsDirectory.childIds(db, org.id))];
}

/** The list's filter for the actor: what the query asks, always within the actor's reader set. */
async function listFilter(
  db: Executor,
  actor: Actor,
  query: ListQuery,
  numberPrefix: string,
): Promise<IncidentFilter> {
  return {
    readerOrgId: actor.orgId,
    status: query.status,
    orgIds: await orgIds(db, query),
    severity: query.severity,
    category: query.category,
    awaitingReview: query.awaitingReview,
    from: query.from ? new Date(query.from).toISOString() : undefined,
    to: query.to ? new Date(query.to).toISOString() : undefined,
    terms: searchTerms(query.q).map((term) => withoutNumberPrefix(term, numberPrefix)),
    realm: realmOf(query.exercise),
  };
}

/** A term naming an incident number with the deployment's prefix (NISC-2026-000123) is searched without it. */
function withoutNumberPrefix(term: string, prefix: string): string {
  if (prefix === '' || term.length <= prefix.length) return term;
  const rest = term.slice(prefix.length);
  return term.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase() && /^\d{4}-\d+$/.test(rest)
    ? rest
    : term;
}

/** Lists what the actor may see in the requested order; the ids returned are audited as read. */
export async function listIncidents(args: {
  unit: Unit;
  actor: Actor;
  query: ListQuery;
  deps: IncidentDeps;
}) {
  const { unit, actor, query, deps } = args;
  const sort: IncidentSort = query.sort ?? 'reported-desc';
  const after = query.cursor ? decodeCursor(query.cursor, sort) : undefined;
  const filter = await listFilter(unit.tx, actor, query, deps.incidentNumberPrefix);
  if (!can.readIncidents(actor)) return { items: [] as IncidentRow[], total: 0, nextCursor: null };
  const limit = query.limit ?? 50;
  const total = await incidentsRepository.count(unit.tx, unit.dialect, filter);
  const rows =
    total === 0
      ? []
      : await incidentsRepository.page(unit.tx, unit.dialect, filter, {
          sort,
          after,
          limit: limit + 1,
          drive: total >= ORDERED_WALK_FROM ? 'incidents' : 'readers',
        });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  if (items.length > 0)
    await deps.audit.append(
      unit,
      audited(actor, 'incident.list', 'incident', null, { ids: items.map((i) => i.id) }),
      deps.clock.now(),
    );
  return { items, total, nextCursor: rows.length > limit && last ? encodeCursor(sort, last) : null };
}
