import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// Exercise control through the API: a scenario validated whole (every problem named by inject and field, and a
// refused one stores nothing), the lifecycle draft → running ⇄ paused → ended with its refusals, optimistic
// versions, Idempotency-Key, and that nobody but the center's coordinators sees an exercise or its scenario.

interface Inject {
  seq: number;
  offsetSeconds: number;
  kind: string;
  payload: Record<string, unknown>;
  dueAt: string | null;
  playedAt: string | null;
  state: string;
  outcome: Record<string, unknown> | null;
}
interface Exercise {
  id: string;
  number: string;
  name: string;
  status: string;
  version: number;
  injectCount: number;
  injects: Inject[];
}
interface Problem {
  index: number | null;
  field: string | null;
  code: string;
}

// Words only exercise control may ever read: the test looks for them in everything others can read.
const SECRET = 'SECRET-INJECT-水道局への攻撃';

describe.each(DIALECTS)('exercises on %s', (dialect) => {
  let t: TestApp;
  let center: TestOrg;
  let m1: TestOrg;
  let a1: TestOrg;
  let coordinator: TestUser;
  let others: [string, TestUser][];

  beforeAll(async () => {
    t = await startTestApp(dialect);
    center = await t.org('center');
    m1 = await t.org('ministry');
    a1 = await t.org('agency', { parent: m1 });
    coordinator = await t.user(center, 'center-coordinator');
    others = [
      ['center analyst', await t.user(center, 'center-analyst')],
      ['admin', await t.user(center, 'admin')],
      ['auditor', await t.user(center, 'auditor')],
      ['ministry officer', await t.user(m1, 'security-officer')],
      ['ministry reporter', await t.user(m1, 'reporter')],
      ['agency officer', await t.user(a1, 'security-officer')],
    ];
  });
  afterAll(async () => t?.close());

  const scenario = (injects: unknown[], extra: Record<string, unknown> = {}) => ({
    name: '初動対処訓練 2026',
    description: '政府機関への同時多発攻撃を想定した訓練',
    targets: { acknowledgeDeclarationMinutes: 15, answerRollCallMinutes: 60 },
    injects,
    ...extra,
  });
  const declare = (extra: Record<string, unknown> = {}) => ({
    at: 'T+0',
    kind: 'declare',
    name: '訓練事態',
    description: SECRET,
    level: 'alert',
    tlp: 'TLP:AMBER',
    scope: { kind: 'bodies', bodies: [{ slug: m1.slug, withAgencies: true }] },
    ...extra,
  });
  const good = () =>
    scenario([
      declare(),
      { at: 'T+10m', kind: 'report', body: a1.slug, title: '不審な通信', summary: SECRET, severity: 'high' },
      { at: 'T+30m', kind: 'level', level: 'emergency' },
      { at: 1800, kind: 'note', text: '記録' },
      { at: 'T+1h30m', kind: 'decision', text: '対処方針の決定' },
      { at: 'T+2h', kind: 'standDown' },
    ]);
  const create = (u: TestUser, payload: unknown, headers: Record<string, string> = {}) =>
    t.request(u, { method: 'POST', url: '/api/v1/exercises', payload: payload as object, headers });
  const control = (u: TestUser, id: string, action: string, version: number, headers = {}) =>
    t.request(u, { method: 'POST', url: `/api/v1/exercises/${id}/${action}`, payload: { version }, headers });
  const written = async () => ({
    exercises: await t.count('exercises'),
    injects: await t.count('exercise_injects'),
    audit: await t.count('audit_log'),
    situations: await t.count('situations'),
  });
  const problemsOf = (res: { json(): unknown }) => (res.json() as { problems: Problem[] }).problems;

  it('writes a draft from a scenario document, numbered X-<fiscal year>-NNN, with its injects in order', async () => {
    const res = await create(coordinator, { scenario: good() });
    expect(res.statusCode).toBe(201);
    const ex = res.json() as Exercise;
    expect(ex.number).toMatch(/^X-2026-\d{3}$/);
    expect(res.headers.location).toBe(`/api/v1/exercises/${ex.id}`);
    expect(ex.status).toBe('draft');
    expect(ex.injects.map((i) => [i.seq, i.offsetSeconds, i.kind, i.state, i.dueAt])).toEqual([
      [1, 0, 'declare', 'pending', null],
      [2, 600, 'report', 'pending', null],
      [3, 1800, 'level', 'pending', null],
      [4, 1800, 'note', 'pending', null],
      [5, 5400, 'decision', 'pending', null],
      [6, 7200, 'standDown', 'pending', null],
    ]);
  });

  it('reads the same scenario from a YAML file, and from a JSON file', async () => {
    const yaml = [
      'name: YAMLの訓練',
      'injects:',
      '  - at: T+0',
      '    kind: declare',
      '    name: 訓練事態',
      '    description: 説明',
      '    level: caution',
      '    tlp: TLP:GREEN',
      '    scope: { kind: ministries }',
      '  - { at: "T+1h30m", kind: note, text: "メモ" }',
    ].join('\n');
    const fromYaml = await create(coordinator, { file: yaml });
    expect(fromYaml.statusCode).toBe(201);
    expect((fromYaml.json() as Exercise).injects.map((i) => i.offsetSeconds)).toEqual([0, 5400]);
    const fromJson = await create(coordinator, { file: JSON.stringify(good()) });
    expect(fromJson.statusCode).toBe(201);
    expect((fromJson.json() as Exercise).injectCount).toBe(6);
  });

  it('refuses a bad scenario with 422, every problem naming its inject and field, and stores nothing', async () => {
    const before = await written();
    const note = (at: unknown, text = 'x') => ({ at, kind: 'note', text });
    const cases: [string, unknown, Partial<Problem>[]][] = [
      [
        'negative offset (text)',
        scenario([declare(), note('T-5m')]),
        [{ index: 1, field: 'at', code: 'negative_offset' }],
      ],
      [
        'negative offset (seconds)',
        scenario([declare(), note(-10)]),
        [{ index: 1, field: 'at', code: 'negative_offset' }],
      ],
      [
        'unreadable offset',
        scenario([declare(), note('soon')]),
        [{ index: 1, field: 'at', code: 'bad_offset' }],
      ],
      [
        'over seven days',
        scenario([declare(), note('T+8d')]),
        [{ index: 1, field: 'at', code: 'offset_too_late' }],
      ],
      [
        'unknown body',
        scenario([declare({ scope: { kind: 'bodies', bodies: [{ slug: 'no-such-body' }] } })]),
        [{ index: 0, field: 'scope.bodies[0].slug', code: 'unknown_body' }],
      ],
      [
        'the center is no body in scope',
        scenario([declare({ scope: { kind: 'bodies', bodies: [{ slug: center.slug }] } })]),
        [{ index: 0, field: 'scope.bodies[0].slug', code: 'unknown_body' }],
      ],
      [
        'unknown body of a report',
        scenario([declare(), { at: 60, kind: 'report', body: 'ghost', title: 't', summary: 's' }]),
        [{ index: 1, field: 'body', code: 'unknown_body' }],
      ],
      [
        'unknown level',
        scenario([declare({ level: 'apocalypse' })]),
        [{ index: 0, field: 'level', code: 'unknown_level' }],
      ],
      [
        'unknown level of a change',
        scenario([declare(), { at: 60, kind: 'level', level: 'zzz' }]),
        [{ index: 1, field: 'level', code: 'unknown_level' }],
      ],
      [
        'unknown kind',
        scenario([declare(), { at: 60, kind: 'explode' }]),
        [{ index: 1, field: 'kind', code: 'unknown_kind' }],
      ],
      [
        'inject before the declaration',
        scenario([note(0), declare({ at: 60 })]),
        [
          { index: 0, field: 'kind', code: 'declaration_not_first' },
          { index: 1, field: 'kind', code: 'declaration_not_first' },
        ],
      ],
      ['no declaration', scenario([note(0)]), [{ index: 0, field: 'kind', code: 'declaration_not_first' }]],
      [
        'two declarations',
        scenario([declare(), declare({ at: 60 })]),
        [{ index: 1, field: 'kind', code: 'second_declaration' }],
      ],
      [
        'offsets out of order',
        scenario([declare(), note('T+20m'), note('T+10m')]),
        [{ index: 2, field: 'at', code: 'out_of_order' }],
      ],
      [
        'zero-width-only text',
        scenario([declare(), note(60, '\u200B\u200C\u2060')]),
        [{ index: 1, field: 'text', code: 'text.empty' }],
      ],
      [
        'NFKC-variant blank',
        scenario([declare(), note(60, '\u3000\u00A0')]),
        [{ index: 1, field: 'text', code: 'text.empty' }],
      ],
      [
        'bidi controls',
        scenario([declare({ name: 'abc\u202Edef' })]),
        [{ index: 0, field: 'name', code: 'text.invisible_characters' }],
      ],
      [
        'C1 control',
        scenario([declare(), note(60, 'a\u0085b')]),
        [{ index: 1, field: 'text', code: 'request.control_characters' }],
      ],
      ['a field too many', scenario([declare(), { ...note(60), extra: 1 }]), [{ index: 1, code: 'schema' }]],
      [
        'a missing field',
        scenario([declare(), { at: 60, kind: 'decision' }]),
        [{ index: 1, code: 'schema' }],
      ],
      ['no injects', scenario([]), [{ index: null, field: 'injects', code: 'schema' }]],
      [
        'too many injects',
        scenario([declare(), ...Array.from({ length: 500 }, (_, i) => note(i + 1))]),
        [{ index: null, field: 'injects', code: 'too_many' }],
      ],
      ['not an object', [1, 2], [{ index: null, code: 'not_an_object' }]],
    ];
    for (const [what, doc, expected] of cases) {
      const res = await create(coordinator, { file: JSON.stringify(doc) });
      expectProblem(res, 422, 'exercises.scenario_invalid');
      expect(problemsOf(res), what).toEqual(
        expect.arrayContaining(expected.map((p) => expect.objectContaining(p))),
      );
    }
    expect(await written()).toEqual(before);
  });

  it('refuses YAML alias bombs, unreadable files and over-large ones, storing nothing', async () => {
    const before = await written();
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'name: bomb',
      'injects: [*d]',
    ].join('\n');
    const bad: [string, string][] = [
      [bomb, 'syntax'],
      ['name: x\ninjects: [\n', 'syntax'],
      ['{"name": ', 'syntax'],
      ['name: a\nname: b\ninjects: []', 'syntax'],
      [`name: ${'日'.repeat(200_000)}`, 'too_large'],
    ];
    for (const [file, code] of bad) {
      const res = await create(coordinator, { file });
      expectProblem(res, 422, 'exercises.scenario_invalid');
      expect(problemsOf(res)[0]).toMatchObject({ index: null, code });
    }
    expectProblem(
      await create(coordinator, { scenario: good(), file: 'x' }),
      400,
      'exercises.scenario_missing',
    );
    expectProblem(await create(coordinator, {}), 400, 'exercises.scenario_missing');
    expect(await written()).toEqual(before);
  });

  it('runs the lifecycle draft → running ⇄ paused → ended, refusing steps out of order and stale versions', async () => {
    const ex = (await create(coordinator, { scenario: good() })).json() as Exercise;
    expectProblem(await control(coordinator, ex.id, 'pause', ex.version), 409, 'exercises.not_running');
    expectProblem(await control(coordinator, ex.id, 'resume', ex.version), 409, 'exercises.not_paused');
    expectProblem(await control(coordinator, ex.id, 'end', ex.version), 409, 'exercises.not_live');

    const edit = await t.request(coordinator, {
      method: 'PUT',
      url: `/api/v1/exercises/${ex.id}/scenario`,
      payload: { version: ex.version, scenario: scenario([declare()]) },
    });
    expect(edit.statusCode).toBe(200);
    const edited = edit.json() as Exercise;
    expect([edited.version, edited.injectCount]).toEqual([ex.version + 1, 1]);
    expectProblem(await control(coordinator, ex.id, 'start', ex.version), 409, 'exercises.version_conflict');

    const started = (await control(coordinator, ex.id, 'start', edited.version)).json() as Exercise;
    expect(started.status).toBe('running');
    expect(started.injects[0]?.dueAt).toBe(t.clock.now().toISOString());
    expectProblem(await control(coordinator, ex.id, 'start', started.version), 409, 'exercises.not_draft');
    expectProblem(
      await t.request(coordinator, {
        method: 'PUT',
        url: `/api/v1/exercises/${ex.id}/scenario`,
        payload: { version: started.version, scenario: good() },
      }),
      409,
      'exercises.not_draft',
    );
    const paused = (await control(coordinator, ex.id, 'pause', started.version)).json() as Exercise;
    expect(paused.status).toBe('paused');
    expectProblem(await control(coordinator, ex.id, 'pause', paused.version), 409, 'exercises.not_running');
    const resumed = (await control(coordinator, ex.id, 'resume', paused.version)).json() as Exercise;
    expect(resumed.status).toBe('running');
    const ended = (await control(coordinator, ex.id, 'end', resumed.version)).json() as Exercise;
    expect(ended.status).toBe('ended');
    expect(ended.injects.map((i) => i.state)).toEqual(['not_played']);
    expect(ended.injects[0]?.outcome).toMatchObject({ ok: false, code: 'exercises.ended' });
    expectProblem(await control(coordinator, ex.id, 'end', ended.version), 409, 'exercises.not_live');
    expectProblem(await control(coordinator, ex.id, 'resume', ended.version), 409, 'exercises.not_paused');
  });

  it('honours Idempotency-Key on create and start: a retry gets the first answer and changes nothing', async () => {
    const headers = { 'idempotency-key': `exercise-create-${dialect}` };
    const first = await create(coordinator, { scenario: good() }, headers);
    const before = await written();
    const retry = await create(coordinator, { scenario: good() }, headers);
    expect(retry.statusCode).toBe(201);
    expect((retry.json() as Exercise).id).toBe((first.json() as Exercise).id);
    expect(await written()).toEqual(before);

    const ex = first.json() as Exercise;
    const startKey = { 'idempotency-key': `exercise-start-${dialect}` };
    const started = await control(coordinator, ex.id, 'start', ex.version, startKey);
    expect(started.statusCode).toBe(200);
    const again = await control(coordinator, ex.id, 'start', ex.version, startKey);
    expect(again.statusCode).toBe(200);
    expect((again.json() as Exercise).version).toBe((started.json() as Exercise).version);
    expect(await t.count('exercises')).toBe(before.exercises);
  });

  it('is exercise control’s alone: others get 404 for every id (as for a missing one) and 403 for the list', async () => {
    const ex = (await create(coordinator, { scenario: good() })).json() as Exercise;
    const before = await written();
    for (const [who, u] of others) {
      const list = await t.request(u, { method: 'GET', url: '/api/v1/exercises' });
      expectProblem(list, 403, 'auth.forbidden');
      expectProblem(await create(u, { scenario: good() }), 403, 'auth.forbidden');
      for (const id of [ex.id, 'no-such-exercise']) {
        const read = await t.request(u, { method: 'GET', url: `/api/v1/exercises/${id}` });
        expectProblem(read, 404, 'exercises.not_found');
        expect(read.body, who).not.toContain(SECRET);
        const edit = await t.request(u, {
          method: 'PUT',
          url: `/api/v1/exercises/${id}/scenario`,
          payload: { version: 1, scenario: good() },
        });
        expectProblem(edit, 404, 'exercises.not_found');
        for (const action of ['start', 'pause', 'resume', 'end'])
          expectProblem(await control(u, id, action, 1), 404, 'exercises.not_found');
      }
    }
    expect(await written()).toEqual(before);
    // Its scenario leaks through no other path they read: the audit log, situations, incidents.
    for (const [who, u] of others) {
      for (const url of ['/api/v1/audit?limit=500', '/api/v1/situations?state=all', '/api/v1/incidents']) {
        const res = await t.request(u, { method: 'GET', url });
        expect(res.body, `${who} ${url}`).not.toContain(SECRET);
      }
    }
    const mine = await t.request(coordinator, { method: 'GET', url: `/api/v1/exercises/${ex.id}` });
    expect(mine.body).toContain(SECRET);
  });

  it('lists every exercise to exercise control, newest first', async () => {
    const res = await t.request(coordinator, { method: 'GET', url: '/api/v1/exercises' });
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: Exercise[] }).items;
    expect(items.length).toBeGreaterThan(3);
    expect(items[0]).not.toHaveProperty('injects');
  });
});
