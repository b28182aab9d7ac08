import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { declareSituation, ministriesScope, situationGovernment } from '../support/situations.js';
import { expectProblem } from './helpers.js';

// Coordinating a situation: level changes, notes and decisions, the timeline as each body may see it, and the
// stand-down after which nothing more is taken.

interface Situation {
  id: string;
  rollCallDueAt: string;
  level: string;
  open: boolean;
  version: number;
  levelChangedAt: string | null;
  stoodDownAt: string | null;
  mayAnswerFor: unknown[];
}
interface Entry {
  kind: string;
  orgId: string | null;
  text: string | null;
  actorName: string | null;
  data: Record<string, unknown>;
}

describe.each(DIALECTS)('coordinating a situation on %s', (dialect) => {
  let t: TestApp;
  let center: TestOrg;
  let coordinator: TestUser;
  let analyst: TestUser;
  let m1: TestOrg;
  let a1: TestOrg;
  let a1b: TestOrg;
  let m2: TestOrg;
  let u: Record<string, TestUser>;
  let id: string;
  let incidentId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const g = await situationGovernment(t);
    ({ center, coordinator, analyst, m1, a1, a1b, m2 } = g);
    u = {
      m1Officer: await t.user(m1, 'security-officer'),
      a1Reporter: await t.user(a1, 'reporter'),
      a1bReporter: await t.user(a1b, 'reporter'),
      m2Officer: await t.user(m2, 'security-officer'),
      outsider: await t.user(g.outsider, 'security-officer'),
      admin: await t.user(center, 'admin'),
      auditor: await t.user(center, 'auditor'),
    };
    id = await declareSituation(t, g, {
      name: '標的型攻撃の連鎖',
      description: '府省庁への標的型メール',
      level: 'caution',
      tlp: 'TLP:RED',
      scope: ministriesScope(g),
    });
    incidentId = (await t.fileIncident(u.a1Reporter as TestUser)).id;
    const answers: [TestUser, Record<string, unknown>][] = [
      [u.a1Reporter as TestUser, { status: 'affected', incidentId, note: 'a1 のメモ' }],
      [u.a1bReporter as TestUser, { status: 'none', note: 'a1b のメモ' }],
      [u.m2Officer as TestUser, { status: 'investigating', note: 'm2 のメモ' }],
    ];
    for (const [who, payload] of answers)
      expect(
        (await t.request(who, { method: 'POST', url: `/api/v1/situations/${id}/answers`, payload }))
          .statusCode,
      ).toBe(201);
  });
  afterAll(async () => t?.close());

  const post = (who: TestUser, path: string, payload: Record<string, unknown>) =>
    t.request(who, { method: 'POST', url: `/api/v1/situations/${id}${path}`, payload });
  const timeline = async (who: TestUser) => {
    const res = await t.request(who, { method: 'GET', url: `/api/v1/situations/${id}/timeline` });
    expect(res.statusCode).toBe(200);
    return (res.json() as { items: Entry[] }).items;
  };
  const written = async () => ({
    situations: await t.count('situations'),
    entries: await t.count('situation_entries'),
    answers: await t.count('rollcall_answers'),
    audit: await t.count('audit_log'),
    events: await t.count('events'),
  });

  it('changes the level, announced to everyone who sees the situation', async () => {
    t.clock.advance(60_000);
    const res = await post(coordinator, '/level', { level: 'emergency', note: '被害拡大のため' });
    expect(res.statusCode).toBe(200);
    const s = res.json() as Situation;
    expect(s).toMatchObject({ level: 'emergency', version: 2, open: true });
    expect(s.levelChangedAt).toBe(t.clock.now().toISOString());
    // Declared at caution (240 minutes), raised to emergency (60) a minute later: due 61 minutes after declaring.
    expect(Date.parse(s.rollCallDueAt) - t.clock.now().getTime()).toBe(60 * 60_000);
    const event = (await t.services.events.since(0, 10_000)).find(
      (e) => e.type === 'situation.level_changed',
    );
    expect(new Set(event?.readerOrgIds)).toEqual(new Set([center.id, m1.id, a1.id, a1b.id, m2.id]));
    expect(event?.payload).toMatchObject({ situationId: id, level: 'emergency', previousLevel: 'caution' });
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('subject_id', '=', id)
      .where('action', '=', 'situation.level_change')
      .execute();
    expect(audit).toEqual([{ action: 'situation.level_change', actor_user_id: coordinator.id }]);
  });

  it('refuses level changes that are wrong, and writes nothing', async () => {
    const before = await written();
    expectProblem(await post(coordinator, '/level', { level: 'emergency' }), 409, 'situations.same_level');
    expectProblem(await post(coordinator, '/level', { level: 'doom' }), 422, 'situations.unknown_level');
    expectProblem(
      await post(coordinator, '/level', { level: 'alert', note: 'x'.repeat(1001) }),
      400,
      'request.validation_failed',
    );
    for (const who of [analyst, u.m1Officer as TestUser, u.a1Reporter as TestUser])
      expectProblem(await post(who, '/level', { level: 'alert' }), 403, 'auth.forbidden');
    for (const who of [u.admin as TestUser, u.auditor as TestUser])
      expectProblem(await post(who, '/level', { level: 'alert' }), 403, 'auth.forbidden');
    expectProblem(
      await post(u.outsider as TestUser, '/level', { level: 'alert' }),
      404,
      'situations.not_found',
    );
    expectProblem(
      await t.request(coordinator, {
        method: 'POST',
        url: '/api/v1/situations/forged/level',
        payload: { level: 'alert' },
      }),
      404,
      'situations.not_found',
    );
    expect(await written()).toEqual(before);
  });

  it('writes notes and decisions (coordinators only), seen by everyone who sees the situation', async () => {
    const note = await post(coordinator, '/entries', { kind: 'note', text: '各府省庁に状況確認を依頼' });
    expect(note.statusCode).toBe(201);
    expect(note.json()).toMatchObject({ kind: 'note', text: '各府省庁に状況確認を依頼', orgId: null });
    expect(
      (await post(coordinator, '/entries', { kind: 'decision', text: '対策本部を設置' })).statusCode,
    ).toBe(201);
    const before = await written();
    expectProblem(
      await post(coordinator, '/entries', { kind: 'gossip', text: 'x' }),
      400,
      'request.validation_failed',
    );
    expectProblem(await post(coordinator, '/entries', { kind: 'note', text: '\u200b' }), 400, 'text.empty');
    expectProblem(
      await post(coordinator, '/entries', { kind: 'note', text: 'x'.repeat(5001) }),
      400,
      'request.validation_failed',
    );
    expectProblem(
      await post(u.m1Officer as TestUser, '/entries', { kind: 'note', text: 'x' }),
      403,
      'auth.forbidden',
    );
    expectProblem(await post(analyst, '/entries', { kind: 'note', text: 'x' }), 403, 'auth.forbidden');
    expect(await written()).toEqual(before);
    const event = (await t.services.events.since(0, 10_000)).find((e) => e.type === 'situation.entry_added');
    expect(event?.payload).toMatchObject({ situationId: id, kind: 'note' });
  });

  it('the timeline shows each caller what it may see of answers and incidents', async () => {
    const kinds = (items: Entry[]) => items.map((e) => (e.orgId ? `${e.kind}:${e.orgId}` : e.kind));
    const everything = [
      'declared',
      `answered:${a1.id}`,
      `incident_linked:${a1.id}`,
      `answered:${a1b.id}`,
      `answered:${m2.id}`,
      'level_changed',
      'note',
      'decision',
    ];
    expect(kinds(await timeline(analyst))).toEqual(everything);
    // The ministry: its agencies' answers and the incident it reads; not the other ministry's answer.
    expect(kinds(await timeline(u.m1Officer as TestUser))).toEqual(
      everything.filter((k) => !k.endsWith(m2.id)),
    );
    // An agency: its own answer and incident only.
    expect(kinds(await timeline(u.a1Reporter as TestUser))).toEqual(
      everything.filter((k) => !k.endsWith(m2.id) && !k.endsWith(a1b.id)),
    );
    expect(kinds(await timeline(u.a1bReporter as TestUser))).toEqual(
      everything.filter((k) => !k.endsWith(m2.id) && !k.endsWith(a1.id)),
    );
    expect(kinds(await timeline(u.m2Officer as TestUser))).toEqual(
      everything.filter((k) => !k.endsWith(a1.id) && !k.endsWith(a1b.id)),
    );
    // A linked incident is named to its readers.
    const linked = (await timeline(u.m1Officer as TestUser)).find((e) => e.kind === 'incident_linked');
    expect(linked?.data).toMatchObject({ incidentId, incident: { id: incidentId } });
    expect((await timeline(analyst)).find((e) => e.kind === 'level_changed')).toMatchObject({
      text: '被害拡大のため',
      data: { from: 'caution', to: 'emergency' },
    });
    for (const who of [u.admin as TestUser, u.auditor as TestUser])
      expectProblem(
        await t.request(who, { method: 'GET', url: `/api/v1/situations/${id}/timeline` }),
        403,
        'auth.forbidden',
      );
    expectProblem(
      await t.request(u.outsider as TestUser, { method: 'GET', url: `/api/v1/situations/${id}/timeline` }),
      404,
      'situations.not_found',
    );
  });

  it('stands down: nothing more is taken, and the list files it as closed', async () => {
    expectProblem(await post(u.m1Officer as TestUser, '/stand-down', {}), 403, 'auth.forbidden');
    const res = await post(coordinator, '/stand-down', { note: '事態終結' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ open: false, version: 3, mayAnswerFor: [] });
    const before = await written();
    expectProblem(await post(coordinator, '/stand-down', {}), 409, 'situations.stood_down');
    expectProblem(await post(coordinator, '/level', { level: 'alert' }), 409, 'situations.stood_down');
    expectProblem(
      await post(coordinator, '/entries', { kind: 'note', text: 'x' }),
      409,
      'situations.stood_down',
    );
    expectProblem(
      await post(u.a1Reporter as TestUser, '/answers', { status: 'none' }),
      409,
      'situations.stood_down',
    );
    expectProblem(
      await post(u.m1Officer as TestUser, '/answers', { orgId: a1.id, status: 'none' }),
      409,
      'situations.stood_down',
    );
    expect(await written()).toEqual(before);
    const closed = await t.request(u.m1Officer as TestUser, {
      method: 'GET',
      url: '/api/v1/situations?state=closed',
    });
    expect((closed.json() as { items: { id: string }[] }).items.map((s) => s.id)).toEqual([id]);
    const open = await t.request(u.m1Officer as TestUser, { method: 'GET', url: '/api/v1/situations' });
    expect((open.json() as { items: unknown[] }).items).toEqual([]);
    const event = (await t.services.events.since(0, 10_000)).find((e) => e.type === 'situation.stood_down');
    expect(new Set(event?.readerOrgIds)).toEqual(new Set([center.id, m1.id, a1.id, a1b.id, m2.id]));
  });

  it('a milder level never extends the roll-call deadline', async () => {
    const res = await t.request(coordinator, {
      method: 'POST',
      url: '/api/v1/situations',
      payload: {
        name: '別の事態',
        description: '説明',
        level: 'emergency',
        tlp: 'TLP:GREEN',
        scope: { kind: 'ministries' },
      },
    });
    const declared = res.json() as Situation;
    t.clock.advance(10 * 60_000);
    const milder = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/situations/${declared.id}/level`,
      payload: { level: 'caution' },
    });
    expect(milder.statusCode).toBe(200);
    expect((milder.json() as Situation).rollCallDueAt).toBe(declared.rollCallDueAt);
  });
});
