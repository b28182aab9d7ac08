import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// Sightings (issue 14, point 5): a body that received a share says it saw one of its indicators; it reads its
// own, the center reads per indicator how many bodies saw it and when.

const SHARED = [
  { type: 'ipv4-addr', value: '198.51.100.23' },
  { type: 'domain-name', value: 'evil.example' },
];

/** A published advisory of the center's own to these bodies, with the SHARED indicators. */
async function publishedAdvisory(t: TestApp, analyst: TestUser, orgs: TestOrg[], tlp = 'TLP:AMBER+STRICT') {
  const res = await t.request(analyst, {
    method: 'POST',
    url: '/api/v1/shares',
    payload: {
      sourceIncidentIds: [],
      content: {
        title: '注意喚起: 不審な通信先',
        body: '以下の通信先を確認してください。',
        indicators: SHARED,
      },
      audience: { kind: 'orgs', orgs: orgs.map((o) => o.slug) },
      tlp,
    },
  });
  expect(res.json(), res.body).toMatchObject({ status: 'published' });
  return res.json().id as string;
}

describe.each(DIALECTS)('sightings of shared indicators on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let other: TestUser;
  let shareId: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    const otherMinistry = await t.org('ministry');
    other = await t.user(otherMinistry, 'reporter');
    shareId = await publishedAdvisory(t, g.analyst, [g.ministry, otherMinistry]);
  });
  afterAll(async () => t?.close());

  const sight = (u: TestUser, body: Record<string, unknown>) =>
    t.request(u, { method: 'POST', url: `/api/v1/shares/${shareId}/sightings`, payload: body });
  const read = (u: TestUser) => t.request(u, { method: 'GET', url: `/api/v1/shares/${shareId}/sightings` });
  const at = (minutesAgo: number) => new Date(t.clock.now().getTime() - minutesAgo * 60_000).toISOString();

  it('records a body’s sightings; the body reads its own, the center how many bodies saw each indicator', async () => {
    const first = await sight(g.ministryReporter, {
      ...SHARED[0],
      seenAt: at(120),
      count: 3,
      note: 'FWログで確認',
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ ...SHARED[0], seenAt: at(120), count: 3, note: 'FWログで確認' });
    expect((await sight(g.ministryOfficer, { ...SHARED[0], seenAt: at(30), count: 2 })).statusCode).toBe(201);
    expect((await sight(other, { ...SHARED[0], seenAt: at(60), count: 1 })).statusCode).toBe(201);

    const mine = (await read(g.ministryReporter)).json();
    expect(mine.summary).toBeNull();
    expect(mine.own.map((s: { count: number }) => s.count)).toEqual([3, 2]);
    const theirs = (await read(other)).json();
    expect(theirs).toEqual({ own: [expect.objectContaining({ count: 1, note: null })], summary: null });

    const center = (await read(g.analyst)).json();
    expect(center.own).toEqual([]);
    expect(center.summary).toEqual([
      { ...SHARED[0], bodies: 2, count: 6, firstSeenAt: at(120), lastSeenAt: at(30) },
      { ...SHARED[1], bodies: 0, count: 0, firstSeenAt: null, lastSeenAt: null },
    ]);
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', shareId)
      .where('action', 'in', ['share.sight', 'share.sightings'])
      .execute();
    expect(audit.filter((a) => a.action === 'share.sight')).toHaveLength(3);
    expect(audit.filter((a) => a.action === 'share.sightings')).toHaveLength(3);
  });

  it('refuses bad input with a clear 4xx and records nothing', async () => {
    const before = await t.count('share_sightings');
    expectProblem(
      await sight(g.ministryReporter, { type: 'ipv4-addr', value: '198.51.100.24', seenAt: at(1), count: 1 }),
      422,
      'sightings.not_in_share',
    );
    expectProblem(
      await sight(g.ministryReporter, { ...SHARED[1], value: 'EVIL.example', seenAt: at(1), count: 1 }),
      422,
      'sightings.not_in_share',
    );
    expectProblem(
      await sight(g.ministryReporter, { ...SHARED[1], seenAt: at(-60), count: 1 }),
      422,
      'sightings.in_future',
    );
    expectProblem(
      await sight(g.ministryReporter, { ...SHARED[1], seenAt: at(1), count: 0 }),
      400,
      'request.validation_failed',
    );
    expectProblem(
      await sight(g.ministryReporter, { ...SHARED[1], seenAt: 'yesterday', count: 1 }),
      400,
      'request.validation_failed',
    );
    expectProblem(
      await sight(g.ministryReporter, { ...SHARED[1], seenAt: at(1), count: 1, note: 'a\u202Eb' }),
      400,
      'text.invisible_characters',
    );
    expect(await t.count('share_sightings')).toBe(before);
  });
});
