import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  ListOut,
  PublicSummaryOut,
  ReportOut,
  ScoringIn,
  SummaryOut,
} from '../../../src/features/annual/annual.schemas.js';
import { request } from '../api.js';

// The annual report's calls, typed from the server's schemas.

export type AnnualReport = Static<typeof ReportOut>;
export type AnnualSummary = Static<typeof SummaryOut>;
export type Scoring = Static<typeof ScoringIn>;
export type Section = AnnualReport['sections'][number];

const path = (year: number) => `/api/v1/annual-reports/${year}`;
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export const annualApi = {
  list: (signal?: AbortSignal) =>
    request<Static<typeof ListOut>>('GET', '/api/v1/annual-reports', withSignal(signal)),
  read: (year: number, signal?: AbortSignal) => request<AnnualReport>('GET', path(year), withSignal(signal)),
  draft: (fiscalYear: number) =>
    request<AnnualSummary>('POST', '/api/v1/annual-reports', { body: { fiscalYear } }),
  update: (year: number, body: { revision: number; scoring?: Scoring }) =>
    request<AnnualSummary>('PATCH', path(year), { body }),
  comment: (year: number, ministryId: string, body: string) =>
    request<unknown>('POST', `${path(year)}/sections/${encodeURIComponent(ministryId)}/comments`, {
      body: { body },
    }),
  finalize: (year: number, revision: number) =>
    request<AnnualSummary>('POST', `${path(year)}/final`, { body: { revision } }),
  publish: (year: number, body: { textJa: string; textEn?: string }) =>
    request<Static<typeof PublicSummaryOut>>('POST', `${path(year)}/public-summary`, { body }),
  withdraw: (year: number) =>
    request<Static<typeof PublicSummaryOut>>('POST', `${path(year)}/public-summary/withdraw`, { body: {} }),
};

/** The file of a report to download (the session's cookie goes with the link). */
export const exportPath = (year: number, format: 'pdf' | 'xlsx' | 'csv', lang: 'ja' | 'en') =>
  `${path(year)}/export?format=${format}&lang=${lang}`;

export const annualReportPath = (year: number) => `/annual/${year}`;

/** The queries: ['annual', 'list'] and ['annual', 'report', year]; a change makes ['annual'] stale. */
export const annualQueries = {
  list: () => queryOptions({ queryKey: ['annual', 'list'], queryFn: ({ signal }) => annualApi.list(signal) }),
  report: (year: number) =>
    queryOptions({
      queryKey: ['annual', 'report', year],
      queryFn: ({ signal }) => annualApi.read(year, signal),
    }),
};

export const problemOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
