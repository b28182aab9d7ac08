import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { Config } from '../../src/platform/config.js';
import type { TestDialect } from './databases.js';
import { startTestApp, type TestApp, type TestUser } from './harness.js';
import type { Walker } from './walker.js';

// Single sign-on in tests: Renraku listening on loopback (the provider sends browsers back to it), providers
// and mappings configured through the API as an administrator would, and a log-in walked through like a browser.

export const CLIENT_SECRET = 'renraku-test-client-secret-0123456789';

/** A Renraku on a real port whose public URL is that port, accepting http:// providers on loopback. */
export async function startSsoApp(dialect: TestDialect, config: Partial<Config> = {}) {
  const t = await startTestApp(dialect, {
    start: new Date().toISOString(),
    config: { ssoAllowHttpLoopback: true, ...config },
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  t.config.publicUrl = base;
  return { t, base };
}

export const callbackUrl = (base: string, slug: string) => `${base}/api/v1/sso/${slug}/callback`;

export interface ProviderSpec {
  slug: string;
  org: string;
  issuer: string;
  clientId: string;
  clientSecret?: string;
  includeAgencies?: boolean;
  groupsClaim?: string;
  mfaAcrValues?: string[];
  scopes?: string;
}

/**
 * Confirms a change that waits for a body (its security officer, or a second administrator): changes to an
 * existing body's sign-in made by an administrator take effect only then.
 */
export async function confirmChange(
  t: TestApp,
  confirmer: TestUser,
  res: { statusCode: number; body: string },
) {
  expect(res.statusCode, res.body).toBe(202);
  const { changeId } = JSON.parse(res.body) as { changeId: string };
  const confirmed = await t.request(confirmer, {
    method: 'POST',
    url: `/api/v1/changes/${changeId}/confirm`,
  });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
}

/** Adds a provider as an administrator, confirmed by `confirmer`; fails the test unless it takes effect. */
export async function addProvider(t: TestApp, admin: TestUser, confirmer: TestUser, spec: ProviderSpec) {
  const res = await t.request(admin, {
    method: 'POST',
    url: '/api/v1/sso-providers',
    payload: {
      nameJa: `${spec.slug} の認証`,
      nameEn: `${spec.slug} sign-in`,
      clientSecret: CLIENT_SECRET,
      scopes: 'openid email profile groups',
      ...spec,
    },
  });
  await confirmChange(t, confirmer, res);
}

/** Maps a group as an administrator, confirmed by `confirmer` (of the mapped body, or a second admin). */
export async function addMapping(
  t: TestApp,
  admin: TestUser,
  confirmer: TestUser,
  slug: string,
  mapping: { value: string; org: string; role: string; provision?: boolean; claim?: string },
) {
  const res = await t.request(admin, {
    method: 'POST',
    url: `/api/v1/sso-providers/${slug}/mappings`,
    payload: { provision: true, ...mapping },
  });
  await confirmChange(t, confirmer, res);
}

/** The authorization request Renraku sends the browser to (its parameters: state, nonce, code_challenge…). */
export async function authorizationRequest(walker: Walker, startUrl: string): Promise<URL> {
  const start = await walker.get(startUrl);
  expect(start.status, start.text).toBe(303);
  return new URL(start.location ?? '');
}

/**
 * Goes on from an authorization request as a browser would: the provider's sign-in form (the account, and
 * whether a security key was used), and back; returns where the provider sends the browser, not yet visited.
 */
export async function continueAtProvider(
  walker: Walker,
  authorization: URL,
  account: string,
  options: { mfa?: boolean; backTo?: string } = {},
): Promise<string> {
  // A new sign-in at the provider each time (its cookies start with _): the account given is the one used.
  walker.forget(/^_/);
  const toForm = await walker.follow(authorization.href, (next) => next.includes('/interaction/'));
  const formUrl = toForm.next;
  if (!formUrl) throw new Error(`no sign-in page: ${toForm.last.status} ${toForm.last.text.slice(0, 300)}`);
  const form = await walker.get(formUrl);
  const action = /action="([^"]+)"/.exec(form.text)?.[1];
  if (!action) throw new Error(`no sign-in form at ${formUrl}`);
  const posted = await walker.request('POST', new URL(action, formUrl).href, {
    form: { login: account, ...(options.mfa ? { mfa: 'yes' } : {}) },
  });
  const backTo = options.backTo ?? authorization.searchParams.get('redirect_uri') ?? '';
  const back = await walker.follow(posted.location ?? '', (next) => next.startsWith(backTo));
  if (!back.next) throw new Error(`not sent back: ${back.last.status} ${back.last.text.slice(0, 300)}`);
  return back.next;
}

/** Renraku's start, then the provider: the callback URL the provider sends the browser to, not yet visited. */
export async function signInAtProvider(
  walker: Walker,
  startUrl: string,
  account: string,
  options: { mfa?: boolean } = {},
): Promise<string> {
  return continueAtProvider(walker, await authorizationRequest(walker, startUrl), account, options);
}
