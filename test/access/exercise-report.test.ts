import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../api/helpers.js';
import { type Body, staffed } from '../api/situations-notify.support.js';
import { DIALECTS } from '../support/databases.js';
import { endExercise, insertExerciseRow } from '../support/exercise-report.js';
import { declareExerciseSituation } from '../support/exercises.js';
import { startTestApp, T0, type TestApp, type TestUser } from '../support/harness.js';

// Who sees an exercise's report and its CSV, and who closes it. Exercise control (the center's coordinators)
// sees every row at any time; a ministry's officers and reporters, once the exercise has ended, see its own row
// and its agencies' (figures computed over those alone); agencies, analysts, administrators, auditors and
// ministries outside the exercise see nothing (404, as for a missing exercise). Only exercise control declares
// the report final or purges; a ministry that sees the report gets 403, anyone else 404, and nothing changes.
// Lessons: exercise control alone edits one (those who see it 403, others 404 as for a missing one), its person
// one of the center's people only; of two racing edits at one version one wins, the other gets the latest.

interface Report {
  rows: { org: { id: string } }[];
  measures: { answerRollCall: { bodies: number } };
  byMinistry: { ministry: { id: string } }[];
  slowest: { answerRollCall: { orgId: string }[] };
}

describe.each(DIALECTS)('who sees an exercise report on %s', (dialect) => {
  let t: TestApp;
  let coordinator: TestUser;
  let analyst: TestUser;
  let admin: TestUser;
  let auditor: TestUser;
  let m1: Body;
  let a1: Body;
  let m2: Body;
  let b1: Body;
  let outsider: Body;
  let m1Reporter: TestUser;
  let a1Reporter: TestUser;
  let exerciseId: string;
  let runningId: string;
  let draftId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const c = await t.org('center');
    coordinator = await t.user(c, 'center-coordinator');
    analyst = await t.user(c, 'center-analyst');
    admin = await t.user(c, 'admin');
    auditor = await t.user(c, 'auditor');
    m1 = await staffed(t, await t.org('ministry'));
    a1 = await staffed(t, await t.org('agency', { parent: m1.org }));
    m2 = await staffed(t, await t.org('ministry'));
    b1 = await staffed(t, await t.org('agency', { parent: m2.org }));
    outsider = await staffed(t, await t.org('ministry'));
    m1Reporter = await t.user(m1.org, 'reporter');
    a1Reporter = await t.user(a1.org, 'reporter');
    t.clock.set(T0);
    exerciseId = await insertExerciseRow(t, { createdBy: coordinator, number: 'X-2026-001', createdAt: T0 });
    runningId = await insertExerciseRow(t, { createdBy: coordinator, number: 'X-2026-002', createdAt: T0 });
    draftId = await insertExerciseRow(t, {
      createdBy: coordinator,
      number: 'X-2026-003',
      createdAt: T0,
      status: 'draft',
      startedAt: null,
    });
    for (const id of [exerciseId, runningId])
      await declareExerciseSituation(t, coordinator, id, [m1.org, m2.org]);
    await endExercise(t, exerciseId, new Date(Date.parse(T0) + 3_600_000).toISOString());
  });
  afterAll(async () => t?.close());

  const get = (who: TestUser, url: string) => t.request(who, { method: 'GET', url });

  it('exercise control sees every row, running or ended', async () => {
    for (const id of [exerciseId, runningId]) {
      const res = await get(coordinator, `/api/v1/exercises/${id}/report`);
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json() as Report).rows).toHaveLength(4);
    }
    expect((await get(coordinator, `/api/v1/exercises/${exerciseId}/report.csv`)).statusCode).toBe(200);
  });

  it("a ministry sees, once ended, its own row and its agencies' — figures of those alone", async () => {
    for (const who of [m1.officer, m1Reporter]) {
      const res = await get(who, `/api/v1/exercises/${exerciseId}/report`);
      expect(res.statusCode, res.body).toBe(200);
      const r = res.json() as Report;
      expect(r.rows.map((x) => x.org.id).sort()).toEqual([m1.org.id, a1.org.id].sort());
      expect(r.measures.answerRollCall.bodies).toBe(2);
      expect(r.byMinistry.map((b) => b.ministry.id)).toEqual([m1.org.id]);
      for (const s of r.slowest.answerRollCall) expect([m1.org.id, a1.org.id]).toContain(s.orgId);
      const csv = await get(who, `/api/v1/exercises/${exerciseId}/report.csv`);
      expect(csv.statusCode).toBe(200);
      expect(csv.body).not.toContain(m2.org.slug);
      expect(csv.body).not.toContain(b1.org.slug);
    }
    // While it runs, it is exercise control's alone.
    expectProblem(await get(m1.officer, `/api/v1/exercises/${runningId}/report`), 404, 'exercises.not_found');
  });

  it('agencies, analysts, administrators, auditors and ministries outside see nothing, as for a missing one', async () => {
    const nobody = [a1.officer, a1Reporter, b1.officer, analyst, admin, auditor, outsider.officer];
    for (const who of nobody)
      for (const url of [
        `/api/v1/exercises/${exerciseId}/report`,
        `/api/v1/exercises/${exerciseId}/report.csv`,
        `/api/v1/exercises/${runningId}/report`,
      ])
        expectProblem(await get(who, url), 404, 'exercises.not_found');
    // A draft, a missing id, a forged one: the same answer, to exercise control too.
    for (const id of [draftId, 'no-such-exercise', `${exerciseId}\u200b`, exerciseId.toUpperCase()])
      expectProblem(
        await get(coordinator, `/api/v1/exercises/${encodeURIComponent(id)}/report`),
        404,
        'exercises.not_found',
      );
  });

  it("a ministry asking for another ministry's rows gets none of them", async () => {
    const r = (await get(m2.officer, `/api/v1/exercises/${exerciseId}/report`)).json() as Report;
    expect(r.rows.map((x) => x.org.id).sort()).toEqual([m2.org.id, b1.org.id].sort());
    // No query reaches another chain: the CSV's filters are only language and time zone.
    expectProblem(
      await get(m2.officer, `/api/v1/exercises/${exerciseId}/report.csv?ministry=${m1.org.id}`),
      400,
      'request.validation_failed',
    );
  });

  it("a lesson is edited by exercise control alone, its person one of the center's people; races: one wins", async () => {
    const recorded = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/exercises/${exerciseId}/lessons`,
      payload: { text: '所管法人への連絡経路を確認する', ownerOrgId: a1.org.id },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const lesson = recorded.json() as { id: string; version: number };
    const url = `/api/v1/exercise-lessons/${lesson.id}`;
    const edit = (who: TestUser, payload: Record<string, unknown>, at = url) =>
      t.request(who, { method: 'PATCH', url: at, payload });
    const audit = await t.count('audit_log');
    // Those who see it (its agency, the agency's ministry) may not rewrite it; everyone else learns nothing of
    // it — the same 404 as for an id of no lesson.
    for (const who of [a1.officer, a1Reporter, m1.officer, m1Reporter])
      expectProblem(await edit(who, { version: 1, text: '書き換え' }), 403, 'auth.forbidden');
    for (const who of [m2.officer, b1.officer, outsider.officer, analyst, admin, auditor]) {
      expectProblem(await edit(who, { version: 1, text: '書き換え' }), 404, 'exercises.lesson_not_found');
      expectProblem(
        await edit(who, { version: 1, text: '書き換え' }, '/api/v1/exercise-lessons/no-such-lesson'),
        404,
        'exercises.lesson_not_found',
      );
    }
    // A person of any other body — its own officer, another ministry's — is refused like an unknown id.
    for (const person of [a1.officer, m1.officer, m2.officer, 'no-such-user'])
      expectProblem(
        await edit(coordinator, { version: 1, ownerUserId: typeof person === 'string' ? person : person.id }),
        422,
        'exercises.lesson_person_unknown',
      );
    // The assignees are the center's people, to exercise control only.
    const assignees = await get(coordinator, '/api/v1/exercise-lessons/assignees');
    const ids = (assignees.json() as { items: { id: string }[] }).items.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining([coordinator.id, analyst.id, admin.id, auditor.id]));
    for (const u of [
      m1.officer,
      a1.officer,
      m2.officer,
      b1.officer,
      outsider.officer,
      m1Reporter,
      a1Reporter,
    ]) {
      expect(ids).not.toContain(u.id);
      expectProblem(await get(u, '/api/v1/exercise-lessons/assignees'), 403, 'auth.forbidden');
    }
    expect(await t.count('audit_log')).toBe(audit);
    // Two edits at the same version: one is saved, the other refused with the lesson as the first left it.
    const [x, y] = await Promise.all([
      edit(coordinator, { version: 1, text: '一方の編集' }),
      edit(coordinator, { version: 1, text: '他方の編集' }),
    ]);
    const statuses = [x.statusCode, y.statusCode].sort();
    expect(statuses).toEqual([200, 409]);
    const won = (x.statusCode === 200 ? x : y).json() as { text: string; version: number };
    const lost = (x.statusCode === 200 ? y : x).json() as { latest: { text: string; version: number } };
    expect(lost.latest).toMatchObject({ text: won.text, version: 2 });
    expect(await t.count('audit_log')).toBe(audit + 1);
  });

  it('only exercise control declares final and purges; the others change nothing', async () => {
    const audit = await t.count('audit_log');
    for (const action of ['report/final', 'purge']) {
      for (const who of [m1.officer, m1Reporter, m2.officer])
        expectProblem(
          await t.request(who, { method: 'POST', url: `/api/v1/exercises/${exerciseId}/${action}` }),
          403,
          'auth.forbidden',
        );
      for (const who of [a1.officer, analyst, admin, auditor, outsider.officer])
        expectProblem(
          await t.request(who, { method: 'POST', url: `/api/v1/exercises/${exerciseId}/${action}` }),
          404,
          'exercises.not_found',
        );
    }
    expect(await t.count('audit_log')).toBe(audit);
    const row = await t.handle.db
      .selectFrom('exercises')
      .select('status')
      .where('id', '=', exerciseId)
      .executeTakeFirst();
    expect(row?.status).toBe('ended');
  });

  it('two finals and two purges racing: one of each wins, the other is refused', async () => {
    const final = await Promise.all(
      [1, 2].map(() =>
        t.request(coordinator, { method: 'POST', url: `/api/v1/exercises/${exerciseId}/report/final` }),
      ),
    );
    expect(final.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await t.count('exercise_reports')).toBe(1);
    const purge = await Promise.all(
      [1, 2].map(() =>
        t.request(coordinator, { method: 'POST', url: `/api/v1/exercises/${exerciseId}/purge` }),
      ),
    );
    expect(purge.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const entries = await t.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', exerciseId)
      .execute();
    expect(entries.map((e) => e.action).sort()).toEqual(['exercise.purge', 'exercise.report_final']);
    // The running exercise's data is untouched.
    expect((await get(coordinator, `/api/v1/exercises/${runningId}/report`)).json()).toMatchObject({
      rows: expect.any(Array),
    });
    expect(
      ((await get(coordinator, `/api/v1/exercises/${runningId}/report`)).json() as Report).rows,
    ).toHaveLength(4);
  });
});
