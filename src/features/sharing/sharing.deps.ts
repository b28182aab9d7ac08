import type { Actor } from '../../platform/access/roles.js';
import { type AuditEntry, type AuditLog, auditEntry } from '../../platform/audit/audit.js';
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
}

/** An audit entry about a share (or a consent request, a standing consent) by the actor, or by Renraku. */
export const audited = (
  actor: Actor | null,
  action: string,
  subjectType: 'share' | 'consent_request' | 'standing_consent',
  subjectId: string | null,
  detail?: Record<string, unknown>,
): AuditEntry => auditEntry(actor, action, subjectType, subjectId, detail);
