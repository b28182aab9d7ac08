import type { Executor } from '../../platform/db/database.js';

/** A situation an exercise declared, with when. */
export interface ExerciseSituation {
  id: string;
  number: string;
  name: string;
  declaredAt: string;
}

/** An in-scope body of a situation and its first roll-call answer (revision 1), if it answered. */
export interface BodyFirstAnswer {
  situationId: string;
  orgId: string;
  parentId: string | null;
  /** When the body's first answer was given, and by which body (its ministry when on its behalf). */
  firstAnsweredAt: string | null;
  answeredByOrg: string | null;
}

/** An addressed body of a standing request, with when it first acknowledged and completed it (from its moves). */
export interface BodyRequestTimes {
  situationId: string;
  requestId: string;
  number: string;
  title: string;
  issuedAt: string;
  orgId: string;
  acknowledgedAt: string | null;
  doneAt: string | null;
  /** When the request was withdrawn and by whom (null while it stands): the report shows it, measures it not. */
  withdrawnAt: string | null;
  withdrawnBy: string | null;
}

// Published through situations.timings.ts: the exercise report measures the roll-call along the chain.
export const situationTimingsRepository = {
  /** The situations of an exercise, in order of declaration. */
  ofExercise: async (db: Executor, exerciseId: string): Promise<ExerciseSituation[]> =>
    (
      await db
        .selectFrom('situations')
        .select(['id', 'number', 'name', 'declared_at'])
        .where('exercise_id', '=', exerciseId)
        .orderBy('declared_at')
        .orderBy('id')
        .execute()
    ).map((s) => ({ id: s.id, number: s.number, name: s.name, declaredAt: s.declared_at })),

  /** Every in-scope body of these situations with its first answer. */
  async firstAnswers(db: Executor, situationIds: readonly string[]): Promise<BodyFirstAnswer[]> {
    if (situationIds.length === 0) return [];
    const rows = await db
      .selectFrom('situation_bodies as b')
      .leftJoin('rollcall_answers as a', (j) =>
        j
          .onRef('a.situation_id', '=', 'b.situation_id')
          .onRef('a.org_id', '=', 'b.org_id')
          .on('a.revision', '=', 1),
      )
      .select(['b.situation_id', 'b.org_id', 'b.parent_id', 'a.answered_at', 'a.answered_by_org'])
      .where('b.situation_id', 'in', [...situationIds])
      .orderBy('b.situation_id')
      .orderBy('b.org_id')
      .execute();
    return rows.map((r) => ({
      situationId: r.situation_id,
      orgId: r.org_id,
      parentId: r.parent_id,
      firstAnsweredAt: r.answered_at ?? null,
      answeredByOrg: r.answered_by_org ?? null,
    }));
  },

  /**
   * Every addressed body of the requests of these situations (withdrawn ones too, with when and by whom), with the
   * first move of its append-only history that reached 受領 or beyond, and the first that reached 完了.
   */
  async requestTimes(db: Executor, situationIds: readonly string[]): Promise<BodyRequestTimes[]> {
    if (situationIds.length === 0) return [];
    const bodies = await db
      .selectFrom('situation_requests as r')
      .innerJoin('situation_request_bodies as b', 'b.request_id', 'r.id')
      .select([
        'r.situation_id',
        'r.id',
        'r.seq',
        'r.title',
        'r.created_at',
        'r.withdrawn_at',
        'r.withdrawn_by',
      ])
      .select('b.org_id')
      .where('r.situation_id', 'in', [...situationIds])
      .orderBy('r.situation_id')
      .orderBy('r.seq')
      .orderBy('b.org_id')
      .execute();
    if (bodies.length === 0) return [];
    const moves = await db
      .selectFrom('situation_request_moves')
      .select(['request_id', 'org_id', 'to_state', 'at'])
      .where('request_id', 'in', [...new Set(bodies.map((b) => b.id))])
      .orderBy('at')
      .execute();
    const first = new Map<string, { ack: string | null; done: string | null }>();
    for (const m of moves) {
      const key = `${m.request_id}:${m.org_id}`;
      const f = first.get(key) ?? { ack: null, done: null };
      f.ack ??= m.at;
      if (m.to_state === 'done') f.done ??= m.at;
      first.set(key, f);
    }
    return bodies.map((b) => ({
      situationId: b.situation_id,
      requestId: b.id,
      number: `R-${b.seq}`,
      title: b.title,
      issuedAt: b.created_at,
      orgId: b.org_id,
      acknowledgedAt: first.get(`${b.id}:${b.org_id}`)?.ack ?? null,
      doneAt: first.get(`${b.id}:${b.org_id}`)?.done ?? null,
      withdrawnAt: b.withdrawn_at,
      withdrawnBy: b.withdrawn_by,
    }));
  },
};
