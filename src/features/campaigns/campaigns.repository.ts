import type { Executor, Tx } from '../../platform/db/database.js';
import type { ContactCampaignEntriesTable, ContactCampaignsTable } from './campaigns.table.js';
import { runsOfFiscalYear } from './campaigns.yearly.js';

export type CampaignRow = ContactCampaignsTable;
export type EntryRow = ContactCampaignEntriesTable;

export const campaignsRepository = {
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
};
