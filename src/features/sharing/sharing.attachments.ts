import type { Actor } from '../../platform/access/roles.js';
import { audited } from '../../platform/audit/audit.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { attachmentErrors } from '../attachments/attachments.errors.js';
import { type AttachmentRow, attachmentsReads } from '../attachments/attachments.reads.js';
import type { SharingDeps } from './sharing.deps.js';
import { shareErrors } from './sharing.errors.js';
import { sharesRepository } from './sharing.repository.js';
import { viewOf } from './sharing.visibility.js';

// A share carries files of its source incidents only as its consent request showed them: the center picks
// them when it drafts or edits the share (either one asks consent anew), the consenting body sees them in the
// request, and the recipients download exactly those, while the share is published to them.

/**
 * The chosen attachments, each of one of the share's source incidents, or a 422 naming those that are not.
 * The caller has read the sources (loadSources), and so their attachments.
 */
export async function chooseAttachments(
  tx: Tx,
  sourceIncidentIds: string[],
  chosen: string[],
): Promise<AttachmentRow[]> {
  const ids = [...new Set(chosen)];
  const available = await attachmentsReads.ofIncidents(tx, sourceIncidentIds);
  // A withdrawn file has no bytes left to share.
  const picked = available.filter((a) => ids.includes(a.id) && a.withdrawn_at === null);
  const unknown = ids.filter((id) => !picked.some((a) => a.id === id));
  if (unknown.length > 0) throw shareErrors.unknownAttachment(unknown);
  return picked;
}

/** Records which attachments the share carries (its consent request shows them). */
export const carryAttachments = (tx: Tx, shareId: string, attachments: AttachmentRow[]) =>
  sharesRepository.setAttachments(
    tx,
    shareId,
    attachments.map((a) => a.id),
  );

/** The attachments each of these shares carries, by share. */
export async function attachmentsOfShares(
  db: Executor,
  shareIds: string[],
): Promise<Map<string, AttachmentRow[]>> {
  const links = await sharesRepository.attachmentLinks(db, shareIds);
  const rows = await attachmentsReads.byIds(
    db,
    links.map((l) => l.attachment_id),
  );
  const byShare = new Map<string, AttachmentRow[]>();
  for (const l of links) {
    const row = rows.find((r) => r.id === l.attachment_id);
    if (row) byShare.set(l.share_id, [...(byShare.get(l.share_id) ?? []), row]);
  }
  return byShare;
}

/** What a share shows of a file it carries: no incident, no uploader (recipients learn no source from it). */
export const presentShareAttachment = (shareId: string, a: AttachmentRow) => ({
  id: a.id,
  fileName: a.file_name,
  mediaType: a.media_type,
  size: Number(a.size),
  sha256: a.sha256,
  downloadUrl: `/api/v1/shares/${shareId}/attachments/${a.id}`,
  withdrawn: a.withdrawn_at !== null,
});

/**
 * One file the share carries, for whoever manages it or receives it now (a retraction notice carries
 * nothing); every download is audited.
 */
export async function downloadShareAttachment(args: {
  unit: Unit;
  actor: Actor;
  shareId: string;
  attachmentId: string;
  deps: SharingDeps;
}) {
  const { unit, actor, shareId, attachmentId, deps } = args;
  const share = await sharesRepository.byId(unit.tx, shareId);
  const view = await viewOf(unit.tx, actor, share);
  if (!share || (view !== 'manage' && view !== 'recipient')) throw shareErrors.notFound();
  const links = await sharesRepository.attachmentLinks(unit.tx, [share.id]);
  if (!links.some((l) => l.attachment_id === attachmentId)) throw shareErrors.attachmentNotFound();
  const file = await attachmentsReads.withContentById(unit.tx, attachmentId);
  if (!file) throw shareErrors.attachmentNotFound();
  if (file.withdrawn_at) throw attachmentErrors.withdrawn();
  await deps.audit.append(
    unit,
    audited(actor, 'attachment.download', 'attachment', file.id, {
      shareId: share.id,
      view,
      sha256: file.sha256,
    }),
    deps.clock.now(),
  );
  return file;
}
