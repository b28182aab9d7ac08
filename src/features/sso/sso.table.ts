/** Single sign-on providers, their mappings, linked identities and log-in flows. */
export interface SsoTables {
  sso_providers: SsoProvidersTable;
  sso_mappings: SsoMappingsTable;
  sso_identities: SsoIdentitiesTable;
  sso_flows: SsoFlowsTable;
}

export interface SsoProvidersTable {
  id: string;
  slug: string;
  org_id: string;
  include_agencies: number;
  name_ja: string;
  name_en: string;
  issuer: string;
  client_id: string;
  client_secret_sealed: string | null;
  scopes: string;
  groups_claim: string;
  /** JSON array of acr values that mean the provider did MFA. */
  mfa_acr_values: string;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SsoMappingsTable {
  id: string;
  provider_id: string;
  claim: string;
  value: string;
  org_id: string;
  role: string;
  provision: number;
  created_at: string;
}

export interface SsoIdentitiesTable {
  id: string;
  provider_id: string;
  issuer: string;
  subject: string;
  user_id: string;
  created_at: string;
  last_login_at: string | null;
}

export interface SsoFlowsTable {
  state_hash: string;
  provider_id: string;
  binding_hash: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  link_user_id: string | null;
  created_at: string;
  expires_at: string;
}
