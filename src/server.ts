import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { sweepCampaignReminders } from './features/campaigns/campaigns.reminders.js';
import { sweepExpiredChanges } from './features/changes/changes.usecases.js';
import { correlateUnindexedIncidents } from './features/correlation/correlation.backfill.js';
import { sweepDeadlineReminders } from './features/deadlines/deadlines.reminders.js';
import { playDueInjects } from './features/exercises/exercises.runner.js';
import { startRoutingWorker } from './features/incidents/incidents.routing.js';
import { sweepAccountabilityReminders } from './features/notices/notices.track.js';
import { sweepEscalations } from './features/notifications/notifications.escalation.js';
import { sweepRollCallReminders } from './features/notifications/notifications.rollcall.js';
import { sweepPolicyRequestReminders } from './features/policies/policies.reminders.js';
import { sweepConsentDeadlines } from './features/sharing/consent.usecases.js';
import { indexPendingReports } from './features/sharing/sharing.fingerprints.js';
import { sweepReportReminders } from './features/situations/reports.reminders.js';
import { sweepRequestReminders } from './features/situations/requests.reminders.js';
import type { Config } from './platform/config.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { sweepExpired } from './platform/housekeeping.js';
import { serveMetrics } from './platform/http/metrics.js';
import { startWorker } from './platform/worker.js';
import { buildServices, type Services } from './services.js';

export interface RunningServer {
  app: FastifyInstance;
  services: Services;
  /** Where /metrics is served apart from the public port (RENRAKU_METRICS_LISTEN), if it is. */
  metricsAddress?: { host: string; port: number };
  close(): Promise<void>;
}

/**
 * Starts Renraku as `renraku serve` runs it: migrations, the HTTP app, the live-event listener and the routing
 * worker. `prepare` runs after the migrations and before the server listens (demo data, benchmark fixtures).
 */
export async function startServer(
  config: Config,
  options: { prepare?: (services: Services, app: FastifyInstance) => Promise<void> } = {},
): Promise<RunningServer> {
  const services = buildServices(config);
  await migrateToLatest(services.handle);
  // Reports not yet in the guard of sharing's index (filed before it existed, or as a node stopped).
  await indexPendingReports(services.handle);
  // Incidents whose indicators came before correlation (a migrated database).
  await correlateUnindexedIncidents(services.handle, services.incidentDeps.correlation);
  const app = await buildApp(services);
  if (services.handle.dialect === 'postgres' && !config.auditKey && !config.auditKeyFile) {
    app.log.warn(
      'RENRAKU_AUDIT_KEY(_FILE) is not set: this node keeps its own audit key in RENRAKU_DATA_DIR. With several ' +
        'nodes on one database, give them all the same key, or the audit chain will not verify.',
    );
  }
  await options.prepare?.(services, app);
  await services.events.start();
  // Sends what is due (left by a previous run too) and, after every commit that enqueued, at once.
  services.outbox.start({ log: app.log });
  const stopWorker = startRoutingWorker(
    services.handle,
    services.incidentDeps,
    config.workerIntervalMs,
    (e) => app.log.error({ err: e }, 'routing worker failed'),
  );
  const stopConsentWorker = startWorker(
    config.workerIntervalMs,
    () => sweepConsentDeadlines(services.handle, services.sharingDeps),
    (e) => app.log.error({ err: e }, 'consent worker failed'),
  );
  const stopEscalationWorker = startWorker(
    config.workerIntervalMs,
    () => sweepEscalations(services.handle, services.notificationDeps),
    (e) => app.log.error({ err: e }, 'escalation worker failed'),
  );
  const stopRollCallWorker = startWorker(
    config.workerIntervalMs,
    () => sweepRollCallReminders(services.handle, services.notificationDeps),
    (e) => app.log.error({ err: e }, 'roll-call reminder worker failed'),
  );
  const stopReportWorker = startWorker(
    config.workerIntervalMs,
    () => sweepReportReminders(services.handle, services.situationDeps),
    (e) => app.log.error({ err: e }, 'situation report reminder worker failed'),
  );
  const stopRequestWorker = startWorker(
    config.workerIntervalMs,
    () => sweepRequestReminders(services.handle, services.situationDeps),
    (e) => app.log.error({ err: e }, 'situation request reminder worker failed'),
  );
  const stopCampaignWorker = startWorker(
    config.workerIntervalMs,
    () => sweepCampaignReminders(services.handle, services.campaignDeps),
    (e) => app.log.error({ err: e }, 'campaign reminder worker failed'),
  );
  const stopChangeWorker = startWorker(
    config.workerIntervalMs,
    () => sweepExpiredChanges(services.handle, services.changeDeps),
    (e) => app.log.error({ err: e }, 'pending change worker failed'),
  );
  const stopDeadlineWorker = startWorker(
    config.workerIntervalMs,
    () => sweepDeadlineReminders(services.handle, services.deadlineDeps),
    (e) => app.log.error({ err: e }, 'deadline reminder worker failed'),
  );
  const stopAccountabilityWorker = startWorker(
    config.workerIntervalMs,
    () => sweepAccountabilityReminders(services.handle, services.noticeDeps),
    (e) => app.log.error({ err: e }, 'accountability reminder worker failed'),
  );
  const stopPolicyWorker = startWorker(
    config.workerIntervalMs,
    () => sweepPolicyRequestReminders(services.handle, services.policyDeps),
    (e) => app.log.error({ err: e }, 'policy request reminder worker failed'),
  );
  const stopExerciseWorker = startWorker(
    config.workerIntervalMs,
    () => playDueInjects(services.handle, services.exerciseDeps),
    (e) => app.log.error({ err: e }, 'exercise runner failed'),
  );
  // Once an hour, on every node (the deletes are idempotent).
  const housekeeping = setInterval(() => {
    sweepExpired(services.handle, services.clock, services.housekeeping).catch((e) =>
      app.log.error({ err: e }, 'housekeeping failed'),
    );
  }, 3_600_000);
  housekeeping.unref();
  services.auditSealer.start(app.log);
  services.anchoring.start({ intervalMs: config.workerIntervalMs, log: app.log });
  services.reportIndex.start({ intervalMs: config.workerIntervalMs, log: app.log });
  await app.listen({ host: config.host, port: config.port });
  const metrics = config.metricsListen
    ? await serveMetrics({
        registry: app.metricsRegistry,
        ...config.metricsListen,
        token: config.metricsToken,
      })
    : undefined;
  return {
    app,
    services,
    ...(metrics ? { metricsAddress: { host: metrics.address.address, port: metrics.address.port } } : {}),
    async close() {
      await metrics?.close();
      stopWorker();
      stopConsentWorker();
      stopEscalationWorker();
      stopRollCallWorker();
      stopReportWorker();
      stopRequestWorker();
      stopCampaignWorker();
      stopChangeWorker();
      stopExerciseWorker();
      stopAccountabilityWorker();
      stopPolicyWorker();
      stopDeadlineWorker();
      clearInterval(housekeeping);
      await services.reportIndex.stop();
      await services.anchoring.stop();
      await services.outbox.stop();
      await app.close();
      await services.close();
    },
  };
}
