import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { LoginPolicyIn, LoginPolicyOut } from '../../../src/features/orgs/login-policy.schemas.js';
import type {
  IdentityOut,
  MappingInput,
  ProviderChange,
  ProviderInput,
  ProviderOut,
  PublicProviderOut,
} from '../../../src/features/sso/sso.schemas.js';
import { newIdempotencyKey, request } from '../api.js';

// The calls of single sign-on administration and login policies, typed from the server's schemas.

export type Provider = Static<typeof ProviderOut>;
export type NewProvider = Static<typeof ProviderInput>;
export type ProviderEdit = Static<typeof ProviderChange>;
export type NewMapping = Static<typeof MappingInput>;
export type LoginPolicy = Static<typeof LoginPolicyOut>;
export type LoginPolicyChange = Static<typeof LoginPolicyIn>;
/** The identity providers my account is linked to, and those of my body it may be linked to. */
export type Links = { items: Static<typeof IdentityOut>[]; linkable: Static<typeof PublicProviderOut>[] };
/** A change to an existing body's sign-in that waits for the body's confirmation. */
export type Pending = { status: 'pending'; changeId: string };

export const isPending = (x: unknown): x is Pending =>
  typeof x === 'object' && x !== null && (x as { status?: unknown }).status === 'pending';

const at = (slug: string) => `/api/v1/sso-providers/${encodeURIComponent(slug)}`;

export const ssoApi = {
  providers: (signal?: AbortSignal) =>
    request<{ items: Provider[] }>('GET', '/api/v1/sso-providers', signal ? { signal } : {}),
  addProvider: (provider: NewProvider, idempotencyKey = newIdempotencyKey()) =>
    request<Provider | Pending>('POST', '/api/v1/sso-providers', { body: provider, idempotencyKey }),
  changeProvider: (slug: string, edit: ProviderEdit) =>
    request<Provider | Pending>('PATCH', at(slug), { body: edit }),
  addMapping: (slug: string, mapping: NewMapping, idempotencyKey = newIdempotencyKey()) =>
    request<Provider | Pending>('POST', `${at(slug)}/mappings`, { body: mapping, idempotencyKey }),
  removeMapping: (slug: string, id: string) =>
    request<void>('DELETE', `${at(slug)}/mappings/${encodeURIComponent(id)}`),
  loginPolicy: (org: string, signal?: AbortSignal) =>
    request<LoginPolicy>(
      'GET',
      `/api/v1/orgs/${encodeURIComponent(org)}/login-policy`,
      signal ? { signal } : {},
    ),
  identities: (signal?: AbortSignal) =>
    request<Links>('GET', '/api/v1/sso/identities', signal ? { signal } : {}),
  setLoginPolicy: (org: string, policy: LoginPolicyChange) =>
    request<LoginPolicy | Pending>('PUT', `/api/v1/orgs/${encodeURIComponent(org)}/login-policy`, {
      body: policy,
    }),
};

/** The single sign-on queries: ['sso', 'providers'], ['sso', 'policy', org], ['sso', 'identities']. */
export const ssoQueries = {
  providers: () =>
    queryOptions({ queryKey: ['sso', 'providers'], queryFn: ({ signal }) => ssoApi.providers(signal) }),
  loginPolicy: (org: string) =>
    queryOptions({
      queryKey: ['sso', 'policy', org],
      queryFn: ({ signal }) => ssoApi.loginPolicy(org, signal),
    }),
  identities: () =>
    queryOptions({ queryKey: ['sso', 'identities'], queryFn: ({ signal }) => ssoApi.identities(signal) }),
};
