/** People, their API tokens, sessions, known devices and password resets. */
export interface UsersTables {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  known_devices: KnownDevicesTable;
  password_resets: PasswordResetsTable;
}

export interface UsersTable {
  id: string;
  org_id: string;
  email: string;
  role: string;
  /** Since when it holds `role`; null: since created_at. */
  role_granted_at?: string | null;
  display_name: string;
  password_hash: string | null;
  locale: string;
  disabled_at: string | null;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** 1: the token answers GET and HEAD only. */
  read_only: number;
}

export interface SessionsTable {
  /** Public id, shown to the owner to end it; the cookie's secret is known by its hash only. */
  id: string;
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  /** 'full' | 'second-factor' (password given, second factor awaited) | 'enrol' (must enrol one first) */
  stage: string;
  /** 'password' | 'passkey' | 'sso' */
  first_factor: string;
  /** What satisfied multi-factor authentication: 'totp' | 'recovery' | 'passkey' | 'idp'; null: nothing. */
  second_factor: string | null;
  client_address: string;
  user_agent: string;
  last_seen_at: string;
}

export interface KnownDevicesTable {
  id_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface PasswordResetsTable {
  id: string;
  token_hash: string;
  user_id: string;
  email: string;
  requested_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}
