import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Executor } from '../../platform/db/database.js';
import { type ExerciseRef, exerciseRef, exercisesReads } from '../exercises/exercises.reads.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { usersReads } from '../users/users.reads.js';
import type { SituationDeps } from './situations.deps.js';
import { type AnswerRow, type SituationRow, situationsRepository } from './situations.repository.js';

// A situation and its answers as one caller may see them: built here, presented by situations.presenter.ts.

export interface IncidentRef {
  id: string;
  number: string;
  title: string;
}

/** A body as situations show it: id, slug, Japanese name. */
export interface BodyRef {
  orgId: string;
  orgSlug: string;
  name: string;
}

/** The reference of a body by id, from the bodies read (empty names for one that no longer exists). */
export const bodyRef = (orgs: Map<string, OrgRow>, id: string): BodyRef => {
  const o = orgs.get(id);
  return { orgId: id, orgSlug: o?.slug ?? '', name: o?.name_ja ?? '' };
};

export interface AnswerView {
  row: AnswerRow;
  org: BodyRef;
  answeredByName: string;
  answeredByOrg: BodyRef;
  /** The linked incident, when the caller's body reads it. */
  incident: IncidentRef | null;
}

export interface SituationView {
  row: SituationRow;
  /** The exercise it belongs to; null for a real situation. */
  exercise: ExerciseRef | null;
  scope: (BodyRef & { withAgencies: boolean })[];
  inScopeCount: number;
  myBody: { orgId: string; orgSlug: string; inScope: boolean; answer: AnswerView | null };
  mayAnswerFor: BodyRef[];
  incidents: IncidentRef[];
}

/** Of these incidents, those the reader's body reads, by id, as the reader is shown them. */
export async function readableIncidents(
  db: Executor,
  readerOrgId: string,
  ids: string[],
  prefix: string,
): Promise<Map<string, IncidentRef>> {
  // Links were checked to lie in the situation's realm when made: an exercise situation shows its exercise's.
  const rows = await incidentsReads.readableByIds(db, readerOrgId, [...new Set(ids)], 'any');
  return new Map(rows.map((i) => [i.id, { id: i.id, number: `${prefix}${i.number}`, title: i.title }]));
}

/** Answers (already allowed to the actor) with the names and incident the actor may be shown. */
export async function answerViews(
  db: Executor,
  actor: Actor,
  answers: AnswerRow[],
  deps: Pick<SituationDeps, 'incidentNumberPrefix'>,
): Promise<AnswerView[]> {
  if (answers.length === 0) return [];
  const orgs = await orgsDirectory.byIds(
    db,
    answers.flatMap((a) => [a.org_id, a.answered_by_org]),
  );
  const people = await usersReads.byIds(db, [...new Set(answers.map((a) => a.answered_by))]);
  const incidents = await readableIncidents(
    db,
    actor.orgId,
    answers.flatMap((a) => (a.incident_id ? [a.incident_id] : [])),
    deps.incidentNumberPrefix,
  );
  return answers.map((row) => ({
    row,
    org: bodyRef(orgs, row.org_id),
    answeredByName: people.get(row.answered_by)?.displayName ?? '',
    answeredByOrg: bodyRef(orgs, row.answered_by_org),
    incident: row.incident_id ? (incidents.get(row.incident_id) ?? null) : null,
  }));
}

/** Situations (each already visible to the actor) as the actor sees them. */
export async function situationViews(
  db: Executor,
  actor: Actor,
  rows: SituationRow[],
  deps: Pick<SituationDeps, 'incidentNumberPrefix'>,
): Promise<SituationView[]> {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const exercises = await exercisesReads.marksOf(
    db,
    rows.map((r) => r.exercise_id),
  );
  const scope = await situationsRepository.scopeOf(db, ids);
  const counts = await situationsRepository.bodyCounts(db, ids);
  const near = await situationsRepository.bodiesNear(db, ids, [actor.orgId]);
  const names = await orgsDirectory.byIds(db, [
    actor.orgId,
    ...scope.map((s) => s.org_id),
    ...near.map((b) => b.org_id),
  ]);
  const mine = await answerViews(
    db,
    actor,
    near.some((b) => b.org_id === actor.orgId)
      ? await situationsRepository.currentAnswers(db, ids, [actor.orgId])
      : [],
    deps,
  );
  const links = await situationsRepository.linksOf(db, ids);
  const incidents = await readableIncidents(
    db,
    actor.orgId,
    links.map((l) => l.incident_id),
    deps.incidentNumberPrefix,
  );
  return rows.map((row) => {
    const own = near.filter((b) => b.situation_id === row.id);
    const inScope = own.some((b) => b.org_id === actor.orgId);
    const open = row.stood_down_at === null;
    const exercise = row.exercise_id === null ? undefined : exercises.get(row.exercise_id);
    return {
      row,
      // An exercise's situation stays flagged even should its exercise's row be gone.
      exercise:
        row.exercise_id === null
          ? null
          : exercise
            ? exerciseRef(exercise)
            : { id: row.exercise_id, number: '', name: '' },
      scope: scope
        .filter((s) => s.situation_id === row.id)
        .map((s) => ({ ...bodyRef(names, s.org_id), withAgencies: s.with_agencies === 1 })),
      inScopeCount: counts.get(row.id) ?? 0,
      myBody: {
        orgId: actor.orgId,
        orgSlug: actor.orgSlug,
        inScope,
        answer: mine.find((a) => a.row.situation_id === row.id) ?? null,
      },
      // Its own body first, then its agencies by name.
      mayAnswerFor: open
        ? own
            .filter((b) => can.answerRollCall(actor, { orgId: b.org_id, parentId: b.parent_id }))
            .map((b) => bodyRef(names, b.org_id))
            .sort((a, b) =>
              a.orgId === actor.orgId ? -1 : b.orgId === actor.orgId ? 1 : a.name.localeCompare(b.name),
            )
        : [],
      incidents: links
        .filter((l) => l.situation_id === row.id)
        .flatMap((l) => {
          const i = incidents.get(l.incident_id);
          return i ? [i] : [];
        }),
    };
  });
}
