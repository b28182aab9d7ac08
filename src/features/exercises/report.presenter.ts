import type { ReportView } from './report.js';

/** The report as the API shows it: an explicit allow-list (the scenario's injects are never in it). */
export const presentReport = (v: ReportView) => ({
  exercise: {
    id: v.exercise.id,
    number: v.exercise.number,
    name: v.exercise.name,
    status: v.exercise.status,
    startedAt: v.exercise.started_at,
    endedAt: v.exercise.ended_at,
    finalAt: v.exercise.final_at,
    purgedAt: v.exercise.purged_at,
  },
  frozen: v.frozen,
  targets: v.facts.targets,
  situations: v.facts.situations,
  // A report frozen before withdrawals were shown has none to show.
  rows: v.facts.rows.map((r) => ({
    ...r,
    requests: (r.requests ?? []).map((q) => ({ ...q, withdrawn: q.withdrawn ?? null })),
  })),
  measures: v.figures.measures,
  byMinistry: v.figures.byMinistry,
  slowest: v.figures.slowest,
  requests: v.figures.requests,
  comparison: v.comparison,
});
