import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/platform/access/roles.js';
import { eventReceivableBy } from '../../src/platform/access/visibility.js';
import { newId } from '../../src/platform/ids.js';
import { parseCsv } from '../support/csv.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// DESIGN §4 and the situations contract as a matrix: every role at every kind of body — the center, a ministry in
// scope, a ministry out of scope whose agency is in scope, a sibling ministry, an agency in scope, its sibling
// agency, an agency out of scope, a body outside — through every read path (the list, by id, a body's answers,
// the board as JSON and CSV, the timeline, the live stream), and every answer each may try to give.

const ORGS = ['C', 'M1', 'A1', 'A2', 'M2', 'B1', 'B2', 'M3', 'M4'] as const;
type OrgKey = (typeof ORGS)[number];
const PARENT: Partial<Record<OrgKey, OrgKey>> = { A1: 'M1', A2: 'M1', B1: 'M2', B2: 'M2' };
const kindOf = (o: OrgKey) => (o === 'C' ? 'center' : PARENT[o] ? 'agency' : 'ministry');
const ROLES_AT: Record<'center' | 'body', Role[]> = {
  center: ['reporter', 'security-officer', 'center-analyst', 'center-coordinator', 'admin', 'auditor'],
  body: ['reporter', 'security-officer'],
};
const CONTENT: Role[] = ['reporter', 'security-officer', 'center-analyst', 'center-coordinator'];
const FILING: Role[] = ['reporter', 'security-officer'];

/** The situations under test: S1 names M1 with its agencies and B1 alone, and M3; S2 is the ministries (TLP:RED). */
const SITUATIONS = {
  S1: { inScope: ['M1', 'A1', 'A2', 'B1', 'M3'] as OrgKey[] },
  S2: { inScope: ['M1', 'M2', 'M3', 'M4'] as OrgKey[] },
};
type SituationKey = keyof typeof SITUATIONS;

interface Viewer {
  org: OrgKey;
  role: Role;
  user: TestUser;
}

// The model: what each viewer may see and do.
const content = (v: Viewer) => CONTENT.includes(v.role);
const seesSituation = (v: Viewer, s: SituationKey) =>
  content(v) && (v.org === 'C' || SITUATIONS[s].inScope.some((b) => b === v.org || PARENT[b] === v.org));
const readsAnswers = (v: Viewer, body: OrgKey) =>
  content(v) && (v.org === 'C' || v.org === body || PARENT[body] === v.org);
const mayAnswerFor = (v: Viewer, s: SituationKey, body: OrgKey) =>
  FILING.includes(v.role) &&
  SITUATIONS[s].inScope.includes(body) &&
  (body === v.org || PARENT[body] === v.org);
/** The bodies on the viewer's board, or the refusal it gets. */
function boardOf(v: Viewer, s: SituationKey): OrgKey[] | 403 | 404 {
  if (!content(v)) return 403;
  if (!seesSituation(v, s)) return 404;
  if (v.org === 'C')
    return v.role === 'center-analyst' || v.role === 'center-coordinator' ? SITUATIONS[s].inScope : 403;
  if (kindOf(v.org) === 'agency') return 403;
  return SITUATIONS[s].inScope.filter((b) => b === v.org || PARENT[b] === v.org);
}
/** The incident A1 filed (its ministry M1 does not review): A1, M1 and the center read it. */
const readsA1Incident = (v: Viewer) => content(v) && ['C', 'M1', 'A1'].includes(v.org);

/** The answers given before the reads: body ← answering body. */
const GIVEN: Record<SituationKey, [OrgKey, OrgKey][]> = {
  S1: [
    ['A1', 'A1'],
    ['A2', 'M1'],
    ['B1', 'M2'],
    ['M3', 'M3'],
  ],
  S2: [['M2', 'M2']],
};

describe.each(DIALECTS)('who sees which situation, answer and board on %s', (dialect) => {
  let t: TestApp;
  const orgs = {} as Record<OrgKey, TestOrg>;
  const viewers: Viewer[] = [];
  const ids = {} as Record<SituationKey, string>;
  let incidentA1: string;
  const idOf = (o: OrgKey) => orgs[o].id;
  const keyOf = (id: string) => ORGS.find((o) => orgs[o].id === id);
  const label = (v: Viewer) => `${v.org}/${v.role}`;
  const user = (org: OrgKey, role: Role) => {
    const found = viewers.find((v) => v.org === org && v.role === role);
    if (!found) throw new Error(`no ${org}/${role}`);
    return found.user;
  };
  const get = (v: Viewer, url: string) => t.request(v.user, { method: 'GET', url });
  const code = (res: { json(): unknown }) => (res.json() as { code?: string }).code;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    orgs.C = await t.org('center');
    for (const o of ORGS.filter((x) => x !== 'C')) {
      const parent = PARENT[o];
      orgs[o] = await t.org(parent ? 'agency' : 'ministry', parent ? { parent: orgs[parent] } : {});
    }
    for (const o of ORGS)
      for (const role of ROLES_AT[o === 'C' ? 'center' : 'body'])
        viewers.push({ org: o, role, user: await t.user(orgs[o], role) });
    const coordinator = user('C', 'center-coordinator');
    const declare = async (payload: Record<string, unknown>) => {
      const res = await t.request(coordinator, { method: 'POST', url: '/api/v1/situations', payload });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { id: string }).id;
    };
    const base = { name: '事態', description: '説明', level: 'alert' };
    ids.S1 = await declare({
      ...base,
      tlp: 'TLP:AMBER',
      scope: {
        kind: 'bodies',
        bodies: [
          { orgId: idOf('M1'), withAgencies: true },
          { orgId: idOf('B1'), withAgencies: false },
          { orgSlug: orgs.M3.slug, withAgencies: true },
        ],
      },
    });
    ids.S2 = await declare({ ...base, tlp: 'TLP:RED', scope: { kind: 'ministries' } });
    incidentA1 = (await t.fileIncident(user('A1', 'reporter'))).id;
    for (const s of ['S1', 'S2'] as const)
      for (const [body, by] of GIVEN[s]) {
        const payload = {
          orgId: idOf(body),
          status: body === 'A1' ? 'affected' : 'investigating',
          note: `${body} のメモ`,
          ...(body === 'A1' ? { incidentId: incidentA1 } : {}),
        };
        const res = await t.request(user(by, 'security-officer'), {
          method: 'POST',
          url: `/api/v1/situations/${ids[s]}/answers`,
          payload,
        });
        expect(res.statusCode, `${by} for ${body}: ${res.body}`).toBe(201);
      }
  });
  afterAll(async () => t?.close());

  it('the list and each situation by id: exactly those the model allows; admins and auditors none (403)', async () => {
    for (const v of viewers) {
      const list = await get(v, '/api/v1/situations?state=all');
      if (!content(v)) {
        expect(list.statusCode, label(v)).toBe(403);
        continue;
      }
      const seen = new Set((list.json() as { items: { id: string }[] }).items.map((s) => s.id));
      const expected = new Set((['S1', 'S2'] as const).filter((s) => seesSituation(v, s)).map((s) => ids[s]));
      expect(seen, label(v)).toEqual(expected);
    }
    for (const v of viewers)
      for (const s of ['S1', 'S2'] as const) {
        const res = await get(v, `/api/v1/situations/${ids[s]}`);
        const expected = !content(v) ? 403 : seesSituation(v, s) ? 200 : 404;
        expect(res.statusCode, `${label(v)} → ${s}`).toBe(expected);
        if (expected === 404) expect(code(res)).toBe('situations.not_found');
        if (expected !== 200) continue;
        const body = res.json() as {
          myBody: { inScope: boolean; answer: { orgId: string } | null };
          mayAnswerFor: { orgId: string }[];
          incidents: { id: string }[];
        };
        const inScope = SITUATIONS[s].inScope.includes(v.org);
        expect(body.myBody.inScope, `${label(v)} → ${s}`).toBe(inScope);
        const answered = GIVEN[s].some(([b]) => b === v.org);
        expect(body.myBody.answer?.orgId ?? null, `${label(v)} → ${s}`).toBe(answered ? idOf(v.org) : null);
        expect(new Set(body.mayAnswerFor.map((b) => keyOf(b.orgId))), `${label(v)} → ${s}`).toEqual(
          new Set(SITUATIONS[s].inScope.filter((b) => mayAnswerFor(v, s, b))),
        );
        // The incident A1 linked in its answer: listed only to its readers.
        const linked = s === 'S1' && readsA1Incident(v);
        expect(
          body.incidents.map((i) => i.id),
          `${label(v)} → ${s}`,
        ).toEqual(linked ? [incidentA1] : []);
      }
    // A forged id is no situation for anyone.
    for (const v of viewers)
      expect((await get(v, `/api/v1/situations/${newId()}`)).statusCode, label(v)).toBe(
        content(v) ? 404 : 403,
      );
  });

  it("a body's answers (every revision): the body, its ministry and the center only", async () => {
    for (const v of viewers)
      for (const s of ['S1', 'S2'] as const)
        for (const body of ORGS) {
          const res = await get(v, `/api/v1/situations/${ids[s]}/answers/${idOf(body)}`);
          const cell = `${label(v)} → ${s} answers of ${body}`;
          if (!content(v)) expect(res.statusCode, cell).toBe(403);
          else if (!seesSituation(v, s)) expect(code(res), cell).toBe('situations.not_found');
          else if (!SITUATIONS[s].inScope.includes(body) || !readsAnswers(v, body))
            expect(code(res), cell).toBe('situations.body_not_found');
          else {
            expect(res.statusCode, cell).toBe(200);
            const items = (res.json() as { items: { orgId: string }[] }).items;
            const answered = GIVEN[s].some(([b]) => b === body);
            expect(
              items.map((a) => keyOf(a.orgId)),
              cell,
            ).toEqual(answered ? [body] : []);
          }
        }
  });

  it('the board and its CSV: the center every body in scope, a ministry itself and its agencies, else refused', async () => {
    for (const v of viewers)
      for (const s of ['S1', 'S2'] as const) {
        const expected = boardOf(v, s);
        const cell = `${label(v)} → ${s} board`;
        const json = await get(v, `/api/v1/situations/${ids[s]}/board`);
        const csv = await get(v, `/api/v1/situations/${ids[s]}/board.csv`);
        if (typeof expected === 'number') {
          expect([json.statusCode, csv.statusCode], cell).toEqual([expected, expected]);
          const want =
            expected === 404
              ? 'situations.not_found'
              : content(v)
                ? 'situations.board_forbidden'
                : 'auth.forbidden';
          expect([code(json), code(csv)], cell).toEqual([want, want]);
          continue;
        }
        const board = json.json() as { bodies: { orgId: string; answer: { orgId: string } | null }[] };
        expect(new Set(board.bodies.map((b) => keyOf(b.orgId))), cell).toEqual(new Set(expected));
        for (const b of board.bodies)
          if (b.answer) expect(readsAnswers(v, keyOf(b.answer.orgId) as OrgKey), cell).toBe(true);
        const rows = parseCsv(csv.body.slice(1)).slice(2);
        const names = new Set(rows.map((r) => r[1]));
        expect(names, cell).toEqual(new Set(expected.map((o) => `${orgs[o].slug} 日本語`)));
        // Every note in the CSV is the note of a body the viewer reads.
        for (const r of rows)
          if (r[11])
            expect(
              expected.map((o) => `${o} のメモ`),
              cell,
            ).toContain(r[11]);
      }
  });

  it('the timeline: answers as their readers, linked incidents to theirs, the rest to whoever sees the situation', async () => {
    for (const v of viewers)
      for (const s of ['S1', 'S2'] as const) {
        const res = await get(v, `/api/v1/situations/${ids[s]}/timeline`);
        const cell = `${label(v)} → ${s} timeline`;
        if (!seesSituation(v, s)) {
          expect(res.statusCode, cell).toBe(content(v) ? 404 : 403);
          continue;
        }
        const items = (res.json() as { items: { kind: string; orgId: string | null; text: string | null }[] })
          .items;
        const answered = items.filter((e) => e.kind === 'answered').map((e) => keyOf(e.orgId ?? ''));
        expect(new Set(answered), cell).toEqual(
          new Set(GIVEN[s].map(([b]) => b).filter((b) => readsAnswers(v, b))),
        );
        const linked = items.filter((e) => e.kind === 'incident_linked').length;
        expect(linked, cell).toBe(s === 'S1' && readsA1Incident(v) ? 1 : 0);
        expect(
          items.filter((e) => e.kind === 'declared'),
          cell,
        ).toHaveLength(1);
        // No note of an answer the viewer may not read.
        for (const e of items)
          if (e.text?.endsWith(' のメモ'))
            expect(readsAnswers(v, e.text.split(' ')[0] as OrgKey), cell).toBe(true);
      }
  });

  it('the live stream: each event reaches exactly whom the model allows', async () => {
    const events = await t.services.events.since(0, 100_000);
    const situationOf = (id: unknown) => (['S1', 'S2'] as const).find((s) => ids[s] === id);
    const relevant = events.filter((e) => e.type.startsWith('situation.') || e.type === 'rollcall.answered');
    expect(relevant.length).toBe(2 + GIVEN.S1.length + GIVEN.S2.length);
    for (const e of relevant) {
      const s = situationOf(e.payload.situationId) as SituationKey;
      for (const v of viewers) {
        const actor: Actor = {
          userId: v.user.id,
          email: v.user.email,
          role: v.role,
          orgId: idOf(v.org),
          orgSlug: orgs[v.org].slug,
          orgKind: kindOf(v.org),
          via: 'token',
        };
        const expected =
          e.type === 'rollcall.answered'
            ? readsAnswers(v, keyOf(String(e.payload.orgId)) as OrgKey)
            : seesSituation(v, s);
        expect(eventReceivableBy(actor, e), `${label(v)} ← ${e.type} ${s}`).toBe(expected);
      }
    }
  });

  it('every answer each viewer may try: given where the model allows, refused with its code elsewhere', async () => {
    for (const v of viewers)
      for (const body of ORGS) {
        const before = await t.count('rollcall_answers');
        const res = await t.request(v.user, {
          method: 'POST',
          url: `/api/v1/situations/${ids.S1}/answers`,
          payload: { orgId: idOf(body), status: 'none' },
        });
        const cell = `${label(v)} answers for ${body}`;
        const expected = !content(v)
          ? 'auth.forbidden'
          : !seesSituation(v, 'S1')
            ? 'situations.not_found'
            : mayAnswerFor(v, 'S1', body)
              ? 201
              : 'situations.answer_forbidden';
        if (expected === 201) {
          expect(res.statusCode, cell).toBe(201);
          expect((res.json() as { onBehalf: boolean }).onBehalf, cell).toBe(body !== v.org);
        } else expect(code(res), cell).toBe(expected);
        expect(await t.count('rollcall_answers'), cell).toBe(before + (expected === 201 ? 1 : 0));
      }
  });
});
