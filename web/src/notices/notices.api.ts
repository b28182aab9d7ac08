import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  AccountabilityOut,
  NoticeOut,
  TrackOut,
} from '../../../src/features/notices/notices.schemas.js';
import { request } from '../api.js';

// The calls of an incident's accountability track and its public notices, typed from the server's schemas.

export type Accountability = Static<typeof AccountabilityOut>;
export type Notice = Static<typeof NoticeOut>;
export type Track = Static<typeof TrackOut>;
export type NoticeVersion = Notice['versions'][number];
export type NoticeContent = NoticeVersion['content'];

const incident = (id: string) => `/api/v1/incidents/${encodeURIComponent(id)}`;
const notice = (id: string) => `/api/v1/notices/${encodeURIComponent(id)}`;

export const noticesApi = {
  accountability: (incidentId: string, signal: AbortSignal) =>
    request<Accountability>('GET', `${incident(incidentId)}/accountability`, { signal }),
  notice: (id: string, signal: AbortSignal) => request<Notice>('GET', notice(id), { signal }),
  open: (incidentId: string, reason: string, idempotencyKey: string) =>
    request<Track>('POST', `${incident(incidentId)}/accountability`, { body: { reason }, idempotencyKey }),
  decide: (incidentId: string, revision: number, decision: 'publish' | 'not-needed', reason: string) =>
    request<Track>('POST', `${incident(incidentId)}/accountability/decision`, {
      body: { revision, decision, reason },
    }),
  draft: (incidentId: string, kind: 'notice' | 'press', idempotencyKey: string) =>
    request<Notice>('POST', `${incident(incidentId)}/notices`, { body: { kind }, idempotencyKey }),
  edit: (id: string, seq: number, revision: number, content: NoticeContent) =>
    request<Notice>('PATCH', `${notice(id)}/versions/${seq}`, { body: { revision, content } }),
  approve: (id: string, seq: number, revision: number) =>
    request<Notice>('POST', `${notice(id)}/versions/${seq}/approve`, { body: { revision } }),
  publish: (id: string, seq: number, revision: number) =>
    request<Notice>('POST', `${notice(id)}/versions/${seq}/publish`, { body: { revision } }),
  newVersion: (id: string, kind: 'report' | 'correction') =>
    request<Notice>('POST', `${notice(id)}/versions`, { body: { kind } }),
  withdraw: (id: string) => request<Notice>('POST', `${notice(id)}/withdraw`, { body: {} }),
  comment: (id: string, seq: number, body: string) =>
    request<Notice>('POST', `${notice(id)}/comments`, { body: { seq, body } }),
};

/** Under the incident's key: stale with the incident's live events (liveQueries.ts) and after a change here. */
export const noticeQueries = {
  accountability: (incidentId: string) =>
    queryOptions({
      queryKey: ['incidents', incidentId, 'accountability'],
      queryFn: ({ signal }) => noticesApi.accountability(incidentId, signal),
      retry: false,
    }),
  notice: (incidentId: string, id: string) =>
    queryOptions({
      queryKey: ['incidents', incidentId, 'accountability', id],
      queryFn: ({ signal }) => noticesApi.notice(id, signal),
    }),
};
