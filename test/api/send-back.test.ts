import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardOverdue } from '../../src/features/incidents/incidents.routing.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

const MINUTE = 60_000;

interface SendBack {
  requestedAt: string;
  requestedBy: { email: string; orgSlug: string };
  message: string;
  answeredAt: string | null;
  answeredBySeq: number | null;
}
interface Detail {
  id: string;
  sentBack: { requestedAt: string; message: string } | null;
  chain: { awaitingReview: boolean; reviewDueAt: string | null; centerReceivedAt: string | null };
  sendBacks: SendBack[];
  deliveries: { level: string; note: string | null; route: string }[];
}

describe.each(DIALECTS)('sending a report back, and the forward note, on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government({ reviewMode: true });
  });
  afterAll(async () => t?.close());

  const sendBack = (user: TestUser, id: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.request(user, { method: 'POST', url: `/api/v1/incidents/${id}/send-back`, payload, headers } as never);
  const read = async (user: TestUser, id: string) => {
    const res = await t.request(user, { method: 'GET', url: `/api/v1/incidents/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Detail;
  };
  const followUp = (user: TestUser, id: string, text: string) =>
    t.request(user, {
      method: 'POST',
      url: `/api/v1/incidents/${id}/reports`,
      payload: { kind: 'update', text },
    });
  const forward = (user: TestUser, id: string, payload: unknown = {}) =>
    t.request(user, { method: 'POST', url: `/api/v1/incidents/${id}/forward`, payload } as never);
  /** Releases whatever earlier tests left waiting, so that a test sees only its own deadlines. */
  const releaseLeftovers = async () => {
    t.clock.advance(8 * 24 * 60 * MINUTE);
    await forwardOverdue(t.services.handle, t.services.incidentDeps);
  };

  it('the ministry asks for more; the agency sees it on the incident and in its list; the center does not see the incident', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const before = await read(g.ministryOfficer, incident.id);
    const { head } = await t.services.events.bounds();
    const res = await sendBack(g.ministryOfficer, incident.id, {
      message: '被害端末の台数を追記してください。',
    });
    expect(res.statusCode, res.body).toBe(200);
    const requestedAt = t.clock.now().toISOString();
    expect(res.json().sentBack).toEqual({ requestedAt, message: '被害端末の台数を追記してください。' });

    const seen = await read(g.agencyReporter, incident.id);
    expect(seen.sentBack).toEqual({ requestedAt, message: '被害端末の台数を追記してください。' });
    expect(seen.sendBacks).toEqual([
      {
        requestedAt,
        requestedBy: { email: g.ministryOfficer.email, orgSlug: g.ministry.slug },
        message: '被害端末の台数を追記してください。',
        answeredAt: null,
        answeredBySeq: null,
      },
    ]);
    // The review goes on, under the same deadline.
    expect(seen.chain).toMatchObject({ awaitingReview: true, reviewDueAt: before.chain.reviewDueAt });
    const list = (
      await t.request(g.agencyReporter, { method: 'GET', url: '/api/v1/incidents?limit=200' })
    ).json().items as { id: string; sentBack: unknown }[];
    expect(list.find((i) => i.id === incident.id)?.sentBack).toEqual(seen.sentBack);

    expect(
      (await t.request(g.analyst, { method: 'GET', url: `/api/v1/incidents/${incident.id}` })).statusCode,
    ).toBe(404);
    const events = (await t.services.events.since(head, 10)).filter((e) => e.incidentId === incident.id);
    expect(events.map((e) => [e.type, [...e.readerOrgIds].sort()])).toEqual([
      ['incident.sent_back', [g.agency.id, g.ministry.id].sort()],
    ]);
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('subject_id', '=', incident.id)
      .where('action', '=', 'incident.send_back')
      .execute();
    expect(audit).toEqual([{ action: 'incident.send_back', actor_user_id: g.ministryOfficer.id }]);
  });

  it("the agency's next follow-up answers the request; the ministry may ask again, then forwards", async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    expect((await sendBack(g.ministryOfficer, incident.id, { message: '原因は？' })).statusCode).toBe(200);
    expectProblem(
      await sendBack(g.ministryOfficer, incident.id, { message: 'もう一度' }),
      409,
      'incidents.already_sent_back',
    );
    t.clock.advance(5 * MINUTE);
    expect((await followUp(g.agencyReporter, incident.id, '原因は VPN 機器の脆弱性。')).statusCode).toBe(201);
    const answeredAt = t.clock.now().toISOString();
    const after = await read(g.ministryOfficer, incident.id);
    expect(after.sentBack).toBeNull();
    expect(after.sendBacks).toEqual([
      expect.objectContaining({ message: '原因は？', answeredAt, answeredBySeq: 2 }),
    ]);
    expect(after.chain.awaitingReview).toBe(true);
    // A later follow-up answers nothing more.
    expect((await followUp(g.agencyReporter, incident.id, '補足')).statusCode).toBe(201);
    expect((await read(g.ministryOfficer, incident.id)).sendBacks[0]?.answeredBySeq).toBe(2);
    expect((await sendBack(g.ministryOfficer, incident.id, { message: '影響範囲は？' })).statusCode).toBe(
      200,
    );
    expect((await forward(g.ministryOfficer, incident.id)).statusCode).toBe(200);
    expectProblem(
      await sendBack(g.ministryOfficer, incident.id, { message: '遅い' }),
      409,
      'incidents.not_awaiting_review',
    );
  });

  it('the deadline neither pauses nor restarts: the center gets the incident on time, with the open request', async () => {
    await releaseLeftovers();
    const incident = await t.fileIncident(g.agencyReporter);
    const due = (await read(g.ministryOfficer, incident.id)).chain.reviewDueAt as string;
    t.clock.advance(10 * MINUTE);
    expect((await sendBack(g.ministryOfficer, incident.id, { message: '追記を' })).statusCode).toBe(200);
    expect((await read(g.ministryOfficer, incident.id)).chain.reviewDueAt).toBe(due);
    t.clock.set(new Date(Date.parse(due) + 1000));
    expect(await forwardOverdue(t.services.handle, t.services.incidentDeps)).toBe(1);
    const atCenter = await read(g.analyst, incident.id);
    expect(atCenter.sentBack).toMatchObject({ message: '追記を' });
    expect((await followUp(g.agencyReporter, incident.id, '追記しました')).statusCode).toBe(201);
    expect((await read(g.analyst, incident.id)).sentBack).toBeNull();
  });

  it('409 when nothing waits for review; 403 for anyone but the supervising ministry; bad messages 400; nothing written', async () => {
    const reviewed = await t.fileIncident(g.agencyReporter);
    const own = await t.fileIncident(g.ministryReporter);
    const rows = () => t.count('send_backs');
    const before = await rows();
    expectProblem(await sendBack(g.ministryOfficer, own.id, { message: 'x' }), 403, 'auth.forbidden');
    for (const who of [g.ministryReporter, g.agencyOfficer, g.agencyReporter])
      expectProblem(await sendBack(who, reviewed.id, { message: '自分で' }), 403, 'auth.forbidden');
    for (const [payload, code] of [
      [{}, 'request.validation_failed'],
      [{ message: ' ' }, 'request.validation_failed'],
      [{ message: '\u200B\u3000' }, 'text.empty'],
      [{ message: 'a\u202Eb' }, 'text.invisible_characters'],
      [{ message: 'x'.repeat(4001) }, 'text.too_long'],
      [{ message: 'ok', extra: true }, 'request.validation_failed'],
    ] as const)
      expectProblem(await sendBack(g.ministryOfficer, reviewed.id, payload), 400, code);
    expect(await rows()).toBe(before);
  });

  it('409 on an agency incident of a ministry that does not review', async () => {
    const auto = await t.government();
    const incident = await t.fileIncident(auto.agencyReporter);
    expectProblem(
      await sendBack(auto.ministryOfficer, incident.id, { message: 'x' }),
      409,
      'incidents.not_awaiting_review',
    );
  });

  it("the forward note is kept with the center's delivery, NFC, shown to the center and the ministry, not the agency", async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const note = '緊急度が高いため至急確認をお願いします（か\u3099）';
    expect((await forward(g.ministryOfficer, incident.id, { note })).statusCode).toBe(200);
    const stored = note.normalize('NFC');
    const noteAt = (d: Detail) => d.deliveries.find((x) => x.level === 'center')?.note;
    expect(noteAt(await read(g.analyst, incident.id))).toBe(stored);
    expect(noteAt(await read(g.ministryOfficer, incident.id))).toBe(stored);
    expect(noteAt(await read(g.agencyReporter, incident.id))).toBeNull();
    expect(noteAt(await read(g.agencyOfficer, incident.id))).toBeNull();
    const plain = await t.fileIncident(g.agencyReporter);
    expect((await forward(g.ministryOfficer, plain.id)).statusCode).toBe(200);
    expect(noteAt(await read(g.analyst, plain.id))).toBeNull();
    const bad = await t.fileIncident(g.agencyReporter);
    expectProblem(
      await forward(g.ministryOfficer, bad.id, { note: 'x\u2066y' }),
      400,
      'text.invisible_characters',
    );
  });
});
