import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { OrgInput, OrgOut } from '../../../src/features/orgs/orgs.schemas.js';
import type {
  TokenOut,
  UserChangeInput,
  UserInput,
  UserOut,
} from '../../../src/features/users/users.schemas.js';
import type { AuditEntryOut, VerifyOut } from '../../../src/platform/audit/audit.schemas.js';
import { newIdempotencyKey, request } from '../api.js';
import type { Change } from '../changes/changes.api.js';

// The calls of administration and the audit log, typed from the server's schemas (type-only imports).

export type Org = Static<typeof OrgOut>;
export type NewOrg = Static<typeof OrgInput>;
export type User = Static<typeof UserOut>;
export type NewUser = Static<typeof UserInput>;
export type Token = Static<typeof TokenOut>;
export type NewToken = Token & { token: string };
export type Role = NewUser['role'];

export type UserChange = Static<typeof UserChangeInput>;
export type AuditEntry = Static<typeof AuditEntryOut>;

/** What GET /api/v1/audit/verify answers. */
export type ChainCheck = Static<typeof VerifyOut>;

/** The bounds of a ministry's review deadline, as the server applies them. */
export type { ReviewDeadline } from '../orgs.queries.js';

/** The filters of the audit log, as the API's query parameters (empty ones are left out). */
export interface AuditFilter {
  action?: string;
  actor?: string;
  subjectType?: string;
  subjectId?: string;
  from?: string;
  to?: string;
}

export const AUDIT_PAGE_SIZE = 50;

/** The audit filters as a query string, shared by the list and the CSV link so both show the same rows. */
export function auditQuery(filter: AuditFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filter, ...extra }))
    if (typeof value === 'string' && value !== '') params.set(name, value);
  return params.toString();
}

const path = (base: string, query: string) => (query ? `${base}?${query}` : base);

export const adminApi = {
  addOrg: (org: NewOrg, idempotencyKey = newIdempotencyKey()) =>
    request<Org>('POST', '/api/v1/orgs', { body: org, idempotencyKey }),
  setAliases: (slug: string, aliases: string[]) =>
    request<Org>('PUT', `/api/v1/orgs/${encodeURIComponent(slug)}/aliases`, { body: { aliases } }),
  setDomains: (slug: string, domains: string[]) =>
    request<Org>('PUT', `/api/v1/orgs/${encodeURIComponent(slug)}/domains`, { body: { domains } }),
  configureRouting: (slug: string, reviewMode: boolean, reviewDeadlineMinutes: number | null) =>
    request<Org>('PATCH', `/api/v1/orgs/${encodeURIComponent(slug)}/routing`, {
      body: { reviewMode, reviewDeadlineMinutes },
    }),

  users: (org: string | null, signal?: AbortSignal) =>
    request<{ items: User[] }>(
      'GET',
      path('/api/v1/users', org ? new URLSearchParams({ org }).toString() : ''),
      {
        ...(signal ? { signal } : {}),
      },
    ),
  /** The user added, or — asked of a body from outside it — the change waiting for its confirmation. */
  addUser: (user: NewUser, idempotencyKey = newIdempotencyKey()) =>
    request<User | Change>('POST', '/api/v1/users', { body: user, idempotencyKey }),
  changeUser: (id: string, change: UserChange) =>
    request<User | Change>('PATCH', `/api/v1/users/${encodeURIComponent(id)}`, { body: change }),

  sendPasswordReset: (id: string) =>
    request<{ expiresAt: string }>('POST', `/api/v1/users/${encodeURIComponent(id)}/password-reset`),
  askMfaReset: (id: string) => request<unknown>('POST', `/api/v1/users/${encodeURIComponent(id)}/mfa-reset`),

  tokens: (signal?: AbortSignal) =>
    request<{ items: Token[] }>('GET', '/api/v1/tokens', signal ? { signal } : {}),
  createToken: (name: string, readOnly = false) =>
    request<NewToken>('POST', '/api/v1/tokens', { body: { name, readOnly } }),
  revokeToken: (id: string) => request<void>('DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`),

  audit: (filter: AuditFilter, before: number | null, signal?: AbortSignal) =>
    request<{ items: AuditEntry[] }>(
      'GET',
      path(
        '/api/v1/audit',
        auditQuery(filter, { limit: String(AUDIT_PAGE_SIZE), ...(before ? { before: String(before) } : {}) }),
      ),
      signal ? { signal } : {},
    ),
  auditCsvHref: (filter: AuditFilter) => path('/api/v1/audit/export.csv', auditQuery(filter)),
  verifyAudit: () => request<ChainCheck>('GET', '/api/v1/audit/verify'),
};

/**
 * The administration queries (the bodies are orgQueries.list, shared): ['users', org] a body's users (or all, ''),
 * ['tokens'] my API tokens. A screen invalidates what its own change touched.
 */
export const adminQueries = {
  users: (org: string | null) =>
    queryOptions({ queryKey: ['users', org ?? ''], queryFn: ({ signal }) => adminApi.users(org, signal) }),
  tokens: () => queryOptions({ queryKey: ['tokens'], queryFn: ({ signal }) => adminApi.tokens(signal) }),
};
