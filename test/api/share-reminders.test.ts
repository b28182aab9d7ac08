import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// The center reminds the recipient bodies of a share that have not read it: an event for exactly those bodies
// (which notification planning turns into notices), audited, at most once in ten minutes per share.

const MINUTE = 60_000;

describe.each(DIALECTS)('reminders of unread shares on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let readers: { org: TestOrg; officer: TestUser }[];
  let coordinator: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    coordinator = await t.user(g.center, 'center-coordinator');
    readers = [];
    for (let i = 0; i < 3; i++) {
      const org = await t.org('ministry');
      readers.push({ org, officer: await t.user(org, 'security-officer') });
    }
    const first = readers[0] as { org: TestOrg };
    await t.contact(first.org, {
      name: '当番',
      role: 'duty-officer',
      email: `duty@${first.org.slug}.example.jp`,
    });
  });
  afterAll(async () => t?.close());

  const publish = async (orgs: TestOrg[], tlp = 'TLP:AMBER') => {
    const res = await t.request(g.analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [],
        content: { title: '注意喚起', body: '203.0.113.9 への通信を確認してください' },
        audience: { kind: 'orgs', orgs: orgs.map((o) => o.slug) },
        tlp,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('published');
    return res.json() as { id: string };
  };
  const remind = (user: TestUser, id: string) =>
    t.request(user, { method: 'POST', url: `/api/v1/shares/${id}/remind` });
  const acknowledge = (user: TestUser, id: string) =>
    t.request(user, { method: 'POST', url: `/api/v1/shares/${id}/acknowledge`, payload: { kind: 'read' } });

  it('reminds exactly the bodies that have not read it, audited, and notified through their rules', async () => {
    const [a, b, c] = readers as [(typeof readers)[0], (typeof readers)[0], (typeof readers)[0]];
    const share = await publish([a.org, b.org, c.org]);
    expect((await acknowledge(b.officer, share.id)).statusCode).toBe(200);
    const { head } = await t.services.events.bounds();
    const res = await remind(g.analyst, share.id);
    expect(res.statusCode, res.body).toBe(200);
    const now = t.clock.now().getTime();
    expect(res.json()).toEqual({
      remindedAt: new Date(now).toISOString(),
      nextAt: new Date(now + 10 * MINUTE).toISOString(),
      orgs: expect.any(Array),
    });
    expect(
      res
        .json()
        .orgs.map((o: { slug: string }) => o.slug)
        .sort(),
    ).toEqual([a.org.slug, c.org.slug].sort());
    const events = (await t.services.events.since(head, 10)).filter((e) => e.type === 'share.reminded');
    expect(events).toHaveLength(1);
    expect([...(events[0]?.readerOrgIds ?? [])].sort()).toEqual([a.org.id, c.org.id].sort());
    expect(events[0]?.payload).toMatchObject({ shareId: share.id });
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'detail'])
      .where('subject_id', '=', share.id)
      .where('action', '=', 'share.remind')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_user_id).toBe(g.analyst.id);
    // The duty officer of an unread body is told, by the event's kind.
    const notices = await t.handle.db
      .selectFrom('notifications')
      .select(['event', 'org_id'])
      .where('event', '=', 'share.reminded')
      .execute();
    expect(notices.map((n) => n.org_id)).toEqual([a.org.id]);
    const board = (
      await t.request(g.analyst, { method: 'GET', url: `/api/v1/shares/${share.id}/acknowledgments` })
    ).json();
    expect(board.lastReminder).toEqual({ at: new Date(now).toISOString(), bodies: 2 });
  });

  it('once in ten minutes per share: 429 with Retry-After before, allowed after; another share is not held', async () => {
    const [a] = readers as [(typeof readers)[0]];
    const share = await publish([a.org]);
    const other = await publish([a.org]);
    expect((await remind(g.analyst, share.id)).statusCode).toBe(200);
    t.clock.advance(4 * MINUTE);
    const early = await remind(coordinator, share.id);
    expectProblem(early, 429, 'shares.reminded_recently');
    expect(early.headers['retry-after']).toBe(String(6 * 60));
    expect(early.json().retryAfterSeconds).toBe(6 * 60);
    expect((await remind(g.analyst, other.id)).statusCode).toBe(200);
    t.clock.advance(6 * MINUTE);
    expect((await remind(coordinator, share.id)).statusCode).toBe(200);
    expect(
      await t.handle.db.selectFrom('share_reminders').select('id').where('share_id', '=', share.id).execute(),
    ).toHaveLength(2);
  });

  it('409 when every recipient has read it or it is not published; 403 for a recipient; 404 for a stranger to it', async () => {
    const [a, b] = readers as [(typeof readers)[0], (typeof readers)[0]];
    const share = await publish([a.org]);
    expect((await acknowledge(a.officer, share.id)).statusCode).toBe(200);
    expectProblem(await remind(g.analyst, share.id), 409, 'shares.all_read');
    const withdrawn = await publish([a.org]);
    expect(
      (
        await t.request(g.analyst, {
          method: 'POST',
          url: `/api/v1/shares/${withdrawn.id}/withdraw`,
          payload: { reason: '誤り' },
        })
      ).statusCode,
    ).toBe(200);
    expectProblem(await remind(g.analyst, withdrawn.id), 409, 'shares.not_published');
    const open = await publish([a.org]);
    expectProblem(await remind(a.officer, open.id), 403, 'auth.forbidden');
    expectProblem(await remind(b.officer, open.id), 404, 'shares.not_found');
    expectProblem(await remind(g.agencyReporter, open.id), 404, 'shares.not_found');
    expect(
      await t.handle.db.selectFrom('share_reminders').select('id').where('share_id', '=', open.id).execute(),
    ).toEqual([]);
  });
});
