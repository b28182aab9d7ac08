import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { FactorsOut, TotpStartOut } from '../../../src/features/mfa/mfa.schemas.js';
import type { SessionOut } from '../../../src/features/users/sessions.schemas.js';
import { type LoginAnswer, request } from '../api.js';

// The calls of logging in after the password and of セキュリティ設定, typed from the server's schemas.

export type Factors = Static<typeof FactorsOut>;
export type Passkey = Factors['passkeys'][number];
export type TotpStart = Static<typeof TotpStartOut>;
export type Session = Static<typeof SessionOut>;
/** What setting up a factor answers: recovery codes the first time, and a renewed session after the first factor. */
export interface Enrolled {
  recoveryCodes: string[] | null;
  session?: LoginAnswer;
}
interface Challenge {
  challengeId: string;
  options: Record<string, unknown>;
}

const enc = encodeURIComponent;

export const securityApi = {
  secondFactor: (method: 'totp' | 'recovery', code: string) =>
    request<LoginAnswer>('POST', '/api/v1/session/second-factor', { body: { method, code } }),
  passkeyLoginOptions: () => request<Challenge>('POST', '/api/v1/session/passkey/options'),
  passkeyLogIn: (challengeId: string, response: unknown) =>
    request<LoginAnswer>('POST', '/api/v1/session/passkey', { body: { challengeId, response } }),

  factors: (signal?: AbortSignal) => request<Factors>('GET', '/api/v1/me/mfa', signal ? { signal } : {}),
  startTotp: () => request<TotpStart>('POST', '/api/v1/me/mfa/totp'),
  confirmTotp: (code: string) => request<Enrolled>('POST', '/api/v1/me/mfa/totp/confirm', { body: { code } }),
  removeTotp: () => request<void>('DELETE', '/api/v1/me/mfa/totp'),
  regenerateCodes: () => request<{ recoveryCodes: string[] }>('POST', '/api/v1/me/mfa/recovery-codes'),
  passkeyOptions: () => request<Challenge>('POST', '/api/v1/me/passkeys/options'),
  addPasskey: (challengeId: string, name: string, response: unknown) =>
    request<Enrolled & { id: string }>('POST', '/api/v1/me/passkeys', {
      body: { challengeId, name, response },
    }),
  renamePasskey: (id: string, name: string) =>
    request<void>('PATCH', `/api/v1/me/passkeys/${enc(id)}`, { body: { name } }),
  removePasskey: (id: string) => request<void>('DELETE', `/api/v1/me/passkeys/${enc(id)}`),

  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/api/v1/me/password', { body: { currentPassword, newPassword } }),
  sessions: (signal?: AbortSignal) =>
    request<{ items: Session[] }>('GET', '/api/v1/me/sessions', signal ? { signal } : {}),
  endSession: (id: string) => request<void>('DELETE', `/api/v1/me/sessions/${enc(id)}`),
};

/** The queries of セキュリティ設定: ['me', 'factors'] my sign-in factors, ['me', 'sessions'] my sessions. */
export const securityQueries = {
  factors: () =>
    queryOptions({ queryKey: ['me', 'factors'], queryFn: ({ signal }) => securityApi.factors(signal) }),
  sessions: () =>
    queryOptions({ queryKey: ['me', 'sessions'], queryFn: ({ signal }) => securityApi.sessions(signal) }),
};
