import type { Executor } from '../../platform/db/database.js';
import { type AttachmentRow, attachmentsRepository } from './attachments.repository.js';

// What other features may ask of attachments (sharing: which files a share carries, and their bytes once the
// share has decided the caller reads them), without reaching into the attachments feature's repository.

export type { AttachmentRow };

export const attachmentsReads = {
  /** The attachments of these incidents, without their bytes. */
  ofIncidents: (db: Executor, incidentIds: string[]) => attachmentsRepository.ofIncidents(db, incidentIds),
  /** These attachments, without their bytes. */
  byIds: (db: Executor, ids: string[]) => attachmentsRepository.byIds(db, ids),
  /** One attachment with its bytes, whoever reads it: the caller has decided that already. */
  withContentById: (db: Executor, id: string) => attachmentsRepository.withContentById(db, id),
};
