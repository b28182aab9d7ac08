import type { AuditLog } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import { type Config, publicUrl } from '../../platform/config.js';
import type { Unit } from '../../platform/db/transaction.js';
import type { EventBus } from '../../platform/events/events.js';
import type { OutboxItem } from '../../platform/outbox/outbox.js';
import type { ContactDeps } from '../contacts/contacts.deps.js';

/** What campaigns and communication checks run on. */
export interface CampaignDeps {
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  outbox: { enqueue(unit: Unit, item: OutboxItem, at: Date): Promise<void> };
  /** Base of links in e-mails (RENRAKU_PUBLIC_URL). */
  publicUrl: string;
  /** Calendar days of deadlines and fiscal years (RENRAKU_TIME_ZONE). */
  timeZone: string;
  /** A confirmation on a campaign verifies the body's contacts, as the contacts feature does. */
  contacts: ContactDeps;
}

/** Built once by the composition root, on the contacts feature's own deps. */
export const campaignDepsOf = (
  s: {
    audit: AuditLog;
    clock: Clock;
    config: Config;
    events: EventBus;
    outbox: CampaignDeps['outbox'];
  },
  contacts: ContactDeps,
): CampaignDeps => ({
  audit: s.audit,
  clock: s.clock,
  events: s.events,
  outbox: s.outbox,
  publicUrl: publicUrl(s.config).replace(/\/+$/, ''),
  timeZone: s.config.timeZone,
  contacts,
});
