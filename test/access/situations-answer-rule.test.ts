import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { situationsRepository } from '../../src/features/situations/situations.repository.js';
import { type Actor, type OrgKind, ROLES, roleFitsOrg } from '../../src/platform/access/roles.js';
import { can } from '../../src/platform/access/rules.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// The roll-call answer rule is written twice in platform/access: as SQL for lists (rollCallAnswersVisibleTo, read
// through the repository's answerableBodies) and as a predicate for single items (can.readRollCallAnswers, as the
// timeline asks it of each entry). On random governments and scopes, every actor — each role at each position:
// the center, a ministry in or out of scope, an agency in scope or not, under a ministry in scope or not — reads
// exactly the same answers by both, for every body in scope.

const tree = fc.record({
  ministries: fc.array(
    fc.record({
      // How the ministry is in scope: not at all, alone, or with its agencies.
      scope: fc.constantFrom('out', 'alone', 'withAgencies'),
      // Its agencies; each named alone in scope or not (when its ministry does not bring it in).
      agencies: fc.array(fc.boolean(), { maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});

const actorAt = (org: TestOrg, role: Actor['role']): Actor => ({
  userId: `user-${org.id}-${role}`,
  email: `${role}@${org.slug}.example.jp`,
  role,
  orgId: org.id,
  orgSlug: org.slug,
  orgKind: org.kind as OrgKind,
  via: 'token',
});

describe.each(DIALECTS)('the roll-call answer rule, as SQL and as a predicate, on %s', (dialect) => {
  let t: TestApp;
  let coordinator: TestUser;
  let center: TestOrg;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    center = await t.org('center');
    coordinator = await t.user(center, 'center-coordinator');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives every actor the same answers by list and by item', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(tree, async (g) => {
        const orgs: TestOrg[] = [center];
        const scope: { orgId: string; withAgencies: boolean }[] = [];
        for (const m of g.ministries) {
          const ministry = await t.org('ministry');
          orgs.push(ministry);
          if (m.scope !== 'out') scope.push({ orgId: ministry.id, withAgencies: m.scope === 'withAgencies' });
          for (const named of m.agencies) {
            const agency = await t.org('agency', { parent: ministry });
            orgs.push(agency);
            if (named && m.scope !== 'withAgencies') scope.push({ orgId: agency.id, withAgencies: false });
          }
        }
        // A scope of no body at all is refused; the center alone is no government to test.
        fc.pre(scope.length > 0);
        const declared = await t.request(coordinator, {
          method: 'POST',
          url: '/api/v1/situations',
          payload: {
            name: '答えの規則',
            description: '一覧と個別の一致',
            level: 'alert',
            tlp: 'TLP:AMBER',
            scope: { kind: 'bodies', bodies: scope },
          },
        });
        expect(declared.statusCode, declared.body).toBe(201);
        const situationId = (declared.json() as { id: string }).id;
        const inScope = await situationsRepository.bodiesOf(t.handle.db, situationId);
        for (const org of orgs)
          for (const role of ROLES.filter((r) => roleFitsOrg(r, org.kind as OrgKind))) {
            const actor = actorAt(org, role);
            const listed = await situationsRepository.answerableBodies(t.handle.db, actor, situationId);
            const byItem = inScope.filter((b) =>
              can.readRollCallAnswers(actor, { orgId: b.org_id, parentId: b.parent_id }),
            );
            const ids = (rows: { org_id: string }[]) => rows.map((b) => b.org_id).sort();
            expect(ids(listed), `${role} at ${org.kind} ${org.slug}`).toEqual(ids(byItem));
            compared += inScope.length;
          }
      }),
      { numRuns: 8 },
    );
    // The property compared something: every run has bodies in scope and actors to read them.
    expect(compared).toBeGreaterThan(0);
  });
});
