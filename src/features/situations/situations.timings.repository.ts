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
};
