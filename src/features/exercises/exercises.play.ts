import type { Actor } from '../../platform/access/roles.js';
import type { Unit } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { fileQuickReport } from '../incidents/incidents.filing.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { draftReport, issueReport } from '../situations/reports.usecases.js';
import { issueRequest } from '../situations/requests.usecases.js';
import type { SituationDeps } from '../situations/situations.deps.js';
import { addEntry, changeLevel, standDown } from '../situations/situations.direct.js';
import { declareSituation } from '../situations/situations.usecases.js';
import type { ExerciseDeps } from './exercises.deps.js';
import type { InjectKindName } from './exercises.kinds.js';
import { offsetOf } from './scenario.js';

// How each kind of inject is played (the table of exercises.kinds.ts gives their fields). Each runs in the
// transaction that marks the inject played, as exercise control (the coordinator who started the exercise),
// through the same use cases as real work, with the exercise's id: what it creates is exercise data.

export interface PlayContext {
  unit: Unit;
  actor: Actor;
  exerciseId: string;
  /** The situation the exercise's declaration created, once it was played. */
  situationId: string | null;
  /** The inject's offset from the start, in seconds (a request's due time written as an offset counts from it). */
  offsetSeconds: number;
  deps: ExerciseDeps;
}

type Play = (ctx: PlayContext, payload: Record<string, unknown>) => Promise<Record<string, unknown>>;

const notSegregated = () =>
  new AppError(
    500,
    'exercises.not_segregated',
    'This build cannot mark what an inject creates as exercise data; nothing was created.',
  );
const bodyGone = (slug: string) =>
  new AppError(422, 'exercises.body_gone', `The body ${JSON.stringify(slug)} no longer exists.`);
const noSituation = () =>
  new AppError(409, 'exercises.no_situation', "The exercise's declaration was not played successfully.");

const situationOf = (ctx: PlayContext) => {
  if (ctx.situationId === null) throw noSituation();
  return ctx.situationId;
};

/** Calls a situation use case on the exercise's situation, as exercise control, in the inject's unit. */
function onSituation<I, R>(
  ctx: PlayContext,
  act: (args: { unit: Unit; actor: Actor; id: string; input: I; deps: SituationDeps }) => Promise<R>,
  input: I,
): Promise<R> {
  return act({
    unit: ctx.unit,
    actor: ctx.actor,
    id: situationOf(ctx),
    input,
    deps: ctx.deps.situationDeps,
  });
}

/** A note or a decision on the situation's timeline. */
const timelineEntry = (ctx: PlayContext, kind: 'note' | 'decision', payload: Record<string, unknown>) =>
  onSituation(ctx, addEntry, { kind, text: String(payload.text) }).then((entry) => ({
    situationId: entry.situation_id,
    entryId: entry.id,
  }));

interface RequestPayload {
  title: string;
  body: string;
  addressees: { kind: 'all' | 'ministries' | 'bodies'; bodies?: { slug: string }[] };
  dueAt?: number | string;
  dueMinutes?: number;
}

interface DeclarePayload {
  name: string;
  description: string;
  level: string;
  tlp: 'TLP:CLEAR' | 'TLP:GREEN' | 'TLP:AMBER' | 'TLP:AMBER+STRICT' | 'TLP:RED';
  scope: { kind: 'all' | 'ministries' | 'bodies'; bodies?: { slug: string; withAgencies?: boolean }[] };
}

export const PLAYS: Record<InjectKindName, Play> = {
  async declare(ctx, payload) {
    const p = payload as unknown as DeclarePayload;
    const scope = {
      kind: p.scope.kind,
      ...(p.scope.bodies
        ? { bodies: p.scope.bodies.map((b) => ({ orgSlug: b.slug, withAgencies: b.withAgencies ?? false })) }
        : {}),
    };
    // The exercise's id goes with the declaration (the plumbing of segregation); a build whose situations do
    // not carry it would create a real situation, so the result is checked and the inject fails instead.
    const args = {
      unit: ctx.unit,
      actor: ctx.actor,
      input: { name: p.name, description: p.description, level: p.level, tlp: p.tlp, scope },
      deps: ctx.deps.situationDeps,
      exerciseId: ctx.exerciseId,
    };
    const { row } = await declareSituation(args);
    if (row.exercise_id !== ctx.exerciseId) throw notSegregated();
    return { situationId: row.id, number: row.number };
  },
  level: (ctx, payload) =>
    onSituation(ctx, changeLevel, {
      level: String(payload.level),
      ...(payload.note ? { note: String(payload.note) } : {}),
    }).then((view) => ({ situationId: view.row.id, level: view.row.level })),
  async report(ctx, payload) {
    const now = ctx.deps.clock.now();
    const input = {
      title: String(payload.title),
      summary: String(payload.summary),
      detectedAt: now.toISOString(),
      ...(payload.severity ? { severity: payload.severity } : {}),
      ...(payload.category ? { category: payload.category } : {}),
      ...(payload.tlp ? { tlp: payload.tlp } : {}),
    } as Parameters<typeof fileQuickReport>[0]['input'];
    // Filed by exercise control for the named body (the plumbing's `onBehalfOf`, for exercise data only); a
    // body removed since the scenario was checked fails this inject alone.
    const body = await orgsDirectory.bySlug(ctx.unit.tx, String(payload.body));
    if (!body) throw bodyGone(String(payload.body));
    const args = {
      unit: ctx.unit,
      actor: ctx.actor,
      input,
      deps: ctx.deps.incidentDeps,
      exerciseId: ctx.exerciseId,
      onBehalfOf: body.id,
    };
    const { incident } = await fileQuickReport(args);
    if (incident.exercise_id !== ctx.exerciseId) throw notSegregated();
    return { incidentId: incident.id, number: incident.number };
  },
  note: (ctx, payload) => timelineEntry(ctx, 'note', payload),
  decision: (ctx, payload) => timelineEntry(ctx, 'decision', payload),
  async request(ctx, payload) {
    const p = payload as unknown as RequestPayload;
    // Due after the inject by as long as the scenario says, counted from when it is played (a pause or a
    // restart that plays it late moves its due time with it).
    const after =
      p.dueMinutes !== undefined ? p.dueMinutes * 60 : Number(offsetOf(p.dueAt)) - ctx.offsetSeconds;
    const dueAt = new Date(ctx.deps.clock.now().getTime() + after * 1000).toISOString();
    const addressees = {
      kind: p.addressees.kind,
      ...(p.addressees.bodies ? { bodies: p.addressees.bodies.map((b) => ({ orgSlug: b.slug })) } : {}),
    };
    const view = await issueRequest({
      unit: ctx.unit,
      actor: ctx.actor,
      situationId: situationOf(ctx),
      input: { title: p.title, body: p.body, dueAt, addressees },
      deps: ctx.deps.situationDeps,
    });
    return { situationId: situationOf(ctx), requestId: view.id, number: view.number, dueAt };
  },
  async situationReport(ctx, payload) {
    const args = {
      unit: ctx.unit,
      actor: ctx.actor,
      situationId: situationOf(ctx),
      deps: ctx.deps.situationDeps,
    };
    const counts = payload.counts as 'none' | 'totals' | 'by-ministry' | undefined;
    const draft = await draftReport({
      ...args,
      input: { title: String(payload.title), body: String(payload.body), counts },
    });
    const issued = await issueReport({ ...args, reportId: draft.id, version: draft.row_version });
    return { situationId: issued.situation_id, reportId: issued.id, number: issued.number };
  },
  standDown: (ctx, payload) =>
    onSituation(ctx, standDown, payload.note ? { note: String(payload.note) } : {}).then((view) => ({
      situationId: view.row.id,
    })),
};
