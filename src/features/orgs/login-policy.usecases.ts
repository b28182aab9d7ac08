import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import type { ChangeDeps } from '../changes/changes.deps.js';
import type { ChangeKind } from '../changes/changes.kinds.js';
import { ssoReads } from '../sso/sso.reads.js';
import { usersReads } from '../users/users.reads.js';
import { type ChangeOutcome, submitBodyChange } from './body-changes.js';
import { loginPolicyRepository } from './login-policy.repository.js';
import type { OrgRow } from './orgs.directory.js';
import { orgErrors } from './orgs.errors.js';
import { orgsRepository } from './orgs.repository.js';

export const MAX_BREAK_GLASS = 5;

export const loginPolicyErrors = {
  noProvider: () =>
    new AppError(
      422,
      'orgs.no_sso_provider',
      'Local passwords can be turned off only for a body that an identity provider in use logs in.',
    ),
  breakGlassNotMember: () =>
    new AppError(
      422,
      'orgs.break_glass_not_member',
      'A break-glass account must be an active user of the body itself.',
    ),
};

/** What setting a body's log-in policy runs on: a change from outside the body is asked, not made. */
export interface LoginPolicyDeps {
  audit: AuditLog;
  clock: Clock;
  changes: ChangeDeps;
}

export interface LoginPolicyInput {
  passwordsDisabled: boolean;
  breakGlass: string[];
}

/** The body of a login policy, for an actor that may see it (otherwise it does not exist). */
export async function policyBody(db: Executor, actor: Actor, slug: string): Promise<OrgRow> {
  const org = await orgsRepository.bySlug(db, slug);
  if (!org || !can.manageLoginPolicy(actor, { orgId: org.id })) throw orgErrors.notFound();
  return org;
}

/** The body's break-glass accounts, with who they are, by e-mail address. */
async function breakGlassOf(db: Executor, orgId: string) {
  const people = await usersReads.byIds(db, await loginPolicyRepository.breakGlassIds(db, orgId));
  return [...people.values()]
    .map((p) => ({ id: p.userId, email: p.email, display_name: p.displayName, role: p.role }))
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}

/** A body's login policy as shown: passwords on or off, its break-glass accounts, the providers that log it in. */
export async function readLoginPolicy(db: Executor, org: OrgRow) {
  return {
    org: org.slug,
    passwordsDisabled: await loginPolicyRepository.passwordsDisabled(db, org.id),
    breakGlass: await breakGlassOf(db, org.id),
    providers: await ssoReads.activeProvidersOf(db, org),
  };
}

export function loginPolicyKind(deps: { audit: AuditLog; clock: Clock }): ChangeKind {
  return {
    name: 'login_policy.update',
    async apply({ unit, change, confirmer }) {
      const input = change.payload as LoginPolicyInput;
      const org = await orgsRepository.byId(unit.tx, change.orgId);
      if (!org) throw orgErrors.notFound();
      if (input.passwordsDisabled && (await ssoReads.activeProvidersOf(unit.tx, org)).length === 0)
        throw loginPolicyErrors.noProvider();
      const ids = [...new Set(input.breakGlass)];
      if (ids.length > 0) {
        const members = await usersReads.activeMembers(unit.tx, org.id, ids);
        if (members.length !== ids.length) throw loginPolicyErrors.breakGlassNotMember();
      }
      const now = deps.clock.now();
      await loginPolicyRepository.save(unit.tx, org.id, input.passwordsDisabled, ids, now.toISOString());
      await deps.audit.append(
        unit,
        audited(confirmer, 'org.login_policy', 'org', org.id, {
          passwordsDisabled: input.passwordsDisabled,
          breakGlass: ids,
          requestedBy: change.requestedBy,
        }),
        now,
      );
      return undefined;
    },
  };
}

/**
 * Turns a body's local passwords off or on and names its break-glass accounts. From the body's own security
 * officer it takes effect at once; from an administrator it is a change to an existing body from outside it.
 */
export async function setLoginPolicy(args: {
  unit: Unit;
  actor: Actor;
  org: OrgRow;
  input: LoginPolicyInput;
  deps: LoginPolicyDeps;
}): Promise<ChangeOutcome> {
  const { unit, actor, org, input, deps } = args;
  const change = {
    kind: loginPolicyKind(deps),
    orgId: org.id,
    subjectKey: `login_policy:${org.id}`,
    payload: input,
    summary: { ...input },
  };
  return submitBodyChange({ unit, actor, change, deps: deps.changes });
}
