import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardOverdue } from '../../src/features/incidents/incidents.routing.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem, writtenRows } from './helpers.js';

const MINUTE = 60_000;

interface Delivery {
  level: string;
  org: { slug: string };
  state: string;
  route: string;
  receivedAt: string | null;
  reviewDueAt: string | null;
  forwardedAt: string | null;
}

describe.each(DIALECTS)('the reporting chain on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
  const read = (user: TestUser, id: string) =>
    t.request(user, { method: 'GET', url: `/api/v1/incidents/${id}` });
  const forward = (user: TestUser, id: string, extra: Partial<InjectOptions> = {}) =>
    t.request(user, { method: 'POST', url: `/api/v1/incidents/${id}/forward`, ...extra });
  const listIds = async (user: TestUser, query = '') =>
    (
      (await t.request(user, { method: 'GET', url: `/api/v1/incidents?limit=200${query}` })).json().items as {
        id: string;
      }[]
    ).map((i) => i.id);
  /** Releases whatever earlier tests left waiting, so that a test sees only its own deadlines. */
  const releaseLeftovers = async () => {
    t.clock.advance(8 * 24 * 60 * MINUTE);
    await forwardOverdue(t.services.handle, t.services.incidentDeps);
  };

  it('automatic mode: an agency report reaches its ministry and the center at once', async () => {
    const g = await t.government();
    const incident = await t.fileIncident(g.agencyReporter);
    const reportedAt = t.clock.now().toISOString();
    expect(incident.chain).toMatchObject({
      reportedAt,
      ministryReceivedAt: reportedAt,
      centerReceivedAt: reportedAt,
      awaitingReview: false,
      reviewDueAt: null,
    });
    const detail = (await read(g.analyst, incident.id)).json();
    expect(detail.deliveries as Delivery[]).toEqual([
      expect.objectContaining({
        level: 'ministry',
        org: expect.objectContaining({ slug: g.ministry.slug }),
        state: 'delivered',
        route: 'direct',
        receivedAt: reportedAt,
      }),
      expect.objectContaining({
        level: 'center',
        org: expect.objectContaining({ slug: g.center.slug }),
        state: 'delivered',
        route: 'auto',
        receivedAt: reportedAt,
      }),
    ]);
    expect((await read(g.ministryOfficer, incident.id)).statusCode).toBe(200);
  });

  it("a ministry's own incident goes straight to the center, even when it reviews its agencies", async () => {
    const g = await t.government({ reviewMode: true });
    const incident = await t.fileIncident(g.ministryReporter);
    const reportedAt = t.clock.now().toISOString();
    expect(incident.chain).toMatchObject({
      centerReceivedAt: reportedAt,
      ministryReceivedAt: null,
      awaitingReview: false,
    });
    const detail = (await read(g.analyst, incident.id)).json();
    expect((detail.deliveries as Delivery[]).map((d) => [d.level, d.state, d.route])).toEqual([
      ['center', 'delivered', 'direct'],
    ]);
    // The agency below sees nothing of its ministry's incident.
    expectProblem(await read(g.agencyReporter, incident.id), 404, 'incidents.not_found');
  });

  it('review mode: the ministry reviews, the center cannot see it, the officer forwards it', async () => {
    const g = await t.government({ reviewMode: true });
    const incident = await t.fileIncident(g.agencyReporter);
    const reportedAt = t.clock.now().toISOString();
    const dueAt = plus(reportedAt, 60 * MINUTE);
    expect(incident.chain).toMatchObject({
      ministryReceivedAt: reportedAt,
      centerReceivedAt: null,
      awaitingReview: true,
      reviewDueAt: dueAt,
    });
    expect(incident.reportingTarget).toMatchObject({ centerReceivedInTime: null });

    expectProblem(await read(g.analyst, incident.id), 404, 'incidents.not_found');
    expect(await listIds(g.analyst)).not.toContain(incident.id);
    expect(await listIds(g.ministryOfficer, '&awaitingReview=true')).toContain(incident.id);
    const waiting = (await read(g.ministryOfficer, incident.id)).json();
    expect((waiting.deliveries as Delivery[]).map((d) => [d.level, d.state, d.route, d.reviewDueAt])).toEqual(
      [
        ['ministry', 'delivered', 'direct', null],
        ['center', 'awaiting-review', 'review', dueAt],
      ],
    );

    // Only the supervising ministry's security officer may release it.
    const before = await writtenRows(t);
    expectProblem(await forward(g.ministryReporter, incident.id), 403, 'auth.forbidden');
    expectProblem(await forward(g.agencyOfficer, incident.id), 403, 'auth.forbidden');
    expectProblem(await forward(g.analyst, incident.id), 404, 'incidents.not_found');
    expect(await writtenRows(t)).toEqual(before);

    t.clock.advance(12 * MINUTE);
    const forwardedAt = t.clock.now().toISOString();
    const released = await forward(g.ministryOfficer, incident.id);
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json().chain).toMatchObject({
      awaitingReview: false,
      reviewDueAt: null,
      centerReceivedAt: forwardedAt,
    });
    expect(released.json().reportingTarget.centerReceivedInTime).toBe(true);

    const seen = await read(g.analyst, incident.id);
    expect(seen.statusCode).toBe(200);
    expect((seen.json().deliveries as Delivery[])[1]).toMatchObject({
      level: 'center',
      state: 'delivered',
      route: 'forwarded',
      receivedAt: forwardedAt,
      forwardedAt,
    });
    expect(await listIds(g.ministryOfficer, '&awaitingReview=true')).not.toContain(incident.id);

    const again = await forward(g.ministryOfficer, incident.id);
    expectProblem(again, 409, 'incidents.not_awaiting_review');
    // Nothing is waiting any more, so the deadline releases nothing.
    t.clock.advance(2 * 60 * MINUTE);
    expect(await forwardOverdue(t.services.handle, t.services.incidentDeps)).toBe(0);
    expect((await read(g.analyst, incident.id)).json().deliveries[1].route).toBe('forwarded');
  });

  it.each([
    ['no body and no content type', {}],
    ['an empty JSON object', { payload: {} }],
    ['an empty body declared as JSON', { payload: '', headers: { 'content-type': 'application/json' } }],
    ['a note', { payload: { note: '確認済み。転送します。' } }],
  ] as [string, Partial<InjectOptions>][])('forwarding works with %s', async (_name, extra) => {
    const g = await t.government({ reviewMode: true });
    const incident = await t.fileIncident(g.agencyReporter);
    const res = await forward(g.ministryOfficer, incident.id, extra);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().chain.centerReceivedAt).toBe(t.clock.now().toISOString());
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('subject_id', '=', incident.id)
      .where('action', '=', 'incident.forward')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('a forward with an unknown field or a bad note is refused', async () => {
    const g = await t.government({ reviewMode: true });
    const incident = await t.fileIncident(g.agencyReporter);
    expectProblem(
      await forward(g.ministryOfficer, incident.id, { payload: { to: 'center' } }),
      400,
      'request.validation_failed',
    );
    expectProblem(
      await forward(g.ministryOfficer, incident.id, { payload: { note: '\u001b[2J' } }),
      400,
      'request.control_characters',
    );
    expect((await read(g.ministryOfficer, incident.id)).json().chain.awaitingReview).toBe(true);
  });

  it("the ministry's own review deadline sets when the report is due", async () => {
    const center = await t.org('center');
    const ministry = await t.org('ministry', { reviewMode: true, reviewDeadlineMinutes: 15 });
    const agency = await t.org('agency', { parent: ministry });
    expect(center.kind).toBe('center');
    const incident = await t.fileIncident(await t.user(agency, 'reporter'));
    expect(incident.chain).toMatchObject({
      awaitingReview: true,
      reviewDueAt: plus(t.clock.now().toISOString(), 15 * MINUTE),
    });
  });

  it('the review deadline releases the report to the center by itself, and not before', async () => {
    await releaseLeftovers();
    const g = await t.government({ reviewMode: true });
    const incident = await t.fileIncident(g.agencyReporter);
    const dueAt = incident.chain as { reviewDueAt: string };

    t.clock.advance(60 * MINUTE - 1);
    expect(await forwardOverdue(t.services.handle, t.services.incidentDeps)).toBe(0);
    expect((await read(g.ministryOfficer, incident.id)).json().chain.awaitingReview).toBe(true);
    expectProblem(await read(g.analyst, incident.id), 404, 'incidents.not_found');

    t.clock.advance(2 * MINUTE);
    const releasedAt = t.clock.now().toISOString();
    expect(await forwardOverdue(t.services.handle, t.services.incidentDeps)).toBe(1);
    const seen = await read(g.analyst, incident.id);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().chain).toMatchObject({ awaitingReview: false, centerReceivedAt: releasedAt });
    expect((seen.json().deliveries as Delivery[])[1]).toMatchObject({
      state: 'delivered',
      route: 'deadline',
      receivedAt: releasedAt,
      reviewDueAt: dueAt.reviewDueAt,
    });
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('subject_id', '=', incident.id)
      .where('action', '=', 'incident.forward_on_deadline')
      .execute();
    expect(audit).toEqual([{ action: 'incident.forward_on_deadline', actor_user_id: null }]);

    expect(await forwardOverdue(t.services.handle, t.services.incidentDeps)).toBe(0);
    expectProblem(await forward(g.ministryOfficer, incident.id), 409, 'incidents.not_awaiting_review');
  });

  it('a report still waiting after the reporting target has missed it', async () => {
    await releaseLeftovers();
    const g = await t.government({ reviewMode: true });
    const incident = await t.fileIncident(g.agencyReporter, {
      detectedAt: new Date(t.clock.now().getTime() - 50 * MINUTE).toISOString(),
    });
    expect(incident.reportingTarget).toMatchObject({ met: true, centerReceivedInTime: null });
    t.clock.advance(11 * MINUTE);
    const late = (await read(g.ministryOfficer, incident.id)).json();
    expect(late.reportingTarget).toMatchObject({ met: true, centerReceivedInTime: false });
  });

  it('the reporting target: met within 60 minutes of detection, missed after two hours', async () => {
    const g = await t.government();
    const now = t.clock.now().getTime();
    const inTime = await t.fileIncident(g.agencyReporter, {
      detectedAt: new Date(now - 59 * MINUTE).toISOString(),
    });
    expect(inTime.reportingTarget).toEqual({
      minutes: 60,
      dueAt: new Date(now + MINUTE).toISOString(),
      met: true,
      centerReceivedInTime: true,
    });
    const atTheLimit = await t.fileIncident(g.agencyReporter, {
      detectedAt: new Date(now - 60 * MINUTE).toISOString(),
    });
    expect(atTheLimit.reportingTarget).toMatchObject({ met: true });
    const late = await t.fileIncident(g.agencyReporter, {
      detectedAt: new Date(now - 2 * 60 * MINUTE).toISOString(),
    });
    expect(late.reportingTarget).toEqual({
      minutes: 60,
      dueAt: new Date(now - 60 * MINUTE).toISOString(),
      met: false,
      centerReceivedInTime: false,
    });
  });

  it("a ministry's security officer switches review mode; an agency officer cannot", async () => {
    const g = await t.government();
    const patch = (user: TestUser, payload: Record<string, unknown>) =>
      t.request(user, { method: 'PATCH', url: `/api/v1/orgs/${g.ministry.slug}/routing`, payload });

    const before = await writtenRows(t);
    expectProblem(await patch(g.agencyOfficer, { reviewMode: true }), 403, 'auth.forbidden');
    expectProblem(await patch(g.ministryReporter, { reviewMode: true }), 403, 'auth.forbidden');
    expectProblem(await patch(g.ministryOfficer, { reviewMode: 'yes' }), 400, 'request.validation_failed');
    expect(await writtenRows(t)).toEqual(before);
    expect((await t.fileIncident(g.agencyReporter)).chain).toMatchObject({ awaitingReview: false });

    const on = await patch(g.ministryOfficer, { reviewMode: true, reviewDeadlineMinutes: 30 });
    expect(on.statusCode).toBe(200);
    expect(on.json()).toMatchObject({ slug: g.ministry.slug, reviewMode: true, reviewDeadlineMinutes: 30 });
    const reviewed = await t.fileIncident(g.agencyReporter);
    expect(reviewed.chain).toMatchObject({
      awaitingReview: true,
      centerReceivedAt: null,
      reviewDueAt: plus(t.clock.now().toISOString(), 30 * MINUTE),
    });

    const off = await patch(g.ministryOfficer, { reviewMode: false });
    expect(off.json()).toMatchObject({ reviewMode: false, reviewDeadlineMinutes: 30 });
    const direct = await t.fileIncident(g.agencyReporter);
    expect(direct.chain).toMatchObject({
      awaitingReview: false,
      centerReceivedAt: t.clock.now().toISOString(),
    });
    // Switching review off does not release what is already waiting.
    expect((await read(g.ministryOfficer, reviewed.id)).json().chain.awaitingReview).toBe(true);
  });
});

describe.each(DIALECTS)('a configured reporting target on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, { config: { reportingTargetMinutes: 180, reviewDeadlineMinutes: 20 } });
  });
  afterAll(async () => t?.close());

  it('a report two hours after detection meets a three-hour target', async () => {
    const g = await t.government();
    const now = t.clock.now().getTime();
    const incident = await t.fileIncident(g.agencyReporter, {
      detectedAt: new Date(now - 120 * MINUTE).toISOString(),
    });
    expect(incident.reportingTarget).toEqual({
      minutes: 180,
      dueAt: new Date(now + 60 * MINUTE).toISOString(),
      met: true,
      centerReceivedInTime: true,
    });
    const late = await t.fileIncident(g.agencyReporter, {
      detectedAt: new Date(now - 181 * MINUTE).toISOString(),
    });
    expect(late.reportingTarget).toMatchObject({ minutes: 180, met: false });
  });

  it('the configured default review deadline applies to a ministry without its own', async () => {
    const g = await t.government({ reviewMode: true });
    const incident = await t.fileIncident(g.agencyReporter);
    expect(incident.chain).toMatchObject({
      awaitingReview: true,
      reviewDueAt: new Date(t.clock.now().getTime() + 20 * MINUTE).toISOString(),
    });
  });
});
