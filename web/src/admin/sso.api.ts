import type { Static } from 'typebox';
import type { LoginPolicyIn, LoginPolicyOut } from '../../../src/features/orgs/login-policy.schemas.js';
import type {
  MappingInput,
  ProviderChange,
  ProviderInput,
  ProviderOut,
} from '../../../src/features/sso/sso.schemas.js';
import { newIdempotencyKey, request } from '../api.js';

// The calls of single sign-on administration and login policies, typed from the server's schemas.

export type Provider = Static<typeof ProviderOut>;
export type NewProvider = Static<typeof ProviderInput>;
export type ProviderEdit = Static<typeof ProviderChange>;
export type NewMapping = Static<typeof MappingInput>;
export type LoginPolicy = Static<typeof LoginPolicyOut>;
export type LoginPolicyChange = Static<typeof LoginPolicyIn>;
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
  setLoginPolicy: (org: string, policy: LoginPolicyChange) =>
    request<LoginPolicy | Pending>('PUT', `/api/v1/orgs/${encodeURIComponent(org)}/login-policy`, {
      body: policy,
    }),
};
