import { type Expression, type Selectable, sql } from 'kysely';
import type { Actor } from '../../platform/access/roles.js';
import { noticeVisibleTo } from '../../platform/access/visibility.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import type {
  AccountabilityTracksTable,
  NoticeCommentsTable,
  NoticesTable,
  NoticeVersionsTable,
} from './notices.table.js';

export type TrackRow = Selectable<AccountabilityTracksTable>;
export type NoticeRow = Selectable<NoticesTable>;
export type VersionRow = Selectable<NoticeVersionsTable>;
export type CommentRow = Selectable<NoticeCommentsTable>;

/** What a unit that publishes or withdraws a notice says it changes: the public site's copies are dropped. */
export const PUBLIC_NOTICES_CHANGED = 'public-notices';

export const noticesRepository = {
  /**
   * Accountability decisions due in [from, to) on these incidents, counted per incident body: how many were due,
   * how many were decided by their due time (the annual report).
   */
  decisionsOnTime: (db: Executor, incidentIds: Expression<string>, period: { from: string; to: string }) =>
    db
      .selectFrom('accountability_tracks as t')
      .select([
        't.org_id as orgId',
        sql<string | number>`count(*)`.as('due'),
        sql<
          string | number
        >`sum(case when t.decided_at is not null and t.decided_at <= t.due_at then 1 else 0 end)`.as(
          'onTime',
        ),
      ])
      .where('t.due_at', '>=', period.from)
      .where('t.due_at', '<', period.to)
      .where('t.incident_id', 'in', incidentIds)
      .groupBy('t.org_id')
      .execute(),
  /** Whether any track is due in [from, to) (when none is, the annual report need not list incidents for them). */
  anyDue: async (db: Executor, period: { from: string; to: string }) =>
    (await db
      .selectFrom('accountability_tracks')
      .select('incident_id')
      .where('due_at', '>=', period.from)
      .where('due_at', '<', period.to)
      .limit(1)
      .executeTakeFirst()) !== undefined,
  /** The incident's track, if the actor sees it. */
  trackFor: (db: Executor, actor: Actor, incidentId: string) =>
    db
      .selectFrom('accountability_tracks as t')
      .selectAll()
      .where('t.incident_id', '=', incidentId)
      .where(noticeVisibleTo(actor, 't'))
      .executeTakeFirst(),
  /** The incident's track, whoever asks (Renraku itself opening one). */
  trackOf: (db: Executor, incidentId: string) =>
    db
      .selectFrom('accountability_tracks')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .executeTakeFirst(),
  /**
   * Undecided tracks to remind (due within the lead time, not reminded) or to escalate (past due, not escalated),
   * oldest due first.
   */
  undecidedToChase: (db: Executor, now: string, remindUntil: string) =>
    db
      .selectFrom('accountability_tracks')
      .selectAll()
      .where('decision', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('escalated_at', 'is', null), eb('due_at', '<=', now)]),
          eb.and([eb('reminded_at', 'is', null), eb('due_at', '>', now), eb('due_at', '<=', remindUntil)]),
        ]),
      )
      .orderBy('due_at')
      .orderBy('incident_id')
      .execute(),
  /** Marks the track reminded or escalated, only if it was not (one of two racing sweeps wins). */
  async markChased(tx: Tx, incidentId: string, column: 'reminded_at' | 'escalated_at', at: string) {
    const r = await tx
      .updateTable('accountability_tracks')
      .set({ [column]: at })
      .where('incident_id', '=', incidentId)
      .where(column, 'is', null)
      .where('decision', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  insertTrack: (tx: Tx, row: TrackRow) => tx.insertInto('accountability_tracks').values(row).execute(),
  updateTrack: (tx: Tx, incidentId: string, revision: number, change: Partial<TrackRow>) =>
    tx
      .updateTable('accountability_tracks')
      .set(change)
      .where('incident_id', '=', incidentId)
      .where('revision', '=', revision)
      .executeTakeFirst(),
  /** The notice, if the actor sees it. */
  noticeFor: (db: Executor, actor: Actor, id: string) =>
    db
      .selectFrom('notices as n')
      .selectAll()
      .where('n.id', '=', id)
      .where(noticeVisibleTo(actor, 'n'))
      .executeTakeFirst(),
  /** The incident's notices the actor sees, oldest first. */
  noticesOfIncident: (db: Executor, actor: Actor, incidentId: string) =>
    db
      .selectFrom('notices as n')
      .selectAll()
      .where('n.incident_id', '=', incidentId)
      .where(noticeVisibleTo(actor, 'n'))
      .orderBy('n.created_at')
      .orderBy('n.id')
      .execute(),
  insertNotice: (tx: Tx, row: NoticeRow) => tx.insertInto('notices').values(row).execute(),
  updateNotice: (tx: Tx, id: string, change: Partial<NoticeRow>) =>
    tx.updateTable('notices').set(change).where('id', '=', id).execute(),
  versions: (db: Executor, noticeIds: readonly string[]) =>
    noticeIds.length === 0
      ? Promise.resolve([] as VersionRow[])
      : db
          .selectFrom('notice_versions')
          .selectAll()
          .where('notice_id', 'in', [...noticeIds])
          .orderBy('notice_id')
          .orderBy('seq')
          .execute(),
  insertVersion: (tx: Tx, row: VersionRow) => tx.insertInto('notice_versions').values(row).execute(),
  /** Changes a version only if it is still at the revision read; whether it was. */
  async updateVersion(tx: Tx, noticeId: string, seq: number, revision: number, change: Partial<VersionRow>) {
    const r = await tx
      .updateTable('notice_versions')
      .set(change)
      .where('notice_id', '=', noticeId)
      .where('seq', '=', seq)
      .where('revision', '=', revision)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  discardOpenVersions: (tx: Tx, noticeId: string, at: string) =>
    tx
      .updateTable('notice_versions')
      .set({ status: 'discarded', updated_at: at })
      .where('notice_id', '=', noticeId)
      .where('status', 'in', ['draft', 'approved'])
      .execute(),
  comments: (db: Executor, noticeId: string) =>
    db
      .selectFrom('notice_comments')
      .selectAll()
      .where('notice_id', '=', noticeId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  insertComment: (tx: Tx, row: CommentRow) => tx.insertInto('notice_comments').values(row).execute(),
  /** Holds the notice's row until the transaction ends (PostgreSQL): changes of one notice take turns. */
  lockNotice: async (tx: Tx, id: string, dialect: string) => {
    if (dialect === 'postgres')
      await tx.selectFrom('notices').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  },
};
