import type { AuditLog } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import { type Config, publicUrl } from '../../platform/config.js';
import type { Changes } from '../../platform/db/changes.js';
import type { Unit } from '../../platform/db/transaction.js';
import type { EventBus } from '../../platform/events/events.js';
import { levelsOf, type PostureLevel } from '../situations/situations.config.js';
import { type NotificationDirectory, notificationDirectory } from './notifications.directory.js';

/** What notifications hand to the outbox: rendered, ready to send after commit. */
export type OutboxEntry =
  | {
      channel: 'email';
      dedupeKey: string;
      notificationId: string;
      payload: {
        to: string;
        subject: string;
        text: string;
        messageId: string;
        headers?: Record<string, string>;
      };
    }
  | {
      channel: 'webhook';
      dedupeKey: string;
      notificationId: string;
      payload: { url: string; body: string; secret: string; id: string };
    };

export interface NotificationDeps {
  audit: AuditLog;
  clock: Clock;
  /** The event bus (notifications' own events, such as an in-app notice, call for no notification). */
  events: EventBus;
  /** The bodies' contacts, rules and names, kept in memory for planning. */
  directory: NotificationDirectory;
  outbox: {
    enqueue(unit: Unit, item: OutboxEntry, at: Date): Promise<void>;
    enqueueAll(unit: Unit, items: readonly { item: OutboxEntry; at: Date }[]): Promise<void>;
  };
  /** Base of links in e-mails and webhooks (RENRAKU_PUBLIC_URL). */
  publicUrl: string;
  /** Minutes to acknowledge before escalation, where a rule says nothing else (RENRAKU_ESCALATION_MINUTES). */
  escalationMinutes: number;
  /** Time zone of e-mails to contacts that have none. */
  timeZone: string;
  /** Put before incident numbers where they are shown (RENRAKU_INCIDENT_NUMBER_PREFIX). */
  incidentNumberPrefix: string;
  /** The situations' posture levels: their names, and the minutes each gives to acknowledge its notices. */
  situationLevels: readonly PostureLevel[];
}

/** Notification dependencies from the services (composition root). */
export const notificationDepsOf = (s: {
  audit: AuditLog;
  clock: Clock;
  config: Config;
  events: EventBus;
  outbox: NotificationDeps['outbox'];
  /** News of changed contacts and rules, which drops the directory's copies. */
  changes: Changes;
}): NotificationDeps => ({
  audit: s.audit,
  clock: s.clock,
  events: s.events,
  directory: notificationDirectory(s.changes),
  outbox: s.outbox,
  publicUrl: publicUrl(s.config).replace(/\/+$/, ''),
  escalationMinutes: s.config.escalationMinutes,
  timeZone: s.config.timeZone,
  incidentNumberPrefix: s.config.incidentNumberPrefix ?? '',
  situationLevels: levelsOf(s.config),
});
