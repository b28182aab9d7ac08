/** Second factors: TOTP, recovery codes, passkeys and their challenges. */
export interface MfaTables {
  totp_credentials: TotpCredentialsTable;
  recovery_codes: RecoveryCodesTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
}

export interface TotpCredentialsTable {
  user_id: string;
  secret: string;
  created_at: string;
  confirmed_at: string | null;
  last_used_step: number | null;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface PasskeysTable {
  /** The credential id, base64url. */
  id: string;
  user_id: string;
  name: string;
  /** COSE public key, base64url. */
  public_key: string;
  counter: number;
  /** JSON array of transports. */
  transports: string;
  device_type: string;
  backed_up: number;
  created_at: string;
  last_used_at: string | null;
}

export interface WebauthnChallengesTable {
  id: string;
  challenge: string;
  /** 'register' | 'authenticate' */
  purpose: string;
  user_id: string | null;
  created_at: string;
  expires_at: string;
}
