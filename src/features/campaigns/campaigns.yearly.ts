import type { Database, Executor } from '../../platform/db/database.js';

/** Where each kind of run records the bodies it asks, and the column that points back to the run. */
const askedIn = {
  contact_campaigns: { table: 'contact_campaign_entries', run: 'campaign_id' },
  communication_checks: { table: 'communication_check_targets', run: 'check_id' },
} as const;

/**
 * The campaigns or checks of a fiscal year, newest first; with `orgIds`, those that started at one of them or
 * ask one of them (none when `orgIds` is empty).
 */
export function runsOfFiscalYear<T extends keyof typeof askedIn>(
  db: Executor,
  table: T,
  fiscalYear: number,
  orgIds: string[] | null,
): Promise<Database[T][]> {
  // Both tables share these columns; the union keeps Kysely checking them without a generic table name.
  const runs = table as keyof typeof askedIn;
  let q = db
    .selectFrom(runs)
    .selectAll()
    .where('fiscal_year', '=', fiscalYear)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc');
  if (orgIds !== null) {
    if (orgIds.length === 0) return Promise.resolve([]);
    const asked = askedIn[runs];
    q = q.where((eb) =>
      eb.or([
        eb('org_id', 'in', orgIds),
        eb('id', 'in', eb.selectFrom(asked.table).select(asked.run).where('org_id', 'in', orgIds)),
      ]),
    );
  }
  return q.execute() as Promise<Database[T][]>;
}
