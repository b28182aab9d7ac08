import type { Actor } from '../../src/platform/access/roles.js';
import type { TestUser } from './harness.js';

/** A test user as the actor its token authenticates as, for calling use-cases directly. */
export const actorOf = (u: TestUser): Actor => ({
  userId: u.id,
  email: u.email,
  role: u.role,
  orgId: u.org.id,
  orgSlug: u.org.slug,
  orgKind: u.org.kind,
  via: 'token',
});
