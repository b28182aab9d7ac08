import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../support/csv.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// Attempts to get around the rules of administration: change people of another body, hand out roles one may
// not hold, raise oneself; read or export the audit log without the role; smuggle formulas into the export.

describe.each(DIALECTS)('administration and the audit export on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let other: TestOrg;
  const u = {} as Record<
    | 'otherOfficer'
    | 'otherReporter'
    | 'centerOfficer'
    | 'centerReporter'
    | 'admin'
    | 'auditor'
    | 'coordinator',
    TestUser
  >;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    other = await t.org('ministry');
    u.otherOfficer = await t.user(other, 'security-officer');
    u.otherReporter = await t.user(other, 'reporter');
    u.centerOfficer = await t.user(g.center, 'security-officer');
    u.centerReporter = await t.user(g.center, 'reporter');
    u.admin = await t.user(g.center, 'admin');
    u.auditor = await t.user(g.center, 'auditor');
    u.coordinator = await t.user(g.center, 'center-coordinator');
  });
  afterAll(async () => t?.close());

  const patch = (who: TestUser, target: TestUser, payload: Record<string, unknown>) =>
    t.request(who, { method: 'PATCH', url: `/api/v1/users/${target.id}`, payload });
  const roleOf = async (target: TestUser) =>
    (
      await t.handle.db
        .selectFrom('users')
        .select(['role', 'disabled_at', 'display_name'])
        .where('id', '=', target.id)
        .executeTakeFirstOrThrow()
    ).role;
  const expectCode = (
    res: { statusCode: number; body: string },
    status: number,
    code: string,
    who: string,
  ) => {
    expect(res.statusCode, `${who}: ${res.body}`).toBe(status);
    expect(JSON.parse(res.body).code, who).toBe(code);
  };

  it('a security officer cannot touch another body’s people: they do not exist for it', async () => {
    const absent = await t.request(g.ministryOfficer, {
      method: 'PATCH',
      url: '/api/v1/users/nobody',
      payload: { disabled: true },
    });
    for (const [who, target] of [
      [g.ministryOfficer, u.otherReporter],
      [g.ministryOfficer, g.agencyReporter],
      [g.agencyOfficer, g.ministryReporter],
      [u.otherOfficer, g.ministryOfficer],
      [u.centerOfficer, g.ministryReporter],
    ] as [TestUser, TestUser][]) {
      const before = await t.count('audit_log');
      for (const change of [{ disabled: true }, { role: 'security-officer' }, { displayName: 'x' }]) {
        const res = await patch(who, target, change);
        expectCode(res, 404, 'users.not_found', `${who.org.slug} → ${target.org.slug}`);
        expect(res.body).toBe(absent.body);
      }
      expect(await t.count('audit_log')).toBe(before);
      expect(await roleOf(target)).toBe(target.role);
    }
  });

  it('people without a managing role see no users at all', async () => {
    for (const who of [g.agencyReporter, g.analyst, u.coordinator, u.auditor, u.centerReporter]) {
      expectCode(await patch(who, g.agencyReporter, { disabled: true }), 404, 'users.not_found', who.role);
      expectCode(
        await t.request(who, { method: 'GET', url: '/api/v1/users' }),
        403,
        'auth.forbidden',
        who.role,
      );
    }
  });

  it('a security officer grants only body roles, and touches no center role holder', async () => {
    const target = await t.user(g.center, 'reporter');
    for (const role of ['center-analyst', 'center-coordinator', 'admin', 'auditor'])
      expectCode(await patch(u.centerOfficer, target, { role }), 403, 'auth.forbidden', role);
    for (const holder of [g.analyst, u.coordinator, u.admin, u.auditor]) {
      for (const change of [{ role: 'reporter' }, { disabled: true }, { displayName: 'x' }])
        expectCode(await patch(u.centerOfficer, holder, change), 403, 'auth.forbidden', holder.role);
      expect(await roleOf(holder)).toBe(holder.role);
    }
    expect(await roleOf(target)).toBe('reporter');
    // Within its body and its roles, it may.
    expect((await patch(u.centerOfficer, target, { role: 'security-officer' })).statusCode).toBe(200);
  });

  it('nobody raises, lowers or disables themselves', async () => {
    for (const [who, change] of [
      [g.agencyOfficer, { role: 'admin' }],
      [g.agencyOfficer, { role: 'center-analyst' }],
      [g.agencyReporter, { role: 'security-officer' }],
      [u.centerReporter, { role: 'admin' }],
      [u.admin, { role: 'reporter' }],
      [u.admin, { disabled: true }],
    ] as [TestUser, Record<string, unknown>][]) {
      const res = await patch(who, who, change);
      expect(res.statusCode, `${who.role} ${JSON.stringify(change)}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(await roleOf(who)).toBe(who.role);
    }
    expectCode(
      await patch(g.agencyOfficer, g.agencyOfficer, { role: 'admin' }),
      422,
      'users.self_change',
      'self',
    );
    // A reporter does not see users, itself included.
    expectCode(
      await patch(g.agencyReporter, g.agencyReporter, { role: 'security-officer' }),
      404,
      'users.not_found',
      'r',
    );
  });

  it('a disabled security officer can no longer administer', async () => {
    const officer = await t.user(other, 'security-officer');
    expect((await patch(u.otherOfficer, officer, { disabled: true })).statusCode).toBe(200);
    expectCode(
      await patch(officer, u.otherReporter, { disabled: true }),
      401,
      'auth.unauthenticated',
      'disabled',
    );
    // Taking access away is at once; giving it back, from outside the body, waits for the body's officer.
    expect((await patch(u.admin, officer, { disabled: false })).statusCode).toBe(202);
    expect((await patch(u.otherOfficer, officer, { disabled: false })).statusCode).toBe(200);
  });

  it('only auditors and administrators read or export the audit log', async () => {
    for (const who of [g.agencyReporter, g.ministryOfficer, g.analyst, u.coordinator, u.centerOfficer]) {
      const before = await t.count('audit_log');
      for (const url of [
        '/api/v1/audit',
        '/api/v1/audit/export.csv',
        '/api/v1/audit/export.csv?action=user.',
      ])
        expectCode(await t.request(who, { method: 'GET', url }), 403, 'auth.forbidden', `${who.role} ${url}`);
      expect(await t.count('audit_log')).toBe(before);
    }
    for (const url of ['/api/v1/audit', '/api/v1/audit/export.csv'])
      expectCode(await t.request(null, { method: 'GET', url }), 401, 'auth.unauthenticated', url);
    for (const who of [u.auditor, u.admin])
      expect((await t.request(who, { method: 'GET', url: '/api/v1/audit/export.csv' })).statusCode).toBe(200);
  });

  it('the export defuses cells a spreadsheet would run as formulas', async () => {
    const password = 'a-long-password-123';
    const emails = ['=1+2@evil.test', '+sum@evil.test', '-2+3@evil.test', "=cmd|'x'@evil.test"];
    for (const email of emails) {
      const res = await t.request(u.otherOfficer, {
        method: 'POST',
        url: '/api/v1/users',
        payload: {
          org: other.slug,
          role: 'reporter',
          email,
          password,
          displayName: '=HYPERLINK("http://evil.test")',
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      // Logging in makes the address the actor of an audit row: a cell of its own in the export.
      const login = await t.request(null, {
        method: 'POST',
        url: '/api/v1/session',
        payload: { email, password },
      });
      expect(login.statusCode).toBe(200);
    }
    const token = await t.request(u.otherOfficer, {
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: '=WEBSERVICE("http://evil.test")' },
    });
    expect(token.statusCode).toBe(201);
    const res = await t.request(u.auditor, { method: 'GET', url: '/api/v1/audit/export.csv' });
    const rows = parseCsv(res.body.replace(/^\uFEFF/, ''));
    const cells = rows.flat();
    for (const cell of cells) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    // The apostrophe is the only change.
    const actors = new Set(rows.map((r) => r[2]));
    for (const email of emails) expect(actors, email).toContain(`'${email}`);
    const details = rows.slice(1).map((r) => r[7] as string);
    for (const d of details) expect(() => JSON.parse(d)).not.toThrow();
    expect(details.some((d) => d.includes('=WEBSERVICE'))).toBe(true);
  });
});
