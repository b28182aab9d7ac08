import { audited } from '../../platform/audit/audit.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { contactsReads } from '../contacts/contacts.reads.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import type { CampaignDeps } from './campaigns.deps.js';
import { mailOfficers } from './campaigns.recipients.js';
import { type CampaignRow, campaignsRepository } from './campaigns.repository.js';

/**
 * Reminds the bodies of open campaigns that have not confirmed: `remind_days` before the deadline, and at the
 * deadline, once each (the entry records it; on PostgreSQL the rows are locked, others skipped, so that nodes
 * sweeping together do not both send). A reminder whose moment passed with the deadline is not sent late.
 * Returns how many reminders were written.
 */
export async function sweepCampaignReminders(handle: DatabaseHandle, deps: CampaignDeps): Promise<number> {
  const now = deps.clock.now();
  const nowText = now.toISOString();
  return inTransaction(handle, async (unit) => {
    const entries = await campaignsRepository.dueReminders(unit.tx, unit.dialect, nowText);
    const campaigns = new Map<string, CampaignRow>();
    let sent = 0;
    for (const entry of entries) {
      let campaign = campaigns.get(entry.campaign_id);
      if (!campaign) {
        campaign = await campaignsRepository.byId(unit.tx, entry.campaign_id);
        if (!campaign) continue;
        campaigns.set(campaign.id, campaign);
      }
      const kind = Date.parse(campaign.deadline_at) <= now.getTime() ? 'deadline' : 'before';
      const verified = (await contactsReads.verifiedSince(unit.tx, [entry.org_id], campaign.started_at)).get(
        entry.org_id,
      );
      if (verified) {
        // Confirmed through its contacts: recorded, so that the sweep does not look at it again.
        await campaignsRepository.confirm(unit.tx, campaign.id, entry.org_id, verified, null, 'verify');
        continue;
      }
      const org = await orgsDirectory.byId(unit.tx, entry.org_id);
      if (!org) continue;
      const mailed = await mailOfficers(unit, deps, campaign, org, kind, now);
      await campaignsRepository.markReminded(unit.tx, entry, kind, nowText);
      await deps.audit.append(
        unit,
        audited(null, 'contact_campaign.remind', 'contact_campaign', campaign.id, {
          org: org.slug,
          kind,
          mailed,
        }),
        now,
      );
      sent++;
    }
    return sent;
  });
}
