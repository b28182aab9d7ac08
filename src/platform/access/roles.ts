/** The three levels of the reporting chain. */
export type OrgKind = 'center' | 'ministry' | 'agency';

export const ROLES = [
  'reporter',
  'security-officer',
  'center-analyst',
  'center-coordinator',
  'admin',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** Roles that only exist at the center. */
const CENTER_ONLY: readonly Role[] = ['center-analyst', 'center-coordinator', 'admin', 'auditor'];

export const roleFitsOrg = (role: Role, kind: OrgKind): boolean =>
  kind === 'center' || !CENTER_ONLY.includes(role);

/** Who is asking: resolved once per request by authentication, passed to every rule and use-case. */
export interface Actor {
  userId: string;
  email: string;
  role: Role;
  orgId: string;
  orgSlug: string;
  orgKind: OrgKind;
  via: 'token' | 'session';
  /** The browser session's public id (via 'session'). */
  sessionId?: string;
  /** The API token's id (via 'token'). */
  tokenId?: string;
  /** Whether this session passed a second factor; API tokens never count as having done so. */
  mfa?: boolean;
  /** A read-only API token. */
  readOnly?: boolean;
}

/**
 * A person of a body acting without a session or token of theirs: the operator's console (`--as`), exercise
 * control's injects played as the starter, the demo's seeding.
 */
export const actorOfPerson = (
  person: { userId: string; email: string; role: string },
  body: { id: string; slug: string; kind: OrgKind },
): Actor => ({
  userId: person.userId,
  email: person.email,
  role: person.role as Role,
  orgId: body.id,
  orgSlug: body.slug,
  orgKind: body.kind,
  via: 'token',
});
