import type { IncidentDeps } from './features/incidents/incidents.usecases.js';
import { categoryCodes, RSIT, type Taxonomy } from './features/incidents/taxonomy.js';
import { notifyingEvents } from './features/notifications/notifications.bus.js';
import { type NotificationDeps, notificationDepsOf } from './features/notifications/notifications.deps.js';
import { recordDeliveryOutcome } from './features/notifications/notifications.escalation.js';
import type { SharingDeps } from './features/sharing/sharing.deps.js';
import { fingerprintReport } from './features/sharing/sharing.fingerprints.js';
import { type AuditLog, createAuditLog } from './platform/audit/audit.js';
import { type Clock, systemClock } from './platform/clock.js';
import { type Config, resolveAuditKey } from './platform/config.js';
import { type DatabaseHandle, openDatabase } from './platform/db/database.js';
import { createEventBus, type EventBus } from './platform/events/events.js';
import { createEmailSender } from './platform/outbox/email.sender.js';
import { createOutbox, type Outbox, type OutboxTiming } from './platform/outbox/outbox.js';
import { createWebhookSender } from './platform/outbox/webhook.sender.js';

/** Everything Renraku runs on, wired once at start-up. */
export interface Services {
  config: Config;
  clock: Clock;
  handle: DatabaseHandle;
  audit: AuditLog;
  events: EventBus;
  /** E-mail and webhooks, written in the unit of the change and sent after commit. */
  outbox: Outbox;
  notificationDeps: NotificationDeps;
  incidentDeps: IncidentDeps;
  sharingDeps: SharingDeps;
  close(): Promise<void>;
}

export interface ServiceOverrides {
  clock?: Clock;
  handle?: DatabaseHandle;
  auditKey?: Buffer;
  taxonomy?: Taxonomy;
  /** Faster claims and retries, for tests of crashes and outages. */
  outboxTiming?: Partial<OutboxTiming>;
}

/** The one composition root. Tests pass a fake clock, another database handle or a fixed audit key. */
export function buildServices(config: Config, overrides: ServiceOverrides = {}): Services {
  const clock = overrides.clock ?? systemClock;
  const handle =
    overrides.handle ?? openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const audit = createAuditLog(overrides.auditKey ?? resolveAuditKey(config));
  const bus = createEventBus(handle);
  const outbox = createOutbox({
    handle,
    clock,
    senders: {
      email: createEmailSender({ smtpUrl: config.smtpUrl, from: config.mailFrom }),
      webhook: createWebhookSender({ clock, allowLoopback: config.webhookAllowLoopback }),
    },
    ...(overrides.outboxTiming ? { timing: overrides.outboxTiming } : {}),
  });
  // Every event recorded also plans the notifications it calls for, in the same unit.
  const notificationDeps = notificationDepsOf({ audit, clock, config, events: bus, outbox });
  const events = notifyingEvents(bus, notificationDeps);
  outbox.onOutcome((o) => recordDeliveryOutcome(handle, notificationDeps, o));
  const incidentDeps: IncidentDeps = {
    audit,
    events,
    clock,
    categories: categoryCodes(overrides.taxonomy ?? RSIT),
    reportingTargetMinutes: config.reportingTargetMinutes,
    defaultReviewDeadlineMinutes: config.reviewDeadlineMinutes,
    clockSkewSeconds: config.clockSkewSeconds,
    fingerprintReport,
  };
  const sharingDeps: SharingDeps = {
    audit,
    events,
    clock,
    consentFrom: config.consentFrom,
    consentDeadlineHours: config.consentDeadlineHours,
    consentReminderHours: config.consentReminderHours,
  };
  return {
    config,
    clock,
    handle,
    audit,
    events,
    outbox,
    notificationDeps,
    incidentDeps,
    sharingDeps,
    async close() {
      await outbox.stop();
      await events.stop();
      await handle.destroy();
    },
  };
}
