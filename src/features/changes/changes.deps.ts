import type { AuditLog } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config.js';
import type { NotificationDeps } from '../notifications/notifications.deps.js';
import type { ChangeKinds } from './changes.kinds.js';

/** What the confirmation of changes runs on. */
export interface ChangeDeps {
  audit: AuditLog;
  clock: Clock;
  /** Officers are told through the notifications' own machinery (in the app, and e-mail by the outbox). */
  notifications: NotificationDeps;
  /** RENRAKU_ADMIN_CHANGES_CONFIRMED_BY. */
  confirmedBy: 'body' | 'second-admin';
  /** RENRAKU_ADMIN_CHANGES_FALLBACK: when the body has nobody to confirm. */
  fallback: 'second-admin' | 'none';
  /** RENRAKU_ADMIN_CHANGES_TTL_HOURS. */
  ttlHours: number;
  kinds: ChangeKinds;
}

export const changeDepsOf = (
  s: { audit: AuditLog; clock: Clock; config: Config; notificationDeps: NotificationDeps },
  kinds: ChangeKinds,
): ChangeDeps => ({
  audit: s.audit,
  clock: s.clock,
  notifications: s.notificationDeps,
  confirmedBy: s.config.adminChangesConfirmedBy,
  fallback: s.config.adminChangesFallback,
  ttlHours: s.config.adminChangesTtlHours,
  kinds,
});
