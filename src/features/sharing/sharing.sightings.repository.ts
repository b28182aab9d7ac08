import type { Executor, Tx } from '../../platform/db/database.js';
import type { ShareSightingsTable } from './sharing.sightings.table.js';

export type SightingRow = ShareSightingsTable;

export const sightingsRepository = {
  insert: (tx: Tx, row: SightingRow) => tx.insertInto('share_sightings').values(row).execute(),
  /** One body's sightings of a share, oldest first. */
  ofBody: (db: Executor, shareId: string, orgId: string) =>
    db
      .selectFrom('share_sightings')
      .selectAll()
      .where('share_id', '=', shareId)
      .where('org_id', '=', orgId)
      .orderBy('seen_at')
      .orderBy('id')
      .execute(),
  /** Per shared indicator: how many bodies saw it, how many times, first and last seen. */
  summary: (db: Executor, shareId: string) =>
    db
      .selectFrom('share_sightings')
      .select((eb) => [
        'type',
        'value',
        eb.fn.count<string | number>('org_id').distinct().as('bodies'),
        eb.fn.sum<string | number>('count').as('total'),
        eb.fn.min<string>('seen_at').as('first_seen'),
        eb.fn.max<string>('seen_at').as('last_seen'),
        eb.fn.min<string>('created_at').as('first_reported'),
        eb.fn.max<string>('created_at').as('last_reported'),
      ])
      .where('share_id', '=', shareId)
      .groupBy(['type', 'value'])
      .execute(),
};
