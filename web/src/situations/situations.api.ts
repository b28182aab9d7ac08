import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  AnswerInput,
  AnswerOut,
  BoardOut,
  EntryOut,
  LevelOut,
  LevelsOut,
  SituationInput,
  SituationListOut,
  SituationOut,
  TimelineOut,
} from '../../../src/features/situations/situations.schemas.js';
import { newIdempotencyKey, request } from '../api.js';

// The calls of large-scale situations (大規模サイバー攻撃事態), as the shared contract of issue 13 states them.

// Typed from the server's schemas (type-only: nothing of the server is bundled).
export type Level = Static<typeof LevelOut>;
export type Answer = Static<typeof AnswerOut>;
export type AnswerStatus = Answer['status'];
export const ANSWER_STATUSES: readonly AnswerStatus[] = ['none', 'investigating', 'affected'];
export type BoardAnswer = AnswerStatus | 'unanswered';
export type Situation = Static<typeof SituationOut>;
export type ScopeKind = Situation['scope']['kind'];
export type SituationState = 'open' | 'closed' | 'all';
/** A body the reader may answer for. */
export type AnswerFor = Situation['mayAnswerFor'][number];
export type Board = Static<typeof BoardOut>;
export type BoardBody = Board['bodies'][number];
export type Counts = Board['counts'];
export type TimelineEntry = Static<typeof EntryOut>;
export type NewSituation = Static<typeof SituationInput>;
export type NewAnswer = Static<typeof AnswerInput>;

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
  levels: async (signal?: AbortSignal) =>
    (await request<Static<typeof LevelsOut>>('GET', `${base}/levels`, withSignal(signal))).items,
  list: (state: SituationState, signal?: AbortSignal) =>
    request<Static<typeof SituationListOut>>('GET', `${base}?state=${state}`, withSignal(signal)),
  /** The open situations of every exercise the caller's body takes part in (the exercise banner). */
  openExercises: (signal?: AbortSignal) =>
    request<Static<typeof SituationListOut>>('GET', `${base}?state=open&exercise=any`, withSignal(signal)),
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
    request<Static<typeof TimelineOut>>('GET', `${pathOf(id)}/timeline`, withSignal(signal)),
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
