import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem, writtenRows } from './helpers.js';

let keys = 0;
const newKey = () => `key-${process.pid}-${++keys}-${Date.now()}`;

describe.each(DIALECTS)('Idempotency-Key on %s', (dialect) => {
  let t: TestApp;
  let reporter: TestUser;
  let colleague: TestUser;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    const g = await t.government();
    reporter = g.agencyReporter;
    colleague = g.agencyOfficer;
  });
  afterAll(async () => t?.close());

  const file = (user: TestUser, key: string | undefined, payload: Record<string, unknown>) =>
    t.request(user, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload,
      headers: key === undefined ? {} : { 'idempotency-key': key },
    });

  it('a retry with the same key returns the first response and creates nothing', async () => {
    const key = newKey();
    const payload = t.quickReport({ title: '再送の確認' });
    const before = await writtenRows(t);
    const first = await file(reporter, key, payload);
    expect(first.statusCode).toBe(201);
    const afterFirst = await writtenRows(t);
    expect(afterFirst.incidents - before.incidents).toBe(1);

    t.clock.advance(30_000);
    const retry = await file(reporter, key, payload);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(retry.headers.location).toBe(`/api/v1/incidents/${first.json().id}`);
    expect(await writtenRows(t)).toEqual(afterFirst);
  });

  it('the same key with a different body is refused', async () => {
    const key = newKey();
    expect((await file(reporter, key, t.quickReport({ title: '一回目' }))).statusCode).toBe(201);
    const before = await writtenRows(t);
    const reused = await file(reporter, key, t.quickReport({ title: '二回目' }));
    expectProblem(reused, 422, 'idempotency.key_reused');
    expect(await writtenRows(t)).toEqual(before);
  });

  it('keys belong to their caller: another user with the same key creates its own incident', async () => {
    const key = newKey();
    const payload = t.quickReport();
    const mine = await file(reporter, key, payload);
    const theirs = await file(colleague, key, payload);
    expect(mine.statusCode).toBe(201);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().id).not.toBe(mine.json().id);
  });

  it('requests without a key are not deduplicated', async () => {
    const payload = t.quickReport();
    const a = await file(reporter, undefined, payload);
    const b = await file(reporter, undefined, payload);
    expect(a.json().id).not.toBe(b.json().id);
  });

  it('five concurrent requests with one key create exactly one incident', async () => {
    const key = newKey();
    const payload = t.quickReport({ title: '同時送信' });
    const before = await writtenRows(t);
    const answers = await Promise.all(Array.from({ length: 5 }, () => file(reporter, key, payload)));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    const after = await writtenRows(t);
    expect(after.incidents - before.incidents).toBe(1);
    expect(after.reports - before.reports).toBe(1);
    expect(after.idempotencyKeys - before.idempotencyKeys).toBe(1);
    const titled = await t.handle.db
      .selectFrom('incidents')
      .select('id')
      .where('title', '=', '同時送信')
      .execute();
    expect(titled).toHaveLength(1);
  });

  it.each([
    ['non-ASCII', 'clé-été'],
    ['longer than 200 characters', 'k'.repeat(201)],
    ['containing a space', 'two words'],
    ['empty', ''],
  ])('a key %s is refused and nothing is created', async (_name, key) => {
    const before = await writtenRows(t);
    const res = await file(reporter, key, t.quickReport());
    expectProblem(res, 400, 'idempotency.key_invalid');
    expect(await writtenRows(t)).toEqual(before);
  });

  it('a key of exactly 200 printable characters is accepted', async () => {
    const res = await file(reporter, `~!${'k'.repeat(196)}#$`, t.quickReport());
    expect(res.statusCode).toBe(201);
  });

  it('a refused request is not remembered: the same key works once the body is valid', async () => {
    const key = newKey();
    const bad = await file(reporter, key, t.quickReport({ category: 'nope/nope' }));
    expectProblem(bad, 400, 'incidents.unknown_category');
    // Another body under the same key is judged afresh, not as a reused key.
    const otherBody = await file(reporter, key, t.quickReport({ category: 'nope/nope', title: 'x' }));
    expectProblem(otherBody, 400, 'incidents.unknown_category');
    const fixed = await file(reporter, key, t.quickReport({ category: 'fraud/phishing' }));
    expect(fixed.statusCode).toBe(201);
  });

  it('a retried follow-up adds one report only', async () => {
    const incident = await t.fileIncident(reporter);
    const key = newKey();
    const send = () =>
      t.request(reporter, {
        method: 'POST',
        url: `/api/v1/incidents/${incident.id}/reports`,
        payload: { kind: 'update', text: '続報です', severity: 'high' },
        headers: { 'idempotency-key': key },
      });
    const first = await send();
    const second = await send();
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    const detail = await t.request(reporter, { method: 'GET', url: `/api/v1/incidents/${incident.id}` });
    expect(detail.json().reports.map((r: { kind: string }) => r.kind)).toEqual(['quick', 'update']);
  });

  it('the same key on another incident is a different request', async () => {
    const a = await t.fileIncident(reporter);
    const b = await t.fileIncident(reporter);
    const key = newKey();
    const send = (id: string) =>
      t.request(reporter, {
        method: 'POST',
        url: `/api/v1/incidents/${id}/reports`,
        payload: { kind: 'update', text: '同じ続報' },
        headers: { 'idempotency-key': key },
      });
    expect((await send(a.id)).statusCode).toBe(201);
    expectProblem(await send(b.id), 422, 'idempotency.key_reused');
  });
});

describe.each(DIALECTS)('administration: retries and races on %s', (dialect) => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = await t.user(await t.org('center'), 'admin');
  });
  afterAll(async () => t?.close());

  const post = (url: string, key: string, payload: Record<string, unknown>) =>
    t.request(admin, { method: 'POST', url, payload, headers: { 'idempotency-key': key } });
  const count = (table: 'orgs' | 'users') => t.count(table);

  it('adding a body or a user twice with one key creates one, and keeps no password', async () => {
    const key = newKey();
    const body = { kind: 'ministry', slug: `retry-${keys}`, nameJa: '再送省', nameEn: 'Retry Ministry' };
    const orgsBefore = await count('orgs');
    const first = await post('/api/v1/orgs', key, body);
    const again = await post('/api/v1/orgs', key, body);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(first.json().parent).not.toBeNull();
    expect(await count('orgs')).toBe(orgsBefore + 1);

    const userKey = newKey();
    const password = 'a-secret-that-stays-secret';
    // The new body's first security officer: made at once (any other role would be asked of the body).
    const user = { org: body.slug, role: 'security-officer', email: `retry-${keys}@example.test`, password };
    const usersBefore = await count('users');
    const created = await post('/api/v1/users', userKey, user);
    const replayed = await post('/api/v1/users', userKey, user);
    expect(created.statusCode).toBe(201);
    expect(replayed.json()).toEqual(created.json());
    expect(await count('users')).toBe(usersBefore + 1);
    const stored = await t.handle.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('key', '=', userKey)
      .execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(password);
    // The same key for another body is refused rather than answered with the first user.
    const other = await post('/api/v1/users', userKey, { ...user, email: `other-${keys}@example.test` });
    expectProblem(other, 422, 'idempotency.key_reused');
  });

  it('the same body or user created by several requests at once: one is created, the others are told 409', async () => {
    const slug = `race-${keys++}`;
    const orgs = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.request(admin, {
          method: 'POST',
          url: '/api/v1/orgs',
          payload: { kind: 'ministry', slug, nameJa: '競合省', nameEn: 'Race Ministry' },
        }),
      ),
    );
    expect(orgs.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of orgs.filter((r) => r.statusCode !== 201)) expect(r.statusCode).toBe(409);
    const users = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.request(admin, {
          method: 'POST',
          url: '/api/v1/users',
          payload: { org: slug, role: 'security-officer', email: `${slug}@example.test` },
        }),
      ),
    );
    expect(users.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of users.filter((r) => r.statusCode !== 201)) expect(r.statusCode).toBe(409);
  });
});

describe.each(DIALECTS)(
  'a replayed Idempotency-Key answers only a caller still allowed, on %s',
  (dialect) => {
    let t: TestApp;
    let g: Awaited<ReturnType<TestApp['government']>>;
    let admin: TestUser;
    beforeAll(async () => {
      t = await startTestApp(dialect);
      g = await t.government({ reviewMode: true });
      admin = await t.user(g.center, 'admin');
    });
    afterAll(async () => t?.close());

    const send = (
      u: TestUser,
      url: string,
      key: string,
      payload: object,
      headers: Record<string, string> = {},
    ) => t.request(u, { method: 'POST', url, payload, headers: { 'idempotency-key': key, ...headers } });
    const change = (u: TestUser, payload: object) =>
      t.request(admin, { method: 'PATCH', url: `/api/v1/users/${u.id}`, payload });

    it('a user disabled since: none of its credentials gets the stored answer', async () => {
      const reporter = await t.user(g.agency, 'reporter');
      const second = await t.tokenFor(reporter, { name: 'second' });
      const key = newKey();
      const payload = t.quickReport({ title: '無効化前の報告' });
      expect((await send(reporter, '/api/v1/incidents', key, payload)).statusCode).toBe(201);
      expect((await change(reporter, { disabled: true })).statusCode).toBe(200);
      const replay = await send(reporter, '/api/v1/incidents', key, payload, {
        authorization: `Bearer ${second.secret}`,
      });
      expectProblem(replay, 401, 'auth.unauthenticated');
      expect(replay.body).not.toContain('無効化前の報告');
    });

    it('a user given another role since gets no stored answer, nor its content', async () => {
      const incident = await t.fileIncident(g.ministryReporter, { title: '再生テスト 固有の件名' });
      const analyst = await t.user(g.center, 'center-analyst');
      const key = newKey();
      const payload = {
        sourceIncidentIds: [incident.id],
        content: { title: '再生テスト 共有の件名', body: '再生テスト 共有の本文 203.0.113.50' },
        audience: { kind: 'ministries' },
        tlp: 'TLP:AMBER',
      };
      const first = await send(analyst, '/api/v1/shares', key, payload);
      expect(first.statusCode, first.body).toBe(201);
      expect((await send(analyst, '/api/v1/shares', key, payload)).json()).toEqual(first.json());
      // Now an auditor, who sees no content by its role.
      const centerOfficer = await t.user(g.center, 'security-officer');
      // An administrator asks, the center's own officer confirms: the role changes then.
      const rerole = async (role: string) => {
        const asked = await change(analyst, { role });
        expect(asked.statusCode, asked.body).toBe(202);
        return t.request(centerOfficer, {
          method: 'POST',
          url: `/api/v1/changes/${(asked.json() as { id: string }).id}/confirm`,
        });
      };
      expect((await rerole('auditor')).statusCode).toBe(200);
      const replay = await send(analyst, '/api/v1/shares', key, payload);
      expectProblem(replay, 409, 'idempotency.caller_changed');
      expect(replay.body).not.toContain('再生テスト');
      // Its role given back, the retry is answered as before.
      expect((await rerole('center-analyst')).statusCode).toBe(200);
      expect((await send(analyst, '/api/v1/shares', key, payload)).json()).toEqual(first.json());
    });

    it('a user moved to another body since gets no stored answer about the old one', async () => {
      const reporter = await t.user(g.agency, 'reporter');
      const key = newKey();
      const payload = t.quickReport({ title: '移籍前の機関の事案' });
      expect((await send(reporter, '/api/v1/incidents', key, payload)).statusCode).toBe(201);
      const elsewhere = await t.org('agency', { parent: g.ministry });
      await t.handle.db
        .updateTable('users')
        .set({ org_id: elsewhere.id })
        .where('id', '=', reporter.id)
        .execute();
      const replay = await send(reporter, '/api/v1/incidents', key, payload);
      expectProblem(replay, 409, 'idempotency.caller_changed');
      expect(replay.body).not.toContain('移籍前の機関の事案');
    });

    it('a caller whose right to the request ended since is refused as a new request would be', async () => {
      const incident = await t.fileIncident(g.agencyReporter, { title: '確認待ちの事案 再生' });
      const key = newKey();
      const forward = () => send(g.ministryOfficer, `/api/v1/incidents/${incident.id}/forward`, key, {});
      const first = await forward();
      expect(first.statusCode, first.body).toBe(200);
      // Forwarded already: the rehearsal meets a conflict, which says nothing of the caller; the answer stands.
      expect((await forward()).json()).toEqual(first.json());
      // The agency now answers to another ministry: its former supervisor may no longer forward its reports.
      const other = await t.org('ministry');
      await t.handle.db
        .updateTable('orgs')
        .set({ parent_id: other.id })
        .where('id', '=', g.agency.id)
        .execute();
      try {
        const replay = await forward();
        expectProblem(replay, 403, 'auth.forbidden');
        expect(replay.body).not.toContain('確認待ちの事案');
      } finally {
        await t.handle.db
          .updateTable('orgs')
          .set({ parent_id: g.ministry.id })
          .where('id', '=', g.agency.id)
          .execute();
      }
    });

    it('the rehearsal of a replay leaves nothing behind: no row, no audit entry, no event, no message', async () => {
      const key = newKey();
      const payload = t.quickReport({ title: '痕跡なしの再送' });
      expect((await send(g.agencyReporter, '/api/v1/incidents', key, payload)).statusCode).toBe(201);
      const tables = [
        'incidents',
        'incident_reports',
        'audit_log',
        'events',
        'outbox',
        'notifications',
      ] as const;
      const counts = async () => Promise.all(tables.map((name) => t.count(name)));
      const before = await counts();
      for (let i = 0; i < 3; i++)
        expect((await send(g.agencyReporter, '/api/v1/incidents', key, payload)).statusCode).toBe(201);
      expect(await counts()).toEqual(before);
    });
  },
);
