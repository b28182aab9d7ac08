import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { incidentReaderBodies } from '../../platform/access/visibility.js';
import { audited } from '../../platform/audit/audit.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import type { AttachmentDeps } from './attachments.deps.js';
import { attachmentErrors } from './attachments.errors.js';
import { fileNameOf, mediaTypeOf } from './attachments.names.js';
import { type AttachmentRow, attachmentsRepository } from './attachments.repository.js';

/** A request body read to its end: the bytes, their count and SHA-256 (hashed as they arrived). */
export interface Upload {
  content: Buffer;
  size: number;
  sha256: string;
}

/** The incident if the actor reads it (the incidents' own reader-set predicate); otherwise it does not exist. */
export async function readableIncident(db: Executor, actor: Actor, incidentId: string) {
  if (!can.readIncidents(actor)) throw attachmentErrors.incidentNotFound();
  // An exercise's incident too: its participants attach files to it as to a real one.
  const [incident] = await incidentsReads.readableByIds(db, actor.orgId, [incidentId], 'any');
  if (!incident) throw attachmentErrors.incidentNotFound();
  return incident;
}

/**
 * Attaches a file to one of the incident's reports (its latest unless `reportSeq` names one): only the
 * incident's own body, within the size limits. Everything is checked before anything is written.
 */
export async function attachFile(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  input: { name: string | undefined; mediaType: string | undefined; reportSeq: number | undefined };
  upload: Upload | undefined;
  deps: AttachmentDeps;
}): Promise<AttachmentRow> {
  const { unit, actor, input, upload, deps } = args;
  const incident = await readableIncident(unit.tx, actor, args.incidentId);
  if (!can.attachFile(actor, { orgId: incident.org_id })) throw attachmentErrors.notReportingBody();
  const fileName = fileNameOf(input.name);
  const mediaType = mediaTypeOf(input.mediaType);
  if (!upload || upload.size === 0) throw attachmentErrors.empty();
  if (upload.size > deps.maxBytes) throw attachmentErrors.tooLarge(deps.maxBytes);
  const seqs = (await incidentsReads.reportBodies(unit.tx, [incident.id])).map((r) => r.seq);
  const reportSeq = input.reportSeq ?? Math.max(...seqs);
  if (!seqs.includes(reportSeq)) throw attachmentErrors.unknownReport(reportSeq);
  await attachmentsRepository.lockIncident(unit, incident.id);
  const held = await attachmentsRepository.totalBytes(unit.tx, incident.id);
  if (held + upload.size > deps.incidentMaxBytes) throw attachmentErrors.incidentFull(deps.incidentMaxBytes);

  const now = deps.clock.now();
  const row = {
    id: newId(),
    incident_id: incident.id,
    report_seq: reportSeq,
    org_id: actor.orgId,
    uploaded_by: actor.userId,
    file_name: fileName,
    media_type: mediaType,
    size: upload.size,
    sha256: upload.sha256,
    created_at: now.toISOString(),
    withdrawn_at: null,
    withdrawn_by: null,
    withdrawal_reason: null,
  };
  await attachmentsRepository.insert(unit.tx, { ...row, content: upload.content });
  await deps.audit.append(
    unit,
    audited(actor, 'attachment.upload', 'attachment', row.id, {
      incidentId: incident.id,
      reportSeq,
      fileName,
      size: upload.size,
      sha256: upload.sha256,
    }),
    now,
  );
  await announce(unit, deps, 'attachment.added', row, actor.orgSlug);
  return row;
}

/**
 * Tells every body that reads the incident, live, that its attachments changed (the file's id and the acting
 * body; never its name, which may say more than its readers' screens should show before they load it).
 */
export async function announce(
  unit: Unit,
  deps: AttachmentDeps,
  type: 'attachment.added' | 'attachment.withdrawn',
  row: Pick<AttachmentRow, 'id' | 'incident_id'>,
  orgSlug: string,
) {
  const readers = await incidentReaderBodies(unit.tx, row.incident_id, undefined, 'any');
  await deps.events.record(
    unit,
    {
      type,
      incidentId: row.incident_id,
      readerOrgIds: [...readers],
      payload: { attachmentId: row.id, orgSlug },
    },
    deps.clock.now(),
  );
}

/** The incident's attachments, for its readers; the read is audited. */
export async function listAttachments(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  deps: AttachmentDeps;
}): Promise<AttachmentRow[]> {
  const { unit, actor, deps } = args;
  const incident = await readableIncident(unit.tx, actor, args.incidentId);
  const rows = await attachmentsRepository.ofIncident(unit.tx, incident.id);
  await deps.audit.append(
    unit,
    audited(actor, 'attachment.list', 'incident', incident.id, { count: rows.length }),
    deps.clock.now(),
  );
  return rows;
}

/** One attachment with its bytes, for the incident's readers; every download is audited. */
export async function downloadAttachment(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  attachmentId: string;
  deps: AttachmentDeps;
}) {
  const { unit, actor, deps } = args;
  const incident = await readableIncident(unit.tx, actor, args.incidentId);
  const file = await attachmentsRepository.withContent(unit.tx, incident.id, args.attachmentId);
  if (!file) throw attachmentErrors.notFound();
  if (file.withdrawn_at) throw attachmentErrors.withdrawn();
  await deps.audit.append(
    unit,
    audited(actor, 'attachment.download', 'attachment', file.id, {
      incidentId: incident.id,
      sha256: file.sha256,
    }),
    deps.clock.now(),
  );
  return file;
}
