import { randomNonce, randomPKCECodeVerifier, randomState } from 'openid-client';
import type { Actor } from '../../platform/access/roles.js';
import { audited } from '../../platform/audit/audit.js';
import { hashSecret, sameSecret } from '../../platform/auth/secrets.js';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { isAppError } from '../../platform/errors.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { claimValues, type Person, personOf } from './sso.claims.js';
import type { SsoDeps } from './sso.deps.js';
import { ssoErrors } from './sso.errors.js';
import type { ProviderEndpoint } from './sso.oidc.js';
import { callbackPath } from './sso.presenter.js';
import { ssoReads } from './sso.reads.js';
import { type ProviderRow, ssoRepository } from './sso.repository.js';
import { secretFromFolder } from './sso.secrets.js';
import { signIn } from './sso.signin.js';

/** How Renraku reaches a provider: its secret from the secrets folder, else unsealed from the database. */
export function endpointOf(provider: ProviderRow, deps: SsoDeps): ProviderEndpoint {
  const secret =
    secretFromFolder(deps.secretsDir, provider.slug) ??
    (provider.client_secret_sealed
      ? deps.secrets.open(provider.client_secret_sealed, provider.id)
      : undefined);
  return {
    id: provider.id,
    version: provider.updated_at,
    issuer: provider.issuer,
    clientId: provider.client_id,
    clientSecret: secret,
  };
}

const redirectUri = (provider: ProviderRow, deps: SsoDeps) => deps.baseUrl() + callbackPath(provider.slug);

/**
 * Starts a log-in at the provider: a fresh state, nonce and PKCE verifier, kept server-side (found by the
 * state's hash) and bound to this browser, for `flowMinutes`. Returns where to send the browser.
 */
export async function beginLogin(args: {
  handle: DatabaseHandle;
  provider: ProviderRow;
  returnTo: string;
  /** The browser's binding secret (its cookie). */
  binding: string;
  /** Set when a logged-in person links this provider to their account. */
  linkUserId: string | null;
  deps: SsoDeps;
}): Promise<URL> {
  const { handle, provider, deps } = args;
  if (provider.disabled_at) throw ssoErrors.unknownProvider();
  const config = await deps.oidc.configuration(endpointOf(provider, deps));
  const state = randomState();
  const nonce = randomNonce();
  const codeVerifier = randomPKCECodeVerifier();
  const now = deps.clock.now();
  await inTransaction(handle, async (unit) => {
    await ssoRepository.sweepFlows(unit.tx, now.toISOString());
    await ssoRepository.insertFlow(unit.tx, {
      state_hash: hashSecret(state),
      provider_id: provider.id,
      binding_hash: hashSecret(args.binding),
      nonce,
      code_verifier: codeVerifier,
      return_to: args.returnTo,
      link_user_id: args.linkUserId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + deps.flowMinutes * 60_000).toISOString(),
    });
  });
  return deps.oidc.authorizationUrl(config, {
    redirectUri: redirectUri(provider, deps),
    scope: provider.scopes,
    state,
    nonce,
    codeVerifier,
  });
}

import type { ClientInfo } from '../users/sessions.open.js';

export type { ClientInfo };

export interface CallbackParams {
  code?: string | undefined;
  state?: string | undefined;
  iss?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
}

// Only the parameters of an authorization response reach openid-client, on the registered redirect URI: the
// Host header and anything else of the request play no part.
const RESPONSE_PARAMS = ['code', 'state', 'iss', 'error', 'error_description'] as const;

/**
 * Finishes a log-in: takes the flow of this state (once), checks it was started by this browser and in time,
 * exchanges the code with its verifier, validates the ID token, and signs the person in. A refusal is audited
 * (in a transaction of its own: the refused one wrote nothing) and thrown.
 */
export async function finishLogin(args: {
  handle: DatabaseHandle;
  provider: ProviderRow;
  params: CallbackParams;
  binding: string | undefined;
  /** Where the browser is, for the audit log and the session. */
  client: ClientInfo;
  deps: SsoDeps;
}) {
  const { handle, provider, params, client, deps } = args;
  let person: Person | undefined;
  let linkUserId: string | null = null;
  try {
    if (!params.state) throw ssoErrors.invalidState();
    const state = params.state;
    const flow = await inTransaction(handle, (unit) => ssoRepository.takeFlow(unit.tx, hashSecret(state)));
    const now = deps.clock.now().toISOString();
    if (
      !flow ||
      flow.provider_id !== provider.id ||
      !args.binding ||
      !sameSecret(hashSecret(args.binding), flow.binding_hash) ||
      flow.expires_at <= now
    )
      throw ssoErrors.invalidState();
    linkUserId = flow.link_user_id;
    if (provider.disabled_at) throw ssoErrors.unknownProvider();
    if (params.error) throw ssoErrors.providerError(params.error);
    const config = await deps.oidc.configuration(endpointOf(provider, deps));
    const callbackUrl = new URL(redirectUri(provider, deps));
    for (const name of RESPONSE_PARAMS) {
      const value = params[name];
      if (value !== undefined) callbackUrl.searchParams.set(name, value);
    }
    const claims = await deps.oidc.exchange(
      config,
      callbackUrl,
      { state, nonce: flow.nonce, codeVerifier: flow.code_verifier },
      (c) => typeof c.email !== 'string' || claimValues(c, provider.groups_claim).length === 0,
    );
    const who = personOf(claims, JSON.parse(provider.mfa_acr_values) as string[]);
    person = who;
    const session = await inTransaction(handle, (unit) =>
      signIn({ unit, provider, person: who, claims, linkUserId, client, deps }),
    );
    return { session, returnTo: flow.return_to };
  } catch (e) {
    if (isAppError(e) && e.status < 500)
      await auditRefusal(handle, deps, provider, { code: e.code, person, linkUserId, client });
    throw e;
  }
}

function auditRefusal(
  handle: DatabaseHandle,
  deps: SsoDeps,
  provider: ProviderRow,
  why: { code: string; person: Person | undefined; linkUserId: string | null; client: ClientInfo },
) {
  const { code, person, linkUserId } = why;
  return inTransaction(handle, (unit) =>
    deps.audit.append(
      unit,
      audited(null, 'sso.login_refused', 'sso_provider', provider.id, {
        provider: provider.slug,
        code,
        ...(person ? { issuer: person.issuer, subject: person.subject, email: person.email } : {}),
        ...(linkUserId ? { linkUserId } : {}),
        address: why.client.address,
      }),
      deps.clock.now(),
    ),
  );
}

/** The identity providers the log-in screen offers. */
export const logInProviders = (db: Executor) => ssoRepository.activeProviders(db);

/** A provider a browser may leave for, to log in or to link an identity: one in use, by its slug. */
export async function liveProvider(db: Executor, slug: string): Promise<ProviderRow> {
  const provider = await ssoRepository.providerBySlug(db, slug);
  if (!provider || provider.disabled_at) throw ssoErrors.unknownProvider();
  return provider;
}

/** The provider a browser comes back from, by its slug (whether its log-in may finish, `finishLogin` decides). */
export async function returningProvider(db: Executor, slug: string): Promise<ProviderRow> {
  const provider = await ssoRepository.providerBySlug(db, slug);
  if (!provider) throw ssoErrors.unknownProvider();
  return provider;
}

/** The identities the caller's account is linked to, and the providers of its body it may link. */
export async function identitiesOf(db: Executor, actor: Actor) {
  const identities = await ssoRepository.identitiesOf(db, actor.userId);
  const org = await orgsDirectory.byId(db, actor.orgId);
  const linkable = org ? await ssoReads.activeProvidersNamed(db, org) : [];
  return { identities, linkable };
}
