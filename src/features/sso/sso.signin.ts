import { isRole, type Role } from '../../platform/access/roles.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { openSession } from '../users/sessions.open.js';
import { usersAccounts } from '../users/users.accounts.js';
import { createUser } from '../users/users.create.js';
import { usersReads } from '../users/users.reads.js';
import type { Person } from './sso.claims.js';
import type { SsoDeps } from './sso.deps.js';
import { ssoErrors } from './sso.errors.js';
import type { ClientInfo } from './sso.login.usecases.js';
import { type Mapping, type Resolution, resolveMapping } from './sso.mapping.js';
import { type ProviderRow, ssoRepository } from './sso.repository.js';
import { providerBodies } from './sso.scope.js';

const mapped = (r: Resolution) => {
  if (r.kind === 'none') throw ssoErrors.noMapping();
  if (r.kind === 'ambiguous') throw ssoErrors.ambiguousMapping();
  return r;
};

/** The account a new identity gets, when a mapping allows it: never one that exists, found by e-mail. */
async function provision(unit: Unit, provider: ProviderRow, person: Person, r: Resolution, deps: SsoDeps) {
  const { orgId, role, provision: allowed } = mapped(r);
  if (!allowed) throw ssoErrors.notProvisioned();
  if (!person.email) throw ssoErrors.claimsInvalid('email');
  const taken = await usersReads.idByEmail(unit.tx, person.email);
  // Someone's account, perhaps in another body: an identity provider does not get it by asserting its address.
  if (taken) throw ssoErrors.emailInUse();
  const org = await orgsDirectory.byId(unit.tx, orgId);
  if (!org) throw ssoErrors.noMapping();
  const user = await createUser({
    unit,
    actor: null,
    input: { org: org.slug, role, email: person.email, displayName: person.displayName ?? undefined },
    deps,
  });
  await deps.audit.append(
    unit,
    audited(null, 'sso.user.provision', 'user', user.id, { provider: provider.slug, org: org.slug, role }),
    deps.clock.now(),
  );
  return user.id;
}

async function link(unit: Unit, provider: ProviderRow, person: Person, userId: string, deps: SsoDeps) {
  const now = deps.clock.now();
  await ssoRepository.insertIdentity(unit.tx, {
    id: newId(),
    provider_id: provider.id,
    issuer: person.issuer,
    subject: person.subject,
    user_id: userId,
    created_at: now.toISOString(),
    last_login_at: null,
  });
  await deps.audit.append(
    unit,
    audited(null, 'sso.identity.link', 'user', userId, {
      provider: provider.slug,
      issuer: person.issuer,
      subject: person.subject,
    }),
    now,
  );
}

/**
 * Who a validated identity is in Renraku, and a session for them. The identity is found by (provider, issuer,
 * subject) only; without one, a mapping may create the account (never take over an existing one), or the
 * person links it from a session of theirs (`linkUserId`). Every log-in must still map to the account's own
 * body, within the provider's bodies; the mapped role replaces the account's role. Refusals throw.
 */
export async function signIn(args: {
  unit: Unit;
  provider: ProviderRow;
  person: Person;
  claims: Record<string, unknown>;
  linkUserId: string | null;
  client: ClientInfo;
  deps: SsoDeps;
}) {
  const { unit, provider, person, claims, deps } = args;
  const mappings: Mapping[] = (await ssoRepository.mappings(unit.tx, [provider.id]))
    .filter((m) => isRole(m.role))
    .map((m) => ({
      claim: m.claim,
      value: m.value,
      orgId: m.org_id,
      role: m.role as Role,
      provision: m.provision === 1,
    }));
  const bodies = await providerBodies(unit.tx, provider);
  const identity = await ssoRepository.identity(unit.tx, provider.id, person.issuer, person.subject);

  let userId: string;
  if (args.linkUserId) {
    if (identity && identity.user_id !== args.linkUserId) throw ssoErrors.identityTaken();
    userId = args.linkUserId;
  } else
    userId =
      identity?.user_id ?? (await provision(unit, provider, person, resolveMapping(mappings, claims), deps));

  const user = await usersAccounts.byId(unit.tx, userId);
  if (!user || user.disabled_at) throw ssoErrors.userDisabled();
  if (!bodies.includes(user.org_id)) throw ssoErrors.bodyMismatch();
  const { role } = mapped(resolveMapping(mappings, claims, user.org_id));
  if (!identity) await link(unit, provider, person, user.id, deps);
  else await ssoRepository.touchIdentity(unit.tx, identity.id, deps.clock.now().toISOString());

  if (role !== user.role) {
    await usersAccounts.setRole(unit.tx, user.id, role);
    await deps.audit.append(
      unit,
      audited(null, 'user.update', 'user', user.id, {
        email: user.email,
        org: user.org_slug,
        changes: { role: { from: user.role, to: role } },
        by: { provider: provider.slug },
      }),
      deps.clock.now(),
    );
  }
  // Linking is done from a session of the person's own, which passed whatever its log-in asked: it goes on,
  // and no second session is opened beside it (one without a second factor would ask for it again).
  if (args.linkUserId) return null;
  return openSession({
    unit,
    user: { ...user, role },
    firstFactor: 'sso',
    secondFactor: person.secondFactor ? 'idp' : null,
    client: args.client,
    deps,
    detail: { provider: provider.slug, amr: person.amr, acr: person.acr },
  });
}
