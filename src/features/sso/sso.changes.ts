import { isRole, roleFitsOrg } from '../../platform/access/roles.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import type { ChangeKind } from '../changes/changes.kinds.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { orgErrors } from '../orgs/orgs.errors.js';
import { userErrors } from '../users/users.errors.js';
import type { SsoDeps } from './sso.deps.js';
import { ssoErrors } from './sso.errors.js';
import { type MappingRow, type ProviderRow, ssoRepository } from './sso.repository.js';
import { providerBodies } from './sso.scope.js';

// The changes to a body's sign-in that may have to wait for the body's confirmation, as kinds that apply a
// stored payload. Each checks again what may have moved since it was asked.

export type NewProvider = Omit<ProviderRow, 'created_at' | 'updated_at' | 'disabled_at'>;
export type ProviderEdit = Partial<
  Pick<
    ProviderRow,
    | 'include_agencies'
    | 'name_ja'
    | 'name_en'
    | 'issuer'
    | 'client_id'
    | 'client_secret_sealed'
    | 'scopes'
    | 'groups_claim'
    | 'mfa_acr_values'
    | 'disabled_at'
  >
>;
export type NewMapping = Omit<MappingRow, 'created_at'>;

/** What an audit entry says of a provider: its settings, never its secret. */
export const providerFacts = (p: Partial<ProviderRow>) => {
  const { client_secret_sealed, ...rest } = p;
  return client_secret_sealed === undefined
    ? rest
    : { ...rest, clientSecret: client_secret_sealed ? 'set' : 'removed' };
};

/** A provider's body exists, and is a ministry when its agencies are included. Checked when asked and applied. */
export async function checkAgencies(unit: Unit, orgId: string, includeAgencies: number) {
  const org = await orgsDirectory.byId(unit.tx, orgId);
  if (!org) throw orgErrors.notFound();
  if (includeAgencies && org.kind !== 'ministry') throw ssoErrors.agenciesOnlyForMinistries();
}

/**
 * A mapping can be made: its provider and body exist, the body is one the provider logs in, the role fits the
 * body, and the same mapping is not there already. Checked when asked and again when applied.
 */
export async function checkMapping(unit: Unit, row: NewMapping) {
  const provider = (await ssoRepository.providers(unit.tx)).find((p) => p.id === row.provider_id);
  if (!provider) throw ssoErrors.notFound();
  const org = await orgsDirectory.byId(unit.tx, row.org_id);
  if (!org) throw orgErrors.notFound();
  if (!(await providerBodies(unit.tx, provider)).includes(org.id)) throw ssoErrors.mappingOutOfScope();
  if (!isRole(row.role) || !roleFitsOrg(row.role, org.kind)) throw userErrors.roleDoesNotFitOrg();
  const existing = await ssoRepository.mappings(unit.tx, [provider.id]);
  if (
    existing.some(
      (m) => m.claim === row.claim && m.value === row.value && m.org_id === row.org_id && m.role === row.role,
    )
  )
    throw ssoErrors.mappingExists();
  return { provider, org };
}

export function ssoChangeKinds(deps: Pick<SsoDeps, 'audit' | 'clock' | 'oidc'>) {
  const createProvider: ChangeKind = {
    name: 'sso.provider.create',
    async apply({ unit, change, confirmer }) {
      const row = change.payload as NewProvider;
      if (await ssoRepository.providerBySlug(unit.tx, row.slug)) throw ssoErrors.slugTaken();
      await checkAgencies(unit, row.org_id, row.include_agencies);
      const now = deps.clock.now().toISOString();
      await ssoRepository.insertProvider(unit.tx, {
        ...row,
        disabled_at: null,
        created_at: now,
        updated_at: now,
      });
      await deps.audit.append(
        unit,
        audited(confirmer, 'sso.provider.create', 'sso_provider', row.id, {
          ...providerFacts(row),
          requestedBy: change.requestedBy,
        }),
        deps.clock.now(),
      );
      return undefined;
    },
  };

  const updateProvider: ChangeKind = {
    name: 'sso.provider.update',
    async apply({ unit, change, confirmer }) {
      const { id, edit } = change.payload as { id: string; edit: ProviderEdit };
      const provider = (await ssoRepository.providers(unit.tx)).find((p) => p.id === id);
      if (!provider) throw ssoErrors.notFound();
      await checkAgencies(unit, provider.org_id, edit.include_agencies ?? provider.include_agencies);
      const now = deps.clock.now();
      await ssoRepository.updateProvider(unit.tx, id, { ...edit, updated_at: now.toISOString() });
      await deps.audit.append(
        unit,
        audited(confirmer, 'sso.provider.update', 'sso_provider', id, {
          slug: provider.slug,
          changes: providerFacts(edit),
          requestedBy: change.requestedBy,
        }),
        now,
      );
      unit.afterCommit(() => deps.oidc.forget(id));
      return undefined;
    },
  };

  const createMapping: ChangeKind = {
    name: 'sso.mapping.create',
    async apply({ unit, change, confirmer }) {
      const row = change.payload as NewMapping;
      const { provider, org } = await checkMapping(unit, row);
      const now = deps.clock.now();
      await ssoRepository.insertMapping(unit.tx, { ...row, created_at: now.toISOString() });
      await deps.audit.append(
        unit,
        audited(confirmer, 'sso.mapping.create', 'sso_provider', provider.id, {
          slug: provider.slug,
          mappingId: row.id,
          claim: row.claim,
          value: row.value,
          org: org.slug,
          role: row.role,
          provision: row.provision === 1,
          requestedBy: change.requestedBy,
        }),
        now,
      );
      return undefined;
    },
  };

  return { createProvider, updateProvider, createMapping };
}

/** The kinds, for the registry of the composition root. */
export const ssoChangeKindList = (deps: Pick<SsoDeps, 'audit' | 'clock' | 'oidc'>): ChangeKind[] =>
  Object.values(ssoChangeKinds(deps));
