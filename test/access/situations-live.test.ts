import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { openStream, type SseStream, sleep } from '../support/sse.js';

// The live stream over real HTTP (LISTEN/NOTIFY on PostgreSQL): a declaration reaches the center, the bodies in
// scope and the ministries of agencies in scope, and nobody else; an answer reaches the body, its ministry and
// the center, never a sibling agency or another ministry; administrators and auditors hear nothing of either.

describe.each(DIALECTS)('situations on the live stream on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let m1: TestOrg;
  let a1: TestOrg;
  let b1: TestOrg;
  const streams = new Map<string, { user: TestUser; stream: SseStream }>();
  let coordinator: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const center = await t.org('center');
    coordinator = await t.user(center, 'center-coordinator');
    m1 = await t.org('ministry');
    a1 = await t.org('agency', { parent: m1 });
    const a2 = await t.org('agency', { parent: m1 });
    const m2 = await t.org('ministry');
    b1 = await t.org('agency', { parent: m2 });
    const m3 = await t.org('ministry');
    const who: [string, TestOrg, Parameters<TestApp['user']>[1]][] = [
      ['analyst', center, 'center-analyst'],
      ['admin', center, 'admin'],
      ['auditor', center, 'auditor'],
      ['m1', m1, 'security-officer'],
      ['a1', a1, 'reporter'],
      ['a2', a2, 'reporter'],
      ['m2', m2, 'security-officer'],
      ['b1', b1, 'reporter'],
      ['m3', m3, 'security-officer'],
    ];
    for (const [name, org, role] of who) {
      const user = await t.user(org, role);
      streams.set(name, { user, stream: await openStream(`${base}/api/v1/events`, user.headers) });
    }
  });
  afterAll(async () => {
    await Promise.all([...streams.values()].map((s) => s.stream.close()));
    await t?.close();
  });

  const got = (name: string, type: string, id: string) =>
    (streams.get(name)?.stream.frames ?? []).some((f) => f.event === type && f.data.situationId === id);

  it('delivers each event to exactly its readers', async () => {
    // In scope: a1 (named alone) and b1 with it; m1 and m2 hear as their ministries; a2 and m3 are outside.
    const res = await t.request(coordinator, {
      method: 'POST',
      url: '/api/v1/situations',
      payload: {
        name: '事態',
        description: '説明',
        level: 'alert',
        tlp: 'TLP:AMBER',
        scope: {
          kind: 'bodies',
          bodies: [
            { orgId: a1.id, withAgencies: false },
            { orgSlug: b1.slug, withAgencies: false },
          ],
        },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: string }).id;
    const answer = await t.request(streams.get('a1')?.user ?? null, {
      method: 'POST',
      url: `/api/v1/situations/${id}/answers`,
      payload: { status: 'affected', note: '暗号化被害' },
    });
    expect(answer.statusCode).toBe(201);
    const declaredTo = ['analyst', 'm1', 'a1', 'm2', 'b1'];
    const answeredTo = ['analyst', 'm1', 'a1'];
    for (const name of declaredTo)
      await streams
        .get(name)
        ?.stream.waitFor((f) => f.event === 'situation.declared' && f.data.situationId === id);
    for (const name of answeredTo)
      await streams
        .get(name)
        ?.stream.waitFor((f) => f.event === 'rollcall.answered' && f.data.situationId === id);
    // Give stray frames a moment to arrive before asserting their absence.
    await sleep(300);
    for (const name of streams.keys()) {
      expect(got(name, 'situation.declared', id), `${name} declared`).toBe(declaredTo.includes(name));
      expect(got(name, 'rollcall.answered', id), `${name} answered`).toBe(answeredTo.includes(name));
    }
    // What travels is what every reader may see: no note, no person.
    const frame = streams.get('m1')?.stream.frames.find((f) => f.event === 'rollcall.answered');
    expect(Object.keys(frame?.data ?? {}).sort()).toEqual(
      ['at', 'incidentId', 'onBehalf', 'orgId', 'revision', 'seq', 'situationId', 'status', 'type'].sort(),
    );
  });
});
