import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annualNumbers } from '../../src/features/annual/annual.numbers.js';
import { DEFAULT_SCORING } from '../../src/features/annual/annual.scoring.js';
import { parseCsv } from '../support/csv.js';
import { DIALECTS } from '../support/databases.js';
import { endExercise, insertExerciseRow } from '../support/exercise-report.js';
import { declareExerciseSituation, fileSimulatedReport } from '../support/exercises.js';
import { startTestApp, T0, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';
import { type Body, declare, inbox, staffed } from './situations-notify.support.js';

// The exercise report end to end on a fake clock: every body's time from the declaration to acknowledge it and
// to answer the roll-call, against the scenario's targets, misses by the end, the slowest links, medians and
// p90; the CSV; the final that freezes it; the purge that erases the exercise's data and nothing else.

const MINUTE = 60_000;
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * MINUTE).toISOString();

interface Timing {
  at: string | null;
  seconds: number | null;
  met: boolean | null;
  missed: boolean;
}
interface Row {
  situationId: string;
  org: { id: string; name: string; kind: string };
  ministry: { id: string; name: string };
  ackDeclaration: Timing;
  answerRollCall: Timing & { onBehalf: boolean };
  requests: unknown[];
}
interface Stats {
  bodies: number;
  done: number;
  missed: number;
  late: number;
  median: number | null;
  p90: number | null;
}
interface Report {
  exercise: { status: string; finalAt: string | null; purgedAt: string | null };
  frozen: boolean;
  rows: Row[];
  measures: Record<'ackDeclaration' | 'answerRollCall', Stats>;
  byMinistry: {
    ministry: { id: string };
    own: Record<string, Stats>;
    agencies: Record<string, Stats>;
    lateLink: string | null;
  }[];
  slowest: Record<
    'ackDeclaration' | 'answerRollCall',
    { orgId: string; seconds: number | null; missed: boolean }[]
  >;
  comparison: {
    orgId: string;
    previous: { number: string; seconds: Record<string, number | null> }[];
    trend: Record<string, string | null>;
  }[];
}

const stats = (
  bodies: number,
  done: number,
  missed: number,
  late: number,
  median: number | null,
  p90: number | null,
) => ({
  bodies,
  done,
  missed,
  late,
  median,
  p90,
});

describe.each(DIALECTS)('the exercise report on %s', (dialect) => {
  let t: TestApp;
  let coordinator: TestUser;
  let m1: Body;
  let a1: Body;
  let a2: Body;
  let m2: Body;
  let b1: Body;
  let m3: Body;
  let running: string;
  let exerciseId: string;
  let situationId: string;
  let realSituationId: string;
  let exerciseIncidentId: string;
  let before: Map<string, number>;

  const tableCounts = async () => {
    const tables = await t.handle.db.introspection.getTables();
    const out = new Map<string, number>();
    for (const table of tables) {
      if (table.name.startsWith('kysely_') || table.name.startsWith('incident_search_')) continue;
      const { rows } = await sql<{
        n: number | string;
      }>`select count(*) as n from ${sql.table(table.name)}`.execute(t.handle.db);
      out.set(table.name, Number(rows[0]?.n));
    }
    return out;
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const c = await t.org('center');
    coordinator = await t.user(c, 'center-coordinator');
    m1 = await staffed(t, await t.org('ministry'));
    a1 = await staffed(t, await t.org('agency', { parent: m1.org }));
    a2 = await staffed(t, await t.org('agency', { parent: m1.org }));
    m2 = await staffed(t, await t.org('ministry'));
    b1 = await staffed(t, await t.org('agency', { parent: m2.org }));
    m3 = await staffed(t, await t.org('ministry'));
    // Real data beside the exercise: a real situation and a real incident, which the purge must not touch.
    t.clock.set(T0);
    realSituationId = (await declare(t, coordinator, m3.org)).id;
    await t.fileIncident(m3.officer);
    running = await insertExerciseRow(t, {
      createdBy: coordinator,
      number: 'X-2026-001',
      createdAt: at(-120),
    });
    exerciseId = await insertExerciseRow(t, {
      createdBy: coordinator,
      number: 'X-2026-002',
      createdAt: T0,
      targets: { ackDeclaration: 10, answerRollCall: 30, ackRequest: 60, completeRequest: 240 },
    });
    await t.services.reportIndex.catchUp();
    before = await tableCounts();
    situationId = (await declareExerciseSituation(t, coordinator, exerciseId, [m1.org, m2.org])).row.id;
  });
  afterAll(async () => t?.close());

  const ack = async (b: Body, minutes: number) => {
    t.clock.set(at(minutes));
    const [n] = (await inbox(t, b.officer)).filter(
      (x) => x.event === 'situation.declared' && x.about?.path?.includes(situationId),
    );
    const res = await t.request(b.officer, {
      method: 'POST',
      url: `/api/v1/notifications/${n?.id}/acknowledge`,
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const answer = async (who: TestUser, minutes: number, payload: Record<string, unknown> = {}) => {
    t.clock.set(at(minutes));
    const res = await t.request(who, {
      method: 'POST',
      url: `/api/v1/situations/${situationId}/answers`,
      payload: { status: 'none', ...payload },
    });
    expect(res.statusCode, res.body).toBe(201);
  };
  const report = async (who: TestUser, id = exerciseId) => {
    const res = await t.request(who, { method: 'GET', url: `/api/v1/exercises/${id}/report` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Report;
  };
  const post = (who: TestUser, url: string) => t.request(who, { method: 'POST', url });
  const timings = (r: Report) =>
    Object.fromEntries(
      r.rows.map((x) => [
        x.org.id,
        [
          x.ackDeclaration.seconds,
          x.ackDeclaration.met,
          x.ackDeclaration.missed,
          x.answerRollCall.seconds,
          x.answerRollCall.met,
          x.answerRollCall.missed,
          x.answerRollCall.onBehalf,
        ],
      ]),
    );

  it('measures each body from the declaration against the targets; what comes after the end is a miss', async () => {
    await ack(m1, 2);
    await ack(a1, 5);
    await ack(b1, 12);
    await answer(m1.officer, 20);
    // A1 answers "affected" with the exercise's simulated report filed for it by exercise control.
    t.clock.set(at(22));
    exerciseIncidentId = (await fileSimulatedReport(t, coordinator, exerciseId, a1.org)).incident.id;
    await t.services.reportIndex.catchUp();
    await answer(a1.officer, 25, { status: 'affected', incidentId: exerciseIncidentId });
    // M1 answers for A2 at 40 (late: the target is 30); answering also acknowledges A2's notice.
    await answer(m1.officer, 40, { orgId: a2.org.id });
    // While it runs, nobody has missed anything yet.
    const live = await report(coordinator);
    expect(live.measures.answerRollCall).toEqual(stats(5, 3, 0, 1, 1500, 2400));
    await endExercise(t, exerciseId, at(60));
    // M2 answers after the end: too late to count.
    await answer(m2.officer, 70);
    const r = await report(coordinator);
    expect(r.frozen).toBe(false);
    expect(r.rows.map((x) => x.situationId)).toEqual(Array(5).fill(situationId));
    expect(timings(r)).toEqual({
      [m1.org.id]: [120, true, false, 1200, true, false, false],
      [a1.org.id]: [300, true, false, 1500, true, false, false],
      [a2.org.id]: [2400, false, false, 2400, false, false, true],
      [m2.org.id]: [null, null, true, null, null, true, false],
      [b1.org.id]: [720, false, false, null, null, true, false],
    });
    expect(r.rows.find((x) => x.org.id === a2.org.id)?.answerRollCall.at).toBe(at(40));
    expect(r.rows.find((x) => x.org.id === a2.org.id)?.ministry.id).toBe(m1.org.id);
    // Medians of 120, 300, 720, 2400 and p90 (nearest rank); 1200, 1500, 2400.
    expect(r.measures).toEqual({
      ackDeclaration: stats(5, 4, 1, 2, 510, 2400),
      answerRollCall: stats(5, 3, 2, 1, 1500, 2400),
    });
    const chain = (id: string) => r.byMinistry.find((b) => b.ministry.id === id);
    expect(chain(m1.org.id)).toMatchObject({
      own: { ackDeclaration: stats(1, 1, 0, 0, 120, 120), answerRollCall: stats(1, 1, 0, 0, 1200, 1200) },
      agencies: {
        ackDeclaration: stats(2, 2, 0, 1, 1350, 2400),
        answerRollCall: stats(2, 2, 0, 1, 1950, 2400),
      },
      // The late answer was the ministry's, on its agency's behalf.
      lateLink: 'ministry',
    });
    expect(chain(m2.org.id)).toMatchObject({
      own: { answerRollCall: stats(1, 0, 1, 0, null, null) },
      agencies: {
        ackDeclaration: stats(1, 1, 0, 1, 720, 720),
        answerRollCall: stats(1, 0, 1, 0, null, null),
      },
      lateLink: 'ministry',
    });
    expect(r.slowest.answerRollCall.map((s) => [s.seconds, s.missed])).toEqual([
      [null, true],
      [null, true],
      [2400, false],
      [1500, false],
      [1200, false],
    ]);
    expect(r.slowest.ackDeclaration.map((s) => [s.orgId, s.seconds])).toEqual([
      [m2.org.id, null],
      [a2.org.id, 2400],
      [b1.org.id, 720],
      [a1.org.id, 300],
      [m1.org.id, 120],
    ]);
    // No earlier final exercise: nothing to compare with.
    expect(r.comparison.find((c) => c.orgId === m1.org.id)).toEqual({
      orgId: m1.org.id,
      previous: [],
      trend: { ackDeclaration: null, answerRollCall: null, ackRequest: null, completeRequest: null },
    });
  });

  it('the CSV: the rows and the figures, in the language and time zone asked', async () => {
    const ja = await t.request(coordinator, {
      method: 'GET',
      url: `/api/v1/exercises/${exerciseId}/report.csv?tz=Asia/Tokyo`,
    });
    expect(ja.statusCode, ja.body).toBe(200);
    expect(ja.headers['content-type']).toContain('text/csv');
    expect(ja.headers['content-disposition']).toContain('renraku-exercise-report-X-2026-002');
    const rows = parseCsv(ja.body.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['組織別の所要時間']);
    expect(rows[1]?.slice(0, 5)).toEqual([
      '事態番号',
      '府省庁',
      '組織',
      '宣言の確認日時',
      '宣言の確認まで（秒）',
    ]);
    const a2Row = rows.find((r) => r[2]?.startsWith(a2.org.slug));
    expect(a2Row?.slice(3)).toEqual([
      '2026-11-25T12:40:00+09:00',
      '2400',
      'いいえ',
      '',
      '2026-11-25T12:40:00+09:00',
      '2400',
      'いいえ',
      '',
      'はい',
    ]);
    expect(rows.find((r) => r[0] === '全体' && r[1] === '宣言の確認')).toEqual([
      '全体',
      '宣言の確認',
      '5',
      '4',
      '1',
      '2',
      '510',
      '2400',
    ]);
    const en = parseCsv(
      (
        await t.request(coordinator, {
          method: 'GET',
          url: `/api/v1/exercises/${exerciseId}/report.csv?lang=en&tz=UTC`,
        })
      ).body,
    );
    expect(en[1]?.[3]).toBe('Declaration acknowledged at');
    expect(en.find((r) => r[2]?.startsWith(m1.org.slug))?.[3]).toBe('2026-11-25T03:02:00+00:00');
    expectProblem(
      await t.request(coordinator, {
        method: 'GET',
        url: `/api/v1/exercises/${exerciseId}/report.csv?tz=Mars/Olympus`,
      }),
      400,
      'export.unknown_time_zone',
    );
  });

  it('a running exercise can be neither final nor purged; the ended one is declared final once, frozen', async () => {
    const audit = await t.count('audit_log');
    expectProblem(
      await post(coordinator, `/api/v1/exercises/${running}/report/final`),
      409,
      'exercises.not_ended',
    );
    expectProblem(await post(coordinator, `/api/v1/exercises/${running}/purge`), 409, 'exercises.not_final');
    expectProblem(
      await post(coordinator, `/api/v1/exercises/${exerciseId}/purge`),
      409,
      'exercises.not_final',
    );
    expectProblem(
      await post(coordinator, '/api/v1/exercises/no-such-id/report/final'),
      404,
      'exercises.not_found',
    );
    expect(await t.count('audit_log')).toBe(audit);
    const live = await report(coordinator);
    t.clock.set(at(90));
    const res = await post(coordinator, `/api/v1/exercises/${exerciseId}/report/final`);
    expect(res.statusCode, res.body).toBe(200);
    const final = res.json() as Report;
    expect(final.exercise).toMatchObject({ status: 'final', finalAt: at(90) });
    expect(final.frozen).toBe(true);
    expect(final.rows).toEqual(live.rows);
    expect(final.measures).toEqual(live.measures);
    expectProblem(
      await post(coordinator, `/api/v1/exercises/${exerciseId}/report/final`),
      409,
      'exercises.report_final',
    );
    const entries = await t.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'exercise.report_final')
      .execute();
    expect(entries.map((e) => [e.subject_type, e.subject_id, e.actor_user_id])).toEqual([
      ['exercise', exerciseId, coordinator.id],
    ]);
  });

  it('the purge erases every row of the exercise and nothing else, in one go; the report survives it', async () => {
    const frozen = await report(coordinator);
    t.clock.set(at(120));
    const res = await post(coordinator, `/api/v1/exercises/${exerciseId}/purge`);
    expect(res.statusCode, res.body).toBe(200);
    const { counts } = res.json() as { counts: Record<string, number> };
    expect(counts).toMatchObject({
      situations: 1,
      situation_bodies: 5,
      rollcall_answers: 4,
      situation_incidents: 1,
      incidents: 1,
      incident_reports: 1,
    });
    expect(counts.report_fingerprints).toBeGreaterThan(0);
    expect(counts.notifications).toBeGreaterThan(0);
    expect(counts.events).toBeGreaterThan(0);
    // Every table holds what it held before the exercise's data was made; only the audit log grew.
    await t.services.reportIndex.catchUp();
    const after = await tableCounts();
    const changed = [...after].filter(([name, n]) => before.get(name) !== n).map(([name]) => name);
    expect(changed.sort()).toEqual(['audit_log', 'exercise_reports']);
    expect(await t.count('exercise_reports')).toBe(1);
    const real = await t.request(coordinator, {
      method: 'GET',
      url: `/api/v1/situations/${realSituationId}`,
    });
    expect(real.statusCode).toBe(200);
    // The report reads the same from its frozen figures.
    const r = await report(coordinator);
    expect(r.exercise).toMatchObject({ status: 'purged', purgedAt: at(120) });
    expect(r.rows).toEqual(frozen.rows);
    expect(r.measures).toEqual(frozen.measures);
    // Twice: refused, nothing written.
    const audit = await t.count('audit_log');
    expectProblem(await post(coordinator, `/api/v1/exercises/${exerciseId}/purge`), 409, 'exercises.purged');
    expect(await t.count('audit_log')).toBe(audit);
    const [entry] = await t.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'exercise.purge')
      .execute();
    expect(JSON.parse(entry?.detail ?? '{}')).toMatchObject({ number: 'X-2026-002', counts });
    expect(await t.services.audit.verify(t.handle.db)).toMatchObject({ ok: true });
  });

  it("the annual report counts each ministry's participation and timings from the frozen report, never the exercise's incidents", async () => {
    const frozen = await report(coordinator);
    const numbers = await annualNumbers({
      db: t.handle.db,
      dialect,
      fiscalYear: 2026,
      timeZone: 'Asia/Tokyo',
      scoring: DEFAULT_SCORING,
    });
    const minutes = (seconds: number) => Math.round((seconds / 60) * 10) / 10;
    const nearest = (v: number[]) => [...v].sort((x, y) => x - y)[Math.ceil(v.length / 2) - 1] as number;
    for (const m of [m1, m2, m3]) {
      const section = numbers.sections.find((x) => x.ministry.id === m.org.id);
      const value = (k: string) => section?.indicators.find((i) => i.key === k);
      const rows = frozen.rows.filter((r) => r.ministry.id === m.org.id);
      expect(value('exerciseParticipation')).toMatchObject({ value: rows.length > 0 ? 1 : 0, basis: 1 });
      for (const [key, field] of [
        ['exerciseAckMedian', 'ackDeclaration'],
        ['exerciseRollCallMedian', 'answerRollCall'],
      ] as const) {
        const seconds = rows.flatMap((r) => (r[field].seconds === null ? [] : [r[field].seconds as number]));
        expect(value(key)).toMatchObject(
          seconds.length === 0
            ? { value: null, basis: 0 }
            : { value: minutes(nearest(seconds)), basis: seconds.length },
        );
      }
      // Only M3's real incident is counted; the exercise's (A1's simulated report) never was.
      expect(value('incidents')?.value).toBe(m === m3 ? 1 : 0);
    }
    expect(frozen.rows.filter((r) => r.ministry.id === m1.org.id).length).toBeGreaterThan(0);
  });

  it('the next exercise compares each body with its earlier final ones', async () => {
    const next = await insertExerciseRow(t, {
      createdBy: coordinator,
      number: 'X-2026-003',
      createdAt: at(24 * 60),
      targets: { ackDeclaration: 10, answerRollCall: 30 },
    });
    t.clock.set(at(24 * 60));
    situationId = (await declareExerciseSituation(t, coordinator, next, [m1.org])).row.id;
    await ack(m1, 24 * 60 + 1);
    await answer(m1.officer, 24 * 60 + 25);
    await endExercise(t, next, at(25 * 60));
    const r = await report(coordinator, next);
    const m1c = r.comparison.find((c) => c.orgId === m1.org.id);
    expect(m1c?.previous.map((p) => [p.number, p.seconds])).toEqual([
      ['X-2026-002', { ackDeclaration: 120, answerRollCall: 1200 }],
    ]);
    // No requests in either exercise: nothing to compare of them.
    expect(m1c?.trend).toEqual({
      ackDeclaration: 'faster',
      answerRollCall: 'slower',
      ackRequest: null,
      completeRequest: null,
    });
    // A2 missed nothing before and misses now.
    expect(r.comparison.find((c) => c.orgId === a2.org.id)?.trend).toEqual({
      ackDeclaration: 'slower',
      answerRollCall: 'slower',
      ackRequest: null,
      completeRequest: null,
    });
  });
});
