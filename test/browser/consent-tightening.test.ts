import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestUser } from '../support/harness.js';
import { PASSWORD, sharedBrowser, startWebApp, type WebApp } from './support.js';

// The center learns in words how a reporting body tightened its consent: 承認（条件を厳格化） on the share it
// manages, with what was asked and what was granted, as the server computed it.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('consent tightening, on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let analyst: TestUser;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    analyst = await t.user(await t.org('center'), 'center-analyst', PASSWORD);
  }, 60_000);
  afterAll(async () => {
    await web?.close();
  });

  it('shows the center that the body approved on stricter terms, field by field', async () => {
    const source = await t.org('ministry');
    const officer = await t.user(source, 'security-officer', PASSWORD);
    const reporter = await t.user(source, 'reporter', PASSWORD);
    const recipient = await t.org('ministry');
    const incident = await t.fileIncident(reporter, { title: '厳格化される事案' });
    const created = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [incident.id],
        content: { title: '厳格化される共有', body: '添付ファイルを開いた端末でマルウェアを検知した。' },
        audience: { kind: 'orgs', orgs: [recipient.slug] },
        tlp: 'TLP:AMBER',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const share = created.json() as { id: string; revision: number };
    const pending = await t.request(officer, { method: 'GET', url: '/api/v1/consent-requests' });
    const request = (pending.json() as { items: { id: string; share: { id: string } }[] }).items.find(
      (i) => i.share.id === share.id,
    );
    const decided = await t.request(officer, {
      method: 'POST',
      url: `/api/v1/consent-requests/${request?.id}/decision`,
      payload: { decision: 'approve', tlp: 'TLP:AMBER+STRICT', revision: share.revision },
    });
    expect(decided.statusCode, decided.body).toBe(200);

    const page = await web.openPage();
    await web.signIn(page, analyst, { path: `/shares/${share.id}` });
    const consents = page.getByRole('region', { name: '同意の状況' });
    await consents.getByText('承認（条件を厳格化）').waitFor();
    await consents.getByText('TLP：依頼 TLP:AMBER → 承認 TLP:AMBER+STRICT').waitFor();
    expect(web.problems).toEqual([]);
  });
});
