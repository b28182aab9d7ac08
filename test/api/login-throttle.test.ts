import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { buildServices } from '../../src/services.js';
import { BrowserClient } from '../support/browser-client.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, TEST_AUDIT_KEY, type TestApp, type TestOrg } from '../support/harness.js';
import { expectProblem } from './helpers.js';

const PASSWORD = 'throttle-test-passphrase-2026';
const WRONG = 'not-the-password-at-all';
// Fewer than the default 30, so that the tests run fewer argon2id checks; the rule is the same.
const ADDRESS_FAILURES = 6;

// Every attempt that gets through runs argon2id; on a busy machine a test of many takes a while.
describe.each(DIALECTS)('log-in throttling on %s', { timeout: 120_000 }, (dialect) => {
  let t: TestApp;
  let ministry: TestOrg;

  beforeAll(async () => {
    // A proxy at 10.0.0.0/8 names its clients; anyone else's X-Forwarded-For is ignored.
    t = await startTestApp(dialect, {
      config: { trustProxy: ['10.0.0.0/8'], loginAddressFailures: ADDRESS_FAILURES },
    });
    await t.org('center');
    ministry = await t.org('ministry');
  });
  afterAll(async () => t?.close());

  const reporter = () => t.user(ministry, 'reporter', PASSWORD);
  const attempt = (email: string, password: string, address: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email, password },
      remoteAddress: address,
      headers,
    });
  /** Accounts that need not exist: an address is counted whatever the account. */
  const accounts = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${prefix}-${i}-${Math.random().toString(36).slice(2)}@guess.test`);
  const passwordsChecked = async (email: string) =>
    (
      await t.handle.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', 'in', ['session.login_failed', 'session.login'])
        .execute()
    ).filter((r) => JSON.parse(r.detail).email === email || r.detail.includes(email)).length;
  const failures = async (email: string) =>
    (
      await t.handle.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'session.login_failed')
        .execute()
    ).filter((r) => JSON.parse(r.detail).email === email).length;

  it('79 addresses get 5 guesses at one account, not 79; then each attempt waits, for a bounded time', async () => {
    const victim = await reporter();
    const statuses: number[] = [];
    for (let i = 1; i <= 79; i++)
      statuses.push((await attempt(victim.email, WRONG, `127.0.0.${i}`)).statusCode);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    expect(await failures(victim.email)).toBe(5);

    // The right password is refused too while the account waits (it is not even checked)…
    const during = await attempt(victim.email, PASSWORD, '192.0.2.200');
    expectProblem(during, 429, 'auth.throttled');
    const wait = Number(during.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(900);
    expect(during.json().retryAfterSeconds).toBe(wait);
    // …and works once the wait is over: the account is never locked for good.
    t.clock.advance(wait * 1000);
    expect((await attempt(victim.email, PASSWORD, '192.0.2.200')).statusCode).toBe(200);
    // A success clears the account's count.
    expect((await attempt(victim.email, WRONG, '192.0.2.201')).statusCode).toBe(401);
    expect((await attempt(victim.email, PASSWORD, '192.0.2.201')).statusCode).toBe(200);
  });

  it('guesses half a second apart get no extra one from the failures decaying meanwhile', async () => {
    const victim = await reporter();
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) {
      // Less than the first wait (1 s), more than nothing: the failures before have decayed by a hair.
      t.clock.advance(500);
      statuses.push((await attempt(victim.email, WRONG, `127.0.1.${i}`)).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(await failures(victim.email)).toBe(5);
  });

  it('the waits double up to RENRAKU_LOGIN_MAX_DELAY_SECONDS, no further', async () => {
    const victim = await reporter();
    const waits: number[] = [];
    for (let i = 0; i < 40 && !waits.includes(900); i++) {
      const res = await attempt(victim.email, WRONG, `203.0.113.${i + 1}`);
      if (res.statusCode === 429) {
        const wait = Number(res.headers['retry-after']);
        waits.push(wait);
        t.clock.advance(wait * 1000);
      }
    }
    expect((await attempt(victim.email, WRONG, '203.0.113.60')).statusCode).toBe(401);
    const last = await attempt(victim.email, WRONG, '203.0.113.61');
    waits.push(Number(last.headers['retry-after']));
    expect(waits[0]).toBe(1);
    expect(waits.slice(0, 5)).toEqual([1, 2, 4, 8, 16]);
    expect(waits.slice(-2)).toEqual([900, 900]);
  });

  it('a browser that logged in before is not locked out by an attacker failing on purpose', async () => {
    const victim = await reporter();
    const own = new BrowserClient(t.app, '192.0.2.50');
    expect((await own.logIn(victim.email, PASSWORD)).statusCode).toBe(200);
    expect(own.cookies.get('renraku_device')).toBeTruthy();
    for (let i = 1; i <= 30; i++) await attempt(victim.email, WRONG, `198.51.100.${i}`);
    expectProblem(await attempt(victim.email, PASSWORD, '192.0.2.51'), 429, 'auth.throttled');
    const mine = await own.logIn(victim.email, PASSWORD);
    expect(mine.statusCode, mine.body).toBe(200);
    // A device cookie of another account counts for nothing here.
    const other = await reporter();
    const stranger = new BrowserClient(t.app, '192.0.2.52');
    await stranger.logIn(other.email, PASSWORD);
    expectProblem(await stranger.logIn(victim.email, PASSWORD), 429, 'auth.throttled');
    // Guessing from the victim's own browser is throttled on its own.
    const thief = new BrowserClient(t.app, '192.0.2.50');
    thief.cookies.set('renraku_device', own.cookies.get('renraku_device') as string);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await thief.logIn(victim.email, WRONG)).statusCode);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });

  it('one address spraying many accounts waits after its failures, a minute at most; others do not', async () => {
    const statuses: number[] = [];
    for (const email of accounts('spray', ADDRESS_FAILURES + 4))
      statuses.push((await attempt(email, WRONG, '203.0.113.99')).statusCode);
    expect(statuses.slice(0, ADDRESS_FAILURES).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(ADDRESS_FAILURES)).toEqual([429, 429, 429, 429]);
    // Someone else, elsewhere, logs in as usual.
    const bystander = await reporter();
    expect((await attempt(bystander.email, PASSWORD, '203.0.113.100')).statusCode).toBe(200);
    // The same address waits no more than a minute.
    const res = await attempt(bystander.email, PASSWORD, '203.0.113.99');
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    t.clock.advance(60_000);
    expect((await attempt(bystander.email, PASSWORD, '203.0.113.99')).statusCode).toBe(200);
  });

  it('IPv6 addresses count by their /64, and IPv4-mapped forms as the IPv4 address', async () => {
    const user = await reporter();
    for (const [i, email] of accounts('six', ADDRESS_FAILURES).entries())
      expect((await attempt(email, WRONG, `2001:db8:7:9::${(i + 1).toString(16)}`)).statusCode).toBe(401);
    expectProblem(
      await attempt(user.email, PASSWORD, '2001:db8:7:9:ffff:ffff:ffff:ffff'),
      429,
      'auth.throttled',
    );
    // Another /64 is another subscriber.
    expect((await attempt(user.email, PASSWORD, '2001:db8:7:a::1')).statusCode).toBe(200);

    for (const [i, email] of accounts('mapped', ADDRESS_FAILURES).entries())
      await attempt(email, WRONG, i % 2 === 0 ? '192.0.2.77' : '::ffff:192.0.2.77');
    expectProblem(await attempt(user.email, PASSWORD, '::ffff:c000:24d'), 429, 'auth.throttled');
    expectProblem(await attempt(user.email, PASSWORD, '192.0.2.77'), 429, 'auth.throttled');
  });

  it('behind a trusted proxy each client counts apart; a forged X-Forwarded-For from anyone else is ignored', async () => {
    const user = await reporter();
    // Through the proxy, one client fails again and again…
    for (const email of accounts('proxied', ADDRESS_FAILURES))
      await attempt(email, WRONG, '10.1.2.3', { 'x-forwarded-for': '203.0.113.150' });
    expectProblem(
      await attempt(user.email, PASSWORD, '10.1.2.3', { 'x-forwarded-for': '203.0.113.150' }),
      429,
      'auth.throttled',
    );
    // …and another client behind the same proxy logs in at once.
    const other = await attempt(user.email, PASSWORD, '10.1.2.3', { 'x-forwarded-for': '203.0.113.151' });
    expect(other.statusCode, other.body).toBe(200);
    const session = await t.handle.db
      .selectFrom('sessions')
      .select('client_address')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(session.client_address).toBe('203.0.113.151');

    // An untrusted peer naming a new "client" each time is still one address.
    for (const [i, email] of accounts('forged', ADDRESS_FAILURES).entries())
      await attempt(email, WRONG, '198.51.100.200', { 'x-forwarded-for': `192.0.2.${i + 1}` });
    expectProblem(
      await attempt(user.email, PASSWORD, '198.51.100.200', { 'x-forwarded-for': '192.0.2.250' }),
      429,
      'auth.throttled',
    );
    const forged = await t.handle.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'session.login_failed')
      .execute();
    const addresses = forged.map((r) => JSON.parse(r.detail).address as string);
    expect(addresses).toContain('198.51.100.200');
    expect(
      addresses.filter((a) => a.startsWith('192.0.2.') && Number(a.split('.')[3]) <= ADDRESS_FAILURES),
    ).toEqual([]);
  });

  it('guesses sent all at once are counted before any is checked', async () => {
    const victim = await reporter();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => attempt(victim.email, WRONG, `192.0.2.${100 + i}`)),
    );
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    expect(await passwordsChecked(victim.email)).toBe(5);
  });

  it('counts are shared by every server process on the database', async () => {
    const victim = await reporter();
    const second = openDatabase(
      dialect === 'sqlite'
        ? { dataDir: dirname(t.handle.url), sqliteFile: t.handle.url }
        : { databaseUrl: t.handle.url, dataDir: t.config.dataDir },
    );
    const services = buildServices(t.config, { clock: t.clock, handle: second, auditKey: TEST_AUDIT_KEY });
    const other = await buildApp(services, { logger: false });
    try {
      for (let i = 0; i < 5; i++) await attempt(victim.email, WRONG, `192.0.2.${150 + i}`);
      const there = await other.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: victim.email, password: PASSWORD },
        remoteAddress: '192.0.2.160',
      });
      expectProblem(there, 429, 'auth.throttled');
    } finally {
      await other.close();
      await services.close();
    }
  });

  it('an unknown account is throttled like a known one (nothing tells them apart)', async () => {
    const ghost = 'nobody-here@nowhere.test';
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await attempt(ghost, WRONG, `192.0.2.${200 + i}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });
});
