import { presentOrg } from '../incidents/incidents.presenter.js';
import type { OrgRow } from '../orgs/orgs.directory.js';
import type { ApiTokensTable, SessionsTable, UsersTable } from './users.table.js';

// The explicit allow-list of what leaves the server about people and their tokens (never a hash).

type User = Pick<UsersTable, 'id' | 'email' | 'display_name' | 'role' | 'created_at' | 'disabled_at'> & {
  last_login_at?: string | null;
};

export const presentUser = (u: User, orgSlug: string) => ({
  id: u.id,
  email: u.email,
  displayName: u.display_name,
  role: u.role,
  orgSlug,
  createdAt: u.created_at,
  disabled: u.disabled_at !== null,
  lastLoginAt: u.last_login_at ?? null,
});

export const presentMe = (
  u: Pick<UsersTable, 'email' | 'display_name' | 'role' | 'locale'>,
  org: OrgRow,
) => ({
  email: u.email,
  displayName: u.display_name,
  role: u.role,
  locale: u.locale,
  // Whether the body reviews its agencies' reports: a ministry in review mode lands on its queue.
  org: { ...presentOrg(org), reviewMode: org.review_mode === 1 },
});

export const presentToken = (
  t: Pick<ApiTokensTable, 'id' | 'name' | 'created_at' | 'last_used_at' | 'revoked_at' | 'read_only'>,
) => ({
  id: t.id,
  name: t.name,
  createdAt: t.created_at,
  lastUsedAt: t.last_used_at,
  revokedAt: t.revoked_at,
  readOnly: t.read_only === 1,
});

/** A browser session as its owner sees it: never its secret nor its CSRF token. */
export const presentSession = (
  s: Pick<
    SessionsTable,
    | 'id'
    | 'created_at'
    | 'last_seen_at'
    | 'expires_at'
    | 'client_address'
    | 'user_agent'
    | 'first_factor'
    | 'second_factor'
    | 'stage'
  > & { current: boolean },
) => ({
  id: s.id,
  createdAt: s.created_at,
  lastSeenAt: s.last_seen_at,
  expiresAt: s.expires_at,
  clientAddress: s.client_address,
  userAgent: s.user_agent,
  firstFactor: s.first_factor,
  secondFactor: s.second_factor,
  stage: s.stage,
  current: s.current,
});
