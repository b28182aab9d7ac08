import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardOverdue } from '../../src/features/incidents/incidents.routing.js';
import type { Role } from '../../src/platform/access/roles.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// Random governments, random reports, random reviews and deadlines: what each user can list, search and open
// must equal what an independent model of DESIGN §4 says.

interface ModelOrg {
  org: TestOrg;
  parent: ModelOrg | null;
  reviewMinutes: number | null;
  reporter: TestUser;
  officer: TestUser;
}
interface ModelIncident {
  id: string;
  owner: ModelOrg;
  /** When it reaches the center if its ministry does not forward it first; null once delivered. */
  heldUntil: number | null;
}

/** DESIGN §4: own body, the supervising ministry, and the center once delivered. Nobody else. */
function modelSees(viewer: ModelOrg, role: Role, incident: ModelIncident): boolean {
  if (role === 'admin' || role === 'auditor') return false;
  if (viewer === incident.owner || viewer === incident.owner.parent) return true;
  return viewer.org.kind === 'center' && incident.heldUntil === null;
}

const scenario = fc.record({
  ministries: fc.array(
    fc.record({
      reviewMinutes: fc.option(fc.constantFrom(30, 60, 240), { nil: null }),
      agencies: fc.integer({ min: 0, max: 3 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  actions: fc.array(
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc.record({ kind: fc.constant('file' as const), org: fc.nat(), officer: fc.boolean() }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('forward' as const),
          incident: fc.nat(),
          by: fc.nat(),
          // Half the attempts come from the supervising ministry's officer, the one who may forward.
          byReviewer: fc.boolean(),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('advance' as const),
          minutes: fc.integer({ min: 1, max: 300 }),
        }),
      },
    ),
    { minLength: 1, maxLength: 10 },
  ),
  pageSize: fc.integer({ min: 1, max: 4 }),
  viewerIsOfficer: fc.boolean(),
});

describe.each(DIALECTS)('visibility over random organization trees on %s', (dialect) => {
  let t: TestApp;
  let center: TestOrg;
  let centerFiler: ModelOrg;
  const centerViewers: TestUser[] = [];

  beforeAll(async () => {
    t = await startTestApp(dialect);
    center = await t.org('center');
    centerFiler = {
      org: center,
      parent: null,
      reviewMinutes: null,
      reporter: await t.user(center, 'reporter'),
      officer: await t.user(center, 'security-officer'),
    };
    for (const role of ['center-analyst', 'center-coordinator', 'admin', 'auditor'] as const)
      centerViewers.push(await t.user(center, role));
  });
  afterAll(async () => t?.close());

  /** Every incident the user reaches by following the list's cursors, and the total the list reported. */
  async function listAll(user: TestUser, query: string) {
    const seen: string[] = [];
    let total = -1;
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const url: string = `/api/v1/incidents?${query}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.request(user, { method: 'GET', url });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { items: { id: string }[]; total: number; nextCursor: string | null };
      seen.push(...page.items.map((i) => i.id));
      total = page.total;
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return { ids: seen, total };
  }

  it('every user sees exactly what the reference model says, through list, search and get', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        // A new day: whatever earlier runs left waiting for review is past its deadline and delivered now.
        t.clock.advance(24 * 3600_000);
        await forwardOverdue(t.handle, t.services.incidentDeps);
        const runStart = t.clock.now().toISOString();
        const marker = `run${randomBytes(6).toString('hex')}`;

        const bodies: ModelOrg[] = [];
        for (const m of s.ministries) {
          const org = await t.org('ministry', {
            reviewMode: m.reviewMinutes !== null,
            ...(m.reviewMinutes !== null ? { reviewDeadlineMinutes: m.reviewMinutes } : {}),
          });
          const ministry: ModelOrg = {
            org,
            parent: null,
            reviewMinutes: m.reviewMinutes,
            reporter: await t.user(org, 'reporter'),
            officer: await t.user(org, 'security-officer'),
          };
          bodies.push(ministry);
          for (let a = 0; a < m.agencies; a++) {
            const agency = await t.org('agency', { parent: org });
            bodies.push({
              org: agency,
              parent: ministry,
              reviewMinutes: null,
              reporter: await t.user(agency, 'reporter'),
              officer: await t.user(agency, 'security-officer'),
            });
          }
        }
        const filers = [...bodies, centerFiler];
        const actors = [
          ...filers.flatMap((b) => [b.reporter, b.officer].map((user) => ({ user, body: b }))),
          ...centerViewers.map((user) => ({ user, body: centerFiler })),
        ];
        const incidents: ModelIncident[] = [];

        for (const action of s.actions) {
          const now = t.clock.now().getTime();
          if (action.kind === 'file') {
            const owner = filers[action.org % filers.length] as ModelOrg;
            const user = action.officer ? owner.officer : owner.reporter;
            const { id } = await t.fileIncident(user, { title: `報告 ${marker}` });
            const review = owner.parent?.reviewMinutes ?? null;
            incidents.push({ id, owner, heldUntil: review === null ? null : now + review * 60_000 });
          } else if (action.kind === 'forward') {
            const incident = incidents[action.incident % Math.max(incidents.length, 1)];
            if (!incident) continue;
            const reviewer = incident.owner.parent;
            const { user, body } =
              action.byReviewer && reviewer
                ? { user: reviewer.officer, body: reviewer }
                : (actors[action.by % actors.length] as (typeof actors)[number]);
            const visible = modelSees(body, user.role, incident);
            const reviews = user.role === 'security-officer' && reviewer === body;
            const expected = !visible ? 404 : !reviews ? 403 : incident.heldUntil !== null ? 200 : 409;
            const res = await t.request(user, {
              method: 'POST',
              url: `/api/v1/incidents/${incident.id}/forward`,
              payload: {},
            });
            expect(res.statusCode, `${user.role}@${body.org.slug} forwards: ${res.body}`).toBe(expected);
            if (expected === 200) incident.heldUntil = null;
          } else {
            t.clock.advance(action.minutes * 60_000);
            const at = t.clock.now().getTime();
            const due = incidents.filter((i) => i.heldUntil !== null && i.heldUntil <= at);
            for (const i of due) i.heldUntil = null;
            expect(await forwardOverdue(t.handle, t.services.incidentDeps)).toBe(due.length);
          }
        }

        const viewers = [
          ...filers.map((body) => ({ user: s.viewerIsOfficer ? body.officer : body.reporter, body })),
          ...centerViewers.map((user) => ({ user, body: centerFiler })),
        ];
        for (const v of viewers) {
          const who = `${v.user.role}@${v.user.org.slug}`;
          const expected = incidents
            .filter((i) => modelSees(v.body, v.user.role, i))
            .map((i) => i.id)
            .sort();
          // The center holds incidents of earlier runs too: its list is narrowed to this run by date.
          const listQuery = `limit=${s.pageSize}${v.body === centerFiler ? `&from=${runStart}` : ''}`;
          const listed = await listAll(v.user, listQuery);
          expect([...listed.ids].sort(), `${who} list`).toEqual(expected);
          expect(listed.ids.length, `${who} list has no duplicates`).toBe(new Set(listed.ids).size);
          expect(listed.total, `${who} list total`).toBe(expected.length);
          const searched = await listAll(v.user, `limit=${s.pageSize}&q=${marker}`);
          expect([...searched.ids].sort(), `${who} search`).toEqual(expected);
          expect(searched.total, `${who} search total`).toBe(expected.length);
          for (const i of incidents) {
            const res = await t.request(v.user, { method: 'GET', url: `/api/v1/incidents/${i.id}` });
            expect(res.statusCode, `${who} GET ${i.owner.org.slug}'s incident`).toBe(
              expected.includes(i.id) ? 200 : 404,
            );
          }
        }
      }),
      { numRuns: 25, endOnFailure: true },
    );
  }, 120_000);
});
