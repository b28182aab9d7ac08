import type { Board, Counts } from './situations.board.js';
import type { EntryView } from './situations.timeline.js';
import type { AnswerView, SituationView } from './situations.view.js';

// The explicit allow-list of what leaves the server about a situation and its answers: no user ids, no e-mail
// addresses; an answer's incident only when the caller reads it.

export const presentAnswer = (a: AnswerView) => ({
  orgId: a.row.org_id,
  orgSlug: a.org.orgSlug,
  orgName: a.org.name,
  revision: a.row.revision,
  status: a.row.status,
  note: a.row.note,
  incidentId: a.row.incident_id,
  incident: a.incident,
  answeredAt: a.row.answered_at,
  answeredBy: {
    name: a.answeredByName,
    orgId: a.row.answered_by_org,
    orgSlug: a.answeredByOrg.orgSlug,
    orgName: a.answeredByOrg.name,
  },
  onBehalf: a.row.answered_by_org !== a.row.org_id,
});

export function presentSituation(v: SituationView) {
  const s = v.row;
  return {
    id: s.id,
    number: s.number,
    name: s.name,
    description: s.description,
    exercise: v.exercise,
    level: s.level,
    tlp: s.tlp as 'TLP:CLEAR' | 'TLP:GREEN' | 'TLP:AMBER' | 'TLP:AMBER+STRICT' | 'TLP:RED',
    scope: { kind: s.scope_kind, bodies: v.scope },
    declaredAt: s.declared_at,
    rollCallDueAt: s.rollcall_due_at,
    levelChangedAt: s.level_changed_at,
    stoodDownAt: s.stood_down_at,
    open: s.stood_down_at === null,
    version: s.version,
    inScopeCount: v.inScopeCount,
    myBody: {
      orgId: v.myBody.orgId,
      orgSlug: v.myBody.orgSlug,
      inScope: v.myBody.inScope,
      answer: v.myBody.answer ? presentAnswer(v.myBody.answer) : null,
    },
    mayAnswerFor: v.mayAnswerFor,
    incidents: v.incidents,
  };
}

const presentCounts = (c: Counts) => ({ ...c });

/** The board: counts, counts by ministry, and its rows (each body's current answer and notice). */
export function presentBoard(b: Board) {
  return {
    counts: presentCounts(b.counts),
    byMinistry: b.byMinistry.map((m) => ({
      orgId: m.orgId,
      orgSlug: m.orgSlug,
      name: m.name,
      counts: presentCounts(m.counts),
    })),
    bodies: b.rows.map((r) => ({
      orgId: r.body.orgId,
      orgSlug: r.body.orgSlug,
      name: r.body.name,
      kind: r.body.kind,
      parentId: r.parent?.orgId ?? null,
      parentSlug: r.parent?.orgSlug ?? null,
      parentName: r.parent?.name ?? null,
      answer: r.answer ? presentAnswer(r.answer) : null,
      acknowledgedAt: r.notice.acknowledgedAt,
      escalated: r.notice.escalated,
      requests: { open: r.requests.open, overdue: r.requests.overdue, done: r.requests.done },
    })),
  };
}

/** A timeline entry; `data.incident` is the linked incident when the caller reads it (else null). */
export const presentEntry = (e: EntryView) => ({
  id: e.row.id,
  at: e.row.at,
  kind: e.row.kind,
  actorName: e.actorName,
  orgId: e.org?.orgId ?? null,
  orgSlug: e.org?.orgSlug ?? null,
  orgName: e.org?.name ?? null,
  text: e.row.text,
  data: e.data,
});
