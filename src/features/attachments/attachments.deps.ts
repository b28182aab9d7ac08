import type { AuditLog } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { EventBus } from '../../platform/events/events.js';

/** What the attachment use-cases run on. */
export interface AttachmentDeps {
  audit: AuditLog;
  clock: Clock;
  /** Tells the incident's readers, live, that a file was attached or withdrawn. */
  events: EventBus;
  /** RENRAKU_ATTACHMENT_MAX_BYTES: the largest file. */
  maxBytes: number;
  /** RENRAKU_ATTACHMENT_INCIDENT_MAX_BYTES: all files of one incident together. */
  incidentMaxBytes: number;
}
