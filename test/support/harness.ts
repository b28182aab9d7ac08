import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, settings } from '../../src/config.js';
import type { ContactInput } from '../../src/features/contacts/contacts.schemas.js';
import { createContact } from '../../src/features/contacts/contacts.usecases.js';
import { confirmTotp, type FactorOwner, startTotp } from '../../src/features/mfa/mfa.usecases.js';
import { totpCode, totpStep } from '../../src/features/mfa/totp.js';
import { createOrg } from '../../src/features/orgs/orgs.usecases.js';
import { personalWords } from '../../src/features/users/passwords.strength.js';
import { createToken } from '../../src/features/users/tokens.usecases.js';
import { createUser, preparePassword } from '../../src/features/users/users.create.js';
import type { OrgKind, Role } from '../../src/platform/access/roles.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Config } from '../../src/platform/config.js';
import type { Database, DatabaseHandle } from '../../src/platform/db/database.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { buildServices, type Services } from '../../src/services.js';
import { createTestDatabase, type TestDialect } from './databases.js';

export const T0 = '2026-11-25T03:00:00.000Z';
export const TEST_AUDIT_KEY = Buffer.from('test-audit-key-0123456789abcdef');

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  org: TestOrg;
  token: string;
  headers: Record<string, string>;
  /** Its authenticator app's secret, for a user with a password whose role needs a second factor. */
  totpSecret?: string;
}

/** A browser session of a test user, logged in through the API. */
export interface TestSession {
  cookie: string;
  csrfToken: string;
}
export interface TestOrg {
  id: string;
  slug: string;
  kind: OrgKind;
}

/** The cheapest password hashing Renraku allows (RENRAKU_PASSWORD_HASH_*), for tests. */
export const TEST_PASSWORD_HASH = { passwordHashMemoryKiB: 8_192, passwordHashPasses: 1 } as const;
/** The same, as the environment of a `renraku` process. */
export const TEST_PASSWORD_HASH_ENV: Record<string, string> = Object.fromEntries(
  Object.entries(TEST_PASSWORD_HASH).map(([key, value]) => [
    settings[key as keyof typeof TEST_PASSWORD_HASH].env,
    String(value),
  ]),
);

let seq = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++seq}`;

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/** A real Renraku on a fresh database of the dialect, with a clock that moves only when told to. */
export async function startTestApp(
  dialect: TestDialect,
  options: {
    config?: Partial<Config>;
    start?: string;
    logStream?: { write(line: string): void };
    /** A database made by the test (destroyed with the app); a fresh migrated one otherwise. */
    handle?: DatabaseHandle;
  } = {},
) {
  const handle = options.handle ?? (await createTestDatabase(dialect));
  const clock = fixedClock(options.start ?? T0);
  const config = loadConfig(
    {},
    {
      dataDir: mkdtempSync(join(tmpdir(), 'renraku-data-')),
      logLevel: 'silent',
      // The least argon2id cost Renraku accepts: the tests hash and check hundreds of passwords, and what
      // they test is who gets in, not the cost (password-hash.test.ts checks the default's).
      ...TEST_PASSWORD_HASH,
      ...options.config,
    },
  );
  const services: Services = buildServices(config, { clock, handle, auditKey: TEST_AUDIT_KEY });
  await services.events.start();
  const app: FastifyInstance = await buildApp(
    services,
    options.logStream ? { logStream: options.logStream } : { logger: false },
  );
  await app.ready();

  async function org(
    kind: OrgKind,
    opts: { parent?: TestOrg; reviewMode?: boolean; reviewDeadlineMinutes?: number; slug?: string } = {},
  ): Promise<TestOrg> {
    if (kind === 'center') {
      const existing = await handle.db
        .selectFrom('orgs')
        .selectAll()
        .where('kind', '=', 'center')
        .executeTakeFirst();
      if (existing) return { id: existing.id, slug: existing.slug, kind: 'center' };
    }
    const slug = opts.slug ?? unique(kind);
    const row = await inTransaction(handle, (unit) =>
      createOrg({
        unit,
        actor: null,
        input: {
          kind,
          slug,
          nameJa: `${slug} 日本語`,
          nameEn: `${slug} English`,
          parent: opts.parent?.slug,
          reviewMode: opts.reviewMode,
          reviewDeadlineMinutes: opts.reviewDeadlineMinutes,
        },
        audit: services.audit,
        clock,
      }),
    );
    return { id: row.id, slug: row.slug, kind: row.kind };
  }

  async function user(
    o: TestOrg,
    role: Role,
    password?: string,
    opts: { enrol?: boolean } = {},
  ): Promise<TestUser> {
    const email = `${unique(role)}@${o.slug}.test`;
    const deps = { audit: services.audit, clock };
    const passwordHash = await preparePassword(password, {
      inputs: await personalWords(handle.db, { email, orgId: o.id }),
      locale: 'en',
      minScore: config.passwordMinScore,
    });
    const created = await inTransaction(handle, (unit) =>
      createUser({ unit, actor: null, input: { org: o.slug, role, email }, deps, passwordHash }),
    );
    const token = await inTransaction(handle, (unit) =>
      createToken({ unit, actor: null, userId: created.id, name: 'test', deps }),
    );
    // A user who logs in with a password and whose role needs a second factor has an authenticator app, as it
    // would have after its first log-in; tests of the enrolment itself create users without one.
    const totpSecret =
      password && config.mfaRequiredRoles.includes(role) && opts.enrol !== false
        ? await enrolTotp(created, o)
        : undefined;
    return {
      id: created.id,
      email,
      role,
      org: o,
      token: token.secret,
      headers: { authorization: `Bearer ${token.secret}` },
      ...(totpSecret ? { totpSecret } : {}),
    };
  }

  /** Sets up an authenticator app for a user, confirmed with the code of the step before now. */
  async function enrolTotp(u: { id: string; email: string; role: string }, o: TestOrg) {
    const who: FactorOwner = {
      userId: u.id,
      orgId: o.id,
      role: u.role,
      email: u.email,
      displayName: u.email,
      sessionId: '',
      mfa: false,
      stage: 'enrol',
    };
    const deps = services.mfaDeps;
    const { secret } = await inTransaction(handle, (unit) => startTotp({ unit, who, deps }));
    const code = totpCode(secret, new Date(clock.now().getTime() - 30_000));
    await inTransaction(handle, (unit) => confirmTotp({ unit, who, code, deps }));
    // As if the app was set up long ago: a test that sets the clock back (to file something "30 minutes ago")
    // still logs in with the code of its "now", not one after the enrolment's real time.
    await handle.db
      .updateTable('totp_credentials')
      .set({ last_used_step: null })
      .where('user_id', '=', u.id)
      .execute();
    return secret;
  }

  /**
   * A code of the user's authenticator app that the server will take now: each is taken once, so when the
   * current step's code was used, the fixed clock moves on to the next step.
   */
  async function totpCodeFor(u: TestUser): Promise<string> {
    if (!u.totpSecret) throw new Error(`${u.email} has no authenticator app`);
    const row = await handle.db
      .selectFrom('totp_credentials')
      .select('last_used_step')
      .where('user_id', '=', u.id)
      .executeTakeFirstOrThrow();
    const used = row.last_used_step === null ? -1 : Number(row.last_used_step);
    const step = totpStep(clock.now());
    if (used >= step) clock.advance((used - step + 1) * 30_000);
    return totpCode(u.totpSecret, clock.now());
  }

  /** Logs a user in through the API with its password and, when it has one, its authenticator app. */
  async function logIn(
    u: TestUser,
    password: string,
    headers: Record<string, string> = {},
  ): Promise<TestSession> {
    const first = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: u.email, password },
      headers,
    });
    if (first.statusCode !== 200) throw new Error(`log-in failed: ${first.statusCode} ${first.body}`);
    let res = first;
    if ((first.json() as { stage: string }).stage === 'second-factor') {
      res = await app.inject({
        method: 'POST',
        url: '/api/v1/session/second-factor',
        payload: { method: 'totp', code: await totpCodeFor(u) },
        headers: {
          ...headers,
          cookie: `renraku_session=${first.cookies.find((c) => c.name === 'renraku_session')?.value}`,
          'x-csrf-token': (first.json() as { csrfToken: string }).csrfToken,
        },
      });
      if (res.statusCode !== 200) throw new Error(`second factor failed: ${res.statusCode} ${res.body}`);
    }
    const body = res.json() as { stage: string; csrfToken: string };
    if (body.stage !== 'complete') throw new Error(`log-in stopped at ${body.stage}`);
    const cookie = res.cookies.find((c) => c.name === 'renraku_session')?.value;
    return { cookie: `renraku_session=${cookie}`, csrfToken: body.csrfToken };
  }

  /** An API token of a user, made as the command line makes one (the API asks for a second factor). */
  const tokenFor = (u: TestUser, opts: { name?: string; readOnly?: boolean } = {}) =>
    inTransaction(handle, (unit) =>
      createToken({
        unit,
        actor: null,
        userId: u.id,
        name: opts.name ?? 'test',
        readOnly: opts.readOnly,
        deps: { audit: services.audit, clock },
      }),
    );

  /** A center, a ministry (optionally in review mode) and an agency under it, with their people. */
  async function government(opts: { reviewMode?: boolean } = {}) {
    const center = await org('center');
    const ministry = await org('ministry', { reviewMode: opts.reviewMode });
    const agency = await org('agency', { parent: ministry });
    return {
      center,
      ministry,
      agency,
      analyst: await user(center, 'center-analyst'),
      agencyReporter: await user(agency, 'reporter'),
      agencyOfficer: await user(agency, 'security-officer'),
      ministryReporter: await user(ministry, 'reporter'),
      ministryOfficer: await user(ministry, 'security-officer'),
    };
  }

  /** A contact of a body's contact structure, added as the body's security officer would. */
  const contact = (o: TestOrg, input: ContactInput) =>
    inTransaction(handle, (unit) =>
      createContact({ unit, actor: null, slug: o.slug, input, deps: services.contactDeps }),
    );

  const request = (u: TestUser | null, opts: InjectOptions) =>
    app.inject({ ...opts, headers: { ...(u?.headers ?? {}), ...(opts.headers ?? {}) } } as InjectOptions);

  const quickReport = (overrides: Record<string, unknown> = {}) => ({
    title: '不審な通信を検知',
    summary: 'ファイアウォールで外部への不審な通信を検知した。',
    detectedAt: new Date(clock.now().getTime() - 10 * 60_000).toISOString(),
    ...overrides,
  });

  async function fileIncident(u: TestUser, overrides: Record<string, unknown> = {}) {
    const res = await request(u, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: quickReport(overrides),
    });
    if (res.statusCode !== 201) throw new Error(`filing failed: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; [k: string]: unknown };
  }

  /** How many rows a table holds now. */
  const count = async (table: keyof Database) =>
    Number(
      (
        await handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  return {
    app,
    services,
    count,
    handle,
    clock,
    config,
    org,
    user,
    logIn,
    totpCodeFor,
    tokenFor,
    government,
    contact,
    request,
    quickReport,
    fileIncident,
    async close() {
      await app.close();
      await services.close();
      await handle.destroy();
    },
  };
}
