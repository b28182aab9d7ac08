import { notificationVisibleTo } from '../../platform/access/visibility.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import { insertQuery, insertRows } from '../../platform/db/insert.js';
import { writeAtCommit } from '../../platform/db/transaction.js';
import { contactsReads } from '../contacts/contacts.reads.js';
import type { Channel, ContactRole, NotifiedEvent, Rule, Severity } from './notifications.rules.js';
import type {
  NotificationRulesTable,
  NotificationStepsTable,
  NotificationsTable,
} from './notifications.table.js';

export type NotificationRow = NotificationsTable;
export type StepRow = NotificationStepsTable;
export type RuleRow = NotificationRulesTable;

/** What a unit that changes notification rules says it changes (`Unit.changed`): copies of them are dropped. */
export const RULES_CHANGED = 'notification-rules';

// Rows of one multi-row insert: some twenty parameters each, well under the bounds of both databases.
const ROWS_CHUNK = 500;

export const ruleFromRow = (r: RuleRow): Rule => ({
  event: r.event as NotifiedEvent,
  enabled: r.enabled === 1,
  minSeverity: r.min_severity as Severity | null,
  roles: JSON.parse(r.roles) as ContactRole[],
  channels: JSON.parse(r.channels) as Channel[],
  ackMinutes: r.ack_minutes,
  ackMinSeverity: r.ack_min_severity as Severity | null,
});

export const notificationsRepository = {
  /** The rules bodies have set for an event (bodies without a row follow the default). */
  async rulesFor(db: Executor, orgIds: string[], event: string): Promise<Map<string, Rule>> {
    if (orgIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('notification_rules')
      .selectAll()
      .where('org_id', 'in', orgIds)
      .where('event', '=', event)
      .execute();
    return new Map(rows.map((r) => [r.org_id, ruleFromRow(r)]));
  },
  /** Every rule each of these bodies has set, by event (a body without any: an empty map). */
  async rulesOfBodies(db: Executor, orgIds: string[]): Promise<Map<string, Map<string, Rule>>> {
    const byOrg = new Map(orgIds.map((id) => [id, new Map<string, Rule>()]));
    if (orgIds.length === 0) return byOrg;
    const rows = await db
      .selectFrom('notification_rules')
      .selectAll()
      .where('org_id', 'in', orgIds)
      .execute();
    for (const r of rows) byOrg.get(r.org_id)?.set(r.event, ruleFromRow(r));
    return byOrg;
  },
  /** Those of the bodies that have at least one contact, in the order given. */
  withContacts: (db: Executor, orgIds: string[]): Promise<string[]> =>
    contactsReads.bodiesWithContacts(db, orgIds),
  rulesOf: (db: Executor, orgId: string) =>
    db.selectFrom('notification_rules').selectAll().where('org_id', '=', orgId).execute(),
  async replaceRules(db: Executor, orgId: string, rows: RuleRow[]): Promise<void> {
    await db.deleteFrom('notification_rules').where('org_id', '=', orgId).execute();
    if (rows.length > 0) await db.insertInto('notification_rules').values(rows).execute();
  },

  insert: (db: Executor, row: NotificationRow) => db.insertInto('notifications').values(row).execute(),
  /** Several notifications in one statement (none: nothing). */
  /** Writes notifications (in a commit group's own work, with its commit: see writeAtCommit). */
  async insertAll(db: Executor, rows: NotificationRow[]): Promise<void> {
    const writes = [];
    for (let i = 0; i < rows.length; i += ROWS_CHUNK)
      writes.push(insertQuery(db, 'notifications', rows.slice(i, i + ROWS_CHUNK)));
    await writeAtCommit(db, writes);
  },
  byId: (db: Executor, id: string) =>
    db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst(),
  /** Notifications by id, as a map. */
  async byIds(db: Executor, ids: string[]): Promise<Map<string, NotificationRow>> {
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom('notifications').selectAll().where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r]));
  },
  byTokenHash: (db: Executor, hash: string) =>
    db.selectFrom('notifications').selectAll().where('ack_token_hash', '=', hash).executeTakeFirst(),
  chain: (db: Executor, chainId: string) =>
    db.selectFrom('notifications').selectAll().where('chain_id', '=', chainId).orderBy('step').execute(),
  /**
   * The caller's notifications: addressed to its user, or to its e-mail address as a contact of its own body (an
   * account elsewhere with the same address is somebody else's: it must not read, nor acknowledge, the body's).
   */
  mine: (
    db: Executor,
    user: { userId: string; email: string; orgId: string },
    openOnly: boolean,
    limit: number,
  ) => {
    let q = db.selectFrom('notifications').selectAll().where(notificationVisibleTo(user));
    if (openOnly) q = q.where('ack_requested', '=', 1).where('acknowledged_at', 'is', null);
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  },
  /** Marks one notification acknowledged, unless it already is; returns whether it was this call. */
  async acknowledge(
    db: Executor,
    id: string,
    fields: { at: string; by: string | null; via: 'app' | 'link' },
  ): Promise<boolean> {
    const done = await db
      .updateTable('notifications')
      .set({ acknowledged_at: fields.at, acknowledged_by: fields.by, ack_via: fields.via })
      .where('id', '=', id)
      .where('acknowledged_at', 'is', null)
      .executeTakeFirst();
    return Number(done.numUpdatedRows) === 1;
  },
  /** An acknowledged chain escalates no further. */
  stopChain: (db: Executor, chainId: string) =>
    db
      .updateTable('notifications')
      .set({ escalate_at: null })
      .where('chain_id', '=', chainId)
      .where('escalate_at', 'is not', null)
      .execute(),
  /** Takes a notification out of the escalation queue; false when another run took it first. */
  async markEscalated(db: Executor, id: string, at: string): Promise<boolean> {
    const done = await db
      .updateTable('notifications')
      .set({ escalated_at: at, escalate_at: null })
      .where('id', '=', id)
      .where('escalated_at', 'is', null)
      .where('acknowledged_at', 'is', null)
      .executeTakeFirst();
    return Number(done.numUpdatedRows) === 1;
  },
  markFailed: (db: Executor, id: string, at: string, error: string) =>
    db
      .updateTable('notifications')
      .set({ failed_at: at, last_error: error.slice(0, 500) })
      .where('id', '=', id)
      .execute(),
  /** Whether some notification of the chain has been acknowledged. */
  async chainAcknowledged(db: Executor, chainId: string): Promise<boolean> {
    const row = await db
      .selectFrom('notifications')
      .select('id')
      .where('chain_id', '=', chainId)
      .where('acknowledged_at', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** The chains of a body's notifications about one thing that still wait (nobody acknowledged or closed them). */
  async openChainsAbout(
    db: Executor,
    subject: { type: string; id: string },
    alertOrgId: string | null,
  ): Promise<string[]> {
    const rows = await db
      .selectFrom('notifications')
      .select('chain_id')
      .distinct()
      .where('subject_type', '=', subject.type)
      .where('subject_id', '=', subject.id)
      .$if(alertOrgId !== null, (q) => q.where('alert_org_id', '=', alertOrgId as string))
      .where('acknowledged_at', 'is', null)
      .execute();
    return rows.map((r) => r.chain_id);
  },
  /**
   * Closes every notification of these chains that nobody acknowledged: it counts as answered (the body did
   * what it asked), and escalates no further. Returns those this call closed.
   */
  async closeChains(
    db: Executor,
    chainIds: string[],
    at: string,
    reason: string,
  ): Promise<NotificationRow[]> {
    if (chainIds.length === 0) return [];
    const open = await db
      .selectFrom('notifications')
      .selectAll()
      .where('chain_id', 'in', chainIds)
      .where('acknowledged_at', 'is', null)
      .orderBy('step')
      .execute();
    const closed: NotificationRow[] = [];
    for (const n of open) {
      const done = await db
        .updateTable('notifications')
        .set({
          acknowledged_at: at,
          acknowledged_by: null,
          ack_via: 'action',
          escalate_at: null,
          closed_reason: reason,
        })
        .where('id', '=', n.id)
        .where('acknowledged_at', 'is', null)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 1)
        closed.push({
          ...n,
          acknowledged_at: at,
          ack_via: 'action',
          escalate_at: null,
          closed_reason: reason,
        });
    }
    // A chain with some step acknowledged already stops too.
    await db
      .updateTable('notifications')
      .set({ escalate_at: null })
      .where('chain_id', 'in', chainIds)
      .where('escalate_at', 'is not', null)
      .execute();
    return closed;
  },

  insertStep: (db: Executor, row: StepRow) => db.insertInto('notification_steps').values(row).execute(),
  /** Writes steps (in a commit group's own work, with its commit: see writeAtCommit). */
  async insertSteps(db: Executor, rows: StepRow[]): Promise<void> {
    const writes = [];
    for (let i = 0; i < rows.length; i += ROWS_CHUNK)
      writes.push(insertQuery(db, 'notification_steps', rows.slice(i, i + ROWS_CHUNK)));
    await writeAtCommit(db, writes);
  },
  /**
   * The notices due to escalate by `now` (unacknowledged, not yet escalated), oldest deadline first; on
   * PostgreSQL held for the transaction, skipping those another node holds.
   */
  dueEscalations(tx: Tx, dialect: 'sqlite' | 'postgres', now: string, batch: number) {
    let q = tx
      .selectFrom('notifications')
      .selectAll()
      .where('escalate_at', '<=', now)
      .where('acknowledged_at', 'is', null)
      .where('escalated_at', 'is', null)
      .orderBy('escalate_at')
      .limit(batch);
    if (dialect === 'postgres') q = q.forUpdate().skipLocked();
    return q.execute();
  },
  /**
   * Every notice of the chains that began with a notice of `event` about the subject to one of these bodies
   * (step 0 is the body's own), with that body.
   */
  chainsStartedAt: (db: Executor, subject: { type: string; id: string }, event: string, orgIds: string[]) =>
    db
      .selectFrom('notifications as n')
      .innerJoin(
        db
          .selectFrom('notifications')
          .select(['chain_id', 'alert_org_id'])
          .where('subject_type', '=', subject.type)
          .where('subject_id', '=', subject.id)
          .where('event', '=', event)
          .where('step', '=', 0)
          .where('alert_org_id', 'in', orgIds)
          .as('f'),
        'f.chain_id',
        'n.chain_id',
      )
      .select(['f.alert_org_id as orgId', 'n.acknowledged_at', 'n.step', 'n.escalated_at'])
      .execute(),
  stepsOfIncident: (db: Executor, incidentId: string) =>
    db
      .selectFrom('notification_steps')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('at')
      .orderBy('id')
      .limit(2000)
      .execute(),
};
