import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import type { AttachmentsTable } from './attachments.table.js';

/** An attachment without its bytes: what lists and answers show. */
export type AttachmentRow = Omit<AttachmentsTable, 'content'>;

const LISTED = [
  'id',
  'incident_id',
  'report_seq',
  'org_id',
  'uploaded_by',
  'file_name',
  'media_type',
  'size',
  'sha256',
  'created_at',
  'withdrawn_at',
  'withdrawn_by',
  'withdrawal_reason',
] as const;

export const attachmentsRepository = {
  insert: (db: Executor, row: AttachmentsTable) => db.insertInto('attachments').values(row).execute(),

  /** The incident's attachments, oldest first, without their bytes. */
  ofIncident: (db: Executor, incidentId: string): Promise<AttachmentRow[]> =>
    db
      .selectFrom('attachments')
      .select(LISTED)
      .where('incident_id', '=', incidentId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),

  ofIncidents: (db: Executor, incidentIds: string[]): Promise<AttachmentRow[]> =>
    incidentIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('attachments')
          .select(LISTED)
          .where('incident_id', 'in', [...new Set(incidentIds)])
          .orderBy('created_at')
          .orderBy('id')
          .execute(),

  byIds: (db: Executor, ids: string[]): Promise<AttachmentRow[]> =>
    ids.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('attachments')
          .select(LISTED)
          .where('id', 'in', [...new Set(ids)])
          .orderBy('created_at')
          .orderBy('id')
          .execute(),

  withContentById: (db: Executor, id: string) =>
    db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst(),

  /**
   * Makes uploads to one incident take turns until the end of the transaction, so that two at once cannot both
   * fit under the incident's total (PostgreSQL; SQLite writers take turns anyway).
   */
  async lockIncident(unit: Unit, incidentId: string) {
    if (unit.dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(hashtext('renraku.attachments'), hashtext(${incidentId}))`.execute(
        unit.tx,
      );
  },

  /** Bytes the incident's attachments hold in all (a withdrawn file holds none). */
  async totalBytes(db: Executor, incidentId: string): Promise<number> {
    const row = await db
      .selectFrom('attachments')
      .select((eb) => eb.fn.sum<number | string | null>('size').as('total'))
      .where('incident_id', '=', incidentId)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.total ?? 0);
  },

  /** Erases the bytes of a file not yet withdrawn and records who withdrew it; false when it already was. */
  async withdraw(
    db: Executor,
    incidentId: string,
    id: string,
    by: { at: string; userId: string; reason: string },
  ): Promise<boolean> {
    const result = await db
      .updateTable('attachments')
      .set({
        content: Buffer.alloc(0),
        withdrawn_at: by.at,
        withdrawn_by: by.userId,
        withdrawal_reason: by.reason,
      })
      .where('id', '=', id)
      .where('incident_id', '=', incidentId)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** One attachment of the incident, without its bytes; none when it belongs to another incident. */
  oneOf: (db: Executor, incidentId: string, id: string): Promise<AttachmentRow | undefined> =>
    db
      .selectFrom('attachments')
      .select(LISTED)
      .where('id', '=', id)
      .where('incident_id', '=', incidentId)
      .executeTakeFirst(),

  /** One attachment of the incident, with its bytes; none when it belongs to another incident. */
  withContent: (db: Executor, incidentId: string, id: string) =>
    db
      .selectFrom('attachments')
      .selectAll()
      .where('id', '=', id)
      .where('incident_id', '=', incidentId)
      .executeTakeFirst(),
};
