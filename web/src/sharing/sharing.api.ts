import { queryOptions } from '@tanstack/react-query';
import type {
  AudienceSpec,
  Indicator,
  ShareContent,
  Tlp,
} from '../../../src/features/sharing/sharing.terms.js';
import { newIdempotencyKey, request } from '../api.js';

// The calls of sharing and consent, in the shapes of the contract (share-design, "REST API"). The terms types
// come from the server's pure module, so that the composer and the server name the same TLPs and indicators.

export type { AudienceSpec, Indicator, ShareContent, Tlp };
export type ShareKind = 'share' | 'advisory';
export type ShareStatus =
  | 'draft'
  | 'awaiting-consent'
  | 'awaiting-publication'
  | 'published'
  | 'rejected'
  | 'expired'
  | 'withdrawn';
export interface OrgRef {
  slug: string;
  nameJa: string;
  nameEn: string;
  kind: string;
}
export interface Ack {
  at: string;
  by: string;
}
export interface AckState {
  read: Ack | null;
  mitigationApplied: Ack | null;
}
export type ConsentStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'superseded' | 'withdrawn';
/** How an approval tightened the asked terms (computed by the server). */
export interface Tightening {
  field: 'tlp' | 'recipients' | 'namedUsers' | 'title' | 'body' | 'indicators' | 'mitigations';
  asked: string | string[];
  granted: string | string[];
}

export interface ConsentOnShare {
  id: string;
  org: OrgRef;
  status: ConsentStatus;
  dueAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  reason: string | null;
  standing: boolean;
  /** Given by an account (or a role) younger than the configured age: flagged, not refused. */
  youngAccount: boolean;
  /** Empty when approved as asked. */
  tightened: Tightening[];
}
export type RedactionKind = 'source' | 'term' | 'internal-address' | 'personal-data';

/** A share as the API presents it; the manage view carries the fields marked optional. */
export interface Share extends ShareContent {
  id: string;
  kind: ShareKind;
  status: ShareStatus;
  view: 'manage' | 'recipient' | 'retracted';
  tlp: Tlp;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  withdrawnAt?: string | null;
  audience: AudienceSpec | { kind: AudienceSpec['kind'] };
  acknowledgment: AckState | null;
  revision?: number;
  round?: number;
  consentDueAt?: string | null;
  withdrawReason?: string | null;
  recipients?: { orgs: OrgRef[]; users: { email: string; orgSlug: string }[] };
  /** The incidents it derives from (manage view); the number only when the caller's body reads the incident. */
  sources?: { id: string; title: string; orgSlug: string; number: string | null }[];
  /** The source incidents the caller's body reads, by number (recipients are told of no others). */
  sourceIncidents?: { id: string; number: string }[];
  consents?: ConsentOnShare[];
  /** A consent of the current round was given by a young account (manage view). */
  consentByYoungAccount?: boolean;
  redactions?: { kind: RedactionKind; count: number }[];
  /** The files the share carries, as its consent request shows them (not on a retraction notice). */
  attachments?: ShareAttachment[];
  /** Four eyes: who drafted it, who changed it since, who published it (for those who manage it). */
  draftedBy?: string;
  editedBy?: string[];
  publishedBy?: string | null;
}

export interface Redact {
  anonymiseSource?: boolean;
  terms?: string[];
  internalAddresses?: boolean;
  personalData?: boolean;
}
export interface ShareTerms {
  content: ShareContent;
  audience: AudienceSpec;
  tlp: Tlp;
  consentDueAt?: string;
  redact?: Redact;
}
export interface NewShare extends ShareTerms {
  kind?: ShareKind;
  sourceIncidentIds: string[];
  attachmentIds?: string[];
}

/** A file a share carries: downloaded from the share, never shown in the page. */
export interface ShareAttachment {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  downloadUrl: string;
  /** Withdrawn by the incident's body since: its bytes are gone. */
  withdrawn: boolean;
}

export interface Acknowledgments {
  items: {
    org: OrgRef;
    readAt: string | null;
    readBy: string | null;
    mitigationAppliedAt: string | null;
    mitigationAppliedBy: string | null;
  }[];
  recipients: number;
  read: number;
  mitigated: number;
  /** When the bodies that had not read it were last reminded, and how many. */
  lastReminder: { at: string; bodies: number } | null;
}

export interface ConsentRequest extends Omit<ConsentOnShare, 'standing'> {
  askedAt: string;
  standing: boolean;
  share: Share;
}
export interface Decision {
  decision: 'approve' | 'reject';
  reason?: string;
  tlp?: Tlp;
  audience?: AudienceSpec;
  content?: ShareContent;
  revision?: number;
}

export type StandingScope = 'indicators-only' | 'any';
export interface StandingConsent {
  id: string;
  org: OrgRef;
  tlp: Tlp;
  audience: { kind: 'all' | 'ministries' };
  scope: StandingScope;
  anonymised: boolean;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
}
export type NewStandingConsent = Pick<StandingConsent, 'tlp' | 'audience' | 'scope' | 'anonymised'>;

export type Box = 'inbox' | 'managed';
export interface ShareFilter {
  box: Box;
  status: ShareStatus | '';
  kind: ShareKind | '';
  q: string;
}
/** Shares per page of the inbox: a screenful of cards, then "more". */
export const PAGE_SIZE = 20;

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});
const id = encodeURIComponent;

export const sharingApi = {
  /** A page of shares, as filtered; the page size is the inbox's. */
  shares: (filter: ShareFilter, cursor: string | null, signal?: AbortSignal) => {
    const query = new URLSearchParams({ box: filter.box, limit: String(PAGE_SIZE) });
    if (filter.status) query.set('status', filter.status);
    if (filter.kind) query.set('kind', filter.kind);
    if (filter.q) query.set('q', filter.q);
    if (cursor) query.set('cursor', cursor);
    return request<{ items: Share[]; nextCursor: string | null }>(
      'GET',
      `/api/v1/shares?${query}`,
      opts(signal),
    );
  },
  share: (shareId: string, signal?: AbortSignal) =>
    request<Share>('GET', `/api/v1/shares/${id(shareId)}`, opts(signal)),
  create: (share: NewShare, idempotencyKey = newIdempotencyKey()) =>
    request<Share>('POST', '/api/v1/shares', { body: share, idempotencyKey }),
  change: (shareId: string, terms: Partial<ShareTerms>) =>
    request<Share>('PATCH', `/api/v1/shares/${id(shareId)}`, { body: terms }),
  acknowledge: (shareId: string, kind: 'read' | 'mitigation-applied') =>
    request<AckState>('POST', `/api/v1/shares/${id(shareId)}/acknowledge`, { body: { kind } }),
  acknowledgments: (shareId: string, signal?: AbortSignal) =>
    request<Acknowledgments>('GET', `/api/v1/shares/${id(shareId)}/acknowledgments`, opts(signal)),
  /** A second coordinator publishes an advisory of the center's own, as read at `revision`. */
  publish: (shareId: string, revision: number) =>
    request<Share>('POST', `/api/v1/shares/${id(shareId)}/publish`, { body: { revision } }),
  withdraw: (shareId: string, reason: string) =>
    request<Share>('POST', `/api/v1/shares/${id(shareId)}/withdraw`, {
      body: reason.trim() ? { reason: reason.trim() } : {},
    }),

  consents: (signal?: AbortSignal) =>
    request<{ items: ConsentRequest[] }>('GET', '/api/v1/consent-requests?status=all', opts(signal)),
  consent: (requestId: string, signal?: AbortSignal) =>
    request<ConsentRequest>('GET', `/api/v1/consent-requests/${id(requestId)}`, opts(signal)),
  decide: (requestId: string, decision: Decision) =>
    request<ConsentRequest>('POST', `/api/v1/consent-requests/${id(requestId)}/decision`, { body: decision }),

  standing: (signal?: AbortSignal) =>
    request<{ items: StandingConsent[] }>('GET', '/api/v1/standing-consents', opts(signal)),
  addStanding: (terms: NewStandingConsent) =>
    request<StandingConsent>('POST', '/api/v1/standing-consents', { body: terms }),
  revokeStanding: (standingId: string) =>
    request<StandingConsent>('POST', `/api/v1/standing-consents/${id(standingId)}/revoke`, { body: {} }),
};

/**
 * The sharing queries: ['shares', 'list', query] a page of the inbox as filtered, ['shares', 'one', id] a share
 * and ['shares', 'one', id, 'acks'] who acknowledged it; ['consents', 'inbox'] and ['consents', 'one', id]
 * the consent requests; ['standing'] the standing consents. Sharing and consent events make ['shares'] and
 * ['consents'] stale (liveQueries.ts).
 */
export const sharingQueries = {
  shares: (filter: ShareFilter, query: string) =>
    queryOptions({
      queryKey: ['shares', 'list', query],
      queryFn: ({ signal }) => sharingApi.shares(filter, null, signal),
    }),
  share: (shareId: string) =>
    queryOptions({
      queryKey: ['shares', 'one', shareId],
      queryFn: ({ signal }) => sharingApi.share(shareId, signal),
    }),
  acknowledgments: (shareId: string) =>
    queryOptions({
      queryKey: ['shares', 'one', shareId, 'acks'],
      queryFn: ({ signal }) => sharingApi.acknowledgments(shareId, signal),
    }),
  consents: () =>
    queryOptions({ queryKey: ['consents', 'inbox'], queryFn: ({ signal }) => sharingApi.consents(signal) }),
  consent: (requestId: string) =>
    queryOptions({
      queryKey: ['consents', 'one', requestId],
      queryFn: ({ signal }) => sharingApi.consent(requestId, signal),
    }),
  standing: () =>
    queryOptions({ queryKey: ['standing'], queryFn: ({ signal }) => sharingApi.standing(signal) }),
};
