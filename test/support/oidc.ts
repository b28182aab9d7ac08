import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ClientMetadata, type KoaContextWithOIDC } from 'oidc-provider';

// A real OpenID Provider (oidc-provider, certified) on loopback for the tests: authorization code flow with
// PKCE required, signed ID tokens, discovery, JWKS, UserInfo. Its sign-in page is a plain form (account name,
// and a box saying a second factor was used, which sets `amr` and `acr`). A test can make its token endpoint
// answer a canned response once, as a compromised or confused provider would.

export interface IdpAccount {
  sub: string;
  email?: string;
  name?: string;
  groups?: string[];
  /** More claims, e.g. nested ones (`realm_access`). */
  extra?: Record<string, unknown>;
}

export interface IdpClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
}

export const MFA_ACR = 'urn:renraku:test:mfa';

export interface TestIdp {
  issuer: string;
  accounts: Map<string, IdpAccount>;
  /** The next request to the token endpoint gets this JSON (200) instead of the provider's answer. */
  answerNextTokenRequestWith(body: unknown): void;
  close(): Promise<void>;
}

/** An RSA signing key (RS256, what providers use by default), to share between two providers. */
export function signingKey() {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: randomBytes(6).toString('hex'), alg: 'RS256', use: 'sig' };
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

const htmlText = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

/** Starts a provider on loopback (`host` 127.0.0.1 or localhost, so that a browser test can be cross-site). */
export async function startIdp(options: {
  accounts: IdpAccount[];
  clients: IdpClient[];
  host?: '127.0.0.1' | 'localhost';
  key?: ReturnType<typeof signingKey>;
}): Promise<TestIdp> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`;
  const accounts = new Map(options.accounts.map((a) => [a.sub, a]));
  const provider = new Provider(issuer, {
    clients: options.clients.map(
      (c): ClientMetadata => ({
        ...c,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        ...(c.client_secret ? {} : { token_endpoint_auth_method: 'none' }),
      }),
    ),
    jwks: { keys: [options.key ?? signingKey()] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    acrValues: [MFA_ACR, 'urn:renraku:test:pwd'],
    // ID tokens carry the claims of the scopes (as Entra ID, Okta and Keycloak can be set up to do).
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub', 'amr', 'acr'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups', 'realm_access'],
    },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            ...(account.email ? { email: account.email, email_verified: true } : {}),
            ...(account.name ? { name: account.name } : {}),
            ...(account.groups ? { groups: account.groups } : {}),
            ...account.extra,
          };
        },
      };
    },
    // A first-party client: no consent screen, the requested scopes are granted.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client?.clientId ?? '',
        accountId: ctx.oidc.session?.accountId ?? '',
      });
      grant.addOIDCScope(String(ctx.oidc.params?.scope ?? 'openid'));
      await grant.save();
      return grant;
    },
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: 60,
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page(
        'Error',
        `<p>${htmlText(String(out.error))}: ${htmlText(String(out.error_description ?? ''))}</p>`,
      );
    },
  });
  const handle = provider.callback();
  let canned: unknown;

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, submit: boolean) {
    const details = await provider.interactionDetails(req, res);
    if (!submit) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        page(
          'Sign in to the test provider',
          `<form method="post" action="/interaction/${htmlText(uid)}/login">
<p><label for="login">Account</label> <input id="login" name="login" autocomplete="off" required></p>
<p><input type="checkbox" id="mfa" name="mfa" value="yes"> <label for="mfa">I used my security key</label></p>
<p><button type="submit">Sign in</button></p>
</form>`,
        ),
      );
      return;
    }
    const form = new URLSearchParams(await readBody(req));
    const accountId = form.get('login') ?? '';
    const mfa = form.get('mfa') === 'yes';
    const result = accounts.has(accountId)
      ? {
          login: {
            accountId,
            amr: mfa ? ['pwd', 'hwk'] : ['pwd'],
            acr: mfa ? MFA_ACR : 'urn:renraku:test:pwd',
          },
        }
      : { error: 'access_denied', error_description: 'unknown account' };
    if (details.prompt.name !== 'login') throw new Error(`unexpected prompt ${details.prompt.name}`);
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }

  server.on('request', (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const step = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(path);
    if (step?.[1]) {
      interaction(req, res, step[1], req.method === 'POST' && step[2] === '/login').catch((e: unknown) => {
        res.statusCode = 400;
        res.end(page('Error', htmlText(String(e))));
      });
      return;
    }
    if (path === '/token' && req.method === 'POST' && canned !== undefined) {
      const answer = canned;
      canned = undefined;
      void readBody(req).then(() => {
        res.setHeader('content-type', 'application/json');
        res.setHeader('cache-control', 'no-store');
        res.end(JSON.stringify(answer));
      });
      return;
    }
    handle(req, res);
  });

  return {
    issuer,
    accounts,
    answerNextTokenRequestWith(body) {
      canned = body;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A genuine token response of a provider, obtained outside Renraku: a code flow for any of its clients, with
 * the nonce asked for, as an attacker with an account there (or another application of the same provider)
 * could get one. `signIn` walks the provider's sign-in and returns where it sent the browser.
 */
export async function genuineTokens(
  idp: TestIdp,
  client: { clientId: string; clientSecret: string; redirectUri: string },
  nonce: string,
  signIn: (authorization: URL) => Promise<string>,
): Promise<Record<string, unknown>> {
  const verifier = randomBytes(32).toString('base64url');
  const authorization = new URL(`${idp.issuer}/auth`);
  for (const [k, v] of Object.entries({
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope: 'openid email profile groups',
    state: randomBytes(8).toString('hex'),
    nonce,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }))
    authorization.searchParams.set(k, v);
  const code = new URL(await signIn(authorization)).searchParams.get('code') ?? '';
  const response = await fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: client.redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
  if (!response.ok) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}
