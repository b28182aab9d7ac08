import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Executor } from '../../platform/db/database.js';
import { commonErrors } from '../../platform/errors.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { orgErrors } from '../orgs/orgs.errors.js';
import { campaignErrors } from './campaigns.errors.js';

// Which bodies a campaign or a communication check asks, and which of them a caller may see.

export interface BodyChoice {
  /** Bodies by slug. */
  bodies?: string[] | undefined;
  /** A ministry's agencies. */
  agenciesOf?: string | undefined;
}

/**
 * The bodies the actor asks: those named, a ministry's agencies, or by default every body it may ask (the
 * center: all; a ministry: its agencies). A body the actor may not include does not exist for it.
 */
export async function chooseBodies(db: Executor, actor: Actor, choice: BodyChoice): Promise<OrgRow[]> {
  if (!can.runCampaigns(actor))
    throw commonErrors.forbidden("The center's coordinators and ministries' security officers run these.");
  let candidates: OrgRow[];
  if (choice.bodies?.length) {
    candidates = [];
    for (const slug of new Set(choice.bodies)) {
      const org = await orgsDirectory.bySlug(db, slug);
      if (!org) throw orgErrors.notFound();
      candidates.push(org);
    }
  } else if (choice.agenciesOf) {
    const ministry = await orgsDirectory.bySlug(db, choice.agenciesOf);
    if (!ministry || !(can.runCampaignFor(actor, { parentId: null }) || ministry.id === actor.orgId))
      throw orgErrors.notFound();
    candidates = (await orgsDirectory.all(db)).filter((o) => o.parent_id === ministry.id);
  } else {
    candidates = (await orgsDirectory.all(db)).filter((o) =>
      can.runCampaignFor(actor, { parentId: o.parent_id }),
    );
  }
  if (candidates.some((o) => !can.runCampaignFor(actor, { parentId: o.parent_id })))
    throw orgErrors.notFound();
  if (candidates.length === 0) throw campaignErrors.noBodies();
  return candidates;
}

/** Whether the actor sees a body's entry: its own security officer, its ministry's, the center. */
export const seesEntry = (actor: Actor, org: OrgRow | undefined): org is OrgRow =>
  org !== undefined && can.readCampaignEntry(actor, { orgId: org.id, parentId: org.parent_id });

/** The bodies whose entries the actor may see, for list queries: null means all of them. */
export async function visibleOrgIds(db: Executor, actor: Actor): Promise<string[] | null> {
  if (can.readCampaignEntry(actor, { orgId: '', parentId: '' })) return null;
  if (!can.readCampaignEntry(actor, { orgId: actor.orgId, parentId: null })) return [];
  return [actor.orgId, ...(await orgsDirectory.childIds(db, actor.orgId))];
}

export const orgRef = (o: OrgRow) => ({ slug: o.slug, nameJa: o.name_ja, nameEn: o.name_en, kind: o.kind });
