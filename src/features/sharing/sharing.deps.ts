import type { AuditLog } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { EventBus } from '../../platform/events/events.js';
import type { ConsentFrom } from './sharing.sources.js';

/** What the sharing use-cases run on. */
export interface SharingDeps {
  audit: AuditLog;
  events: EventBus;
  clock: Clock;
  consentFrom: ConsentFrom;
  consentDeadlineHours: number;
  consentReminderHours: number;
  /** RENRAKU_CONSENT_MIN_ACCOUNT_AGE_DAYS: consent by a younger account (or role) is flagged. */
  consentMinAccountAgeDays: number;
  /** Put before incident numbers where they are shown (RENRAKU_INCIDENT_NUMBER_PREFIX). */
  incidentNumberPrefix: string;
}
