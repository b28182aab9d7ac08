import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';

// Reminding the recipients of a share is the center's; a reminder reaches exactly those who may read the share
// and have not (for a TLP:RED share its named people, never their whole bodies), and nobody else.

describe.each(DIALECTS)('who may remind, and who is reminded, on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  const u = {} as Record<
    'named' | 'colleague' | 'otherNamed' | 'admin' | 'auditor' | 'centerReporter',
    TestUser
  >;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    const a = await t.org('ministry');
    const b = await t.org('ministry');
    u.named = await t.user(a, 'security-officer');
    u.colleague = await t.user(a, 'reporter');
    u.otherNamed = await t.user(b, 'security-officer');
    u.admin = await t.user(g.center, 'admin');
    u.auditor = await t.user(g.center, 'auditor');
    u.centerReporter = await t.user(g.center, 'reporter');
  });
  afterAll(async () => t?.close());

  const publish = async (audience: object, tlp: string) => {
    const res = await t.request(g.analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: { sourceIncidentIds: [], content: { title: '限定共有', body: '本文' }, audience, tlp },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  };
  const remind = (user: TestUser, id: string) =>
    t.request(user, { method: 'POST', url: `/api/v1/shares/${id}/remind` });

  it('a TLP:RED reminder is addressed to the named people who have not read it, never to their colleagues', async () => {
    const share = await publish({ kind: 'users', users: [u.named.email, u.otherNamed.email] }, 'TLP:RED');
    const ack = await t.request(u.otherNamed, {
      method: 'POST',
      url: `/api/v1/shares/${share.id}/acknowledge`,
      payload: { kind: 'read' },
    });
    expect(ack.statusCode).toBe(200);
    const { head } = await t.services.events.bounds();
    expect((await remind(g.analyst, share.id)).statusCode).toBe(200);
    const [event] = (await t.services.events.since(head, 10)).filter((e) => e.type === 'share.reminded');
    expect(event?.readerOrgIds).toEqual([u.named.org.id]);
    expect(event?.readerUserIds).toEqual([u.named.id]);
  });

  it('nobody but the center reminds: recipients 403, administrators, auditors and strangers 404; nothing written', async () => {
    const share = await publish({ kind: 'orgs', orgs: [u.named.org.slug] }, 'TLP:AMBER');
    expect((await remind(u.named, share.id)).statusCode).toBe(403);
    expect((await remind(u.colleague, share.id)).statusCode).toBe(403);
    for (const who of [u.admin, u.auditor, u.otherNamed, g.agencyReporter]) {
      const res = await remind(who, share.id);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('shares.not_found');
    }
    // A center reporter reads every share but drafts none: it does not remind either.
    expect((await remind(u.centerReporter, share.id)).statusCode).toBe(403);
    expect(
      await t.handle.db.selectFrom('share_reminders').select('id').where('share_id', '=', share.id).execute(),
    ).toEqual([]);
  });
});
