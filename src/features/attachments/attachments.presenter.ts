import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Executor } from '../../platform/db/database.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import type { AttachmentRow } from './attachments.repository.js';
import type { AttachmentOut } from './attachments.schemas.js';

/** Where an attachment is downloaded. */
export const downloadPath = (row: Pick<AttachmentRow, 'incident_id' | 'id'>) =>
  `/api/v1/incidents/${row.incident_id}/attachments/${row.id}`;

/**
 * Attachments as the API shows them to the actor: an explicit allow-list of fields, the uploader's body by name,
 * and whether the actor may withdraw each (the server decides again when it is asked).
 */
export async function presentAttachments(
  db: Executor,
  rows: AttachmentRow[],
  actor: Actor,
): Promise<AttachmentOut[]> {
  const orgs = await orgsDirectory.byIds(db, [...new Set(rows.map((r) => r.org_id))]);
  return rows.map((r) => {
    const org = orgs.get(r.org_id);
    return {
      id: r.id,
      incidentId: r.incident_id,
      reportSeq: Number(r.report_seq),
      fileName: r.file_name,
      mediaType: r.media_type,
      size: Number(r.size),
      sha256: r.sha256,
      uploader: {
        orgId: r.org_id,
        orgSlug: org?.slug ?? '',
        orgNameJa: org?.name_ja ?? '',
        orgNameEn: org?.name_en ?? '',
      },
      createdAt: r.created_at,
      downloadUrl: downloadPath(r),
      withdrawn: r.withdrawn_at ? { at: r.withdrawn_at, reason: r.withdrawal_reason ?? '' } : null,
      mayWithdraw:
        r.withdrawn_at === null &&
        can.withdrawAttachment(actor, { orgId: r.org_id, uploadedBy: r.uploaded_by }),
    };
  });
}
