import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem, writtenRows } from './helpers.js';

// Values that are well-formed but absurd: a ministry holding its agencies' reports back from the center for a
// week, an attack "detected" in year 0.

const MINUTE = 60_000;

describe.each(DIALECTS)('bounds on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let admin: TestUser;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    admin = await t.user(g.center, 'admin');
  });
  afterAll(async () => t?.close());

  const routing = (who: TestUser, payload: object, slug = g.ministry.slug) =>
    t.request(who, { method: 'PATCH', url: `/api/v1/orgs/${slug}/routing`, payload });
  const orgsList = async () =>
    (await t.request(g.ministryOfficer, { method: 'GET', url: '/api/v1/orgs' })).json() as {
      items: { slug: string; reviewDeadlineMinutes: number | null }[];
      reviewDeadline: { defaultMinutes: number; maxMinutes: number };
    };

  it('a review deadline longer than the maximum is refused, on the routing and on a new body', async () => {
    expect((await orgsList()).reviewDeadline).toEqual({ defaultMinutes: 60, maxMinutes: 240 });
    const before = await writtenRows(t);
    for (const minutes of [241, 7 * 24 * 60])
      for (const who of [g.ministryOfficer, admin])
        expectProblem(
          await routing(who, { reviewMode: true, reviewDeadlineMinutes: minutes }),
          422,
          'orgs.review_deadline_too_long',
        );
    expectProblem(
      await routing(admin, { reviewMode: true, reviewDeadlineMinutes: 7 * 24 * 60 + 1 }),
      400,
      'request.validation_failed',
    );
    const created = await t.request(admin, {
      method: 'POST',
      url: '/api/v1/orgs',
      payload: {
        kind: 'ministry',
        slug: `slow-${dialect}`,
        nameJa: '遅延省',
        nameEn: 'Slow',
        reviewMode: true,
        reviewDeadlineMinutes: 600,
      },
    });
    expectProblem(created, 422, 'orgs.review_deadline_too_long');
    expect(await writtenRows(t)).toEqual(before);
    expect(
      (await orgsList()).items.find((o) => o.slug === g.ministry.slug)?.reviewDeadlineMinutes,
    ).toBeNull();

    const ok = await routing(g.ministryOfficer, { reviewMode: true, reviewDeadlineMinutes: 240 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ reviewMode: true, reviewDeadlineMinutes: 240 });
    await routing(g.ministryOfficer, { reviewMode: false, reviewDeadlineMinutes: null });
  });

  it('a longer deadline stored before the bound existed holds reports back no longer than the maximum', async () => {
    await t.handle.db
      .updateTable('orgs')
      .set({ review_mode: 1, review_deadline_minutes: 7 * 24 * 60 })
      .where('id', '=', g.ministry.id)
      .execute();
    try {
      expect((await orgsList()).items.find((o) => o.slug === g.ministry.slug)?.reviewDeadlineMinutes).toBe(
        240,
      );
      const incident = await t.fileIncident(g.agencyReporter);
      expect((incident.chain as { reviewDueAt: string }).reviewDueAt).toBe(
        new Date(t.clock.now().getTime() + 240 * MINUTE).toISOString(),
      );
    } finally {
      await routing(g.ministryOfficer, { reviewMode: false, reviewDeadlineMinutes: null });
    }
  });

  it('the maximum is a setting', async () => {
    const other = await startTestApp(dialect, {
      config: { reviewDeadlineMaxMinutes: 30, reviewDeadlineMinutes: 15 },
    });
    try {
      const og = await other.government();
      const patch = (minutes: number) =>
        other.request(og.ministryOfficer, {
          method: 'PATCH',
          url: `/api/v1/orgs/${og.ministry.slug}/routing`,
          payload: { reviewMode: true, reviewDeadlineMinutes: minutes },
        });
      expectProblem(await patch(31), 422, 'orgs.review_deadline_too_long');
      expect((await patch(30)).statusCode).toBe(200);
    } finally {
      await other.close();
    }
    const { loadConfig } = await import('../../src/config.js');
    expect(() => loadConfig({ RENRAKU_REVIEW_DEADLINE_MINUTES: '300' })).toThrow(
      /RENRAKU_REVIEW_DEADLINE_MINUTES must not exceed RENRAKU_REVIEW_DEADLINE_MAX_MINUTES/,
    );
    expect(() => loadConfig({ RENRAKU_REVIEW_DEADLINE_MAX_MINUTES: '0' })).toThrow();
  });

  it('a detection time before 2000 is refused with its own code, and nothing is written', async () => {
    const before = await writtenRows(t);
    for (const detectedAt of [
      '0000-01-01T00:00:00Z',
      '0001-01-01T00:00:00.000Z',
      '1970-01-01T00:00:00Z',
      '1999-12-31T23:59:59.999Z',
      '2000-01-01T08:59:59+09:00',
    ]) {
      const res = await t.request(g.agencyReporter, {
        method: 'POST',
        url: '/api/v1/incidents',
        payload: t.quickReport({ detectedAt }),
      });
      expectProblem(res, 400, 'incidents.detected_too_early');
    }
    expect(await writtenRows(t)).toEqual(before);
    const first = await t.fileIncident(g.agencyReporter, { detectedAt: '2000-01-01T00:00:00Z' });
    expect((first.chain as { detectedAt: string }).detectedAt).toBe('2000-01-01T00:00:00.000Z');
  });
});
