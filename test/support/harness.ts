import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../src/app.js';
import { contactDepsOf } from '../../src/features/contacts/contacts.deps.js';
import type { ContactInput } from '../../src/features/contacts/contacts.schemas.js';
import { createContact } from '../../src/features/contacts/contacts.usecases.js';
import { createOrg } from '../../src/features/orgs/orgs.usecases.js';
import { createToken, createUser, preparePassword } from '../../src/features/users/users.usecases.js';
import type { Role } from '../../src/platform/access/roles.js';
import { fixedClock } from '../../src/platform/clock.js';
import { type Config, loadConfig } from '../../src/platform/config.js';
import type { Database, OrgKind } from '../../src/platform/db/schema.js';
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
}
export interface TestOrg {
  id: string;
  slug: string;
  kind: OrgKind;
}

let seq = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++seq}`;

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/** A real Renraku on a fresh database of the dialect, with a clock that moves only when told to. */
export async function startTestApp(
  dialect: TestDialect,
  options: { config?: Partial<Config>; start?: string; logStream?: { write(line: string): void } } = {},
) {
  const handle = await createTestDatabase(dialect);
  const clock = fixedClock(options.start ?? T0);
  const config = loadConfig(
    {},
    { dataDir: mkdtempSync(join(tmpdir(), 'renraku-data-')), logLevel: 'silent', ...options.config },
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

  async function user(o: TestOrg, role: Role, password?: string): Promise<TestUser> {
    const email = `${unique(role)}@${o.slug}.test`;
    const deps = { audit: services.audit, clock };
    const passwordHash = await preparePassword(password);
    const created = await inTransaction(handle, (unit) =>
      createUser({ unit, actor: null, input: { org: o.slug, role, email }, deps, passwordHash }),
    );
    const token = await inTransaction(handle, (unit) =>
      createToken({ unit, actor: null, userId: created.id, name: 'test', deps }),
    );
    return {
      id: created.id,
      email,
      role,
      org: o,
      token: token.secret,
      headers: { authorization: `Bearer ${token.secret}` },
    };
  }

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
      createContact({ unit, actor: null, slug: o.slug, input, deps: contactDepsOf(services) }),
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
