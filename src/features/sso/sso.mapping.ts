import type { Role } from '../../platform/access/roles.js';
import { claimValues } from './sso.claims.js';

/** A claim value (a group) that gives a role in a body. */
export interface Mapping {
  claim: string;
  value: string;
  orgId: string;
  role: Role;
  provision: boolean;
}

export type Resolution =
  | { kind: 'none' }
  | { kind: 'ambiguous' }
  | { kind: 'mapped'; orgId: string; role: Role; provision: boolean };

// A role that includes another (a security officer does all a reporter does, a coordinator all an analyst
// does) wins over it when a person is in both groups; any other pair is a conflict to resolve at the provider.
const INCLUDES: Partial<Record<Role, Role>> = {
  'security-officer': 'reporter',
  'center-coordinator': 'center-analyst',
};

/**
 * The one body and role the claims map to. `orgId` narrows to the body of an account already linked (its
 * other mappings do not matter). Roles in several bodies, or roles that do not include one another, are
 * ambiguous: Renraku does not guess which one is meant.
 */
export function resolveMapping(
  mappings: readonly Mapping[],
  claims: Record<string, unknown>,
  orgId?: string,
): Resolution {
  const matched = mappings.filter(
    (m) => (orgId === undefined || m.orgId === orgId) && claimValues(claims, m.claim).includes(m.value),
  );
  const first = matched[0];
  if (!first) return { kind: 'none' };
  if (matched.some((m) => m.orgId !== first.orgId)) return { kind: 'ambiguous' };
  const roles = new Set(matched.map((m) => m.role));
  for (const role of [...roles]) {
    const included = INCLUDES[role];
    if (included) roles.delete(included);
  }
  const [role, ...others] = [...roles];
  if (!role || others.length > 0) return { kind: 'ambiguous' };
  return {
    kind: 'mapped',
    orgId: first.orgId,
    role,
    provision: matched.some((m) => m.role === role && m.provision),
  };
}
