import type { AuditLog } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Unit } from '../../platform/db/transaction.js';
import type { EventBus } from '../../platform/events/events.js';
import type { OutboxItem } from '../../platform/outbox/outbox.js';

/** What the policy register and its requests run on. */
export interface PolicyDeps {
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  outbox: { enqueue(unit: Unit, item: OutboxItem, at: Date): Promise<void> };
  /** Base of links in e-mails (RENRAKU_PUBLIC_URL). */
  publicUrl: string;
  /** Calendar days of due dates and fiscal years (RENRAKU_TIME_ZONE). */
  timeZone: string;
  /** RENRAKU_POLICY_EXCERPT_MAX_BYTES. */
  excerptMaxBytes: number;
  /** RENRAKU_POLICY_REQUEST_REMINDER_DAYS. */
  reminderDays: number;
}
