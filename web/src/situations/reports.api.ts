import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  CountsKind,
  ReportListOut,
  ReportOut,
} from '../../../src/features/situations/reports.schemas.js';
import { request } from '../api.js';

// The calls of situation reports (状況報告), typed from the server's schemas (type-only).

export type Report = Static<typeof ReportOut>;
export type ReportList = Static<typeof ReportListOut>;
export type ReportCounts = Static<typeof CountsKind>;
export const COUNTS_KINDS: readonly ReportCounts[] = ['none', 'totals', 'by-ministry'];

const pathOf = (id: string) => `/api/v1/situations/${encodeURIComponent(id)}`;
const reportOf = (id: string, reportId: string) => `${pathOf(id)}/reports/${encodeURIComponent(reportId)}`;
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export const reportsApi = {
  list: (id: string, signal?: AbortSignal) =>
    request<ReportList>('GET', `${pathOf(id)}/reports`, withSignal(signal)),
  draft: (id: string, body: { title: string; body: string; counts: ReportCounts }) =>
    request<Report>('POST', `${pathOf(id)}/reports`, { body }),
  edit: (id: string, r: Report, body: { title: string; body: string; counts: ReportCounts }) =>
    request<Report>('PUT', reportOf(id, r.id), { body: { ...body, version: r.rowVersion } }),
  issue: (id: string, r: Report) =>
    request<Report>('POST', `${reportOf(id, r.id)}/issue`, { body: { version: r.rowVersion } }),
  correct: (id: string, r: Report, body: { title: string; body: string; changeNote: string }) =>
    request<Report>('POST', `${reportOf(id, r.id)}/corrections`, { body: { ...body, version: r.version } }),
  interval: (id: string, minutes: number | null) =>
    request<null>('PUT', `${pathOf(id)}/report-interval`, { body: { minutes } }),
};

/** ['situations', id, 'reports']: made stale by a report's live events (liveQueries.ts). */
export const reportQueries = {
  list: (id: string) =>
    queryOptions({
      queryKey: ['situations', id, 'reports'],
      queryFn: ({ signal }) => reportsApi.list(id, signal),
    }),
};
