import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

interface Message {
  id: string;
  incidentId: string;
  body: string;
  replyTo: string | null;
  createdAt: string;
  author: { displayName: string; email: string; org: { slug: string } };
}

describe.each(DIALECTS)('the conversation on an incident on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
  });
  afterAll(async () => t?.close());

  const post = (user: TestUser, id: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.request(user, { method: 'POST', url: `/api/v1/incidents/${id}/messages`, payload, headers } as never);
  const messages = async (user: TestUser, id: string) => {
    const res = await t.request(user, { method: 'GET', url: `/api/v1/incidents/${id}/messages` });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Message[] }).items;
  };
  const rows = () => t.count('incident_messages');

  it('the center asks, the agency answers, the ministry reads both, in order, with author and time', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const asked = await post(g.analyst, incident.id, { body: '侵入経路は判明していますか？' });
    expect(asked.statusCode, asked.body).toBe(201);
    const question = asked.json() as Message;
    expect(question).toMatchObject({
      incidentId: incident.id,
      body: '侵入経路は判明していますか？',
      replyTo: null,
      createdAt: t.clock.now().toISOString(),
      author: { email: g.analyst.email, org: { slug: g.center.slug } },
    });
    t.clock.advance(60_000);
    const answered = await post(g.agencyReporter, incident.id, {
      body: 'VPN 機器の脆弱性です。\n詳細は続報で。',
      replyTo: question.id,
    });
    expect(answered.statusCode, answered.body).toBe(201);
    expect(answered.json()).toMatchObject({ replyTo: question.id, author: { org: { slug: g.agency.slug } } });
    for (const reader of [g.ministryOfficer, g.analyst, g.agencyOfficer]) {
      const seen = await messages(reader, incident.id);
      expect(seen.map((m) => m.body)).toEqual([
        '侵入経路は判明していますか？',
        'VPN 機器の脆弱性です。\n詳細は続報で。',
      ]);
    }
  });

  it('posting and reading are audited; posting records a live event for the other readers and one for its own body', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const { head } = await t.services.events.bounds();
    const res = await post(g.ministryOfficer, incident.id, { body: '影響範囲を教えてください' });
    expect(res.statusCode).toBe(201);
    const events = (await t.services.events.since(head, 10)).filter((e) => e.incidentId === incident.id);
    expect(events.map((e) => [e.type, [...e.readerOrgIds].sort()])).toEqual([
      ['message.posted', [g.agency.id, g.center.id].sort()],
      ['message.sent', [g.ministry.id]],
    ]);
    expect(events[0]?.payload).toEqual({
      messageId: res.json().id,
      orgSlug: g.ministry.slug,
      replyTo: null,
    });
    await messages(g.agencyReporter, incident.id);
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('subject_id', '=', incident.id)
      .where('action', 'like', 'incident.message%')
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'incident.message_post', actor_user_id: g.ministryOfficer.id },
      { action: 'incident.messages_read', actor_user_id: g.agencyReporter.id },
    ]);
  });

  it("a message notifies the duty officers of the incident's other reader bodies, not the author's own", async () => {
    const gov = await t.government();
    for (const org of [gov.agency, gov.ministry, gov.center])
      await t.contact(org, { name: '当番', role: 'duty-officer', email: `duty@${org.slug}.example.jp` });
    const incident = await t.fileIncident(gov.agencyReporter);
    const res = await post(gov.ministryOfficer, incident.id, { body: '被害の範囲を教えてください' });
    expect(res.statusCode).toBe(201);
    const notices = await t.handle.db
      .selectFrom('notifications')
      .select(['org_id'])
      .where('event', '=', 'message.posted')
      .where('org_id', 'in', [gov.agency.id, gov.ministry.id, gov.center.id])
      .execute();
    expect(notices.map((n) => n.org_id).sort()).toEqual([gov.agency.id, gov.center.id].sort());
  });

  it('stores NFC, refuses empty, too long, control and bidirectional characters with a 4xx, writing nothing', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const decomposed = 'か\u3099'; // が as two code points
    const ok = await post(g.analyst, incident.id, { body: decomposed });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().body).toBe('が');
    const before = await rows();
    const refusals: [unknown, number, string][] = [
      [{ body: '   \n  ' }, 400, 'request.validation_failed'],
      [{ body: '\u200B\u3000\u200D' }, 400, 'text.empty'],
      [{ body: 'x'.repeat(4001) }, 400, 'text.too_long'],
      [{ body: '😀'.repeat(4001) }, 400, 'text.too_long'],
      [{ body: 'a\u0007b' }, 400, 'request.control_characters'],
      [{ body: 'a\u0085b' }, 400, 'request.control_characters'],
      [{ body: 'invoice\u202Egpj.exe' }, 400, 'text.invisible_characters'],
      [{ body: 'ok', replyTo: 'not-a-message' }, 400, 'conversation.unknown_reply_to'],
      [{ body: 'ok', extra: 1 }, 400, 'request.validation_failed'],
      [{}, 400, 'request.validation_failed'],
      [{ body: 42 }, 400, 'request.validation_failed'],
    ];
    for (const [payload, status, code] of refusals)
      expectProblem(await post(g.analyst, incident.id, payload), status, code);
    expect(await rows()).toBe(before);
  });

  it('a reply must answer a message of the same incident', async () => {
    const a = await t.fileIncident(g.agencyReporter);
    const b = await t.fileIncident(g.agencyReporter);
    const onA = (await post(g.analyst, a.id, { body: 'A への質問' })).json() as Message;
    expectProblem(
      await post(g.analyst, b.id, { body: '返信', replyTo: onA.id }),
      400,
      'conversation.unknown_reply_to',
    );
  });

  it('an Idempotency-Key makes a retried post one message', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const headers = { 'idempotency-key': `message-${incident.id}` };
    const first = await post(g.agencyReporter, incident.id, { body: '再送テスト' }, headers);
    const again = await post(g.agencyReporter, incident.id, { body: '再送テスト' }, headers);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(await messages(g.agencyReporter, incident.id)).toHaveLength(1);
  });
});
