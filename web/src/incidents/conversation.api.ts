import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { MessageListOut, MessageOut } from '../../../src/features/conversation/conversation.schemas.js';
import type { IncidentOut } from '../../../src/features/incidents/incidents.schemas.js';
import { request } from '../api.js';

// The calls of the conversation on an incident and of sending a report back, typed from the server's schemas.

export type Message = Static<typeof MessageOut>;
type Incident = Static<typeof IncidentOut>;

const path = (id: string) => `/api/v1/incidents/${encodeURIComponent(id)}`;

export const conversationApi = {
  messages: (incidentId: string, signal: AbortSignal) =>
    request<Static<typeof MessageListOut>>('GET', `${path(incidentId)}/messages`, { signal }),
  /** Posts a message; the same key sent again posts it once. */
  post: (incidentId: string, body: string, replyTo: string | null, idempotencyKey: string) =>
    request<Message>('POST', `${path(incidentId)}/messages`, {
      body: replyTo ? { body, replyTo } : { body },
      idempotencyKey,
    }),
  /** Sends an agency report under review back to the agency, asking for more. */
  sendBack: (incidentId: string, message: string, idempotencyKey: string) =>
    request<Incident>('POST', `${path(incidentId)}/send-back`, { body: { message }, idempotencyKey }),
};

/** The messages on an incident: ['incidents', id, 'messages'], stale with the incident's events (liveQueries.ts). */
export const conversationQueries = {
  messages: (incidentId: string) =>
    queryOptions({
      queryKey: ['incidents', incidentId, 'messages'],
      queryFn: ({ signal }) => conversationApi.messages(incidentId, signal),
    }),
};
