import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// Deadline profiles through the API: the shipped ones, an administrator's changes (refused whole when anything is
// wrong with them), and the clocks they put on an incident as its assessment and reports come in, on the fake
// clock.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const nis2 = (over: Record<string, unknown> = {}) => ({
  revision: 0,
  nameJa: 'EU NIS2指令',
  nameEn: 'EU NIS2',
  trigger: 'significant',
  timeZone: 'Europe/Brussels',
  clocks: [
    {
      key: 'early-warning',
      nameJa: '早期警告',
      nameEn: 'Early warning',
      from: 'awareness',
      amount: 24,
      unit: 'hours',
      satisfiedBy: 'quick',
    },
    {
      key: 'notification',
      nameJa: '通知',
      nameEn: 'Notification',
      from: 'awareness',
      amount: 72,
      unit: 'hours',
      satisfiedBy: 'update',
    },
    {
      key: 'final',
      nameJa: '最終報告',
      nameEn: 'Final report',
      from: 'after:notification',
      amount: 1,
      unit: 'months',
      satisfiedBy: 'final',
    },
  ],
  bodies: { kinds: [], slugs: [] as string[] },
  ...over,
});

const assessment = (over: Record<string, unknown> = {}) => ({
  version: 0,
  persons: 0,
  categories: [],
  sensitive: false,
  rightsInfringed: false,
  seriousImpediment: false,
  publicServicesAffected: false,
  malicious: false,
  ...over,
});

describe.each(DIALECTS)('deadline profiles and clocks on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    admin = await t.user(g.center, 'admin');
  });
  afterAll(async () => t?.close());

  const put = (user: TestUser, id: string, payload: object) =>
    t.request(user, { method: 'PUT', url: `/api/v1/deadline-profiles/${id}`, payload });
  const clocksOf = async (user: TestUser, id: string) => {
    const res = await t.request(user, { method: 'GET', url: `/api/v1/incidents/${id}/deadlines` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      publicExplanationCalledFor: boolean;
      profiles: {
        id: string;
        awareAt: string;
        clocks: {
          key: string;
          dueAt: string;
          outcome: string;
          lateByMinutes: number | null;
          satisfiedBySeq: number | null;
        }[];
      }[];
    };
  };
  const assess = (user: TestUser, id: string, payload: object) =>
    t.request(user, { method: 'POST', url: `/api/v1/incidents/${id}/assessment`, payload });
  const report = (user: TestUser, id: string, kind: 'update' | 'final') =>
    t.request(user, {
      method: 'POST',
      url: `/api/v1/incidents/${id}/reports`,
      payload: { kind, text: `${kind} の報告` },
    });

  it('ships the seed target, APPI, NIS2, GDPR and CISA; the first two cover ministries and agencies', async () => {
    const res = await t.request(g.agencyReporter, { method: 'GET', url: '/api/v1/deadline-profiles' });
    expect(res.statusCode).toBe(200);
    const profiles = res.json().profiles as {
      id: string;
      bodies: { kinds: string[] };
      clocks: { key: string; span: unknown; maliciousSpan: unknown }[];
    }[];
    expect(profiles.map((p) => p.id)).toEqual(['quick-report', 'appi', 'nis2', 'gdpr', 'cisa']);
    expect(profiles[0]?.clocks[0]?.span).toEqual({ amount: 60, unit: 'minutes' });
    expect(profiles[1]?.bodies.kinds).toEqual(['ministry', 'agency']);
    expect(profiles[1]?.clocks.map((c) => [c.key, c.span, c.maliciousSpan])).toEqual([
      ['preliminary', { amount: 5, unit: 'calendar-days' }, null],
      ['final', { amount: 30, unit: 'calendar-days' }, { amount: 60, unit: 'calendar-days' }],
    ]);
  });

  it('refuses a bad profile with a stable code and writes nothing', async () => {
    const before = { profiles: await t.count('deadline_profiles'), audit: await t.count('audit_log') };
    const clock = (over: Record<string, unknown>) => ({ clocks: [{ ...nis2().clocks[0], ...over }] });
    const cases: [object, number, string][] = [
      [nis2(clock({ amount: -24 })), 422, 'deadlines.invalid_clock'],
      [nis2(clock({ amount: 0 })), 422, 'deadlines.invalid_clock'],
      [nis2(clock({ maliciousAmount: 0 })), 422, 'deadlines.invalid_clock'],
      [nis2(clock({ amount: 100_000, unit: 'months' })), 422, 'deadlines.invalid_clock'],
      [nis2(clock({ unit: 'fortnights' })), 422, 'deadlines.invalid_clock'],
      [nis2(clock({ from: 'after:final' })), 422, 'deadlines.invalid_clock'],
      [nis2(clock({ satisfiedBy: 'press-release' })), 422, 'deadlines.invalid_clock'],
      [nis2({ clocks: [nis2().clocks[0], nis2().clocks[0]] }), 422, 'deadlines.invalid_clock'],
      [nis2({ trigger: 'sometimes' }), 422, 'deadlines.unknown_trigger'],
      [nis2({ clocks: [] }), 422, 'deadlines.no_clocks'],
      [nis2({ bodies: { kinds: [], slugs: ['no-such-body'] } }), 422, 'deadlines.unknown_body'],
      [nis2({ bodies: { kinds: [], slugs: [g.center.slug] } }), 422, 'deadlines.unknown_body'],
      [nis2({ timeZone: 'Mars/Olympus' }), 422, 'deadlines.unknown_time_zone'],
      [nis2({ nameJa: '\u200B\u200B' }), 400, 'text.empty'],
      [nis2({ nameEn: 'NIS2 \u202Eevil' }), 400, 'text.invisible_characters'],
    ];
    for (const [payload, status, code] of cases)
      expectProblem(await put(admin, 'nis2', payload), status, code);
    // Only the administrator configures; ids are plain lower-case words (no look-alikes, no invisible characters).
    expectProblem(await put(g.ministryOfficer, 'nis2', nis2()), 403, 'auth.forbidden');
    for (const id of ['ｎｉｓ２', 'nis2%E2%80%8B', 'NIS2', '..%2Fappi'])
      expect((await put(admin, id, nis2())).statusCode, id).toBe(400);
    expect({ profiles: await t.count('deadline_profiles'), audit: await t.count('audit_log') }).toEqual(
      before,
    );
  });

  it('an administrator sets a profile on the revision read; a stale revision is refused (409)', async () => {
    const set = await put(admin, 'nis2', nis2({ bodies: { kinds: [], slugs: [g.agency.slug] } }));
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ id: 'nis2', builtIn: true, revision: 1, timeZone: 'Europe/Brussels' });
    expectProblem(await put(admin, 'nis2', nis2()), 409, 'deadlines.stale');
    const custom = await put(admin, 'cisa-custom', {
      ...nis2(),
      trigger: 'always',
      clocks: [nis2().clocks[0]],
    });
    expect(custom.json()).toMatchObject({ id: 'cisa-custom', builtIn: false, revision: 1 });
    const listed = await t.request(g.agencyReporter, { method: 'GET', url: '/api/v1/deadline-profiles' });
    expect(listed.json().profiles.map((p: { id: string }) => p.id)).toEqual([
      'quick-report',
      'appi',
      'nis2',
      'gdpr',
      'cisa',
      'cisa-custom',
    ]);
    // Back to no body, so that the incidents below see only what the assessment starts.
    expect(
      (
        await put(admin, 'cisa-custom', {
          ...nis2(),
          revision: 1,
          trigger: 'always',
          clocks: [nis2().clocks[0]],
        })
      ).statusCode,
    ).toBe(200);
  });

  it('APPI starts with an assessment of a leak above 100 persons: 5 days, then 60 for the malicious final report', async () => {
    const incident = await t.fileIncident(g.ministryReporter);
    let seen = await clocksOf(g.ministryReporter, incident.id);
    expect(seen.profiles.map((p) => [p.id, p.clocks.map((c) => c.outcome)])).toEqual([
      ['quick-report', ['on-time']],
    ]);
    t.clock.advance(2 * HOUR);
    const assessedAt = t.clock.now();
    const recorded = await assess(
      g.ministryReporter,
      incident.id,
      assessment({ persons: 150, categories: ['氏名', '住所'], malicious: true }),
    );
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json()).toMatchObject({ version: 1, publicExplanationCalledFor: true });
    seen = await clocksOf(g.ministryReporter, incident.id);
    expect(seen.publicExplanationCalledFor).toBe(true);
    const appi = seen.profiles.find((p) => p.id === 'appi');
    expect(appi?.awareAt).toBe(assessedAt.toISOString());
    expect(appi?.clocks.map((c) => [c.key, c.dueAt, c.outcome])).toEqual([
      ['preliminary', new Date(assessedAt.getTime() + 5 * DAY).toISOString(), 'pending'],
      ['final', new Date(assessedAt.getTime() + 60 * DAY).toISOString(), 'pending'],
    ]);
    // Six days on, the preliminary report is overdue by a day; the update then comes a day late.
    t.clock.advance(6 * DAY);
    seen = await clocksOf(g.ministryReporter, incident.id);
    expect(seen.profiles.find((p) => p.id === 'appi')?.clocks[0]).toMatchObject({
      outcome: 'overdue',
      lateByMinutes: 24 * 60,
    });
    expect((await report(g.ministryReporter, incident.id, 'update')).statusCode).toBe(201);
    t.clock.advance(10 * DAY);
    expect((await report(g.ministryReporter, incident.id, 'final')).statusCode).toBe(201);
    seen = await clocksOf(g.ministryReporter, incident.id);
    expect(seen.profiles.find((p) => p.id === 'appi')?.clocks).toMatchObject([
      { key: 'preliminary', outcome: 'late', lateByMinutes: 24 * 60, satisfiedBySeq: 2 },
      { key: 'final', outcome: 'on-time', lateByMinutes: null, satisfiedBySeq: 3 },
    ]);
  });

  it('an assessment that calls for a public explanation opens the accountability track once; one that does not opens none', async () => {
    const track = (id: string) =>
      t.request(g.ministryReporter, { method: 'GET', url: `/api/v1/incidents/${id}/accountability` });
    const quiet = await t.fileIncident(g.ministryReporter);
    expect((await assess(g.ministryReporter, quiet.id, assessment({ persons: 3 }))).statusCode).toBe(201);
    expect((await track(quiet.id)).statusCode).toBe(404);

    const serious = await t.fileIncident(g.ministryReporter);
    const first = await assess(g.ministryReporter, serious.id, assessment({ rightsInfringed: true }));
    expect(first.statusCode, first.body).toBe(201);
    const opened = await track(serious.id);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().track).toMatchObject({
      incidentId: serious.id,
      openedBy: null,
      decision: null,
      reason: expect.stringContaining('version 1'),
    });
    // A second version that still calls for it keeps the same track.
    const again = await assess(
      g.ministryReporter,
      serious.id,
      assessment({ version: 1, rightsInfringed: true, persons: 500, categories: ['氏名'] }),
    );
    expect(again.statusCode, again.body).toBe(201);
    expect((await track(serious.id)).json().track).toEqual(opened.json().track);
  });

  it("NIS2 covers the body named in its configuration once the incident is significant, in Brussels' time", async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    expect((await clocksOf(g.agencyReporter, incident.id)).profiles.map((p) => p.id)).toEqual([
      'quick-report',
    ]);
    const first = await assess(g.agencyReporter, incident.id, assessment({ publicServicesAffected: true }));
    expect(first.json().publicExplanationCalledFor).toBe(false);
    const awareAt = t.clock.now();
    const nis = (await clocksOf(g.agencyOfficer, incident.id)).profiles.find((p) => p.id === 'nis2');
    const notification = new Date(awareAt.getTime() + 3 * DAY);
    // A month after the notification's due time (none was made yet); December and January are both CET.
    const final = new Date(notification);
    final.setUTCMonth(final.getUTCMonth() + 1);
    expect(nis?.clocks.map((c) => [c.key, c.dueAt])).toEqual([
      ['early-warning', new Date(awareAt.getTime() + DAY).toISOString()],
      ['notification', notification.toISOString()],
      ['final', final.toISOString()],
    ]);
    // The quick report came before the awareness: the early warning counts it as made.
    expect(nis?.clocks[0]?.outcome).toBe('on-time');
    // A body the profile does not cover has no NIS2 clock for the same assessment.
    const other = await t.fileIncident(g.ministryReporter);
    await assess(g.ministryReporter, other.id, assessment({ publicServicesAffected: true }));
    expect((await clocksOf(g.ministryReporter, other.id)).profiles.map((p) => p.id)).toEqual([
      'quick-report',
    ]);
  });
});
