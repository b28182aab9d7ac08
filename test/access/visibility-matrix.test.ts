import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardOverdue } from '../../src/features/incidents/incidents.routing.js';
import type { Role } from '../../src/platform/access/roles.js';
import { newId } from '../../src/platform/ids.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { openStream, type SseStream, sleep } from '../support/sse.js';

// DESIGN §4 as a matrix: every role × every relation between the reader and the reporting body × every way of
// reading (one incident, its indicators, the list, search, the live stream), before and after the ministry's
// review.

const ORGS = ['C', 'M1', 'A1', 'A2', 'M2', 'B1'] as const;
type OrgKey = (typeof ORGS)[number];
const PARENT: Partial<Record<OrgKey, OrgKey>> = { A1: 'M1', A2: 'M1', B1: 'M2' };
const ROLES_AT: Record<'center' | 'body', Role[]> = {
  center: ['reporter', 'security-officer', 'center-analyst', 'center-coordinator', 'admin', 'auditor'],
  body: ['reporter', 'security-officer'],
};

const INCIDENTS = ['held', 'fwd', 'a2', 'm1', 'b1', 'm2', 'c'] as const;
type IncidentKey = (typeof INCIDENTS)[number];
const FILED_BY: Record<IncidentKey, [OrgKey, Role]> = {
  held: ['A1', 'reporter'], // waits for M1's review until the deadline passes
  fwd: ['A1', 'reporter'], // forwarded by M1's security officer
  a2: ['A2', 'security-officer'], // waits for M1's review until the deadline passes
  m1: ['M1', 'reporter'],
  b1: ['B1', 'reporter'], // M2 does not review: at the center at once
  m2: ['M2', 'security-officer'],
  c: ['C', 'reporter'],
};

const PHASES = ['filed', 'forwarded', 'deadline'] as const;
type Phase = (typeof PHASES)[number];
/** Whether the incident has reached the center in each phase. */
const AT_CENTER: Record<IncidentKey, Record<Phase, boolean>> = {
  held: { filed: false, forwarded: false, deadline: true },
  fwd: { filed: false, forwarded: true, deadline: true },
  a2: { filed: false, forwarded: false, deadline: true },
  m1: { filed: true, forwarded: true, deadline: true },
  b1: { filed: true, forwarded: true, deadline: true },
  m2: { filed: true, forwarded: true, deadline: true },
  c: { filed: true, forwarded: true, deadline: true },
};
/** Incidents that produce a live event in each phase. */
const EVENTS_IN: Record<Phase, IncidentKey[]> = {
  filed: [...INCIDENTS],
  forwarded: ['fwd'],
  deadline: ['held', 'a2'],
};

function relation(viewer: OrgKey, owner: OrgKey, phase: Phase, incident: IncidentKey): string {
  if (viewer === owner) return 'own body';
  if (viewer === 'C')
    return AT_CENTER[incident][phase] ? 'center, delivered' : 'center, awaiting ministry review';
  if (owner === 'C') return "the center's own incident";
  if (PARENT[owner] === viewer) return 'supervising ministry';
  if (PARENT[viewer] === owner) return 'agency of the reporting ministry';
  if (PARENT[viewer] && PARENT[viewer] === PARENT[owner]) return 'sibling agency';
  if (PARENT[viewer] && PARENT[owner]) return 'agency under another ministry';
  if (PARENT[viewer]) return 'agency, incident of another ministry';
  if (PARENT[owner]) return "other ministry's agency";
  return 'other ministry';
}

/** The rule under test, per relation; roles without incident content see nothing whatever the relation. */
const SEES: Record<string, boolean> = {
  'own body': true,
  'supervising ministry': true,
  'center, delivered': true,
  'center, awaiting ministry review': false,
  "the center's own incident": false,
  'agency of the reporting ministry': false,
  'sibling agency': false,
  'agency under another ministry': false,
  'agency, incident of another ministry': false,
  "other ministry's agency": false,
  'other ministry': false,
};
const CONTENT_ROLES: Role[] = ['reporter', 'security-officer', 'center-analyst', 'center-coordinator'];

interface Viewer {
  org: OrgKey;
  user: TestUser;
  stream: SseStream;
}

describe.each(DIALECTS)('visibility matrix on %s', (dialect) => {
  let t: TestApp;
  let baseUrl: string;
  const orgs = {} as Record<OrgKey, TestOrg>;
  const viewers: Viewer[] = [];
  const ids = {} as Record<IncidentKey, string>;
  const words = {} as Record<IncidentKey, string>;

  const label = (v: Viewer) => `${v.org}/${v.user.role}`;
  const cell = (v: Viewer, i: IncidentKey, phase: Phase) =>
    `${label(v)} → ${i} (${relation(v.org, FILED_BY[i][0], phase, i)})`;
  const sees = (v: Viewer, i: IncidentKey, phase: Phase) =>
    CONTENT_ROLES.includes(v.user.role) && (SEES[relation(v.org, FILED_BY[i][0], phase, i)] as boolean);
  const viewer = (org: OrgKey, role: Role) => {
    const found = viewers.find((v) => v.org === org && v.user.role === role);
    if (!found) throw new Error(`no ${org}/${role}`);
    return found;
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
    orgs.C = await t.org('center');
    orgs.M1 = await t.org('ministry', { reviewMode: true, reviewDeadlineMinutes: 60 });
    orgs.A1 = await t.org('agency', { parent: orgs.M1 });
    orgs.A2 = await t.org('agency', { parent: orgs.M1 });
    orgs.M2 = await t.org('ministry');
    orgs.B1 = await t.org('agency', { parent: orgs.M2 });
    for (const o of ORGS) {
      for (const role of ROLES_AT[o === 'C' ? 'center' : 'body']) {
        const user = await t.user(orgs[o], role);
        viewers.push({ org: o, user, stream: await openStream(`${baseUrl}/api/v1/events`, user.headers) });
      }
    }
  });
  afterAll(async () => {
    await Promise.all(viewers.map((v) => v.stream.close()));
    await t?.close();
  });

  /** Runs `act`, then checks every viewer × incident on every endpoint against the rules for `phase`. */
  async function checkPhase(phase: Phase, act: () => Promise<void>) {
    const marks = viewers.map((v) => v.stream.frames.length);
    await act();

    // Live stream: wait until each viewer got what it should, then give stray events a moment to arrive.
    const expectedLive = viewers.map(
      (v) => new Set(EVENTS_IN[phase].filter((i) => sees(v, i, phase)).map((i) => ids[i])),
    );
    await Promise.all(
      viewers.map((v, n) =>
        v.stream.waitUntil(() => {
          const got = v.stream.incidentIds(marks[n]);
          return [...(expectedLive[n] as Set<string>)].every((id) => got.has(id));
        }),
      ),
    );
    await sleep(300);

    const expected: Record<string, boolean> = {};
    const live: Record<string, boolean> = {};
    const liveExpected: Record<string, boolean> = {};
    const one: Record<string, boolean | string> = {};
    const listed: Record<string, boolean> = {};
    const searched: Record<string, boolean | string> = {};
    const indicated: Record<string, boolean | string> = {};
    for (const [n, v] of viewers.entries()) {
      const got = v.stream.incidentIds(marks[n]);
      const absent = await t.request(v.user, { method: 'GET', url: `/api/v1/incidents/${newId()}` });
      expect(absent.statusCode).toBe(404);
      const noIndicators = await t.request(v.user, {
        method: 'GET',
        url: `/api/v1/incidents/${newId()}/indicators`,
      });
      expect(noIndicators.statusCode).toBe(404);
      const list = await t.request(v.user, { method: 'GET', url: '/api/v1/incidents?limit=200' });
      expect(list.statusCode).toBe(200);
      const listIds = new Set<string>(list.json().items.map((i: { id: string }) => i.id));
      const visibleNow = INCIDENTS.filter((i) => sees(v, i, phase));
      expect.soft(list.json().total, `${label(v)} total`).toBe(visibleNow.length);

      for (const i of INCIDENTS) {
        const key = cell(v, i, phase);
        expected[key] = sees(v, i, phase);
        live[key] = EVENTS_IN[phase].includes(i) && got.has(ids[i]);
        liveExpected[key] = expected[key] && EVENTS_IN[phase].includes(i);
        listed[key] = listIds.has(ids[i]);

        const res = await t.request(v.user, { method: 'GET', url: `/api/v1/incidents/${ids[i]}` });
        if (res.statusCode === 200 && res.json().id === ids[i]) one[key] = true;
        else if (res.statusCode === 404 && res.body === absent.body) one[key] = false;
        else one[key] = `${res.statusCode} ${res.body}`;

        const found = await t.request(v.user, { method: 'GET', url: `/api/v1/incidents?q=${words[i]}` });
        const page = found.json() as { items: { id: string }[]; total: number };
        if (page.total === 1 && page.items.length === 1 && page.items[0]?.id === ids[i]) searched[key] = true;
        else if (page.total === 0 && page.items.length === 0) searched[key] = false;
        else searched[key] = `${found.statusCode} ${found.body}`;

        // The incident's indicators page by page: searched by the word its one indicator holds.
        const indicators = await t.request(v.user, {
          method: 'GET',
          url: `/api/v1/incidents/${ids[i]}/indicators?q=${words[i]}`,
        });
        const ofIncident = indicators.json() as { indicators?: { value: string }[]; total?: number };
        if (
          indicators.statusCode === 200 &&
          ofIncident.total === 1 &&
          ofIncident.indicators?.[0]?.value === `${words[i]}.example`
        )
          indicated[key] = true;
        else if (indicators.statusCode === 404 && indicators.body === noIndicators.body)
          indicated[key] = false;
        else indicated[key] = `${indicators.statusCode} ${indicators.body}`;
      }
      // Events for an incident arrive only while the viewer is in its reader set.
      const stray = [...got].filter((id) => !visibleNow.some((i) => ids[i] === id));
      expect(stray, `${label(v)} received events of incidents it may not see`).toEqual([]);
    }
    expect.soft(one, 'GET /api/v1/incidents/:id').toEqual(expected);
    expect.soft(listed, 'GET /api/v1/incidents').toEqual(expected);
    expect.soft(searched, 'GET /api/v1/incidents?q=').toEqual(expected);
    expect.soft(indicated, 'GET /api/v1/incidents/:id/indicators').toEqual(expected);
    expect.soft(live, 'GET /api/v1/events').toEqual(liveExpected);
  }

  it('after filing: own body, supervising ministry, and the center only for what was delivered', async () => {
    await checkPhase('filed', async () => {
      for (const i of INCIDENTS) {
        const [o, role] = FILED_BY[i];
        words[i] = `kw${randomBytes(5).toString('hex')}`;
        ids[i] = (
          await t.fileIncident(viewer(o, role).user, {
            title: `不審な通信 ${words[i]}`,
            indicators: [{ type: 'domain', value: `${words[i]}.example` }],
          })
        ).id;
      }
    });
    // The matrix really covers every relation the rules name.
    const covered = new Set(
      viewers.flatMap((v) =>
        PHASES.flatMap((p) => INCIDENTS.map((i) => relation(v.org, FILED_BY[i][0], p, i))),
      ),
    );
    expect([...covered].sort()).toEqual(Object.keys(SEES).sort());
  });

  it('after the ministry forwards one report, the center sees that one and still not the others', async () => {
    await checkPhase('forwarded', async () => {
      const res = await t.request(viewer('M1', 'security-officer').user, {
        method: 'POST',
        url: `/api/v1/incidents/${ids.fwd}/forward`,
        payload: { note: 'reviewed' },
      });
      expect(res.statusCode).toBe(200);
    });
  });

  it('after the review deadline passes, the center sees the reports that waited', async () => {
    await checkPhase('deadline', async () => {
      t.clock.advance(61 * 60_000);
      expect(await forwardOverdue(t.handle, t.services.incidentDeps)).toBe(2);
    });
  });

  it('a stream resumed from the start replays only what the caller may see', async () => {
    const replays = await Promise.all(
      viewers.map(async (v) => {
        const stream = await openStream(`${baseUrl}/api/v1/events`, {
          ...v.user.headers,
          'last-event-id': '0',
        });
        return { v, stream, live: v.stream.incidentIds() };
      }),
    );
    try {
      await Promise.all(
        replays.map(({ stream, live }) =>
          stream.waitUntil(() => [...live].every((id) => stream.incidentIds().has(id))),
        ),
      );
      await sleep(300);
      for (const { v, stream, live } of replays) {
        expect([...stream.incidentIds()].sort(), label(v)).toEqual([...live].sort());
        // The center never hears of a report while it waits for review, not even by replay.
        if (v.org === 'C') {
          const early = stream.frames.filter(
            (e) =>
              [ids.held, ids.fwd, ids.a2].includes(e.data.incidentId as string) &&
              e.event !== 'delivery.received',
          );
          expect(early, label(v)).toEqual([]);
        }
      }
    } finally {
      await Promise.all(replays.map(({ stream }) => stream.close()));
    }
  });
});
