import * as client from 'openid-client';
import type { Clock } from '../../platform/clock.js';
import { isAppError } from '../../platform/errors.js';
import { ssoErrors } from './sso.errors.js';

/** What talking to one provider needs; `version` changes whenever its settings do. */
export interface ProviderEndpoint {
  id: string;
  version: string;
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const DISCOVERY_TTL_MS = 60 * 60_000;
const TIMEOUT_SECONDS = 10;

/** Why an issuer URL cannot be used, or null: https only (http on this machine when allowed), nothing extra. */
export function issuerProblem(raw: string, allowHttpLoopback: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  const loopbackHttp = url.protocol === 'http:' && allowHttpLoopback && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) return 'it must start with https://';
  if (url.username || url.password) return 'it must not carry a user name or password';
  if (url.search || url.hash || raw.includes('?') || raw.includes('#'))
    return 'it must not have a query or a fragment';
  return null;
}

export interface CallbackChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface Oidc {
  /** The provider's configuration from its discovery document, kept for an hour per version of its settings. */
  configuration(p: ProviderEndpoint): Promise<client.Configuration>;
  /** Forgets what discovery found for a provider (its settings changed, or it failed). */
  forget(providerId: string): void;
  authorizationUrl(
    config: client.Configuration,
    params: { redirectUri: string; scope: string; state: string; nonce: string; codeVerifier: string },
  ): Promise<URL>;
  /**
   * Exchanges the code (with the PKCE verifier), validates the ID token (signature, issuer, audience, nonce,
   * times) and returns its claims, completed from UserInfo when `incomplete` says the token lacks something.
   */
  exchange(
    config: client.Configuration,
    callbackUrl: URL,
    checks: CallbackChecks,
    incomplete: (claims: Record<string, unknown>) => boolean,
  ): Promise<Record<string, unknown>>;
}

export function createOidc(deps: { clock: Clock; allowHttpLoopback: boolean }): Oidc {
  const cache = new Map<string, { version: string; at: number; config: Promise<client.Configuration> }>();
  const insecure = (issuer: string) => issuerProblem(issuer, false) !== null;

  async function discover(p: ProviderEndpoint): Promise<client.Configuration> {
    const problem = issuerProblem(p.issuer, deps.allowHttpLoopback);
    if (problem) throw ssoErrors.issuerInvalid(problem);
    const execute = insecure(p.issuer) ? [client.allowInsecureRequests] : [];
    let found: client.Configuration;
    try {
      found = await client.discovery(new URL(p.issuer), p.clientId, undefined, undefined, {
        execute,
        timeout: TIMEOUT_SECONDS,
      });
    } catch {
      throw ssoErrors.discoveryFailed();
    }
    const server = found.serverMetadata();
    // Client authentication as the provider offers it: Basic is the default of OpenID Connect.
    const methods = server.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
    const auth =
      p.clientSecret === undefined
        ? client.None()
        : methods.includes('client_secret_basic')
          ? client.ClientSecretBasic(p.clientSecret)
          : client.ClientSecretPost(p.clientSecret);
    const config = new client.Configuration(server, p.clientId, undefined, auth);
    config.timeout = TIMEOUT_SECONDS;
    if (execute.length > 0) client.allowInsecureRequests(config);
    return config;
  }

  return {
    configuration(p) {
      const now = deps.clock.now().getTime();
      const cached = cache.get(p.id);
      if (cached && cached.version === p.version && now - cached.at < DISCOVERY_TTL_MS) return cached.config;
      const config = discover(p);
      cache.set(p.id, { version: p.version, at: now, config });
      config.catch(() => {
        if (cache.get(p.id)?.config === config) cache.delete(p.id);
      });
      return config;
    },
    forget(providerId) {
      cache.delete(providerId);
    },
    async authorizationUrl(config, params) {
      return client.buildAuthorizationUrl(config, {
        redirect_uri: params.redirectUri,
        scope: params.scope,
        response_type: 'code',
        state: params.state,
        nonce: params.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(params.codeVerifier),
        code_challenge_method: 'S256',
      });
    },
    async exchange(config, callbackUrl, checks, incomplete) {
      try {
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
        const idToken = tokens.claims();
        if (!idToken) throw ssoErrors.idTokenInvalid();
        const claims: Record<string, unknown> = { ...idToken };
        if (!incomplete(claims) || !tokens.access_token || !config.serverMetadata().userinfo_endpoint)
          return claims;
        // UserInfo must be about the same subject; what the ID token says wins.
        const info = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
        return { ...info, ...claims };
      } catch (e) {
        throw failureOf(e);
      }
    },
  };
}

const PROVIDER_TROUBLE = new Set([
  'OAUTH_RESPONSE_IS_NOT_CONFORM',
  'OAUTH_RESPONSE_IS_NOT_JSON',
  'OAUTH_PARSE_ERROR',
  'OAUTH_HTTP_REQUEST_FORBIDDEN',
  'OAUTH_REQUEST_PROTOCOL_FORBIDDEN',
  'OAUTH_MISSING_SERVER_METADATA',
  'OAUTH_INVALID_SERVER_METADATA',
]);

/** What went wrong, as a refusal with a stable code. */
function failureOf(e: unknown): Error {
  if (isAppError(e)) return e;
  if (e instanceof client.AuthorizationResponseError) return ssoErrors.providerError(e.error);
  // The token endpoint said no: a code used already, or a verifier that does not match its challenge.
  if (e instanceof client.ResponseBodyError) return ssoErrors.codeRejected();
  if (e instanceof client.ClientError)
    return PROVIDER_TROUBLE.has(e.code ?? '') ? ssoErrors.providerFailed() : ssoErrors.idTokenInvalid();
  // fetch failed, a timeout, a refused connection.
  return ssoErrors.providerFailed();
}
