import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/features/demo/demo.usecases.js';
import { DEMO_PASSWORD, demoEmail } from '../../src/features/demo/government.js';
import { totpCode } from '../../src/features/mfa/totp.js';
import { BrowserClient } from '../support/browser-client.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

// The demo government that `npm start` loads: its bodies, people, incidents and shares, as a first user finds them.

describe.each(DIALECTS)('demo data on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    expect(await loadDemo(t.services)).toBe(true);
  });
  afterAll(() => t?.close());

  const login = async (email: string) => {
    const b = new BrowserClient(t.app);
    const res = await b.logIn(email, DEMO_PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    // A demo officer's role needs a second factor: its first log-in sets up an authenticator app.
    if (res.json().stage === 'enrol') {
      const { secret } = (await b.request({ method: 'POST', url: '/api/v1/me/mfa/totp' })).json();
      const code = totpCode(secret, t.clock.now());
      const done = await b.request({ method: 'POST', url: '/api/v1/me/mfa/totp/confirm', payload: { code } });
      expect(done.json().session.stage).toBe('complete');
    }
    return (url: string) => b.request({ method: 'GET', url });
  };

  it('gives every body a duty officer around the clock and a CSIRT lead in business hours', async () => {
    const officer = await login(demoEmail('security-officer', 'ipa'));
    const res = await officer('/api/v1/orgs/ipa/contacts');
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { items: unknown[] }).items).toEqual([
      expect.objectContaining({
        role: 'duty-officer',
        order: 1,
        availability: '24/7',
        email: demoEmail('security-officer', 'ipa'),
        hasAccount: true,
      }),
      expect.objectContaining({
        role: 'csirt-lead',
        order: 2,
        availability: 'business-hours',
        email: demoEmail('csirt-lead', 'ipa'),
      }),
    ]);
    expect(await t.count('contacts')).toBe(2 * (await t.count('orgs')));
  });

  it('has a request of its administrator waiting for MEXT’s officer, and people who are no young accounts', async () => {
    const officer = await login(demoEmail('security-officer', 'mext'));
    const res = await officer('/api/v1/changes?status=pending');
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { items: unknown[] }).items).toEqual([
      expect.objectContaining({
        kind: 'user.create',
        status: 'pending',
        mayConfirm: true,
        requestedBy: expect.objectContaining({ email: demoEmail('admin', 'nco') }),
      }),
    ]);
    const created = await t.handle.db
      .selectFrom('users')
      .select('created_at')
      .where('email', '=', demoEmail('security-officer', 'mhlw'))
      .executeTakeFirstOrThrow();
    const ageDays = (t.clock.now().getTime() - Date.parse(created.created_at)) / 86_400_000;
    expect(ageDays).toBeGreaterThan(t.config.consentMinAccountAgeDays);
  });

  it('loads only into an empty database', async () => {
    expect(await loadDemo(t.services)).toBe(false);
  });

  it('has a published advisory for every body and a share awaiting the reporting ministry’s consent', async () => {
    const agency = await login(demoEmail('reporter', 'ipa'));
    const inbox = (await agency('/api/v1/shares?box=inbox')).json() as {
      items: { kind: string; status: string }[];
    };
    expect(inbox.items).toEqual([expect.objectContaining({ kind: 'advisory', status: 'published' })]);
    const officer = await login(demoEmail('security-officer', 'mhlw'));
    const requests = (await officer('/api/v1/consent-requests?status=pending')).json() as {
      items: { share: { body: string; status: string } }[];
    };
    expect(requests.items).toHaveLength(1);
    expect(requests.items[0]?.share.status).toBe('awaiting-consent');
    expect(requests.items[0]?.share.body).not.toContain('厚生労働省');
    // Four eyes: the analyst drafted both advisories, the coordinator published one, the other waits.
    const coordinator = await login(demoEmail('center-coordinator', 'nco'));
    const managed = (await coordinator('/api/v1/shares?box=managed&kind=advisory')).json() as {
      items: { status: string; draftedBy: string; publishedBy: string | null }[];
    };
    expect(managed.items.map((s) => [s.status, s.draftedBy, s.publishedBy]).sort()).toEqual([
      ['awaiting-publication', demoEmail('center-analyst', 'nco'), null],
      ['published', demoEmail('center-analyst', 'nco'), demoEmail('center-coordinator', 'nco')],
    ]);
  });
});
