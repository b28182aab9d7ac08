import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Executor } from '../../platform/db/database.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { type RequestCounts, requestsRepository } from './requests.repository.js';
import type { NoticeState, SituationDeps } from './situations.deps.js';
import { situationErrors } from './situations.errors.js';
import { type BodyRow, situationsRepository } from './situations.repository.js';
import { situationFor } from './situations.usecases.js';
import { type AnswerView, answerViews, type BodyRef, bodyRef } from './situations.view.js';

// The roll-call board: every in-scope body the caller may see the answer of, with its current answer and how it
// stands with the declaration's notice; counts by answer and by ministry. The center sees every body in scope; a
// ministry itself and its agencies in scope; an agency has no board (its own answer is on the situation). Each row
// counts the body's requests (要請) too.

export type BoardAnswer = 'none' | 'investigating' | 'affected' | 'unanswered';

export interface BoardFilter {
  answer?: BoardAnswer | undefined;
  /** A ministry's id or slug: only it and its agencies. */
  ministry?: string | undefined;
}

export interface Counts {
  none: number;
  investigating: number;
  affected: number;
  unanswered: number;
  total: number;
}

export interface BoardRow {
  body: BodyRef & { kind: string };
  parent: BodyRef | null;
  /** The ministry the row is counted under: the body itself, or its supervising ministry. */
  ministry: BodyRef;
  answer: AnswerView | null;
  notice: NoticeState;
  /** The body's standing requests (要請) of the situation: open, overdue (of the open ones) and done. */
  requests: RequestCounts;
}

export interface Board {
  counts: Counts;
  byMinistry: (BodyRef & { counts: Counts })[];
  rows: BoardRow[];
}

const countsOf = (rows: BoardRow[]): Counts => {
  const counts: Counts = { none: 0, investigating: 0, affected: 0, unanswered: 0, total: rows.length };
  for (const r of rows) counts[r.answer?.row.status ?? 'unanswered'] += 1;
  return counts;
};

/** The ministry a body is counted under, by id. */
const ministryIdOf = (b: BodyRow) => b.parent_id ?? b.org_id;

/** The board as the actor may see it, narrowed by the filter (counts follow the ministry, not the answer). */
export async function readBoard(
  db: Executor,
  actor: Actor,
  situationId: string,
  filter: BoardFilter,
  deps: SituationDeps,
): Promise<Board> {
  const situation = await situationFor(db, actor, situationId);
  if (!can.readSituationBoard(actor)) throw situationErrors.boardForbidden();
  let bodies = await situationsRepository.answerableBodies(db, actor, situation.id);
  const orgs: Map<string, OrgRow> = await orgsDirectory.byIds(db, [
    ...bodies.map((b) => b.org_id),
    ...bodies.flatMap((b) => (b.parent_id ? [b.parent_id] : [])),
  ]);
  if (filter.ministry !== undefined) {
    const wanted = filter.ministry;
    bodies = bodies.filter((b) => {
      const m = ministryIdOf(b);
      return m === wanted || orgs.get(m)?.slug === wanted;
    });
  }
  const ids = bodies.map((b) => b.org_id);
  const answers = await answerViews(
    db,
    actor,
    await situationsRepository.currentAnswers(db, [situation.id], ids),
    deps,
  );
  const notices = await deps.declarationNotices(db, situation.id, ids);
  const requests = await requestsRepository.countsByBody(
    db,
    situation.id,
    ids,
    deps.clock.now().toISOString(),
  );
  const rows: BoardRow[] = bodies.map((b) => ({
    body: { ...bodyRef(orgs, b.org_id), kind: orgs.get(b.org_id)?.kind ?? '' },
    parent: b.parent_id ? bodyRef(orgs, b.parent_id) : null,
    ministry: bodyRef(orgs, ministryIdOf(b)),
    answer: answers.find((a) => a.row.org_id === b.org_id) ?? null,
    notice: notices.get(b.org_id) ?? { acknowledgedAt: null, escalated: false },
    requests: requests.get(b.org_id) ?? { open: 0, overdue: 0, done: 0 },
  }));
  // By ministry, the ministry before its agencies, each by slug.
  const key = (r: BoardRow) => `${r.ministry.orgSlug}\u0000${r.parent ? `1${r.body.orgSlug}` : '0'}`;
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const ministries = [...new Map(rows.map((r) => [r.ministry.orgId, r.ministry])).values()];
  return {
    counts: countsOf(rows),
    byMinistry: ministries.map((m) => ({
      ...m,
      counts: countsOf(rows.filter((r) => r.ministry.orgId === m.orgId)),
    })),
    rows: filter.answer ? rows.filter((r) => (r.answer?.row.status ?? 'unanswered') === filter.answer) : rows,
  };
}
