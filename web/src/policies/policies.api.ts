import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  ClauseInput,
  ClauseOut,
  CoverageOut,
  RegisterOut,
  RequestInput,
  RequestListOut,
  RequestOut,
} from '../../../src/features/policies/policies.schemas.js';
import { newIdempotencyKey, request } from '../api.js';

// The calls of the policy clause register, its requests and coverage, typed from the server's schemas.

export type Clause = Static<typeof ClauseOut>;
export type Register = Static<typeof RegisterOut>;
export type PolicyRequest = Static<typeof RequestOut>;
export type Coverage = Static<typeof CoverageOut>;
export type CoverageRow = Coverage['items'][number];

const clausePath = (id: string) => `/api/v1/policy-clauses/${encodeURIComponent(id)}`;
const requestPath = (id: string) => `/api/v1/policy-requests/${encodeURIComponent(id)}`;
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export const policiesApi = {
  coverage: (year: number, signal?: AbortSignal) =>
    request<Coverage>('GET', `/api/v1/policy-coverage?fiscalYear=${year}`, withSignal(signal)),
  register: (slug: string, signal?: AbortSignal) =>
    request<Register>('GET', `/api/v1/orgs/${encodeURIComponent(slug)}/policy-clauses`, withSignal(signal)),
  record: (slug: string, input: Static<typeof ClauseInput>, idempotencyKey = newIdempotencyKey()) =>
    request<Clause>('POST', `/api/v1/orgs/${encodeURIComponent(slug)}/policy-clauses`, {
      body: input,
      idempotencyKey,
    }),
  uploadExcerpt: (c: Clause, file: File) =>
    request<Clause>(
      'PUT',
      `${clausePath(c.id)}/excerpt?revision=${c.revision}&name=${encodeURIComponent(file.name)}`,
      { file },
    ),
  /** A new revision of the record, on the revision read: a new record, to be confirmed again. */
  revise: (c: Clause, input: Static<typeof ClauseInput>) =>
    request<Clause>('POST', `${clausePath(c.id)}/revisions`, { body: { ...input, revision: c.revision } }),
  confirm: (c: Clause) =>
    request<Clause>('POST', `${clausePath(c.id)}/confirm`, { body: { revision: c.revision } }),
  requests: (year: number, signal?: AbortSignal) =>
    request<Static<typeof RequestListOut>>(
      'GET',
      `/api/v1/policy-requests?fiscalYear=${year}`,
      withSignal(signal),
    ),
  send: (input: Static<typeof RequestInput>, idempotencyKey = newIdempotencyKey()) =>
    request<PolicyRequest>('POST', '/api/v1/policy-requests', { body: input, idempotencyKey }),
  answer: (id: string, body: { clauseId?: string; contactStructureConfirmed?: true }) =>
    request<PolicyRequest>('POST', `${requestPath(id)}/answer`, { body }),
  close: (id: string) => request<PolicyRequest>('POST', `${requestPath(id)}/close`, { body: {} }),
};

/**
 * The queries: ['policies', 'coverage', year], ['policies', 'register', slug], ['policies', 'requests', year].
 * Every policy event makes ['policies'] stale (liveQueries.ts).
 */
export const policyQueries = {
  coverage: (year: number) =>
    queryOptions({
      queryKey: ['policies', 'coverage', year],
      queryFn: ({ signal }) => policiesApi.coverage(year, signal),
    }),
  register: (slug: string) =>
    queryOptions({
      queryKey: ['policies', 'register', slug],
      queryFn: ({ signal }) => policiesApi.register(slug, signal),
    }),
  requests: (year: number) =>
    queryOptions({
      queryKey: ['policies', 'requests', year],
      queryFn: ({ signal }) => policiesApi.requests(year, signal),
    }),
};

export const policyRegisterPath = (slug: string) => `/policies/bodies/${encodeURIComponent(slug)}`;

/** A refusal as a sentence: the server's own words. */
export const problemOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
