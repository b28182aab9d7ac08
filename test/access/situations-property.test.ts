import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// Random governments, random scopes, random answers (own and on behalf, allowed or not) and a stand-down at a
// random moment: every answer is given or refused exactly as an independent model of the situations contract
// says, and afterwards every user sees exactly what the model allows through by id, the board and each body's
// answers.

interface Body {
  org: TestOrg;
  parent: Body | null;
  reporter: TestUser;
  officer: TestUser;
}
type Status = 'none' | 'investigating' | 'affected';

const scenario = fc.record({
  ministries: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
  scope: fc.oneof(
    fc.record({ kind: fc.constant('all' as const) }),
    fc.record({ kind: fc.constant('ministries' as const) }),
    fc.record({
      kind: fc.constant('bodies' as const),
      bodies: fc.array(fc.record({ index: fc.nat(), withAgencies: fc.boolean() }), {
        minLength: 1,
        maxLength: 4,
      }),
    }),
  ),
  actions: fc.array(
    fc.oneof(
      {
        weight: 8,
        arbitrary: fc.record({
          kind: fc.constant('answer' as const),
          by: fc.nat(),
          officer: fc.boolean(),
          // Half the attempts are for the answerer's own body, the rest for any body of the run.
          own: fc.boolean(),
          target: fc.nat(),
          status: fc.constantFrom<Status>('none', 'investigating', 'affected'),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('standDown' as const) }) },
    ),
    { maxLength: 12 },
  ),
});

describe.each(DIALECTS)('situations against a reference model on %s', (dialect) => {
  let t: TestApp;
  let coordinator: TestUser;
  let analyst: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const center = await t.org('center');
    coordinator = await t.user(center, 'center-coordinator');
    analyst = await t.user(center, 'center-analyst');
  });
  afterAll(async () => t?.close());

  it('answers, situations, boards and answer histories follow the model', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const bodies: Body[] = [];
        for (const agencies of s.ministries) {
          const org = await t.org('ministry');
          const ministry: Body = {
            org,
            parent: null,
            reporter: await t.user(org, 'reporter'),
            officer: await t.user(org, 'security-officer'),
          };
          bodies.push(ministry);
          for (let a = 0; a < agencies; a++) {
            const agency = await t.org('agency', { parent: org });
            bodies.push({
              org: agency,
              parent: ministry,
              reporter: await t.user(agency, 'reporter'),
              officer: await t.user(agency, 'security-officer'),
            });
          }
        }
        // The model of the scope (bodies of earlier runs may be in scope too; they are not looked at).
        const named =
          s.scope.kind === 'bodies'
            ? [
                ...new Map(
                  s.scope.bodies.map((b) => [bodies[b.index % bodies.length] as Body, b.withAgencies]),
                ),
              ]
            : [];
        const inScope = (b: Body) =>
          s.scope.kind === 'all' ||
          (s.scope.kind === 'ministries' && b.parent === null) ||
          named.some(([n, withAgencies]) => n === b || (withAgencies && b.parent === n));
        const sees = (v: Body | null) =>
          v === null || bodies.some((b) => inScope(b) && (b === v || b.parent === v));
        const reads = (v: Body | null, b: Body) => v === null || v === b || b.parent === v;
        const mayAnswer = (by: Body, b: Body) => inScope(b) && (b === by || b.parent === by);

        const scope =
          s.scope.kind === 'bodies'
            ? {
                kind: 'bodies',
                bodies: named.map(([b, withAgencies]) => ({ orgId: b.org.id, withAgencies })),
              }
            : { kind: s.scope.kind };
        const declared = await t.request(coordinator, {
          method: 'POST',
          url: '/api/v1/situations',
          payload: { name: '事態', description: '説明', level: 'caution', tlp: 'TLP:AMBER', scope },
        });
        expect(declared.statusCode, declared.body).toBe(201);
        const id = (declared.json() as { id: string }).id;
        const answers = new Map<Body, Status[]>();
        let open = true;

        for (const a of s.actions) {
          if (a.kind === 'standDown') {
            const res = await t.request(coordinator, {
              method: 'POST',
              url: `/api/v1/situations/${id}/stand-down`,
              payload: {},
            });
            expect(res.statusCode).toBe(open ? 200 : 409);
            open = false;
            continue;
          }
          const by = bodies[a.by % bodies.length] as Body;
          const target = a.own ? by : (bodies[a.target % bodies.length] as Body);
          const user = a.officer ? by.officer : by.reporter;
          const expected = !sees(by) ? 404 : !mayAnswer(by, target) ? 403 : !open ? 409 : 201;
          const res = await t.request(user, {
            method: 'POST',
            url: `/api/v1/situations/${id}/answers`,
            payload: { orgId: target.org.id, status: a.status },
          });
          expect(res.statusCode, `${by.org.slug} for ${target.org.slug}: ${res.body}`).toBe(expected);
          if (expected === 201) answers.set(target, [...(answers.get(target) ?? []), a.status]);
        }
        const current = (b: Body) => answers.get(b)?.at(-1) ?? null;

        const viewers: [Body | null, TestUser][] = [
          ...bodies.map((b): [Body, TestUser] => [b, b.officer]),
          [null, analyst],
        ];
        for (const [v, user] of viewers) {
          const who = v ? v.org.slug : 'center';
          const situation = await t.request(user, { method: 'GET', url: `/api/v1/situations/${id}` });
          expect(situation.statusCode, who).toBe(sees(v) ? 200 : 404);
          if (v && sees(v)) {
            const my = (
              situation.json() as { myBody: { inScope: boolean; answer: { status: string } | null } }
            ).myBody;
            expect(my.inScope, who).toBe(inScope(v));
            expect(my.answer?.status ?? null, who).toBe(current(v));
          }
          const board = await t.request(user, { method: 'GET', url: `/api/v1/situations/${id}/board` });
          if (!sees(v)) expect(board.statusCode, `${who} board`).toBe(404);
          else if (v?.parent) expect(board.statusCode, `${who} board`).toBe(403);
          else {
            const rows = (board.json() as { bodies: { orgId: string; answer: { status: string } | null }[] })
              .bodies;
            const ofRun = new Map(bodies.map((b) => [b.org.id, b]));
            const got = rows
              .filter((r) => ofRun.has(r.orgId))
              .map((r): [string, string | null] => [r.orgId, r.answer?.status ?? null]);
            const want = bodies
              .filter((b) => inScope(b) && reads(v, b))
              .map((b): [string, string | null] => [b.org.id, current(b)]);
            expect(new Map(got), `${who} board`).toEqual(new Map(want));
            if (v) expect(rows.length, `${who} board holds nothing else`).toBe(want.length);
          }
          for (const b of bodies) {
            const res = await t.request(user, {
              method: 'GET',
              url: `/api/v1/situations/${id}/answers/${b.org.id}`,
            });
            const allowed = sees(v) && inScope(b) && reads(v, b);
            expect(res.statusCode, `${who} answers of ${b.org.slug}`).toBe(allowed ? 200 : 404);
            if (allowed) {
              const items = (res.json() as { items: { status: string }[] }).items.map((x) => x.status);
              expect(items, `${who} answers of ${b.org.slug}`).toEqual([...(answers.get(b) ?? [])].reverse());
            }
          }
        }
      }),
      { numRuns: 12, endOnFailure: true },
    );
  }, 300_000);
});
