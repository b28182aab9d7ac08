import type { AuditLog } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import type { EventBus } from '../../platform/events/events.js';
import type { PostureLevel } from './situations.config.js';

/** How a body stands with the declaration's notice: acknowledged (when), escalated past its first contact. */
export interface NoticeState {
  acknowledgedAt: string | null;
  escalated: boolean;
}

/**
 * What the board shows of each body's declaration notice, as the notifications feature knows it (wired by the
 * composition root with notificationsReads.declarationNotices).
 */
export type DeclarationNotices = (
  db: Executor,
  situationId: string,
  orgIds: string[],
) => Promise<Map<string, NoticeState>>;

/** What large-scale situations run on. */
export interface SituationDeps {
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  /** The configured posture levels, in ascending order. */
  levels: readonly PostureLevel[];
  /** Zone of the fiscal year that numbers situations (RENRAKU_TIME_ZONE). */
  timeZone: string;
  /** Put before incident numbers shown (RENRAKU_INCIDENT_NUMBER_PREFIX). */
  incidentNumberPrefix: string;
  declarationNotices: DeclarationNotices;
}
