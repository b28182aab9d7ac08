import type { AuditLog } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';

/** What the attachment use-cases run on. */
export interface AttachmentDeps {
  audit: AuditLog;
  clock: Clock;
  /** RENRAKU_ATTACHMENT_MAX_BYTES: the largest file. */
  maxBytes: number;
  /** RENRAKU_ATTACHMENT_INCIDENT_MAX_BYTES: all files of one incident together. */
  incidentMaxBytes: number;
}
