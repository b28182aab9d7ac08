import type { IncidentDeps } from './features/incidents/incidents.usecases.js';
import { categoryCodes, RSIT, type Taxonomy } from './features/incidents/taxonomy.js';
import type { SharingDeps } from './features/sharing/sharing.deps.js';
import { type AuditLog, createAuditLog } from './platform/audit/audit.js';
import { type Clock, systemClock } from './platform/clock.js';
import { type Config, resolveAuditKey } from './platform/config.js';
import { type DatabaseHandle, openDatabase } from './platform/db/database.js';
import { createEventBus, type EventBus } from './platform/events/events.js';

/** Everything Renraku runs on, wired once at start-up. */
export interface Services {
  config: Config;
  clock: Clock;
  handle: DatabaseHandle;
  audit: AuditLog;
  events: EventBus;
  incidentDeps: IncidentDeps;
  sharingDeps: SharingDeps;
  close(): Promise<void>;
}

export interface ServiceOverrides {
  clock?: Clock;
  handle?: DatabaseHandle;
  auditKey?: Buffer;
  taxonomy?: Taxonomy;
}

/** The one composition root. Tests pass a fake clock, another database handle or a fixed audit key. */
export function buildServices(config: Config, overrides: ServiceOverrides = {}): Services {
  const clock = overrides.clock ?? systemClock;
  const handle =
    overrides.handle ?? openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const audit = createAuditLog(overrides.auditKey ?? resolveAuditKey(config));
  const events = createEventBus(handle);
  const incidentDeps: IncidentDeps = {
    audit,
    events,
    clock,
    categories: categoryCodes(overrides.taxonomy ?? RSIT),
    reportingTargetMinutes: config.reportingTargetMinutes,
    defaultReviewDeadlineMinutes: config.reviewDeadlineMinutes,
    clockSkewSeconds: config.clockSkewSeconds,
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
    incidentDeps,
    sharingDeps,
    async close() {
      await events.stop();
      await handle.destroy();
    },
  };
}
