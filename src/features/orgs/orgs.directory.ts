import type { Executor, Tx } from '../../platform/db/database.js';
import { directoryRepository } from './orgs.directory.repository.js';
import type { OrgsTable } from './orgs.table.js';

// What other features may ask about the government's tree of bodies, without reaching into the orgs table.

export type OrgRow = OrgsTable;

/** A body's other names (abbreviations such as METI or 経産省), as stored. */
export const aliasesOf = (o: Pick<OrgRow, 'aliases'>): string[] => JSON.parse(o.aliases) as string[];
/** The body's own DNS domains (ASCII, lower case). */
export const domainsOf = (o: Pick<OrgRow, 'domains'>): string[] => JSON.parse(o.domains) as string[];

const { bySlug, byId, inSlugOrder, childIds, childIdsOfAny, nonCenter, bySlugs, center, all, count } =
  directoryRepository;

export const orgsDirectory = {
  bySlug,
  byId,
  /** Bodies by id, as a map. */
  async byIds(db: Executor, ids: string[]): Promise<Map<string, OrgRow>> {
    const rows = await directoryRepository.byIds(db, ids);
    return new Map(rows.map((o) => [o.id, o]));
  },
  /** Bodies by id, in the order of their slugs. */
  inSlugOrder,
  /** Ids of the bodies directly under a body (a ministry's agencies). */
  childIds,
  /** Ids of the bodies directly under any of these bodies. */
  childIdsOfAny,
  /** The bodies other than the center: all, only the ministries, or those with these ids (or under them). */
  nonCenter,
  /** Bodies by slug (those that exist). */
  bySlugs,
  center,
  /** A body, its parent and the center, in one query: what routing a new incident needs. */
  async chainOf(db: Executor, orgId: string) {
    const rows = await directoryRepository.chainRows(db, orgId);
    const org = rows.find((o) => o.id === orgId);
    return {
      org,
      parent: org?.parent_id ? rows.find((o) => o.id === org.parent_id) : undefined,
      center: rows.find((o) => o.kind === 'center'),
    };
  },
  all,
  count,
};

/**
 * Holds a body's row until the transaction ends (PostgreSQL), so that changes to one body's people or contacts
 * are made one after the other. NO KEY: rows that only reference the body (a new incident) need not wait for it.
 */
export const lockOrgRow = (tx: Tx, orgId: string): Promise<void> => directoryRepository.lock(tx, orgId);
