import type { Executor, Tx } from '../../platform/db/database.js';

/** A situation as other features know it (situations.reads.ts publishes these queries). */
export interface SituationFacts {
  id: string;
  number: string;
  name: string;
  description: string;
  /** The id of its posture level (situations.config.ts). */
  level: string;
  tlp: string;
  open: boolean;
  rollCallDueAt: string;
  /** The exercise it belongs to; null for a real situation. */
  exerciseId: string | null;
  /** The bodies in scope, resolved at its declaration, each with its supervising ministry then. */
  bodies: { orgId: string; parentId: string | null }[];
}

/** An in-scope body that has not answered the roll-call of an open situation past its deadline, nor been reminded. */
export interface DueReminder {
  situationId: string;
  orgId: string;
  parentId: string | null;
}

export const situationFactsRepository = {
  /** These situations as facts, keyed by id (a missing id has none). */
  async factsOf(db: Executor, ids: readonly string[]): Promise<Map<string, SituationFacts>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const [rows, bodies] = await Promise.all([
      db.selectFrom('situations').selectAll().where('id', 'in', unique).execute(),
      db
        .selectFrom('situation_bodies')
        .select(['situation_id', 'org_id', 'parent_id'])
        .where('situation_id', 'in', unique)
        .execute(),
    ]);
    const out = new Map<string, SituationFacts>();
    for (const s of rows)
      out.set(s.id, {
        id: s.id,
        number: s.number,
        name: s.name,
        description: s.description,
        level: s.level,
        tlp: s.tlp,
        open: s.stood_down_at === null,
        rollCallDueAt: s.rollcall_due_at,
        exerciseId: s.exercise_id,
        bodies: [],
      });
    for (const b of bodies) out.get(b.situation_id)?.bodies.push({ orgId: b.org_id, parentId: b.parent_id });
    return out;
  },

  /** Real situations, newest first: open ones, stood-down ones, or all (the operator's console lists them all). */
  list: (db: Executor, state: 'open' | 'closed' | 'all') =>
    db
      .selectFrom('situations')
      .select(['id', 'number', 'name', 'level', 'tlp', 'declared_at', 'rollcall_due_at', 'stood_down_at'])
      .where('exercise_id', 'is', null)
      .$if(state === 'open', (q) => q.where('stood_down_at', 'is', null))
      .$if(state === 'closed', (q) => q.where('stood_down_at', 'is not', null))
      .orderBy('declared_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),

  /** The id of the situation of this number (S-YYYY-NNN) or id, if there is one. */
  async idOf(db: Executor, numberOrId: string): Promise<string | undefined> {
    const row = await db
      .selectFrom('situations')
      .select('id')
      .where((eb) => eb.or([eb('number', '=', numberOrId), eb('id', '=', numberOrId)]))
      .executeTakeFirst();
    return row?.id;
  },

  /** Each in-scope body's current roll-call answer (its highest revision's status), null when it has none. */
  async rollCallOf(db: Executor, id: string): Promise<Map<string, string | null>> {
    const [bodies, answers] = await Promise.all([
      db.selectFrom('situation_bodies').select('org_id').where('situation_id', '=', id).execute(),
      db
        .selectFrom('rollcall_answers')
        .select(['org_id', 'revision', 'status'])
        .where('situation_id', '=', id)
        .orderBy('revision')
        .execute(),
    ]);
    const out = new Map<string, string | null>(bodies.map((b) => [b.org_id, null]));
    for (const a of answers) out.set(a.org_id, a.status);
    return out;
  },

  /** One situation as facts, if it exists. */
  async factOf(db: Executor, id: string): Promise<SituationFacts | undefined> {
    return (await situationFactsRepository.factsOf(db, [id])).get(id);
  },

  /**
   * The in-scope bodies of open situations whose roll-call deadline (as it stands now: a level change may have
   * moved it) has passed, that have no answer and were not reminded yet, oldest deadline first. On PostgreSQL
   * the rows are held for the transaction and rows others hold are skipped: nodes sweeping together share them.
   */
  async dueReminders(tx: Tx, dialect: 'sqlite' | 'postgres', now: string, limit: number) {
    let q = tx
      .selectFrom('situation_bodies as b')
      .innerJoin('situations as s', 's.id', 'b.situation_id')
      .select(['b.situation_id as situationId', 'b.org_id as orgId', 'b.parent_id as parentId'])
      .where('s.stood_down_at', 'is', null)
      .where('s.rollcall_due_at', '<=', now)
      .where('b.reminded_at', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('rollcall_answers as a')
              .select('a.id')
              .whereRef('a.situation_id', '=', 'b.situation_id')
              .whereRef('a.org_id', '=', 'b.org_id'),
          ),
        ),
      )
      .orderBy('s.rollcall_due_at')
      .orderBy('b.situation_id')
      .orderBy('b.org_id')
      .limit(limit);
    if (dialect === 'postgres') q = q.forUpdate('b').skipLocked();
    return (await q.execute()) as DueReminder[];
  },

  /** Records that these bodies were reminded of the situation's roll-call: nobody is reminded of it twice. */
  async markReminded(tx: Tx, situationId: string, orgIds: readonly string[], at: string): Promise<void> {
    if (orgIds.length === 0) return;
    await tx
      .updateTable('situation_bodies')
      .set({ reminded_at: at })
      .where('situation_id', '=', situationId)
      .where('org_id', 'in', [...orgIds])
      .execute();
  },
};
