import type { MappingRow, ProviderRow, ssoRepository } from './sso.repository.js';
import { secretFromFolder } from './sso.secrets.js';

// The explicit allow-list of what leaves the server about identity providers: never a secret, sealed or not.

export const callbackPath = (slug: string) => `/api/v1/sso/${encodeURIComponent(slug)}/callback`;
export const startPath = (slug: string) => `/api/v1/sso/${encodeURIComponent(slug)}/start`;

/** A provider as the log-in screen offers it (public): its names and where to start. */
export const presentPublicProvider = (p: Pick<ProviderRow, 'slug' | 'name_ja' | 'name_en'>) => ({
  slug: p.slug,
  nameJa: p.name_ja,
  nameEn: p.name_en,
  startUrl: startPath(p.slug),
});

/** An identity of the caller's at a provider. */
export const presentIdentity = (r: Awaited<ReturnType<typeof ssoRepository.identitiesOf>>[number]) => ({
  id: r.id,
  provider: r.slug,
  nameJa: r.name_ja,
  nameEn: r.name_en,
  linkedAt: r.created_at,
  lastLoginAt: r.last_login_at,
});

export const presentMapping = (m: MappingRow, orgSlugs: ReadonlyMap<string, string>) => ({
  id: m.id,
  claim: m.claim,
  value: m.value,
  org: orgSlugs.get(m.org_id) ?? '',
  role: m.role,
  provision: m.provision === 1,
});

export function presentProvider(
  p: ProviderRow,
  ctx: {
    orgSlugs: ReadonlyMap<string, string>;
    mappings: readonly MappingRow[];
    baseUrl: string;
    secretsDir: string | undefined;
  },
) {
  return {
    slug: p.slug,
    org: ctx.orgSlugs.get(p.org_id) ?? '',
    includeAgencies: p.include_agencies === 1,
    nameJa: p.name_ja,
    nameEn: p.name_en,
    issuer: p.issuer,
    clientId: p.client_id,
    clientSecret: secretFromFolder(ctx.secretsDir, p.slug)
      ? ('file' as const)
      : p.client_secret_sealed
        ? ('sealed' as const)
        : ('none' as const),
    scopes: p.scopes,
    groupsClaim: p.groups_claim,
    mfaAcrValues: JSON.parse(p.mfa_acr_values) as string[],
    redirectUri: ctx.baseUrl + callbackPath(p.slug),
    disabled: p.disabled_at !== null,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    mappings: ctx.mappings.filter((m) => m.provider_id === p.id).map((m) => presentMapping(m, ctx.orgSlugs)),
  };
}
