import { ROLES as ALL_ROLES } from '../../../src/platform/access/roles.js';
import type { Me } from '../api.js';
import { isMessageKey, type Translate } from '../i18n.js';
import type { Role } from './admin.api.js';

// Mirrors the server's rules (src/platform/access/rules.ts, roles.ts) only to offer what would be accepted;
// the server decides.

export const ROLES: readonly Role[] = ALL_ROLES;
const BODY_ROLES: readonly Role[] = ['reporter', 'security-officer'];

/** The roles `me` may give to someone of a body of this kind. */
export function grantableRoles(me: Me, orgKind: string | undefined): readonly Role[] {
  if (me.role === 'admin') return orgKind === 'center' ? ROLES : BODY_ROLES;
  if (me.role === 'security-officer') return BODY_ROLES;
  return [];
}

/** A role in the reader's language. */
export const roleName = (t: Translate, role: string) => {
  const key = `role.${role}`;
  return isMessageKey(key) ? t(key) : role;
};

/** Whether this user is the one logged in (the API names users by id, `me` by e-mail). */
export const isSelf = (me: Me, user: { email: string }) =>
  user.email.toLowerCase() === me.email.toLowerCase();
