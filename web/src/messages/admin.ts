// Messages of administration (bodies, users, API tokens) and the audit log. Japanese is the reference;
// English has exactly the same keys.

export const ja = {
  'nav.admin': '管理',
  'nav.orgs': '組織',
  'nav.users': '利用者',
  'nav.tokens': 'APIトークン',
  'nav.audit': '監査ログ',
  'orgs.heading': '組織',
  'users.heading': '利用者とロール',
  'tokens.heading': 'APIトークン',
  'audit.heading': '監査ログ',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'nav.admin': 'Administration',
  'nav.orgs': 'Bodies',
  'nav.users': 'Users',
  'nav.tokens': 'API tokens',
  'nav.audit': 'Audit log',
  'orgs.heading': 'Bodies',
  'users.heading': 'Users and roles',
  'tokens.heading': 'API tokens',
  'audit.heading': 'Audit log',
};
