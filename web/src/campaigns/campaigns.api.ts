import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  CampaignInput,
  CampaignListOut,
  CampaignOut,
  CheckBodyOut,
  CheckInput,
  CheckListOut,
  CheckOut,
} from '../../../src/features/campaigns/campaigns.schemas.js';
import { newIdempotencyKey, request } from '../api.js';

// The calls of verification campaigns and communication checks, typed from the server's schemas (type-only).

export type Campaign = Static<typeof CampaignOut>;
export type CampaignEntry = Campaign['entries'][number];
export type NewCampaign = Static<typeof CampaignInput>;
export type Check = Static<typeof CheckOut>;
export type CheckBody = Static<typeof CheckBodyOut>;
export type NewCheck = Static<typeof CheckInput>;
export type OrgRef = Campaign['pending'][number];

const campaignPath = (id: string) => `/api/v1/contact-campaigns/${encodeURIComponent(id)}`;
const checkPath = (id: string) => `/api/v1/communication-checks/${encodeURIComponent(id)}`;
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export const campaignsApi = {
  /** The test messages that reached me in the app and wait for my acknowledgment. */
  received: (signal?: AbortSignal) =>
    request<{ items: { checkId: string; orgSlug: string; sentAt: string }[] }>(
      'GET',
      '/api/v1/communication-checks/received',
      withSignal(signal),
    ),
  campaigns: (fiscalYear: number, signal?: AbortSignal) =>
    request<Static<typeof CampaignListOut>>(
      'GET',
      `/api/v1/contact-campaigns?fiscalYear=${fiscalYear}`,
      withSignal(signal),
    ),
  campaign: (id: string, signal?: AbortSignal) =>
    request<Campaign>('GET', campaignPath(id), withSignal(signal)),
  startCampaign: (input: NewCampaign, idempotencyKey = newIdempotencyKey()) =>
    request<Campaign>('POST', '/api/v1/contact-campaigns', { body: input, idempotencyKey }),
  confirm: (id: string) => request<Campaign>('POST', `${campaignPath(id)}/confirm`, { body: {} }),
  close: (id: string) => request<Campaign>('POST', `${campaignPath(id)}/close`, { body: {} }),

  checks: (fiscalYear: number, signal?: AbortSignal) =>
    request<Static<typeof CheckListOut>>(
      'GET',
      `/api/v1/communication-checks?fiscalYear=${fiscalYear}`,
      withSignal(signal),
    ),
  check: (id: string, signal?: AbortSignal) => request<Check>('GET', checkPath(id), withSignal(signal)),
  startCheck: (input: NewCheck, idempotencyKey = newIdempotencyKey()) =>
    request<Check>('POST', '/api/v1/communication-checks', { body: input, idempotencyKey }),
  acknowledge: (id: string) => request<CheckBody>('POST', `${checkPath(id)}/acknowledge`, { body: {} }),
};

/**
 * The campaign and check queries: ['campaigns', 'list', year], ['campaigns', id], ['checks', 'list', year],
 * ['checks', id], ['checks', 'received']. A test message reaching me (communication_check.sent) makes
 * ['checks'] stale (liveQueries.ts).
 */
export const campaignQueries = {
  campaigns: (year: number) =>
    queryOptions({
      queryKey: ['campaigns', 'list', year],
      queryFn: ({ signal }) => campaignsApi.campaigns(year, signal),
    }),
  campaign: (id: string) =>
    queryOptions({ queryKey: ['campaigns', id], queryFn: ({ signal }) => campaignsApi.campaign(id, signal) }),
  checks: (year: number) =>
    queryOptions({
      queryKey: ['checks', 'list', year],
      queryFn: ({ signal }) => campaignsApi.checks(year, signal),
    }),
  check: (id: string) =>
    queryOptions({ queryKey: ['checks', id], queryFn: ({ signal }) => campaignsApi.check(id, signal) }),
  received: () =>
    queryOptions({
      queryKey: ['checks', 'received'],
      queryFn: ({ signal }) => campaignsApi.received(signal),
    }),
};
