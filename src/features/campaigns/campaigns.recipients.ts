import { hashSecret } from '../../platform/auth/secrets.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { contactsReads } from '../contacts/contacts.reads.js';
import type { OrgRow } from '../orgs/orgs.directory.js';
import { usersReads } from '../users/users.reads.js';
import type { CampaignDeps } from './campaigns.deps.js';
import { type CampaignMailKind, type Locale, renderCampaignMail } from './campaigns.mail.js';
import type { CampaignRow } from './campaigns.repository.js';

/**
 * Who answers for a body's contact structure: its CSIRT lead contacts and its security officers (users), each
 * address once, in the language of the contact or user.
 */
export async function officersOf(db: Executor, orgId: string): Promise<{ email: string; locale: Locale }[]> {
  const [contacts, users] = await Promise.all([
    contactsReads.emailsInRole(db, orgId, 'csirt-lead'),
    usersReads.activeOfficers(db, orgId),
  ]);
  const out = new Map<string, Locale>();
  for (const r of [...contacts, ...users]) {
    const email = r.email?.toLowerCase();
    if (email && !out.has(email)) out.set(email, r.locale === 'en' ? 'en' : 'ja');
  }
  return [...out].map(([email, locale]) => ({ email, locale }));
}

/**
 * Writes the campaign's request or reminder to a body's officers into the outbox, once per campaign, body,
 * kind and address (the dedupe key), sent after commit. Returns how many addresses it went to.
 */
export async function mailOfficers(
  unit: Unit,
  deps: CampaignDeps,
  campaign: CampaignRow,
  org: OrgRow,
  kind: CampaignMailKind,
  at: Date,
): Promise<number> {
  const recipients = await officersOf(unit.tx, org.id);
  const link = `${deps.publicUrl}/contacts/${encodeURIComponent(org.slug)}`;
  for (const r of recipients) {
    const mail = renderCampaignMail(
      kind,
      { name: campaign.name, deadlineDate: campaign.deadline_date, link },
      org,
      r.locale,
    );
    const key = `campaign:${campaign.id}:${org.id}:${kind}`;
    await deps.outbox.enqueue(
      unit,
      {
        channel: 'email',
        dedupeKey: `${key}:email:${r.email}`,
        notificationId: null,
        payload: {
          to: r.email,
          ...mail,
          messageId: `<campaign.${campaign.id}.${org.id}.${kind}.${hashSecret(r.email).slice(0, 16)}@renraku>`,
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Renraku-Campaign': campaign.id },
        },
      },
      at,
    );
  }
  return recipients.length;
}
