import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  ContactChangeInput,
  ContactInput,
  ContactListOut,
  ContactWrittenOut,
  VerifyOut,
  WebhookSecretOut,
} from '../../../src/features/contacts/contacts.schemas.js';
import type {
  NotificationListOut,
  NotificationOut,
  StepListOut,
} from '../../../src/features/notifications/notifications.schemas.js';
import { newIdempotencyKey, request } from '../api.js';
import type { Change } from '../changes/changes.api.js';

// The calls of contact structures and notifications, typed from the server's schemas (type-only imports).

export type ContactList = Static<typeof ContactListOut>;
export type Contact = ContactList['items'][number];
export type ContactWritten = Static<typeof ContactWrittenOut>;
export type NewContact = Static<typeof ContactInput>;
export type ContactChange = Static<typeof ContactChangeInput>;
export type Notification = Static<typeof NotificationOut>;
export type Step = Static<typeof StepListOut>['items'][number];

const orgPath = (slug: string) => `/api/v1/orgs/${encodeURIComponent(slug)}`;
const contactPath = (slug: string, id: string) => `${orgPath(slug)}/contacts/${encodeURIComponent(id)}`;
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export const contactsApi = {
  list: (slug: string, signal?: AbortSignal) =>
    request<ContactList>('GET', `${orgPath(slug)}/contacts`, withSignal(signal)),
  // Asked of a body from outside it (an administrator), a change answers 202 with the change waiting for the
  // body's confirmation instead of the contact.
  add: (slug: string, contact: NewContact, idempotencyKey = newIdempotencyKey()) =>
    request<ContactWritten | Change>('POST', `${orgPath(slug)}/contacts`, { body: contact, idempotencyKey }),
  change: (slug: string, id: string, change: ContactChange) =>
    request<ContactWritten | Change>('PATCH', contactPath(slug, id), { body: change }),
  remove: (slug: string, id: string) => request<Change | undefined>('DELETE', contactPath(slug, id)),
  verify: (slug: string) =>
    request<Static<typeof VerifyOut>>('POST', `${orgPath(slug)}/contacts/verify`, { body: {} }),
  rotateSecret: (slug: string) =>
    request<Static<typeof WebhookSecretOut>>('POST', `${orgPath(slug)}/webhook-secret`, { body: {} }),

  notifications: (signal?: AbortSignal) =>
    request<Static<typeof NotificationListOut>>('GET', '/api/v1/notifications', withSignal(signal)),
  openNotifications: (signal?: AbortSignal) =>
    request<Static<typeof NotificationListOut>>(
      'GET',
      '/api/v1/notifications?status=open',
      withSignal(signal),
    ),
  acknowledge: (id: string) =>
    request<Notification>('POST', `/api/v1/notifications/${encodeURIComponent(id)}/acknowledge`, {
      body: {},
    }),
  incidentSteps: (id: string, signal?: AbortSignal) =>
    request<Static<typeof StepListOut>>(
      'GET',
      `/api/v1/incidents/${encodeURIComponent(id)}/notifications`,
      withSignal(signal),
    ),
};

/**
 * The queries of contacts and notifications: ['contacts', slug] a body's contact structure, ['notifications',
 * 'mine'] and ['notifications', 'open'] my notifications (all, or waiting for me), ['incidents', id,
 * 'notifications'] what was notified of an incident. A notification arriving makes ['notifications'] stale
 * (liveQueries.ts); an incident's events make that incident stale with its parts.
 */
export const contactQueries = {
  list: (slug: string) =>
    queryOptions({ queryKey: ['contacts', slug], queryFn: ({ signal }) => contactsApi.list(slug, signal) }),
  notifications: () =>
    queryOptions({
      queryKey: ['notifications', 'mine'],
      queryFn: ({ signal }) => contactsApi.notifications(signal),
    }),
  openNotifications: () =>
    queryOptions({
      queryKey: ['notifications', 'open'],
      queryFn: ({ signal }) => contactsApi.openNotifications(signal),
    }),
  incidentSteps: (id: string) =>
    queryOptions({
      queryKey: ['incidents', id, 'notifications'],
      queryFn: ({ signal }) => contactsApi.incidentSteps(id, signal),
    }),
};
