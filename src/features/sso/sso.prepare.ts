import { newId } from '../../platform/ids.js';
import type { NewProvider, ProviderEdit } from './sso.changes.js';
import type { SsoDeps } from './sso.deps.js';
import type { ProviderRow } from './sso.repository.js';
import { secretFromFolder } from './sso.secrets.js';

// What an administrator's provider settings become, prepared before the unit of work: the issuer is asked for
// its discovery document (slow, and it may fail), and a new secret is sealed to the provider it belongs to.

export interface ProviderFields {
  includeAgencies?: boolean | undefined;
  nameJa?: string | undefined;
  nameEn?: string | undefined;
  issuer?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | null | undefined;
  scopes?: string | undefined;
  groupsClaim?: string | undefined;
  mfaAcrValues?: string[] | undefined;
  disabled?: boolean | undefined;
}

export const DEFAULT_SCOPES = 'openid email profile';
export const DEFAULT_GROUPS_CLAIM = 'groups';

/** Checks that the issuer answers discovery as itself, with the client it will be used with. */
async function checkIssuer(
  deps: SsoDeps,
  p: { id: string; issuer: string; clientId: string; secret?: string },
) {
  await deps.oidc.configuration({
    id: `check:${p.id}`,
    version: newId(),
    issuer: p.issuer,
    clientId: p.clientId,
    clientSecret: p.secret,
  });
  deps.oidc.forget(`check:${p.id}`);
}

/**
 * A new provider as it would be stored, its secret sealed to its id. Call it before the transaction: it asks the
 * issuer for its discovery document, which is slow and may fail.
 */
export async function prepareProvider(
  input: ProviderFields & {
    slug: string;
    org: string;
    nameJa: string;
    nameEn: string;
    issuer: string;
    clientId: string;
  },
  orgId: string,
  deps: SsoDeps,
): Promise<NewProvider> {
  const id = newId();
  const secret = input.clientSecret ?? secretFromFolder(deps.secretsDir, input.slug);
  await checkIssuer(deps, {
    id,
    issuer: input.issuer,
    clientId: input.clientId,
    ...(secret ? { secret } : {}),
  });
  return {
    id,
    slug: input.slug,
    org_id: orgId,
    include_agencies: input.includeAgencies ? 1 : 0,
    name_ja: input.nameJa,
    name_en: input.nameEn,
    issuer: input.issuer,
    client_id: input.clientId,
    client_secret_sealed: input.clientSecret ? deps.secrets.seal(input.clientSecret, id) : null,
    scopes: input.scopes ?? DEFAULT_SCOPES,
    groups_claim: input.groupsClaim ?? DEFAULT_GROUPS_CLAIM,
    mfa_acr_values: JSON.stringify(input.mfaAcrValues ?? []),
  };
}

/** The stored form of an edit; the issuer is asked again when what reaches it changes. Before the transaction. */
export async function prepareProviderEdit(
  provider: ProviderRow,
  input: ProviderFields,
  deps: SsoDeps,
): Promise<ProviderEdit> {
  const edit: ProviderEdit = {};
  if (input.includeAgencies !== undefined) edit.include_agencies = input.includeAgencies ? 1 : 0;
  if (input.nameJa !== undefined) edit.name_ja = input.nameJa;
  if (input.nameEn !== undefined) edit.name_en = input.nameEn;
  if (input.issuer !== undefined) edit.issuer = input.issuer;
  if (input.clientId !== undefined) edit.client_id = input.clientId;
  if (input.clientSecret !== undefined)
    edit.client_secret_sealed =
      input.clientSecret === null ? null : deps.secrets.seal(input.clientSecret, provider.id);
  if (input.scopes !== undefined) edit.scopes = input.scopes;
  if (input.groupsClaim !== undefined) edit.groups_claim = input.groupsClaim;
  if (input.mfaAcrValues !== undefined) edit.mfa_acr_values = JSON.stringify(input.mfaAcrValues);
  if (input.disabled !== undefined)
    edit.disabled_at = input.disabled ? (provider.disabled_at ?? deps.clock.now().toISOString()) : null;
  if (input.issuer !== undefined || input.clientId !== undefined || typeof input.clientSecret === 'string') {
    const secret =
      typeof input.clientSecret === 'string'
        ? input.clientSecret
        : (secretFromFolder(deps.secretsDir, provider.slug) ??
          (provider.client_secret_sealed
            ? deps.secrets.open(provider.client_secret_sealed, provider.id)
            : undefined));
    await checkIssuer(deps, {
      id: provider.id,
      issuer: edit.issuer ?? provider.issuer,
      clientId: edit.client_id ?? provider.client_id,
      ...(secret ? { secret } : {}),
    });
  }
  return edit;
}
