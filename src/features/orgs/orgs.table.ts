import type { OrgKind } from '../../platform/access/roles.js';

/** The government's bodies and their log-in policies. */
export interface OrgsTables {
  orgs: OrgsTable;
  login_policies: LoginPoliciesTable;
  break_glass_accounts: BreakGlassAccountsTable;
}

export interface OrgsTable {
  id: string;
  slug: string;
  kind: OrgKind;
  name_ja: string;
  name_en: string;
  parent_id: string | null;
  review_mode: number;
  review_deadline_minutes: number | null;
  created_at: string;
  /** JSON array of the body's other names (METI, 経産省): anonymisation hides them too. */
  aliases: string;
  /**
   * JSON array of the body's own DNS domains (meti.go.jp): host names under them are its internal hosts, which
   * a share's redaction of internal addresses removes.
   */
  domains: string;
}

export interface LoginPoliciesTable {
  org_id: string;
  passwords_disabled: number;
  updated_at: string;
}

export interface BreakGlassAccountsTable {
  user_id: string;
  org_id: string;
  created_at: string;
}
