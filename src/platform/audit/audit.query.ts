import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import { escapeLike } from '../db/like.js';
import type { AuditLogTable } from './audit.table.js';

/**
 * Who the actors of audit rows are now, asked of the features that keep people and bodies; the composition root
 * gives it, so that the audit log reads none of their tables.
 */
export interface AuditActors {
  /** The id of the account with this e-mail address as stored (disabled ones too). */
  idByEmail(db: Executor, email: string): Promise<string | undefined>;
  /** E-mail addresses of people, by id. */
  emailsOf(db: Executor, userIds: string[]): Promise<Map<string, string>>;
  /** Slugs of bodies, by id. */
  slugsOf(db: Executor, orgIds: string[]): Promise<Map<string, string>>;
}

/** What the audit log can be narrowed to; every field is optional and they combine with AND. */
export interface AuditFilter {
  /** An action (`incident.read`), or a prefix ending with a dot (`incident.`). */
  action?: string | undefined;
  /** The e-mail of the acting user. */
  actor?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  /** From this instant (inclusive) to that one (exclusive), ISO 8601. */
  from?: string | undefined;
  to?: string | undefined;
}

/** An audit row with its actor's e-mail and body as they are now (null if none). */
export type AuditRow = Selectable<AuditLogTable> & {
  actor_email: string | null;
  actor_org_slug: string | null;
};

/** Audit rows matching the filter (the actor given by its e-mail address, found beforehand). */
async function matching(db: Executor, f: AuditFilter, actors: AuditActors) {
  const actorId = f.actor ? ((await actors.idByEmail(db, f.actor.toLowerCase())) ?? null) : undefined;
  let q = db.selectFrom('audit_log as a').selectAll('a');
  if (f.action?.endsWith('.')) q = q.where('a.action', 'like', `${escapeLike(f.action)}%`);
  else if (f.action) q = q.where('a.action', '=', f.action);
  // Nobody with that address: nothing matches.
  if (actorId === null) q = q.where((eb) => eb.lit(false));
  else if (actorId !== undefined) q = q.where('a.actor_user_id', '=', actorId);
  if (f.subjectType) q = q.where('a.subject_type', '=', f.subjectType);
  if (f.subjectId) q = q.where('a.subject_id', '=', f.subjectId);
  if (f.from) q = q.where('a.at', '>=', f.from);
  if (f.to) q = q.where('a.at', '<', f.to);
  return q;
}

/** The rows with their actors' e-mail addresses and bodies' slugs as they are now. */
async function withActors(db: Executor, rows: Selectable<AuditLogTable>[], actors: AuditActors) {
  const userIds = [...new Set(rows.flatMap((r) => (r.actor_user_id ? [r.actor_user_id] : [])))];
  const orgIds = [...new Set(rows.flatMap((r) => (r.actor_org_id ? [r.actor_org_id] : [])))];
  const [emails, slugs] = await Promise.all([actors.emailsOf(db, userIds), actors.slugsOf(db, orgIds)]);
  return rows.map(
    (r): AuditRow => ({
      ...r,
      actor_email: (r.actor_user_id && emails.get(r.actor_user_id)) ?? null,
      actor_org_slug: (r.actor_org_id && slugs.get(r.actor_org_id)) ?? null,
    }),
  );
}

export const auditQuery = {
  /** A page of matching rows, newest written first, before a row id (unsealed rows too). */
  async page(
    db: Executor,
    f: AuditFilter,
    o: { before?: number | undefined; limit: number },
    actors: AuditActors,
  ): Promise<AuditRow[]> {
    let q = (await matching(db, f, actors)).orderBy('a.id', 'desc').limit(o.limit);
    if (o.before) q = q.where('a.id', '<', o.before);
    return withActors(db, await q.execute(), actors);
  },

  /**
   * When each subject last had this action recorded (a person's last log-in), by subject id; subjects without
   * one are absent. Uses the index audit_log_subject_action.
   */
  async lastAt(db: Executor, subjectType: string, action: string, subjectIds: string[]) {
    const ids = [...new Set(subjectIds)];
    const found = new Map<string, string>();
    // In slices: every person of a large government would pass the statement's limit of parameters.
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await db
        .selectFrom('audit_log')
        .select((eb) => ['subject_id', eb.fn.max('at').as('at')])
        .where('subject_type', '=', subjectType)
        .where('action', '=', action)
        .where('subject_id', 'in', ids.slice(i, i + 1000))
        .groupBy('subject_id')
        .execute();
      for (const r of rows) if (r.subject_id && r.at) found.set(r.subject_id, r.at);
    }
    return found;
  },

  /** The newest row id, where an export stops (rows not sealed yet included). */
  head: async (db: Executor) =>
    Number(
      (
        await db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirst()
      )?.id ?? 0,
    ),

  /** Every matching row up to id `through`, in the order written, read `pageSize` rows at a time. */
  async *all(
    db: Executor,
    f: AuditFilter,
    through: number,
    actors: AuditActors,
    pageSize = 1000,
  ): AsyncGenerator<AuditRow[]> {
    let after = 0;
    const query = await matching(db, f, actors);
    for (;;) {
      const rows = await query
        .where('a.id', '>', after)
        .where('a.id', '<=', through)
        .orderBy('a.id', 'asc')
        .limit(pageSize)
        .execute();
      if (rows.length > 0) yield await withActors(db, rows, actors);
      const last = rows.at(-1);
      if (!last || rows.length < pageSize) return;
      after = last.id;
    }
  },
};
