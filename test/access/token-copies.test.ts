import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS_CHANGED } from '../../src/features/users/users.repository.js';
import { hashSecret } from '../../src/platform/auth/secrets.js';
import { changesOf } from '../../src/platform/db/changes.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { otherServer } from '../support/another-process.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';

// API tokens are kept in memory once read (users.credentials.ts). A copy must never open more than the rows
// do: a token used a moment ago, then revoked, disabled or given a smaller role — here, by another process on
// the same database, or behind the back of a node that does not hear the others — opens nothing more at once.

describe.each(DIALECTS)('kept copies of API tokens on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
  });
  afterAll(async () => t?.close());

  const listIncidents = (who: TestUser) => t.request(who, { method: 'GET', url: '/api/v1/incidents' });
  const listUsers = (who: TestUser) => t.request(who, { method: 'GET', url: '/api/v1/users' });
  const patch = (who: TestUser, id: string, payload: Record<string, unknown>) =>
    t.request(who, { method: 'PATCH', url: `/api/v1/users/${id}`, payload });
  const revokedInRows = (who: TestUser) =>
    t.handle.db
      .updateTable('api_tokens')
      .set({ revoked_at: t.clock.now().toISOString() })
      .where('user_id', '=', who.id)
      .execute();

  it('a disabled holder’s token, used a moment before, opens nothing at once', async () => {
    const reporter = await t.user(g.agency, 'reporter');
    expect((await listIncidents(reporter)).statusCode).toBe(200);
    expect((await listIncidents(reporter)).statusCode).toBe(200);
    const res = await patch(g.agencyOfficer, reporter.id, { disabled: true });
    expect(res.statusCode, res.body).toBe(200);
    expect((await listIncidents(reporter)).statusCode).toBe(401);
    // Enabled again, the token stays revoked (it may have leaked meanwhile): nothing brings it back.
    expect((await patch(g.agencyOfficer, reporter.id, { disabled: false })).statusCode).toBe(200);
    expect((await listIncidents(reporter)).statusCode).toBe(401);
  });

  it('a token acts with its holder’s new role from the next request, a smaller one included', async () => {
    const person = await t.user(g.agency, 'reporter');
    expect((await listUsers(person)).statusCode).toBe(403);
    expect((await patch(g.agencyOfficer, person.id, { role: 'security-officer' })).statusCode).toBe(200);
    expect((await listUsers(person)).statusCode).toBe(200);
    expect((await patch(g.agencyOfficer, person.id, { role: 'reporter' })).statusCode).toBe(200);
    const res = await listUsers(person);
    expect(res.statusCode, res.body).toBe(403);
  });

  it('a token revoked by another process on the database opens nothing on this one', async () => {
    const reporter = await t.user(g.agency, 'reporter');
    expect((await listIncidents(reporter)).statusCode).toBe(200);
    // PostgreSQL: another node, told by NOTIFY. SQLite: a second connection to the file (the CLI, a second
    // server), noticed by the file's data version before the copies are used.
    const other = await otherServer(t, dialect);
    const heard = other.heard(TOKENS_CHANGED);
    try {
      const res = await other.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${reporter.id}`,
        headers: g.agencyOfficer.headers,
        payload: { disabled: true },
      });
      expect(res.statusCode, res.body).toBe(200);
      await heard;
      expect((await listIncidents(reporter)).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });

  if (dialect === 'sqlite')
    it('a token revoked in the file by another connection, with no unit of this process, opens nothing', async () => {
      const reporter = await t.user(g.agency, 'reporter');
      expect((await listIncidents(reporter)).statusCode).toBe(200);
      const handle = openDatabase({ dataDir: t.config.dataDir, sqliteFile: t.handle.url });
      try {
        await handle.db
          .updateTable('api_tokens')
          .set({ revoked_at: t.clock.now().toISOString() })
          .where('user_id', '=', reporter.id)
          .execute();
      } finally {
        await handle.destroy();
      }
      expect((await listIncidents(reporter)).statusCode).toBe(401);
    });

  // SQLite has no listener to lose: its own case is the second connection above.
  if (dialect === 'postgres')
    it('a node that does not hear the others keeps no copies: a revocation behind its back counts', async () => {
      const reporter = await t.user(g.agency, 'reporter');
      expect((await listIncidents(reporter)).statusCode).toBe(200);
      changesOf(t.handle).hearing(false);
      try {
        await revokedInRows(reporter);
        expect((await listIncidents(reporter)).statusCode).toBe(401);
      } finally {
        changesOf(t.handle).hearing(true);
      }
    });

  it('a token not found is not remembered as missing: one stored afterwards opens at once', async () => {
    const reporter = await t.user(g.agency, 'reporter');
    const secret = `rk_${randomUUID().replaceAll('-', '')}`;
    const bearer = { ...reporter, headers: { authorization: `Bearer ${secret}` } };
    expect((await listIncidents(bearer)).statusCode).toBe(401);
    await t.handle.db
      .insertInto('api_tokens')
      .values({
        id: randomUUID(),
        user_id: reporter.id,
        name: 'stored behind the copies',
        token_hash: hashSecret(secret),
        created_at: t.clock.now().toISOString(),
        last_used_at: null,
        revoked_at: null,
        read_only: 0,
      })
      .execute();
    expect((await listIncidents(bearer)).statusCode).toBe(200);
  });
});
