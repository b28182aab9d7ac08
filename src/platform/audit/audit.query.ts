import type { Executor } from '../db/database.js';

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

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Audit rows matching the filter, with the actor's e-mail and body as they are now (null if none). */
function matching(db: Executor, f: AuditFilter) {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .leftJoin('orgs as o', 'o.id', 'a.actor_org_id')
    .selectAll('a')
    .select(['u.email as actor_email', 'o.slug as actor_org_slug']);
  if (f.action?.endsWith('.')) q = q.where('a.action', 'like', `${escapeLike(f.action)}%`);
  else if (f.action) q = q.where('a.action', '=', f.action);
  if (f.actor) {
    const email = f.actor.toLowerCase();
    q = q.where('a.actor_user_id', 'in', (eb) =>
      eb.selectFrom('users').select('id').where('email', '=', email),
    );
  }
  if (f.subjectType) q = q.where('a.subject_type', '=', f.subjectType);
  if (f.subjectId) q = q.where('a.subject_id', '=', f.subjectId);
  if (f.from) q = q.where('a.at', '>=', f.from);
  if (f.to) q = q.where('a.at', '<', f.to);
  return q;
}

export type AuditRow = Awaited<ReturnType<ReturnType<typeof matching>['execute']>>[number];

export const auditQuery = {
  /** A page of matching rows, newest first, before a sequence number. */
  page: (db: Executor, f: AuditFilter, o: { before?: number | undefined; limit: number }) => {
    let q = matching(db, f).orderBy('a.seq', 'desc').limit(o.limit);
    if (o.before) q = q.where('a.seq', '<', o.before);
    return q.execute();
  },

  /** The newest sequence number, where an export stops. */
  head: async (db: Executor) =>
    Number(
      (
        await db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.max('seq').as('seq'))
          .executeTakeFirst()
      )?.seq ?? 0,
    ),

  /** Every matching row up to `through`, oldest first, read `pageSize` rows at a time. */
  async *all(db: Executor, f: AuditFilter, through: number, pageSize = 1000): AsyncGenerator<AuditRow[]> {
    let after = 0;
    for (;;) {
      const rows = await matching(db, f)
        .where('a.seq', '>', after)
        .where('a.seq', '<=', through)
        .orderBy('a.seq', 'asc')
        .limit(pageSize)
        .execute();
      if (rows.length > 0) yield rows;
      const last = rows.at(-1);
      if (!last || rows.length < pageSize) return;
      after = last.seq;
    }
  },
};
