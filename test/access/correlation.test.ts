import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../api/helpers.js';
import { DIALECTS } from '../support/databases.js';
import { declareExerciseSituation, insertExercise } from '../support/exercises.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// Who sees correlations (issue 14, point 4; DESIGN §4): a random government files random reports sharing random
// indicators (written in variant forms), and every user, through every path — an incident's correlations, the
// clusters, one cluster, the live events and the notifications — sees exactly what an independent model allows:
// a match between two incidents only when its body reads both. Then the attacks, one by one.

/** The pool of values, each with the forms it may be written in (all the same value once canonical). */
const POOL: { id: string; type: string; forms: string[] }[] = [
  { id: 'A', type: 'ipv4', forms: ['45.83.121.5', '４５．８３．１２１．５', '45[.]83[.]121[.]5'] },
  { id: 'A', type: 'ipv6', forms: ['::ffff:45.83.121.5', '::FFFF:2D53:7905'] },
  { id: 'B', type: 'ipv4', forms: ['45.83.121.77'] },
  { id: 'C', type: 'cidr', forms: ['45.83.121.0/24', '::ffff:45.83.121.0/120'] },
  { id: 'D', type: 'cidr', forms: ['45.83.0.0/16'] },
  {
    id: 'E',
    type: 'domain',
    forms: ['campaign.example', 'ｃａｍｐａｉｇｎ．ｅｘａｍｐｌｅ', 'CAMPAIGN[.]example.'],
  },
  { id: 'F', type: 'domain', forms: ['a.campaign.example'] },
  { id: 'G', type: 'url', forms: ['https://a.campaign.example/x', 'hxxps://A.campaign[.]example:443/x'] },
  { id: 'H', type: 'url', forms: ['https://evil-campaign.example/'] },
  { id: 'K', type: 'domain', forms: ['evil-campaign.example'] },
  { id: 'I', type: 'md5', forms: ['0123456789abcdef0123456789abcdef', '0123456789ABCDEF0123456789ABCDEF'] },
  { id: 'J', type: 'other', forms: ['campaign'] },
];
/** The model's matches, written by hand: equality, and containment in either direction. */
const RELATED = new Set(['A-C', 'A-D', 'B-C', 'B-D', 'C-D', 'E-F', 'E-G', 'F-G', 'H-K']);
const related = (x: string, y: string) => x === y || RELATED.has(`${x}-${y}`) || RELATED.has(`${y}-${x}`);

/** A small seeded generator, so that a failing government can be made again (RENRAKU_TEST_SEED). */
function generator(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { int, pick: <T>(list: readonly T[]): T => list[int(list.length)] as T };
}

interface Body {
  org: TestOrg;
  parent: Body | null;
  reporter: TestUser;
}
interface Filed {
  id: string;
  body: Body;
  values: Set<string>;
  /** The pool ids of its indicators, in the order filed (the order the incident lists them). */
  order: string[];
}

describe.each(DIALECTS)('who sees correlations on %s', (dialect) => {
  const seed = Number(process.env.RENRAKU_TEST_SEED ?? Date.now() % 1_000_000);
  const rand = generator(seed);
  let t: TestApp;
  let center: TestOrg;
  let analyst: TestUser;
  let outsiders: TestUser[];
  const bodies: Body[] = [];
  const filed: Filed[] = [];
  const missing = '01900000-0000-7000-8000-000000000000';

  const readers = (i: Filed) =>
    new Set([center.id, i.body.org.id, ...(i.body.parent ? [i.body.parent.org.id] : [])]);
  const reads = (orgId: string, i: Filed) => readers(i).has(orgId);
  const linked = (a: Filed, b: Filed) =>
    a !== b && [...a.values].some((x) => [...b.values].some((y) => related(x, y)));
  const get = (u: TestUser, url: string) => t.request(u, { method: 'GET', url });

  beforeAll(async () => {
    t = await startTestApp(dialect);
    center = await t.org('center');
    analyst = await t.user(center, 'center-analyst');
    outsiders = [await t.user(center, 'admin'), await t.user(center, 'auditor')];
    await t.contact(center, { name: '分析官', role: 'csirt-lead', email: analyst.email });
    const ministries = 2 + rand.int(2);
    for (let m = 0; m < ministries; m++) {
      const org = await t.org('ministry');
      const ministry: Body = { org, parent: null, reporter: await t.user(org, 'reporter') };
      bodies.push(ministry);
      for (let a = rand.int(3); a > 0; a--) {
        const agency = await t.org('agency', { parent: org });
        bodies.push({ org: agency, parent: ministry, reporter: await t.user(agency, 'reporter') });
      }
    }
    for (const b of bodies)
      await t.contact(b.org, { name: '担当', role: 'csirt-lead', email: b.reporter.email });
    for (let n = 8 + rand.int(6); n > 0; n--) {
      const body = rand.pick(bodies);
      const chosen = new Map<string, { type: string; value: string }>();
      for (let k = 1 + rand.int(2); k > 0; k--) {
        const v = rand.pick(POOL);
        if (!chosen.has(v.id)) chosen.set(v.id, { type: v.type, value: rand.pick(v.forms) });
      }
      const { id } = await t.fileIncident(body.reporter, { indicators: [...chosen.values()] });
      filed.push({ id, body, values: new Set(chosen.keys()), order: [...chosen.keys()] });
    }
  });
  afterAll(async () => t?.close());

  const viewers = () => [
    { user: analyst, orgId: center.id },
    ...bodies.map((b) => ({ user: b.reporter, orgId: b.org.id })),
  ];

  it('an incident’s correlations: the incidents the viewer reads that share a value, else 404 as missing', async () => {
    for (const { user, orgId } of viewers())
      for (const i of filed) {
        const res = await get(user, `/api/v1/incidents/${i.id}/correlations`);
        const where = `seed ${seed}, ${user.email} on ${i.id}`;
        if (!reads(orgId, i)) {
          expectProblem(res, 404, 'incidents.not_found');
          const none = await get(user, `/api/v1/incidents/${missing}/correlations`);
          expect(res.json(), where).toEqual(none.json());
          continue;
        }
        const expected = filed.filter((o) => linked(i, o) && reads(orgId, o)).map((o) => o.id);
        const got = res.json().correlations.map((c: { incident: { id: string } }) => c.incident.id);
        expect(got.sort(), where).toEqual(expected.sort());
      }
    for (const u of outsiders)
      expectProblem(
        await get(u, `/api/v1/incidents/${filed[0]?.id}/correlations`),
        404,
        'incidents.not_found',
      );
  });

  it('the badges: per indicator, how many incidents the viewer reads share it, by the model; else 404', async () => {
    for (const { user, orgId } of viewers())
      for (const i of filed) {
        const where = `seed ${seed}, ${user.email} on ${i.id}`;
        const detail = await get(user, `/api/v1/incidents/${i.id}`);
        const page = await get(user, `/api/v1/incidents/${i.id}/indicators?limit=1`);
        if (!reads(orgId, i)) {
          expectProblem(detail, 404, 'incidents.not_found');
          expectProblem(page, 404, 'incidents.not_found');
          continue;
        }
        // Another ministry's incident sharing the value is never counted: the model counts what the body reads.
        const expected = i.order.map(
          (x) =>
            filed.filter((o) => o !== i && reads(orgId, o) && [...o.values].some((y) => related(x, y)))
              .length,
        );
        const got = (detail.json() as { indicators: { correlatedIncidents?: number }[] }).indicators;
        expect(
          got.map((g) => g.correlatedIncidents),
          where,
        ).toEqual(expected);
        expect(
          (page.json() as { indicators: { correlatedIncidents?: number }[] }).indicators.map(
            (g) => g.correlatedIncidents,
          ),
          where,
        ).toEqual(expected.slice(0, 1));
      }
    for (const u of outsiders) {
      expectProblem(await get(u, `/api/v1/incidents/${filed[0]?.id}`), 404, 'incidents.not_found');
      expectProblem(await get(u, `/api/v1/incidents/${filed[0]?.id}/indicators`), 404, 'incidents.not_found');
    }
  });

  it('the values two incidents share: only when the viewer reads both and they share one, else 404 as none', async () => {
    for (const { user, orgId } of viewers())
      for (const i of filed) {
        const noPair = await get(user, `/api/v1/incidents/${i.id}/correlations/${missing}`);
        for (const o of filed) {
          if (o === i) continue;
          const res = await get(user, `/api/v1/incidents/${i.id}/correlations/${o.id}?limit=1`);
          const where = `seed ${seed}, ${user.email} on ${i.id} with ${o.id}`;
          if (!reads(orgId, i)) {
            expectProblem(res, 404, 'incidents.not_found');
            continue;
          }
          if (reads(orgId, o) && linked(i, o)) {
            expect(res.statusCode, where).toBe(200);
            expect(res.json().incident.id, where).toBe(o.id);
            expect(res.json().total, where).toBeGreaterThan(0);
            continue;
          }
          // Another body's incident, or one sharing nothing: the same answer as an incident that does not exist.
          expectProblem(res, 404, 'correlations.not_found');
          expect(res.json(), where).toEqual(noPair.json());
        }
      }
  });

  it('clusters: the connected components of what the viewer reads, and nothing else', async () => {
    for (const { user, orgId } of viewers()) {
      const mine = filed.filter((i) => reads(orgId, i));
      const component = new Map<string, Set<string>>();
      for (const i of mine) component.set(i.id, new Set([i.id]));
      for (const a of mine)
        for (const b of mine)
          if (linked(a, b)) {
            const merged = new Set([...(component.get(a.id) ?? []), ...(component.get(b.id) ?? [])]);
            for (const id of merged) component.set(id, merged);
          }
      const expected = [...new Set(component.values())]
        .filter((c) => c.size > 1)
        .map((c) => [...c].sort().join(','))
        .sort();
      // Walked two at a time: every page holds only the caller's clusters, and the pages hold each once.
      const list: { id: string }[] = [];
      let cursor: string | null = null;
      do {
        const page: { total: number; clusters: { id: string }[]; nextCursor: string | null } = (
          await get(user, `/api/v1/correlations/clusters?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        ).json();
        expect(page.total, `seed ${seed}, ${user.email}`).toBe(expected.length);
        list.push(...page.clusters);
        cursor = page.nextCursor;
      } while (cursor);
      const got = await Promise.all(
        list.map(async (c: { id: string }) => {
          const one = (await get(user, `/api/v1/correlations/clusters/${c.id}`)).json();
          return one.incidents
            .map((i: { id: string }) => i.id)
            .sort()
            .join(',');
        }),
      );
      expect(got.sort(), `seed ${seed}, ${user.email}`).toEqual(expected);
      for (const i of filed) {
        const res = await get(user, `/api/v1/correlations/clusters/${i.id}`);
        const inOne = reads(orgId, i) && (component.get(i.id)?.size ?? 0) > 1;
        if (inOne) expect(res.statusCode).toBe(200);
        else expectProblem(res, 404, 'correlations.not_found');
      }
    }
    for (const u of outsiders) {
      expectProblem(await get(u, '/api/v1/correlations/clusters'), 403, 'auth.forbidden');
      expectProblem(
        await get(u, `/api/v1/correlations/clusters/${filed[0]?.id}`),
        404,
        'correlations.not_found',
      );
    }
  });

  it('live events reach exactly the bodies that read both incidents; notifications no one else', async () => {
    const events = await t.handle.db
      .selectFrom('events')
      .select(['seq', 'incident_id', 'payload'])
      .where('type', '=', 'correlation.found')
      .execute();
    const rows = await t.handle.db.selectFrom('event_readers').select(['seq', 'reader_id']).execute();
    const byId = new Map(filed.map((i) => [i.id, i]));
    const pairs = new Set<string>();
    for (const e of events) {
      const a = byId.get(e.incident_id ?? '') as Filed;
      const b = byId.get((JSON.parse(e.payload) as { otherIncidentId: string }).otherIncidentId) as Filed;
      expect(linked(a, b), `seed ${seed}`).toBe(true);
      pairs.add([a.id, b.id].sort().join(','));
      const both = [...readers(a)].filter((o) => readers(b).has(o)).sort();
      expect(
        rows
          .filter((r) => r.seq === e.seq)
          .map((r) => r.reader_id)
          .sort(),
        `seed ${seed}`,
      ).toEqual(both);
    }
    const expected = filed.flatMap((a, i) =>
      filed
        .slice(i + 1)
        .filter((b) => linked(a, b))
        .map((b) => [a.id, b.id].sort().join(',')),
    );
    expect([...pairs].sort(), `seed ${seed}`).toEqual(expected.sort());
    const notices = await t.handle.db
      .selectFrom('notifications')
      .select(['org_id', 'incident_id', 'user_id'])
      .where('event', '=', 'correlation.found')
      .execute();
    for (const n of notices) {
      const incident = byId.get(n.incident_id ?? '') as Filed;
      const heard = events.filter((e) => e.incident_id === incident.id);
      const eventReaders = new Set(
        rows.filter((r) => heard.some((e) => e.seq === r.seq)).map((r) => r.reader_id),
      );
      expect(eventReaders.has(n.org_id), `seed ${seed}`).toBe(true);
      const body = [center, ...bodies.map((b) => b.org)].find((o) => o.id === n.org_id);
      expect(body?.kind === 'center' || body?.kind === 'ministry').toBe(true);
    }
    if (pairs.size > 0)
      expect(notices.some((n) => n.org_id === center.id && n.user_id === analyst.id)).toBe(true);
  });

  it('attacks: invisible characters, another body’s domain, a sibling ministry’s agency, exercise vs real', async () => {
    const [m1, m2] = bodies.filter((b) => b.parent === null) as [Body, Body];
    const zeroWidth = await t.request(m1.reporter, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: t.quickReport({ indicators: [{ type: 'domain', value: 'campaign\u200b.example' }] }),
    });
    expectProblem(zeroWidth, 422, 'indicators.invisible_characters');
    // A URL on a domain another body reported: the center sees the match, the filer nothing of it.
    const seeded = (
      await t.fileIncident(m2.reporter, { indicators: [{ type: 'domain', value: 'probe.example' }] })
    ).id;
    const probe = (
      await t.fileIncident(m1.reporter, { indicators: [{ type: 'url', value: 'https://x.probe.example/' }] })
    ).id;
    expect((await get(m1.reporter, `/api/v1/incidents/${probe}/correlations`)).json().correlations).toEqual(
      [],
    );
    const badge = async (u: TestUser, id: string, query = '') =>
      (await get(u, `/api/v1/incidents/${id}/indicators${query}`)).json().indicators[0].correlatedIncidents;
    // Nor does its badge count it, whatever the page asks (a filter on the other body's value, a page of one).
    expect(await badge(m1.reporter, probe)).toBe(0);
    expect(await badge(m1.reporter, probe, `?q=probe.example&type=url&limit=1`)).toBe(0);
    expect(await badge(analyst, probe)).toBe(1);
    const atCenter = (await get(analyst, `/api/v1/incidents/${probe}/correlations`)).json().correlations;
    expect(atCenter.map((c: { incident: { id: string } }) => c.incident.id)).toEqual([seeded]);
    // A ministry probing the other ministry's agency's incident (or the incident behind the match).
    const agency = await t.org('agency', { parent: m2.org });
    const agencyReporter = await t.user(agency, 'reporter');
    const theirs = (
      await t.fileIncident(agencyReporter, { indicators: [{ type: 'domain', value: 'x.probe.example' }] })
    ).id;
    for (const url of [
      `/api/v1/incidents/${theirs}/correlations`,
      `/api/v1/incidents/${seeded}/correlations`,
    ])
      expectProblem(await get(m1.reporter, url), 404, 'incidents.not_found');
    expectProblem(
      await get(m1.reporter, `/api/v1/correlations/clusters/${theirs}`),
      404,
      'correlations.not_found',
    );
    const m2Sees = (await get(m2.reporter, `/api/v1/incidents/${theirs}/correlations`)).json().correlations;
    expect(m2Sees.map((c: { incident: { id: string } }) => c.incident.id)).toEqual([seeded]);
    // The ministry counts its agency's incident and its own, not the other ministry's probe; the center all three.
    expect(await badge(m2.reporter, seeded)).toBe(1);
    expect(await badge(analyst, seeded)).toBe(2);

    // Exercise data correlates within its exercise only, never with real data.
    const control = await t.user(center, 'center-coordinator');
    const exercise = await insertExercise(t, control);
    await declareExerciseSituation(t, control, exercise.id, [m1.org, m2.org]);
    const drill = async (u: TestUser) => {
      const res = await t.request(u, {
        method: 'POST',
        url: `/api/v1/incidents?exercise=${exercise.id}`,
        payload: t.quickReport({ indicators: [{ type: 'domain', value: 'probe.example' }] }),
      });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { id: string }).id;
    };
    const d1 = await drill(m1.reporter);
    const d2 = await drill(m2.reporter);
    const drillView = (await get(analyst, `/api/v1/incidents/${d2}/correlations`)).json().correlations;
    expect(drillView.map((c: { incident: { id: string } }) => c.incident.id)).toEqual([d1]);
    // The badges too: the drill counts the other drill, the real incident none of them.
    expect(await badge(analyst, d2)).toBe(1);
    expect(await badge(analyst, seeded)).toBe(2);
    const realView = (await get(analyst, `/api/v1/incidents/${seeded}/correlations`)).json().correlations;
    expect(realView.map((c: { incident: { id: string } }) => c.incident.id).sort()).toEqual(
      [probe, theirs].sort(),
    );
    const realClusters = (await get(analyst, '/api/v1/correlations/clusters')).json().clusters;
    expect(realClusters.flatMap((c: { id: string }) => c.id)).not.toContain(d1);
    const drillClusters = (
      await get(analyst, `/api/v1/correlations/clusters?exercise=${exercise.id}`)
    ).json();
    expect(
      drillClusters.clusters.map((c: { id: string; incidentCount: number }) => [c.id, c.incidentCount]),
    ).toEqual([[[d1, d2].sort()[0], 2]]);
  });
});
