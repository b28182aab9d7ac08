import type { DialectName, Executor, Tx } from '../../platform/db/database.js';
import type { ContactCampaignEntriesTable, ContactCampaignsTable } from './campaigns.table.js';
import { runsOfFiscalYear } from './campaigns.yearly.js';

export type CampaignRow = ContactCampaignsTable;
export type EntryRow = ContactCampaignEntriesTable;

export const campaignsRepository = {
  /**
   * Each body's latest confirmation on a campaign of the fiscal year (`orgIds` null: every body; empty: none),
   * for the policy register's coverage.
   */
  async confirmedInYear(
    db: Executor,
    fiscalYear: number,
    orgIds: string[] | null,
  ): Promise<Map<string, string>> {
    if (orgIds !== null && orgIds.length === 0) return new Map();
    let q = db
      .selectFrom('contact_campaign_entries as e')
      .innerJoin('contact_campaigns as c', 'c.id', 'e.campaign_id')
      .select((eb) => ['e.org_id', eb.fn.max('e.confirmed_at').as('at')])
      .where('c.fiscal_year', '=', fiscalYear)
      .where('e.confirmed_at', 'is not', null);
    if (orgIds !== null) q = q.where('e.org_id', 'in', orgIds);
    const rows = await q.groupBy('e.org_id').execute();
    return new Map(rows.flatMap((r) => (r.at ? [[r.org_id, String(r.at)] as [string, string]] : [])));
  },
  /** Per body, the contact-structure confirmations asked of it by the fiscal year's campaigns, and those given. */
  confirmationsOfFiscalYear: (db: Executor, fiscalYear: number) =>
    db
      .selectFrom('contact_campaign_entries as e')
      .innerJoin('contact_campaigns as c', 'c.id', 'e.campaign_id')
      .select([
        'e.org_id as orgId',
        (eb) => eb.fn.countAll<string | number>().as('asked'),
        (eb) => eb.fn.count<string | number>('e.confirmed_at').as('confirmed'),
      ])
      .where('c.fiscal_year', '=', fiscalYear)
      .groupBy('e.org_id')
      .execute(),
  /** Every target of the fiscal year's communication checks: its body, when sent, when acknowledged. */
  checkTargetsOfFiscalYear: (db: Executor, fiscalYear: number) =>
    db
      .selectFrom('communication_check_targets as t')
      .innerJoin('communication_checks as c', 'c.id', 't.check_id')
      .select(['t.org_id as orgId', 't.sent_at as sentAt', 't.acknowledged_at as acknowledgedAt'])
      .where('c.fiscal_year', '=', fiscalYear)
      .execute(),
  insert: (tx: Tx, row: CampaignRow) => tx.insertInto('contact_campaigns').values(row).execute(),
  insertEntries: (tx: Tx, rows: EntryRow[]) =>
    rows.length ? tx.insertInto('contact_campaign_entries').values(rows).execute() : Promise.resolve([]),
  byId: (db: Executor, id: string) =>
    db.selectFrom('contact_campaigns').selectAll().where('id', '=', id).executeTakeFirst(),
  entries: (db: Executor, campaignIds: string[]) =>
    campaignIds.length
      ? db
          .selectFrom('contact_campaign_entries')
          .selectAll()
          .where('campaign_id', 'in', campaignIds)
          .execute()
      : Promise.resolve([] as EntryRow[]),
  /** Campaigns of a fiscal year, newest first; with `orgIds`, those that started there or ask one of them. */
  list: (db: Executor, fiscalYear: number, orgIds: string[] | null) =>
    runsOfFiscalYear(db, 'contact_campaigns', fiscalYear, orgIds),
  confirm: (tx: Tx, campaignId: string, orgId: string, at: string, by: string | null, via: string) =>
    tx
      .updateTable('contact_campaign_entries')
      .set({ confirmed_at: at, confirmed_by: by, confirmed_via: via })
      .where('campaign_id', '=', campaignId)
      .where('org_id', '=', orgId)
      .where('confirmed_at', 'is', null)
      .execute(),
  close: (tx: Tx, id: string, at: string, by: string) =>
    tx
      .updateTable('contact_campaigns')
      .set({ closed_at: at, closed_by: by })
      .where('id', '=', id)
      .where('closed_at', 'is', null)
      .executeTakeFirst(),
  /**
   * The unconfirmed entries of open campaigns whose reminder (before the deadline, or at it) is due at `now`, 500 at
   * most; on PostgreSQL locked, rows another node holds skipped.
   */
  dueReminders: (tx: Tx, dialect: DialectName, now: string) => {
    let q = tx
      .selectFrom('contact_campaign_entries as e')
      .innerJoin('contact_campaigns as c', 'c.id', 'e.campaign_id')
      .selectAll('e')
      .where('c.closed_at', 'is', null)
      .where('c.started_at', '<=', now)
      .where((eb) =>
        eb.or([
          eb.and([eb('e.reminded_deadline_at', 'is', null), eb('c.deadline_at', '<=', now)]),
          eb.and([
            eb('e.reminded_before_at', 'is', null),
            eb('c.first_reminder_at', '<=', now),
            eb('c.deadline_at', '>', now),
          ]),
        ]),
      )
      .where('e.confirmed_at', 'is', null)
      .orderBy('e.campaign_id')
      .orderBy('e.org_id')
      .limit(500);
    if (dialect === 'postgres') q = q.forUpdate('e').skipLocked();
    return q.execute();
  },
  /** Records that an entry was reminded; the deadline's reminder stands for the earlier one if that was never sent. */
  markReminded: (tx: Tx, entry: EntryRow, kind: 'deadline' | 'before', at: string) =>
    tx
      .updateTable('contact_campaign_entries')
      .set(
        kind === 'deadline'
          ? { reminded_deadline_at: at, reminded_before_at: entry.reminded_before_at ?? at }
          : { reminded_before_at: at },
      )
      .where('campaign_id', '=', entry.campaign_id)
      .where('org_id', '=', entry.org_id)
      .execute(),
};
