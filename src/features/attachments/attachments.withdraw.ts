import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { freeText } from '../../platform/text.js';
import type { AttachmentDeps } from './attachments.deps.js';
import { attachmentErrors } from './attachments.errors.js';
import { type AttachmentRow, attachmentsRepository } from './attachments.repository.js';
import { announce, readableIncident } from './attachments.usecases.js';

/** The longest reason for a withdrawal. */
export const WITHDRAWAL_REASON_MAX = 500;

/**
 * Withdraws a file attached by mistake (the wrong log, citizens' personal data that should not have left the
 * body): its bytes are erased at once, for every reader and every share that carried it; its name, size and
 * SHA-256 stay on the incident with who withdrew it, when and why, and the audit log keeps the same.
 */
export async function withdrawAttachment(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  attachmentId: string;
  reason: string;
  deps: AttachmentDeps;
}): Promise<AttachmentRow> {
  const { unit, actor, deps } = args;
  const incident = await readableIncident(unit.tx, actor, args.incidentId);
  const file = await attachmentsRepository.oneOf(unit.tx, incident.id, args.attachmentId);
  if (!file) throw attachmentErrors.notFound();
  if (!can.withdrawAttachment(actor, { orgId: incident.org_id, uploadedBy: file.uploaded_by }))
    throw attachmentErrors.notWithdrawer();
  const reason = freeText(args.reason, 'reason', WITHDRAWAL_REASON_MAX);
  const now = deps.clock.now();
  const at = now.toISOString();
  // Conditional on not yet withdrawn: of two withdrawals at once, one wins and the other is told.
  if (
    !(await attachmentsRepository.withdraw(unit.tx, incident.id, file.id, {
      at,
      userId: actor.userId,
      reason,
    }))
  )
    throw attachmentErrors.alreadyWithdrawn();
  await deps.audit.append(
    unit,
    audited(actor, 'attachment.withdraw', 'attachment', file.id, {
      incidentId: incident.id,
      fileName: file.file_name,
      sha256: file.sha256,
      reason,
    }),
    now,
  );
  await announce(unit, deps, 'attachment.withdrawn', file, actor.orgSlug);
  return { ...file, withdrawn_at: at, withdrawn_by: actor.userId, withdrawal_reason: reason };
}
