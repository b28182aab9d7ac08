import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { insertExerciseRow } from '../support/exercise-report.js';
import { startTestApp, T0, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// Lessons learned (教訓): recorded by exercise control with an owner body (and one of the center's people), followed up
// open → in progress → done with every step kept; an unfinished one is carried to the next exercise as the same
// lesson, a finished one stays with its own. Who sees them: exercise control all, a body its own, a ministry its
// agencies' too; who moves them on: exercise control and the owner's security officer.

interface Lesson {
  id: string;
  exerciseNumber: string;
  status: string;
  version: number;
  owner: { id: string };
  person: { id: string; name: string } | null;
  dueOn: string | null;
  history: { status: string; note: string | null }[];
}
interface Lessons {
  items: Lesson[];
  carriedOver: Lesson[];
}

const HOUR = 3_600_000;
const at = (h: number) => new Date(Date.parse(T0) + h * HOUR).toISOString();

describe.each(DIALECTS)('lessons learned on %s', (dialect) => {
  let t: TestApp;
  let coordinator: TestUser;
  let analyst: TestUser;
  let ministry: TestOrg;
  let agency: TestOrg;
  let other: TestOrg;
  let mOfficer: TestUser;
  let mReporter: TestUser;
  let aOfficer: TestUser;
  let oOfficer: TestUser;
  let first: string;
  let second: string;
  let carried: Lesson;
  let closed: Lesson;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const c = await t.org('center');
    coordinator = await t.user(c, 'center-coordinator');
    analyst = await t.user(c, 'center-analyst');
    ministry = await t.org('ministry');
    agency = await t.org('agency', { parent: ministry });
    other = await t.org('ministry');
    mOfficer = await t.user(ministry, 'security-officer');
    mReporter = await t.user(ministry, 'reporter');
    aOfficer = await t.user(agency, 'security-officer');
    oOfficer = await t.user(other, 'security-officer');
    first = await insertExerciseRow(t, {
      createdBy: coordinator,
      number: 'X-2026-001',
      createdAt: T0,
      status: 'ended',
    });
    second = await insertExerciseRow(t, { createdBy: coordinator, number: 'X-2026-002', createdAt: at(48) });
  });
  afterAll(async () => t?.close());

  const record = (who: TestUser, payload: Record<string, unknown>, id = first) =>
    t.request(who, { method: 'POST', url: `/api/v1/exercises/${id}/lessons`, payload });
  const followUp = (who: TestUser, lesson: string, payload: Record<string, unknown>) =>
    t.request(who, { method: 'POST', url: `/api/v1/exercise-lessons/${lesson}/follow-up`, payload });
  const list = async (who: TestUser, id: string) => {
    const res = await t.request(who, { method: 'GET', url: `/api/v1/exercises/${id}/lessons` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Lessons;
  };

  it('exercise control records lessons with an owner; bad input changes nothing', async () => {
    t.clock.set(at(2));
    const res = await record(coordinator, {
      text: '府省庁から所管法人への連絡経路が夜間に機能しなかった',
      ownerOrgId: ministry.id,
      ownerUserId: analyst.id,
      dueOn: '2027-03-31',
    });
    expect(res.statusCode, res.body).toBe(201);
    carried = res.json() as Lesson;
    expect(res.headers.location).toBe(`/api/v1/exercise-lessons/${carried.id}`);
    expect(carried).toMatchObject({
      exerciseNumber: 'X-2026-001',
      status: 'open',
      version: 1,
      owner: { id: ministry.id },
      person: { id: analyst.id },
      dueOn: '2027-03-31',
      history: [{ status: 'open', note: null }],
    });
    closed = (
      await record(coordinator, { text: '所管法人の当番表が古かった', ownerOrgId: agency.id })
    ).json() as Lesson;
    const before = await t.count('exercise_lessons');
    const audit = await t.count('audit_log');
    const bad: [TestUser, Record<string, unknown>, number, string][] = [
      [coordinator, { text: '\u200b\u200b', ownerOrgId: ministry.id }, 400, 'text.empty'],
      [coordinator, { text: '教訓\u202e', ownerOrgId: ministry.id }, 400, 'text.invisible_characters'],
      [coordinator, { text: '教訓', ownerOrgId: 'no-such-body' }, 422, 'exercises.lesson_owner_unknown'],
      [
        coordinator,
        { text: '教訓', ownerOrgId: ministry.id, ownerUserId: oOfficer.id },
        422,
        'exercises.lesson_person_unknown',
      ],
      // The owning body's own officer is not one the coordinator may assign: the center's people only.
      [
        coordinator,
        { text: '教訓', ownerOrgId: ministry.id, ownerUserId: mOfficer.id },
        422,
        'exercises.lesson_person_unknown',
      ],
      [
        coordinator,
        { text: '教訓', ownerOrgId: ministry.id, dueOn: '2027-02-30' },
        400,
        'exercises.lesson_due_invalid',
      ],
      [coordinator, { text: '教訓', ownerOrgId: ministry.id, extra: 1 }, 400, 'request.validation_failed'],
      [mOfficer, { text: '教訓', ownerOrgId: ministry.id }, 403, 'auth.forbidden'],
      [analyst, { text: '教訓', ownerOrgId: ministry.id }, 403, 'auth.forbidden'],
    ];
    for (const [who, payload, status, code] of bad) expectProblem(await record(who, payload), status, code);
    expectProblem(
      await record(coordinator, { text: '教訓', ownerOrgId: ministry.id }, 'no-such-exercise'),
      404,
      'exercises.not_found',
    );
    expect(await t.count('exercise_lessons')).toBe(before);
    expect(await t.count('audit_log')).toBe(audit);
  });

  it('the follow-up moves at the version read, by exercise control or the owner’s officer; every step is kept', async () => {
    t.clock.set(at(10));
    const moved = await followUp(aOfficer, closed.id, {
      status: 'in_progress',
      note: '当番表を更新中',
      version: 1,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    // A stale version, the same status, a sibling or the ministry's reporter: refused.
    expectProblem(
      await followUp(coordinator, closed.id, { status: 'done', version: 1 }),
      409,
      'exercises.lesson_stale',
    );
    expectProblem(
      await followUp(coordinator, closed.id, { status: 'in_progress', version: 2 }),
      409,
      'exercises.lesson_same_status',
    );
    expectProblem(
      await followUp(mReporter, carried.id, { status: 'done', version: 1 }),
      403,
      'auth.forbidden',
    );
    // Another ministry's officer, an agency on its ministry's lesson: as if it did not exist.
    expectProblem(
      await followUp(oOfficer, carried.id, { status: 'done', version: 1 }),
      404,
      'exercises.lesson_not_found',
    );
    expectProblem(
      await followUp(aOfficer, carried.id, { status: 'done', version: 1 }),
      404,
      'exercises.lesson_not_found',
    );
    expectProblem(
      await followUp(coordinator, 'no-such-lesson', { status: 'done', version: 1 }),
      404,
      'exercises.lesson_not_found',
    );
    t.clock.set(at(20));
    const done = await followUp(coordinator, closed.id, { status: 'done', version: 2 });
    expect((done.json() as Lesson).history.map((h) => [h.status, h.note])).toEqual([
      ['open', null],
      ['in_progress', '当番表を更新中'],
      ['done', null],
    ]);
  });

  it('the next exercise carries the unfinished lesson — the same one, with its history — and not the done one', async () => {
    const next = await list(coordinator, second);
    expect(next.items).toEqual([]);
    expect(next.carriedOver.map((l) => [l.id, l.exerciseNumber, l.status])).toEqual([
      [carried.id, 'X-2026-001', 'open'],
    ]);
    // Followed up on the next exercise's page, it is the first exercise's lesson that moves.
    t.clock.set(at(50));
    expect((await followUp(mOfficer, carried.id, { status: 'in_progress', version: 1 })).statusCode).toBe(
      200,
    );
    const own = await list(coordinator, first);
    expect(own.items.map((l) => [l.id, l.status])).toEqual([
      [carried.id, 'in_progress'],
      [closed.id, 'done'],
    ]);
    expect(own.carriedOver).toEqual([]);
  });

  it('a body sees the lessons it owns, a ministry its agencies’ too; others none', async () => {
    const ids = async (who: TestUser) => (await list(who, first)).items.map((l) => l.id);
    expect(await ids(mOfficer)).toEqual([carried.id, closed.id]);
    expect(await ids(mReporter)).toEqual([carried.id, closed.id]);
    expect(await ids(aOfficer)).toEqual([closed.id]);
    expect(await ids(oOfficer)).toEqual([]);
    expect(await ids(analyst)).toEqual([]);
    expect((await list(aOfficer, second)).carriedOver).toEqual([]);
  });

  it("lists the center's people as assignees to exercise control only; other bodies' people are never in it", async () => {
    const res = await t.request(coordinator, { method: 'GET', url: '/api/v1/exercise-lessons/assignees' });
    expect(res.statusCode, res.body).toBe(200);
    const ids = (res.json() as { items: { id: string; name: string }[] }).items.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining([coordinator.id, analyst.id]));
    for (const foreign of [mOfficer, mReporter, aOfficer, oOfficer]) expect(ids).not.toContain(foreign.id);
    for (const who of [analyst, mOfficer, oOfficer])
      expectProblem(
        await t.request(who, { method: 'GET', url: '/api/v1/exercise-lessons/assignees' }),
        403,
        'auth.forbidden',
      );
  });

  it("edits a lesson's text and person at the version read: stale → 409 with the latest; audited, announced", async () => {
    const edit = (who: TestUser, id: string, payload: Record<string, unknown>) =>
      t.request(who, { method: 'PATCH', url: `/api/v1/exercise-lessons/${id}`, payload });
    const current = (await list(coordinator, first)).items.find((l) => l.id === closed.id) as Lesson;
    const audit = await t.count('audit_log');
    const head = (await t.services.events.bounds()).head;
    t.clock.set(at(60));
    const res = await edit(coordinator, closed.id, {
      version: current.version,
      text: '所管法人の当番表が半年更新されていなかった',
      ownerUserId: analyst.id,
    });
    expect(res.statusCode, res.body).toBe(200);
    const edited = res.json() as Lesson & { text: string };
    expect(edited).toMatchObject({
      version: current.version + 1,
      text: '所管法人の当番表が半年更新されていなかった',
      person: { id: analyst.id },
      status: current.status,
    });
    expect(edited.history).toEqual(current.history);
    expect(await t.count('audit_log')).toBe(audit + 1);
    expect((await t.services.events.bounds()).head).toBeGreaterThan(head);

    // Replayed at the version read before: refused with the lesson as it stands, nothing changed.
    const stale = await edit(coordinator, closed.id, { version: current.version, text: '古い版からの編集' });
    expectProblem(stale, 409, 'exercises.lesson_stale');
    expect((stale.json() as { latest: Lesson & { text: string } }).latest).toMatchObject({
      id: closed.id,
      version: edited.version,
      text: edited.text,
    });

    // Bad input, a foreign or unknown person, who may not edit: each its 4xx, and nothing changes.
    const v = edited.version;
    const bad: [TestUser, string, Record<string, unknown>, number, string][] = [
      [coordinator, closed.id, { version: v, text: '\u200b\u200d' }, 400, 'text.empty'],
      [coordinator, closed.id, { version: v, text: 'Ｔｅｘｔ\u202e' }, 400, 'text.invisible_characters'],
      [coordinator, closed.id, { version: v }, 400, 'exercises.lesson_nothing_to_change'],
      [
        coordinator,
        closed.id,
        { version: v, ownerUserId: aOfficer.id },
        422,
        'exercises.lesson_person_unknown',
      ],
      [
        coordinator,
        closed.id,
        { version: v, ownerUserId: 'no-such-user' },
        422,
        'exercises.lesson_person_unknown',
      ],
      [coordinator, closed.id, { version: v, text: '教訓', owner: 'x' }, 400, 'request.validation_failed'],
      [coordinator, 'no-such-lesson', { version: v, text: '教訓' }, 404, 'exercises.lesson_not_found'],
      // The owner's officer follows it up but does not rewrite it; a body that cannot see it learns nothing.
      [aOfficer, closed.id, { version: v, text: '教訓' }, 403, 'auth.forbidden'],
      [mOfficer, closed.id, { version: v, text: '教訓' }, 403, 'auth.forbidden'],
      [oOfficer, closed.id, { version: v, text: '教訓' }, 404, 'exercises.lesson_not_found'],
      [analyst, closed.id, { version: v, text: '教訓' }, 404, 'exercises.lesson_not_found'],
    ];
    const audited = await t.count('audit_log');
    for (const [who, id, payload, status, code] of bad)
      expectProblem(await edit(who, id, payload), status, code);
    expect(await t.count('audit_log')).toBe(audited);

    // The person is cleared with null; the lesson is the same one on its next exercise's page.
    const cleared = await edit(coordinator, closed.id, { version: v, ownerUserId: null });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ person: null, version: v + 1, text: edited.text });
  });
});
