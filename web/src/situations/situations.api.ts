import { queryOptions } from '@tanstack/react-query';
import { newIdempotencyKey, request } from '../api.js';

// The calls of large-scale situations (大規模サイバー攻撃事態), as the shared contract of issue 13 states them.

export type AnswerStatus = 'none' | 'investigating' | 'affected';
export const ANSWER_STATUSES: readonly AnswerStatus[] = ['none', 'investigating', 'affected'];
export type BoardAnswer = AnswerStatus | 'unanswered';
export type ScopeKind = 'all' | 'ministries' | 'bodies';
export type SituationState = 'open' | 'closed' | 'all';

/** A posture level as configured (situations.levels): its names and its deadlines. */
export interface Level {
  id: string;
  ja: string;
  en: string;
  rollCallMinutes: number;
  ackMinutes: number;
}

/** One revision of a body's roll-call answer. */
export interface Answer {
  orgId: string;
  orgSlug?: string;
  orgName: string;
  revision: number;
  status: AnswerStatus;
  note: string | null;
  incidentId: string | null;
  incident: { id: string; number: string; title: string } | null;
  answeredAt: string;
  answeredBy: { name: string };
  onBehalf: boolean;
}

/** A body the reader may answer for. */
export interface AnswerFor {
  orgId: string;
  orgSlug?: string;
  name: string;
}

export interface Situation {
  id: string;
  number: string;
  name: string;
  description: string;
  level: string;
  tlp: string;
  scope: {
    kind: ScopeKind;
    bodies: { orgId: string; orgSlug?: string; name: string; withAgencies: boolean }[];
  };
  declaredAt: string;
  rollCallDueAt: string;
  levelChangedAt: string | null;
  stoodDownAt: string | null;
  open: boolean;
  inScopeCount: number;
  myBody: { orgId: string; inScope: boolean; answer: Answer | null };
  mayAnswerFor: AnswerFor[];
  incidents: { id: string; number: string; title: string }[];
}

export type Counts = Record<BoardAnswer | 'total', number>;

export interface BoardBody {
  orgId: string;
  orgSlug?: string;
  name: string;
  kind: string;
  parentId: string | null;
  parentName: string | null;
  answer: Answer | null;
  acknowledgedAt: string | null;
  escalated: boolean;
}

export interface Board {
  counts: Counts;
  byMinistry: { orgId: string; name: string; counts: Counts }[];
  bodies: BoardBody[];
}

export interface TimelineEntry {
  id: string;
  at: string;
  kind: 'declared' | 'level_changed' | 'stood_down' | 'answered' | 'incident_linked' | 'note' | 'decision';
  actorName: string | null;
  orgId: string | null;
  orgName: string | null;
  text: string | null;
  data: Record<string, unknown> | null;
}

export interface NewSituation {
  name: string;
  description: string;
  level: string;
  tlp: string;
  scope: { kind: ScopeKind; bodies?: { orgSlug: string; withAgencies: boolean }[] };
  incidentIds?: string[];
}

export interface NewAnswer {
  orgId?: string;
  status: AnswerStatus;
  note?: string;
  incidentId?: string;
}

/** The board's filters, as the address and the API carry them. */
export interface BoardFilter {
  answer?: BoardAnswer | undefined;
  ministry?: string | undefined;
}

const base = '/api/v1/situations';
const pathOf = (id: string) => `${base}/${encodeURIComponent(id)}`;
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

/** The board's filters as a query string (empty ones left out), shared by the table and the CSV link. */
export function boardQuery(filter: BoardFilter): string {
  const params = new URLSearchParams();
  if (filter.answer) params.set('answer', filter.answer);
  if (filter.ministry) params.set('ministry', filter.ministry);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const boardCsvHref = (id: string, filter: BoardFilter) =>
  `${pathOf(id)}/board.csv${boardQuery(filter)}`;

export const situationsApi = {
  levels: async (signal?: AbortSignal) => {
    const found = await request<{ items: Level[] } | Level[]>('GET', `${base}/levels`, withSignal(signal));
    return Array.isArray(found) ? found : found.items;
  },
  list: (state: SituationState, signal?: AbortSignal) =>
    request<{ items: Situation[] }>('GET', `${base}?state=${state}`, withSignal(signal)),
  one: (id: string, signal?: AbortSignal) => request<Situation>('GET', pathOf(id), withSignal(signal)),
  declare: (input: NewSituation, idempotencyKey = newIdempotencyKey()) =>
    request<Situation>('POST', base, { body: input, idempotencyKey }),
  changeLevel: (id: string, level: string, note: string) =>
    request<Situation>('POST', `${pathOf(id)}/level`, { body: note ? { level, note } : { level } }),
  standDown: (id: string, note: string) =>
    request<Situation>('POST', `${pathOf(id)}/stand-down`, { body: note ? { note } : {} }),
  answer: (id: string, input: NewAnswer, idempotencyKey = newIdempotencyKey()) =>
    request<Answer>('POST', `${pathOf(id)}/answers`, { body: input, idempotencyKey }),
  answers: (id: string, orgId: string, signal?: AbortSignal) =>
    request<{ items: Answer[] }>(
      'GET',
      `${pathOf(id)}/answers/${encodeURIComponent(orgId)}`,
      withSignal(signal),
    ),
  board: (id: string, filter: BoardFilter, signal?: AbortSignal) =>
    request<Board>('GET', `${pathOf(id)}/board${boardQuery(filter)}`, withSignal(signal)),
  timeline: (id: string, signal?: AbortSignal) =>
    request<{ items: TimelineEntry[] }>('GET', `${pathOf(id)}/timeline`, withSignal(signal)),
  addEntry: (id: string, kind: 'note' | 'decision', text: string) =>
    request<TimelineEntry>('POST', `${pathOf(id)}/entries`, { body: { kind, text } }),
};

/**
 * The situation queries: ['situations', 'levels'], ['situations', 'list', state], ['situations', id] with
 * [..., 'board', filter], [..., 'timeline'], [..., 'answers', orgId]. A situation's live events make
 * ['situations', 'list'] and ['situations', id] stale (liveQueries.ts).
 */
export const situationQueries = {
  levels: () =>
    queryOptions({
      queryKey: ['situations', 'levels'],
      queryFn: ({ signal }) => situationsApi.levels(signal),
      staleTime: Number.POSITIVE_INFINITY,
    }),
  list: (state: SituationState) =>
    queryOptions({
      queryKey: ['situations', 'list', state],
      queryFn: ({ signal }) => situationsApi.list(state, signal),
    }),
  one: (id: string) =>
    queryOptions({ queryKey: ['situations', id], queryFn: ({ signal }) => situationsApi.one(id, signal) }),
  board: (id: string, filter: BoardFilter) =>
    queryOptions({
      queryKey: ['situations', id, 'board', filter.answer ?? '', filter.ministry ?? ''],
      queryFn: ({ signal }) => situationsApi.board(id, filter, signal),
    }),
  timeline: (id: string) =>
    queryOptions({
      queryKey: ['situations', id, 'timeline'],
      queryFn: ({ signal }) => situationsApi.timeline(id, signal),
    }),
  answers: (id: string, orgId: string) =>
    queryOptions({
      queryKey: ['situations', id, 'answers', orgId],
      queryFn: ({ signal }) => situationsApi.answers(id, orgId, signal),
    }),
};
