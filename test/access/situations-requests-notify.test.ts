import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepRequestReminders } from '../../src/features/situations/requests.reminders.js';
import { expectProblem } from '../api/helpers.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// Who hears of a request (要請) and who counts it: only the addressed body is notified of its issue (its ministry
// too of its being overdue); a sibling agency in scope, another ministry in scope and the center's analysts hear
// nothing on any channel, and cannot acknowledge the addressed body's notice by its id (404 as for a missing one).
// The board counts a body's requests only where the reader sees the body's row.

const HOUR = 3_600_000;

interface BoardBody {
  orgId: string;
  requests: { open: number; overdue: number; done: number };
}

describe.each(DIALECTS)('request notices and board counts: who, on %s', (dialect) => {
  let t: TestApp;
  let coordinator: TestUser;
  let analyst: TestUser;
  let m1: TestOrg;
  let a1: TestOrg;
  let sibling: TestOrg;
  let m2: TestOrg;
  let officers: Map<string, TestUser>;
  let situationId: string;
  let requestId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const center = await t.org('center');
    coordinator = await t.user(center, 'center-coordinator');
    analyst = await t.user(center, 'center-analyst');
    await t.contact(center, { name: 'センター当番', role: 'duty-officer', email: analyst.email });
    m1 = await t.org('ministry');
    a1 = await t.org('agency', { parent: m1 });
    sibling = await t.org('agency', { parent: m1 });
    m2 = await t.org('ministry');
    officers = new Map();
    for (const org of [m1, a1, sibling, m2]) {
      const officer = await t.user(org, 'security-officer');
      await t.contact(org, { name: '当番', role: 'duty-officer', email: officer.email });
      officers.set(org.id, officer);
    }
    const declared = await t.request(coordinator, {
      method: 'POST',
      url: '/api/v1/situations',
      payload: {
        name: '要請の宛先の試験',
        description: '試験',
        level: 'alert',
        tlp: 'TLP:GREEN',
        scope: {
          kind: 'bodies',
          bodies: [
            { orgId: m1.id, withAgencies: true },
            { orgId: m2.id, withAgencies: false },
          ],
        },
      },
    });
    expect(declared.statusCode, declared.body).toBe(201);
    situationId = (declared.json() as { id: string }).id;
    const issued = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/situations/${situationId}/requests`,
      payload: {
        title: '宛先だけの要請',
        body: '本文',
        dueAt: new Date(t.clock.now().getTime() + HOUR).toISOString(),
        addressees: { kind: 'bodies', bodies: [{ orgId: a1.id }] },
      },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    requestId = (issued.json() as { id: string }).id;
  });
  afterAll(async () => t?.close());

  const officer = (org: TestOrg) => officers.get(org.id) as TestUser;
  const requestNotices = async (u: TestUser) => {
    const res = await t.request(u, { method: 'GET', url: '/api/v1/notifications?status=all' });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: { id: string; event: string }[] }).items.filter((n) =>
      n.event.startsWith('situation.request'),
    );
  };
  const alertedBodies = async () =>
    (
      await t.handle.db
        .selectFrom('notifications')
        .select(['alert_org_id', 'event'])
        .where('subject_type', '=', 'situation_request')
        .where('subject_id', '=', requestId)
        .execute()
    ).map((r) => `${r.event}@${r.alert_org_id}`);

  it('notifies the addressed body only, and nobody else can acknowledge its notice', async () => {
    expect(await alertedBodies()).toEqual([`situation.request.issued@${a1.id}`]);
    const [mine] = await requestNotices(officer(a1));
    expect(mine?.event).toBe('situation.request.issued');
    for (const u of [officer(m1), officer(sibling), officer(m2), analyst, coordinator]) {
      expect(await requestNotices(u)).toEqual([]);
      expectProblem(
        await t.request(u, { method: 'POST', url: `/api/v1/notifications/${mine?.id}/acknowledge` }),
        404,
        'notifications.not_found',
      );
    }
    // The outbox holds nothing for anybody else (no e-mail, no webhook).
    const emails = await t.handle.db
      .selectFrom('notifications')
      .select('email')
      .where('subject_id', '=', requestId)
      .execute();
    expect(emails.map((e) => e.email)).toEqual([officer(a1).email.toLowerCase()]);
  });

  it('reminds the addressed body past its due time and tells its ministry, nobody else', async () => {
    t.clock.advance(HOUR + 60_000);
    expect(await sweepRequestReminders(t.handle, t.services.situationDeps)).toBe(1);
    expect((await alertedBodies()).sort()).toEqual(
      [
        `situation.request.issued@${a1.id}`,
        `situation.request.overdue@${a1.id}`,
        `situation.request.overdue@${m1.id}`,
      ].sort(),
    );
    for (const u of [officer(sibling), officer(m2), analyst]) expect(await requestNotices(u)).toEqual([]);
  });

  it('counts requests on the board only in the rows the reader sees', async () => {
    const board = async (u: TestUser) => {
      const res = await t.request(u, { method: 'GET', url: `/api/v1/situations/${situationId}/board` });
      expect(res.statusCode, res.body).toBe(200);
      return new Map((res.json() as { bodies: BoardBody[] }).bodies.map((b) => [b.orgId, b.requests]));
    };
    const counted = { open: 1, overdue: 1, done: 0 };
    const none = { open: 0, overdue: 0, done: 0 };
    for (const u of [analyst, coordinator]) {
      const rows = await board(u);
      expect(rows.get(a1.id)).toEqual(counted);
      for (const org of [m1, sibling, m2]) expect(rows.get(org.id)).toEqual(none);
    }
    const ministry = await board(officer(m1));
    expect([...ministry.keys()].sort()).toEqual([m1.id, a1.id, sibling.id].sort());
    expect(ministry.get(a1.id)).toEqual(counted);
    // Another ministry sees its own row only: nothing of the agency's request, not even a count.
    const other = await board(officer(m2));
    expect([...other.entries()]).toEqual([[m2.id, none]]);
    const csv = await t.request(officer(m2), {
      method: 'GET',
      url: `/api/v1/situations/${situationId}/board.csv?lang=en`,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Requests open');
    // The sheet's name, its header and the ministry's own row.
    expect(csv.body.trim().split('\n')).toHaveLength(3);
    // An agency has no board at all.
    for (const org of [a1, sibling])
      expectProblem(
        await t.request(officer(org), { method: 'GET', url: `/api/v1/situations/${situationId}/board` }),
        403,
        'situations.board_forbidden',
      );
  });
});
