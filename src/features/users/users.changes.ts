import { randomBytes } from 'node:crypto';
import { roleFitsOrg } from '../../platform/access/roles.js';
import type { AuditLog } from '../../platform/audit/audit.js';
import { hashPassword } from '../../platform/auth/secrets.js';
import type { Clock } from '../../platform/clock.js';
import { changeErrors } from '../changes/changes.errors.js';
import type { ChangeKind } from '../changes/changes.kinds.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { orgErrors } from '../orgs/orgs.errors.js';
import { insertUser, type NewUserPayload } from './users.create.js';
import { userErrors } from './users.errors.js';
import { usersRepository } from './users.repository.js';
import { type UserUpdatePayload, writeUserChange } from './users.update.js';

/**
 * The changes of people that wait for their body's confirmation: a new user, and a new role (or re-enabling).
 * Each checks again, when confirmed, what may have moved since it was asked.
 */
export function userChangeKinds(deps: { audit: AuditLog; clock: Clock }): ChangeKind[] {
  return [
    {
      name: 'user.create',
      // The first password is made now and shown once to whoever confirms (never the requester, who so cannot
      // log in as the person it asked for); they hand it over.
      async prepare() {
        const password = randomBytes(12).toString('base64url');
        return { password, hash: await hashPassword(password) };
      },
      async apply({ unit, change, confirmer, prepared }) {
        const p = change.payload as NewUserPayload;
        const first = prepared as { password: string; hash: string } | undefined;
        // Made before the unit opened; missing only if the change moved in between: asked again, then.
        if (!first) throw changeErrors.stale();
        const org = await orgsDirectory.byId(unit.tx, change.orgId);
        if (!org) throw orgErrors.notFound();
        if (!roleFitsOrg(p.role, org.kind)) throw userErrors.roleDoesNotFitOrg();
        if (await usersRepository.emailUsed(unit.tx, p.email)) throw userErrors.emailTaken();
        const row = await insertUser(unit, {
          org,
          input: {
            org: org.slug,
            role: p.role,
            email: p.email,
            displayName: p.displayName ?? undefined,
            locale: p.locale ?? undefined,
          },
          email: p.email,
          passwordHash: first.hash,
          auditActor: confirmer,
          deps,
          detail: { change: change.id, requestedBy: change.requestedBy },
        });
        return { subjectUserId: row.id, secret: first.password };
      },
    },
    {
      name: 'user.update',
      async apply({ unit, change, confirmer }) {
        const p = change.payload as UserUpdatePayload;
        const user = await usersRepository.byId(unit.tx, p.userId);
        if (!user || user.org_id !== change.orgId) throw userErrors.notFound();
        // Asked about a user as it was: if its role or state moved since, the request no longer says what it meant.
        if (user.role !== p.from.role || (user.disabled_at !== null) !== p.from.disabled)
          throw changeErrors.stale();
        if (p.role !== undefined && !roleFitsOrg(p.role, user.org_kind)) throw userErrors.roleDoesNotFitOrg();
        const { role, displayName, disabled } = p;
        await writeUserChange(unit, {
          user,
          input: { role, displayName, disabled },
          auditActor: confirmer,
          deps,
          detail: { change: change.id, requestedBy: change.requestedBy },
        });
        return { subjectUserId: user.id };
      },
    },
  ];
}
