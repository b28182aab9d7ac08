import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import { addDays, fiscalYearOf, localDate, startOfDay } from '../../platform/calendar.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { contactsReads } from '../contacts/contacts.reads.js';
import { verifyContacts } from '../contacts/contacts.usecases.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { type BodyChoice, chooseBodies, seesEntry } from './campaigns.bodies.js';
import type { CampaignDeps } from './campaigns.deps.js';
import { campaignErrors } from './campaigns.errors.js';
import { readsOf } from './campaigns.reads.js';
import { mailOfficers } from './campaigns.recipients.js';
import { type CampaignRow, campaignsRepository, type EntryRow } from './campaigns.repository.js';

export const DEFAULT_REMIND_DAYS = 3;

/** A body's entry as it stands: confirmed on the campaign, or by verifying its contacts since the start. */
export interface EntryStatus {
  entry: EntryRow;
  org: OrgRow;
  confirmedAt: string | null;
  confirmedVia: string | null;
}

export interface CampaignView {
  campaign: CampaignRow;
  startedBy: OrgRow | undefined;
  /** The entries the actor may see. */
  entries: EntryStatus[];
}

/** When the first reminder is due: `days` before the deadline, unless that moment is already past. */
function firstReminderAt(start: Date, deadline: Date, days: number): string | null {
  const at = new Date(deadline.getTime() - days * 86_400_000);
  return days > 0 && at.getTime() > start.getTime() ? at.toISOString() : null;
}

/** The instant a deadline day ends in the zone. */
export const deadlineInstant = (date: string, timeZone: string) => startOfDay(addDays(date, 1), timeZone);

/** Starts a campaign: every chosen body is asked, by e-mail to its officers, to confirm by the deadline. */
export async function startCampaign(args: {
  unit: Unit;
  actor: Actor;
  input: BodyChoice & { name?: string | undefined; deadline: string; remindDaysBefore?: number | undefined };
  deps: CampaignDeps;
}): Promise<CampaignView> {
  const { unit, actor, input, deps } = args;
  const bodies = await chooseBodies(unit.tx, actor, input);
  const now = deps.clock.now();
  const deadlineAt = deadlineInstant(input.deadline, deps.timeZone);
  if (deadlineAt.getTime() <= now.getTime()) throw campaignErrors.deadlinePast();
  const remindDays = input.remindDaysBefore ?? DEFAULT_REMIND_DAYS;
  const campaign: CampaignRow = {
    id: newId(),
    org_id: actor.orgId,
    created_by: actor.userId,
    name: input.name?.trim() || `連絡体制の確認 ${localDate(now, deps.timeZone)}`,
    started_at: now.toISOString(),
    deadline_date: input.deadline,
    deadline_at: deadlineAt.toISOString(),
    remind_days: remindDays,
    first_reminder_at: firstReminderAt(now, deadlineAt, remindDays),
    fiscal_year: fiscalYearOf(now, deps.timeZone),
    closed_at: null,
    closed_by: null,
  };
  await campaignsRepository.insert(unit.tx, campaign);
  const entries: EntryRow[] = bodies.map((o) => ({
    campaign_id: campaign.id,
    org_id: o.id,
    confirmed_at: null,
    confirmed_by: null,
    confirmed_via: null,
    reminded_before_at: null,
    reminded_deadline_at: null,
  }));
  await campaignsRepository.insertEntries(unit.tx, entries);
  let mailed = 0;
  for (const org of bodies) mailed += await mailOfficers(unit, deps, campaign, org, 'request', now);
  await deps.audit.append(
    unit,
    audited(actor, 'contact_campaign.start', 'contact_campaign', campaign.id, {
      deadline: campaign.deadline_date,
      orgs: bodies.map((o) => o.slug),
      mailed,
    }),
    now,
  );
  return {
    campaign,
    startedBy: await orgsDirectory.byId(unit.tx, actor.orgId),
    entries: await statuses(unit.tx, campaign, entries),
  };
}

/** The entries with their confirmation: stored, or (while open) read from the contacts' verification. */
async function statuses(db: Executor, campaign: CampaignRow, entries: EntryRow[]): Promise<EntryStatus[]> {
  const orgs = await orgsDirectory.byIds(
    db,
    entries.map((e) => e.org_id),
  );
  const verified =
    campaign.closed_at === null
      ? await contactsReads.verifiedSince(
          db,
          entries.filter((e) => e.confirmed_at === null).map((e) => e.org_id),
          campaign.started_at,
        )
      : new Map<string, string>();
  return entries.flatMap((entry) => {
    const org = orgs.get(entry.org_id);
    if (!org) return [];
    const fromContacts = verified.get(entry.org_id) ?? null;
    return [
      {
        entry,
        org,
        confirmedAt: entry.confirmed_at ?? fromContacts,
        confirmedVia: entry.confirmed_via ?? (fromContacts ? 'verify' : null),
      },
    ];
  });
}

/** Whether the actor sees the campaign at all: it started it, or sees one of its entries. */
const seesCampaign = (actor: Actor, campaign: CampaignRow, entries: EntryStatus[]) =>
  (campaign.org_id === actor.orgId && can.runCampaigns(actor)) || entries.length > 0;

/** Campaigns as the actor may see them, each with only the entries it may see. */
async function viewsOf(db: Executor, actor: Actor, campaigns: CampaignRow[]): Promise<CampaignView[]> {
  const all = await campaignsRepository.entries(
    db,
    campaigns.map((c) => c.id),
  );
  const starters = await orgsDirectory.byIds(
    db,
    campaigns.map((c) => c.org_id),
  );
  const views: CampaignView[] = [];
  for (const campaign of campaigns) {
    const entries = (
      await statuses(
        db,
        campaign,
        all.filter((e) => e.campaign_id === campaign.id),
      )
    ).filter((s) => seesEntry(actor, s.org));
    if (seesCampaign(actor, campaign, entries))
      views.push({ campaign, startedBy: starters.get(campaign.org_id), entries });
  }
  return views;
}

const campaignReads = readsOf({
  subject: 'contact_campaign',
  byId: campaignsRepository.byId,
  ofFiscalYear: campaignsRepository.list,
  viewsOf,
  notFound: campaignErrors.notFound,
});

/** One campaign as the actor may see it; one it may not see does not exist. */
export const campaignFor: (db: Executor, actor: Actor, id: string) => Promise<CampaignView> =
  campaignReads.byId;

/** The campaigns of a fiscal year the actor may see. */
export const listCampaigns = campaignReads.ofFiscalYear;

/** Reads one campaign and audits the read. */
export const readCampaign = campaignReads.read;

/**
 * The body's security officer confirms its structure for the campaign: its contacts are verified (as
 * `POST /orgs/{slug}/contacts/verify` does) and the entry records the confirmation.
 */
export async function confirmCampaign(args: { unit: Unit; actor: Actor; id: string; deps: CampaignDeps }) {
  const { unit, actor, deps } = args;
  const view = await campaignFor(unit.tx, actor, args.id);
  const own = view.entries.find((s) => s.org.id === actor.orgId);
  if (!own) throw campaignErrors.notAsked();
  if (!can.confirmCampaign(actor, { orgId: own.org.id }))
    throw commonErrors.forbidden("The body's security officer confirms its contact structure.");
  if (view.campaign.closed_at !== null) throw campaignErrors.closed();
  const verified = await verifyContacts({ unit, actor, slug: own.org.slug, deps: deps.contacts });
  await campaignsRepository.confirm(
    unit.tx,
    view.campaign.id,
    own.org.id,
    verified.verifiedAt,
    actor.userId,
    'campaign',
  );
  await deps.audit.append(
    unit,
    audited(actor, 'contact_campaign.confirm', 'contact_campaign', view.campaign.id, {
      org: own.org.slug,
      contacts: verified.contacts,
    }),
    deps.clock.now(),
  );
  return campaignFor(unit.tx, actor, view.campaign.id);
}

/** Closes a campaign: confirmations are kept as they stand, reminders stop. */
export async function closeCampaign(args: { unit: Unit; actor: Actor; id: string; deps: CampaignDeps }) {
  const { unit, actor, deps } = args;
  const view = await campaignFor(unit.tx, actor, args.id);
  if (!can.closeCampaign(actor, { orgId: view.campaign.org_id }))
    throw commonErrors.forbidden('Only the body that started a campaign closes it.');
  if (view.campaign.closed_at !== null) throw campaignErrors.closed();
  const now = deps.clock.now();
  // Every entry, not only those the actor sees: the record is the campaign's, whoever closes it.
  const all = await statuses(
    unit.tx,
    view.campaign,
    await campaignsRepository.entries(unit.tx, [view.campaign.id]),
  );
  for (const s of all)
    if (s.entry.confirmed_at === null && s.confirmedAt !== null)
      await campaignsRepository.confirm(unit.tx, view.campaign.id, s.org.id, s.confirmedAt, null, 'verify');
  if (
    Number(
      (await campaignsRepository.close(unit.tx, view.campaign.id, now.toISOString(), actor.userId))
        .numUpdatedRows,
    ) === 0
  )
    throw campaignErrors.closed();
  await deps.audit.append(
    unit,
    audited(actor, 'contact_campaign.close', 'contact_campaign', view.campaign.id, {
      confirmed: all.filter((s) => s.confirmedAt !== null).map((s) => s.org.slug),
      pending: all.filter((s) => s.confirmedAt === null).map((s) => s.org.slug),
    }),
    now,
  );
  return campaignFor(unit.tx, actor, view.campaign.id);
}
