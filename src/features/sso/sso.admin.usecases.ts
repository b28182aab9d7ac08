import type { Actor, Role } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { ChangeDeps } from '../changes/changes.deps.js';
import { recordApplied } from '../changes/changes.usecases.js';
import { applyAtOnce, type ChangeOutcome, submitBodyChange } from '../orgs/body-changes.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { orgErrors } from '../orgs/orgs.errors.js';
import {
  checkAgencies,
  checkMapping,
  type NewProvider,
  type ProviderEdit,
  providerFacts,
  type ssoChangeKinds,
} from './sso.changes.js';
import type { SsoDeps } from './sso.deps.js';
import { ssoErrors } from './sso.errors.js';
import { type ProviderRow, ssoRepository } from './sso.repository.js';
import { providerBodies } from './sso.scope.js';

type Kinds = ReturnType<typeof ssoChangeKinds>;

/** Only administrators configure providers: refused before anything is fetched from the issuer. */
export function mayManageSso(actor: Actor): void {
  if (!can.manageSso(actor))
    throw commonErrors.forbidden('Only administrators configure identity providers.');
}

/** Adds a provider to a body; for an existing body it may wait for the body's confirmation. */
export async function createProvider(args: {
  unit: Unit;
  actor: Actor;
  row: NewProvider;
  kinds: Kinds;
  changes: ChangeDeps;
}) {
  const { unit, actor, row, kinds } = args;
  mayManageSso(actor);
  if (await ssoRepository.providerBySlug(unit.tx, row.slug)) throw ssoErrors.slugTaken();
  await checkAgencies(unit, row.org_id, row.include_agencies);
  return submitBodyChange({
    unit,
    actor,
    deps: args.changes,
    change: {
      kind: kinds.createProvider,
      orgId: row.org_id,
      subjectKey: `sso.provider:${row.slug}`,
      payload: row,
      summary: providerFacts(row),
    },
  });
}

/**
 * Changes a provider. Turning it off takes effect at once (taking access away must not wait); anything else,
 * which could let more people in or other people, waits like a new provider.
 */
export async function changeProvider(args: {
  unit: Unit;
  actor: Actor;
  provider: ProviderRow;
  edit: ProviderEdit;
  deps: SsoDeps;
  kinds: Kinds;
  changes: ChangeDeps;
}): Promise<ChangeOutcome> {
  const { unit, actor, provider, edit, deps, kinds } = args;
  mayManageSso(actor);
  const change = {
    kind: kinds.updateProvider,
    orgId: provider.org_id,
    payload: { id: provider.id, edit },
    subjectKey: `sso.provider:${provider.slug}`,
    summary: { slug: provider.slug, changes: providerFacts(edit) },
  };
  if (edit.include_agencies !== undefined) await checkAgencies(unit, provider.org_id, edit.include_agencies);
  const onlyDisabling = Object.keys(edit).length === 1 && typeof edit.disabled_at === 'string';
  if (onlyDisabling) {
    await applyAtOnce({ unit, actor, change, deps: args.changes });
    await ssoRepository.dropFlowsOf(unit.tx, provider.id);
    unit.afterCommit(() => deps.oidc.forget(provider.id));
    return { status: 'applied' };
  }
  return submitBodyChange({ unit, actor, change, deps: args.changes });
}

/** Maps a claim value to a role in one of the provider's bodies; it waits for that body's confirmation. */
export async function addMapping(args: {
  unit: Unit;
  actor: Actor;
  provider: ProviderRow;
  input: {
    claim?: string | undefined;
    value: string;
    org: string;
    role: Role;
    provision?: boolean | undefined;
  };
  kinds: Kinds;
  changes: ChangeDeps;
}): Promise<ChangeOutcome & { mappingId: string }> {
  const { unit, actor, provider, input, kinds } = args;
  mayManageSso(actor);
  const org = await orgsDirectory.bySlug(unit.tx, input.org);
  if (!org) throw orgErrors.notFound();
  const row = {
    id: newId(),
    provider_id: provider.id,
    claim: input.claim ?? provider.groups_claim,
    value: input.value,
    org_id: org.id,
    role: input.role,
    provision: input.provision ? 1 : 0,
  };
  await checkMapping(unit, row);
  const outcome = await submitBodyChange({
    unit,
    actor,
    deps: args.changes,
    change: {
      kind: kinds.createMapping,
      orgId: org.id,
      subjectKey: `sso.mapping:${provider.id}:${row.claim}:${row.value}:${org.id}:${row.role}`,
      payload: row,
      summary: { provider: provider.slug, claim: row.claim, value: row.value, org: org.slug, role: row.role },
    },
  });
  return { ...outcome, mappingId: row.id };
}

/** Removes a mapping at once: taking a role away never waits. Its people keep no session by it afterwards. */
export async function removeMapping(args: {
  unit: Unit;
  actor: Actor;
  provider: ProviderRow;
  mappingId: string;
  deps: SsoDeps;
  changes: ChangeDeps;
}) {
  const { unit, actor, provider, deps } = args;
  mayManageSso(actor);
  const mapping = await ssoRepository.mappingById(unit.tx, provider.id, args.mappingId);
  if (!mapping) throw ssoErrors.mappingNotFound();
  await ssoRepository.deleteMapping(unit.tx, mapping.id);
  await deps.audit.append(
    unit,
    audited(actor, 'sso.mapping.delete', 'sso_provider', provider.id, {
      slug: provider.slug,
      mappingId: mapping.id,
      claim: mapping.claim,
      value: mapping.value,
      role: mapping.role,
    }),
    deps.clock.now(),
  );
  const org = await orgsDirectory.byId(unit.tx, mapping.org_id);
  if (org)
    await recordApplied({
      unit,
      deps: args.changes,
      kind: 'sso.mapping.delete',
      org,
      actor,
      subject: { key: `sso.mapping:${mapping.id}` },
      summary: { provider: provider.slug, claim: mapping.claim, value: mapping.value, role: mapping.role },
    });
}

/** A provider the actor may see (the same 404 for one that exists elsewhere as for none). */
export async function providerFor(db: Executor, actor: Actor, slug: string) {
  const provider = await ssoRepository.providerBySlug(db, slug);
  if (!provider || !can.readSso(actor, await providerBodies(db, provider))) throw ssoErrors.notFound();
  return provider;
}

/**
 * The providers the actor may see, with the mappings it may see: everything for administrators; for a body's
 * security officer, the providers that log its people in and only the mappings into its own body.
 */
export async function listProviders(db: Executor, actor: Actor) {
  const all = await ssoRepository.providers(db);
  const visible: ProviderRow[] = [];
  for (const p of all) if (can.readSso(actor, await providerBodies(db, p))) visible.push(p);
  const mappings = (
    await ssoRepository.mappings(
      db,
      visible.map((p) => p.id),
    )
  ).filter((m) => can.manageSso(actor) || m.org_id === actor.orgId);
  const orgs = await orgsDirectory.byIds(db, [
    ...visible.map((p) => p.org_id),
    ...mappings.map((m) => m.org_id),
  ]);
  return { providers: visible, mappings, orgSlugs: new Map([...orgs].map(([id, o]) => [id, o.slug])) };
}
