import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../api/helpers.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';

// A sighting is its body's own information: only a body that receives the share reports one, only that body
// and the share's publisher (the center) read it, and no answer to any other body — a recipient beside it, a
// body the share never reached, the center's administrator or auditor — differs because of it.

const SHARED = [{ type: 'ipv4-addr', value: '198.51.100.23' }];

describe.each(DIALECTS)('who may report and read sightings on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let otherReporter: TestUser;
  let outsider: TestUser;
  let admin: TestUser;
  let auditor: TestUser;
  let strict: string;
  let onlyOther: string;
  let draft: string;

  const advisory = async (orgs: string[], tlp = 'TLP:AMBER+STRICT') => {
    const res = await t.request(g.analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [],
        content: { title: '注意喚起', body: '本文', indicators: SHARED },
        audience: { kind: 'orgs', orgs },
        tlp,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; status: string };
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    const otherMinistry = await t.org('ministry');
    otherReporter = await t.user(otherMinistry, 'reporter');
    outsider = await t.user(await t.org('ministry'), 'security-officer');
    admin = await t.user(g.center, 'admin');
    auditor = await t.user(g.center, 'auditor');
    strict = (await advisory([g.ministry.slug, otherMinistry.slug])).id;
    onlyOther = (await advisory([otherMinistry.slug])).id;
    // A TLP:GREEN advisory of the center's own waits for a second coordinator: a draft nobody receives.
    const green = await advisory([g.ministry.slug], 'TLP:GREEN');
    expect(green.status).not.toBe('published');
    draft = green.id;
  });
  afterAll(async () => t?.close());

  const seenAt = () => new Date(t.clock.now().getTime() - 60_000).toISOString();
  const sight = (u: TestUser | null, id: string, headers: Record<string, string> = {}) =>
    t.request(u, {
      method: 'POST',
      url: `/api/v1/shares/${id}/sightings`,
      payload: { ...SHARED[0], seenAt: seenAt(), count: 1 },
      headers,
    });
  const read = (u: TestUser, id: string) =>
    t.request(u, { method: 'GET', url: `/api/v1/shares/${id}/sightings` });
  const missingId = '01900000-0000-7000-8000-000000000000';

  it('answers whoever does not receive the share exactly as for a missing one, and records nothing', async () => {
    const before = { sightings: await t.count('share_sightings'), audit: await t.count('audit_log') };
    const missing = await sight(g.ministryReporter, missingId);
    expectProblem(missing, 404, 'shares.not_found');
    const attempts: [string, TestUser, string][] = [
      ['a body the share never reached', outsider, strict],
      ["another body's share", g.ministryReporter, onlyOther],
      ['an agency under TLP:AMBER+STRICT to its ministry', g.agencyReporter, strict],
      ['a draft', g.ministryReporter, draft],
      ['the center that published it', g.analyst, strict],
      ["the center's administrator", admin, strict],
      ["the center's auditor", auditor, strict],
    ];
    for (const [who, u, id] of attempts) {
      const res = await sight(u, id);
      expect({ who, status: res.statusCode, body: res.json() }).toEqual({
        who,
        status: 404,
        body: missing.json(),
      });
    }
    expect((await sight(null, strict)).statusCode).toBe(401);
    expect({ sightings: await t.count('share_sightings'), audit: await t.count('audit_log') }).toEqual(
      before,
    );
    for (const u of [outsider, g.agencyReporter, admin, auditor])
      expectProblem(await read(u, strict), 404, 'shares.not_found');
    expectProblem(await read(g.ministryReporter, onlyOther), 404, 'shares.not_found');
  });

  it('counts a replayed report once, and nothing of it reaches another recipient', async () => {
    const seenByOther = (await read(otherReporter, strict)).json();
    const key = { 'idempotency-key': 'sighting-replay-1' };
    const first = await sight(g.ministryReporter, strict, key);
    expect(first.statusCode, first.body).toBe(201);
    const replay = await sight(g.ministryReporter, strict, key);
    expect(replay.json()).toEqual(first.json());
    expect((await read(g.ministryReporter, strict)).json().own).toHaveLength(1);
    // The other recipient's answer is exactly what it was: no count, no trace of the first body.
    expect((await read(otherReporter, strict)).json()).toEqual(seenByOther);
    expect(seenByOther).toEqual({ own: [], summary: null });
    // The live event of it goes to the center alone, never to a recipient body.
    const events = await t.handle.db
      .selectFrom('events')
      .select(['reader_org_ids', 'payload'])
      .where('type', '=', 'share.sighted')
      .execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]?.reader_org_ids ?? '[]')).toEqual([g.center.id]);
    expect(JSON.parse(events[0]?.payload ?? '{}')).toEqual({ shareId: strict });
    // Another person of the same body sees the body's sighting; the center sees one body.
    expect((await read(g.ministryOfficer, strict)).json().own).toHaveLength(1);
    expect((await read(g.analyst, strict)).json().summary).toEqual([
      expect.objectContaining({ bodies: 1, count: 1 }),
    ]);
  });

  it('ends reporting with the share: once withdrawn, recipients are refused as for a missing one', async () => {
    const w = await t.request(g.analyst, {
      method: 'POST',
      url: `/api/v1/shares/${strict}/withdraw`,
      payload: { reason: '誤送信' },
    });
    expect(w.statusCode, w.body).toBe(200);
    expectProblem(await sight(g.ministryReporter, strict), 404, 'shares.not_found');
    expectProblem(await read(g.ministryReporter, strict), 404, 'shares.not_found');
    expect((await read(g.analyst, strict)).json().summary).toEqual([expect.objectContaining({ bodies: 1 })]);
  });
});
