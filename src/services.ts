import { keptPasses } from './features/annual/annual.kept.js';
import type { AnnualDeps } from './features/annual/annual.usecases.js';
import { purgeIncidentAssessments } from './features/assessments/assessments.purge.repository.js';
import type { AssessmentDeps } from './features/assessments/assessments.usecases.js';
import type { AttachmentDeps } from './features/attachments/attachments.deps.js';
import { purgeIncidentAttachments } from './features/attachments/attachments.purge.repository.js';
import { type CampaignDeps, campaignDepsOf } from './features/campaigns/campaigns.deps.js';
import { type ChangeDeps, changeDepsOf } from './features/changes/changes.deps.js';
import { createChangeKinds } from './features/changes/changes.kinds.js';
import { contactChangeKinds } from './features/contacts/contacts.changes.js';
import { type ContactDeps, contactDepsOf } from './features/contacts/contacts.deps.js';
import { purgeIncidentMessages } from './features/conversation/conversation.purge.repository.js';
import type { ConversationDeps } from './features/conversation/conversation.usecases.js';
import { warningKey } from './features/correlation/correlation.engine.js';
import { purgeIncidentCorrelations } from './features/correlation/correlation.purge.repository.js';
import type { StatsDeps } from './features/dashboard/dashboard.usecases.js';
import { purgeIncidentReminders } from './features/deadlines/deadlines.purge.repository.js';
import type { DeadlineReminderDeps } from './features/deadlines/deadlines.reminders.js';
import type { ExerciseDeps } from './features/exercises/exercises.deps.js';
import type { LessonsDeps } from './features/exercises/lessons.js';
import type { PurgeDeps } from './features/exercises/purge.js';
import type { ReportDeps } from './features/exercises/report.js';
import {
  exerciseIncidentIds,
  purgeExerciseIncidents,
} from './features/incidents/incidents.purge.repository.js';
import type { IncidentDeps } from './features/incidents/incidents.usecases.js';
import { acceptedCategories } from './features/incidents/taxonomy.js';
import { purgeIncidentIndicators } from './features/indicators/indicators.purge.repository.js';
import { mfaDepsOf } from './features/mfa/mfa.deps.js';
import type { StepDeps } from './features/mfa/mfa.login.js';
import { mfaResetKind } from './features/mfa/mfa.reset.js';
import { type NoticeDeps, openAccountabilityTrack } from './features/notices/notices.track.js';
import { type NotificationDeps, notificationDepsOf } from './features/notifications/notifications.deps.js';
import { recordDeliveryOutcome } from './features/notifications/notifications.escalation.js';
import { notificationPlanner } from './features/notifications/notifications.planner.js';
import { purgeExerciseNotices } from './features/notifications/notifications.purge.repository.js';
import { notificationsReads } from './features/notifications/notifications.reads.js';
import { notificationRulesKind } from './features/notifications/notifications.usecases.js';
import { type LoginPolicyDeps, loginPolicyKind } from './features/orgs/login-policy.usecases.js';
import { orgsDirectory } from './features/orgs/orgs.directory.js';
import type { PolicyDeps } from './features/policies/policies.deps.js';
import type { SharingDeps } from './features/sharing/sharing.deps.js';
import { createReportIndexer, type ReportIndexer } from './features/sharing/sharing.fingerprints.js';
import { purgeIncidentFingerprints } from './features/sharing/sharing.purge.repository.js';
import { levelsOf } from './features/situations/situations.config.js';
import type { SituationDeps } from './features/situations/situations.deps.js';
import {
  exerciseSituationIds,
  purgeExerciseSituations,
} from './features/situations/situations.purge.repository.js';
import { ssoChangeKindList } from './features/sso/sso.changes.js';
import { type SsoDeps, ssoDepsOf } from './features/sso/sso.deps.js';
import { passwordDepsOf } from './features/users/passwords.deps.js';
import type { PasswordDeps } from './features/users/passwords.usecases.js';
import { loginDepsOf } from './features/users/sessions.deps.js';
import type { LoginDeps } from './features/users/sessions.usecases.js';
import { expiredSessions } from './features/users/users.accounts.js';
import { userChangeKinds } from './features/users/users.changes.js';
import type { UserDeps } from './features/users/users.create.js';
import { credentialsOf } from './features/users/users.credentials.js';
import { usersReads } from './features/users/users.reads.js';
import { warningListed } from './features/warninglists/warninglists.reads.js';
import { type Anchoring, anchorSettingsOf, createAnchoring } from './platform/audit/anchoring.js';
import { type AuditLog, createAuditLog } from './platform/audit/audit.js';
import type { AuditActors } from './platform/audit/audit.query.js';
import { type AuditSealer, createAuditSealer } from './platform/audit/audit.sealer.js';
import type { Credentials } from './platform/auth/authenticate.js';
import { setPasswordHashCost } from './platform/auth/secrets.js';
import { type Clock, systemClock } from './platform/clock.js';
import { type Config, publicUrl, resolveAuditKey } from './platform/config.js';
import { changesOf } from './platform/db/changes.js';
import { type DatabaseHandle, openDatabase } from './platform/db/database.js';
import { createEventBus, type EventBus } from './platform/events/events.js';
import { expiredIdempotencyKeys, type HousekeepingSteps } from './platform/housekeeping.js';
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
  conversationDeps: ConversationDeps;
  /** Impact assessments of incidents, and the deadline profiles and clocks they start. */
  assessmentDeps: AssessmentDeps;
  noticeDeps: NoticeDeps;
  deadlineDeps: DeadlineReminderDeps;
  sharingDeps: SharingDeps;
  attachmentDeps: AttachmentDeps;
  /** Signed checkpoints of the audit chain, kept outside the database. */
  anchoring: Anchoring;
  /** Chains the audit rows written unsealed (PostgreSQL); start() in the server for failover. */
  auditSealer: AuditSealer;
  /** Single sign-on: the OpenID Connect client, the sealing key of client secrets. */
  ssoDeps: SsoDeps;
  /** Changes of a body's people and contacts asked from outside it, and the kinds that apply them. */
  changeDeps: ChangeDeps;
  /** Each feature's deps, built once here and handed to its routes, workers and the CLI. */
  contactDeps: ContactDeps;
  campaignDeps: CampaignDeps;
  /** The policy clause register, its requests and their reminders. */
  policyDeps: PolicyDeps;
  /** Large-scale situations: declaration, roll-call, board, timeline. */
  situationDeps: SituationDeps;
  /** Exercises: their control and the runner that plays their injects. */
  exerciseDeps: ExerciseDeps;
  /** Exercises' aftermath: the report and its final, the purge of their data, lessons learned. */
  exerciseReportDeps: ReportDeps;
  /** The annual report: its numbers are counted in the configured time zone. */
  annualDeps: AnnualDeps;
  exercisePurgeDeps: PurgeDeps;
  lessonsDeps: LessonsDeps;
  userDeps: UserDeps;
  passwordDeps: PasswordDeps;
  loginDeps: LoginDeps;
  mfaDeps: StepDeps;
  loginPolicyDeps: LoginPolicyDeps;
  statsDeps: StatsDeps;
  /** The guard of sharing's index of reports, written after each report commits. */
  reportIndex: ReportIndexer;
  /** Who the audit log's actors are now (e-mail, body), for its list and export. */
  auditActors: AuditActors;
  /** Who holds an API token or a browser session, for authentication. */
  credentials: Credentials;
  /** What housekeeping removes once an hour, every step in one list. */
  housekeeping: HousekeepingSteps;
  close(): Promise<void>;
}

export interface ServiceOverrides {
  clock?: Clock;
  handle?: DatabaseHandle;
  auditKey?: Buffer;
  /** Faster claims and retries, for tests of crashes and outages. */
  outboxTiming?: Partial<OutboxTiming>;
}

/** The one composition root. Tests pass a fake clock, another database handle or a fixed audit key. */
export function buildServices(config: Config, overrides: ServiceOverrides = {}): Services {
  const clock = overrides.clock ?? systemClock;
  setPasswordHashCost({ memoryKiB: config.passwordHashMemoryKiB, passes: config.passwordHashPasses });
  const handle =
    overrides.handle ??
    openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      statementCache: config.databaseStatementCache,
    });
  const audit = createAuditLog(overrides.auditKey ?? resolveAuditKey(config));
  const events = createEventBus(handle);
  const noticeDeps: NoticeDeps = {
    audit,
    clock,
    events,
    publicDecisionDays: config.publicDecisionDays,
    publicDecisionReminderHours: config.publicDecisionReminderHours,
  };
  const outbox = createOutbox({
    handle,
    clock,
    senders: {
      email: createEmailSender({ smtpUrl: config.smtpUrl, from: config.mailFrom }),
      webhook: createWebhookSender({
        clock,
        allowLoopback: config.webhookAllowLoopback,
        ports: config.webhookPorts,
      }),
    },
    timing: { claimMs: config.outboxClaimSeconds * 1000, ...overrides.outboxTiming },
  });
  const notificationDeps = notificationDepsOf({
    audit,
    clock,
    config,
    events,
    outbox,
    changes: changesOf(handle),
  });
  // The event bus's subscribers, run in the unit of every event recorded: notification planning.
  events.onRecord(notificationPlanner(notificationDeps));
  outbox.onOutcome((o) => recordDeliveryOutcome(handle, notificationDeps, o));
  // The guard of sharing's index, brought up to date after each report commits (off the report path).
  const reportIndex = createReportIndexer(handle);
  const incidentDeps: IncidentDeps = {
    audit,
    events,
    clock,
    taxonomy: config.taxonomy,
    categories: acceptedCategories(config.taxonomy),
    incidentNumberPrefix: config.incidentNumberPrefix ?? '',
    timeZone: config.timeZone,
    reportingTargetMinutes: config.reportingTargetMinutes,
    defaultReviewDeadlineMinutes: config.reviewDeadlineMinutes,
    maxReviewDeadlineMinutes: config.reviewDeadlineMaxMinutes,
    clockSkewSeconds: config.clockSkewSeconds,
    reportIndex,
    // What the warning lists flag is not correlated (issue 14, point 2).
    correlation: {
      warned: async (db, values) => {
        const flagged = await warningListed(db, values);
        return new Set([...flagged].flatMap((i) => (values[i] ? [warningKey(values[i])] : [])));
      },
    },
  };
  const sharingDeps: SharingDeps = {
    audit,
    events,
    clock,
    consentFrom: config.consentFrom,
    consentDeadlineHours: config.consentDeadlineHours,
    consentReminderHours: config.consentReminderHours,
    consentMinAccountAgeDays: config.consentMinAccountAgeDays,
    incidentNumberPrefix: config.incidentNumberPrefix ?? '',
  };
  const auditSealer = createAuditSealer({ handle, audit, intervalMs: config.auditSealIntervalMs });
  const anchoring = createAnchoring({
    handle,
    clock,
    audit,
    sealer: auditSealer,
    outbox,
    settings: anchorSettingsOf(config),
  });
  const ssoDeps = ssoDepsOf({ audit, clock, config });
  const contactDeps = contactDepsOf({ audit, clock, config });
  // Every kind of change that waits for a body's confirmation, by the feature that knows how to make it.
  const changeKinds = createChangeKinds([
    ...userChangeKinds({ audit, clock }),
    ...contactChangeKinds(contactDeps),
    notificationRulesKind(notificationDeps),
    mfaResetKind({ audit, clock, outbox, publicUrl: publicUrl(config).replace(/\/+$/, '') }),
    ...ssoChangeKindList(ssoDeps),
    loginPolicyKind({ audit, clock }),
  ]);
  const changeDeps = changeDepsOf({ audit, clock, config, notificationDeps }, changeKinds);
  const loginDeps = loginDepsOf({ audit, clock, config });
  const situationDeps: SituationDeps = {
    audit,
    clock,
    events,
    levels: levelsOf(config),
    timeZone: config.timeZone,
    incidentNumberPrefix: config.incidentNumberPrefix ?? '',
    declarationNotices: notificationsReads.declarationNotices,
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
    conversationDeps: { audit, events, clock },
    assessmentDeps: {
      audit,
      events,
      clock,
      // An assessment that calls for it opens the incident's accountability track (notices), in its unit.
      publicExplanationCalledFor: async (unit, incidentId, reason) => {
        await openAccountabilityTrack({ unit, actor: null, incidentId, reason, deps: noticeDeps });
      },
    },
    noticeDeps,
    deadlineDeps: {
      audit,
      clock,
      timeZone: config.timeZone,
      reportingTargetMinutes: config.reportingTargetMinutes,
      appiPreliminaryDays: config.appiPreliminaryDays,
      events,
      reminderMinutes: config.deadlineReminderMinutes,
    },
    sharingDeps,
    attachmentDeps: {
      audit,
      clock,
      events,
      maxBytes: config.attachmentMaxBytes,
      incidentMaxBytes: config.attachmentIncidentMaxBytes,
    },
    anchoring,
    auditSealer,
    ssoDeps,
    changeDeps,
    contactDeps,
    campaignDeps: campaignDepsOf({ audit, clock, config, events, outbox }, contactDeps),
    policyDeps: {
      audit,
      clock,
      events,
      outbox,
      publicUrl: publicUrl(config).replace(/\/+$/, ''),
      timeZone: config.timeZone,
      excerptMaxBytes: config.policyExcerptMaxBytes,
      reminderDays: config.policyRequestReminderDays,
    },
    situationDeps,
    exerciseDeps: { audit, clock, events, timeZone: config.timeZone, situationDeps, incidentDeps },
    exerciseReportDeps: { audit, clock, events },
    annualDeps: { audit, clock, timeZone: config.timeZone, kept: keptPasses() },
    exercisePurgeDeps: {
      audit,
      clock,
      report: { audit, clock, events },
      purgers: {
        situationIds: exerciseSituationIds,
        incidentIds: exerciseIncidentIds,
        notices: purgeExerciseNotices,
        ofIncidents: [
          purgeIncidentMessages,
          purgeIncidentReminders,
          purgeIncidentAssessments,
          purgeIncidentAttachments,
          purgeIncidentFingerprints,
          purgeIncidentIndicators,
          purgeIncidentCorrelations,
        ],
        situations: purgeExerciseSituations,
        incidents: purgeExerciseIncidents,
      },
    },
    lessonsDeps: { audit, clock, events },
    userDeps: { audit, clock, changes: changeDeps },
    passwordDeps: passwordDepsOf({ audit, clock, config, outbox }),
    loginDeps,
    mfaDeps: mfaDepsOf(loginDeps, config),
    loginPolicyDeps: { audit, clock, changes: changeDeps },
    statsDeps: { audit, clock, timeZone: config.timeZone },
    reportIndex,
    credentials: credentialsOf(handle.db, changesOf(handle)),
    auditActors: {
      idByEmail: (db, email) => usersReads.idByEmail(db, email),
      emailsOf: async (db, ids) =>
        new Map([...(await usersReads.byIds(db, ids))].map(([id, p]) => [id, p.email])),
      slugsOf: async (db, ids) =>
        new Map([...(await orgsDirectory.byIds(db, ids))].map(([id, o]) => [id, o.slug])),
    },
    housekeeping: {
      idempotencyKeys: expiredIdempotencyKeys(config.idempotencyTtlHours),
      sessions: expiredSessions,
    },
    async close() {
      await reportIndex.stop();
      await anchoring.stop();
      await auditSealer.stop();
      await outbox.stop();
      await events.stop();
      await handle.destroy();
    },
  };
}
