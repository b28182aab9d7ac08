import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';

// An incident number is easy to guess (2026-000001, 2026-000002…): it must open nothing the caller may not
// see. Attempts: search another body's numbers in every spelling, use a number as an id, page the center's
// view before the ministry forwarded, an administrator looking numbers up.

describe.each(DIALECTS)('incident numbers and who may see what on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let sibling: TestUser;
  let other: TestUser;
  let admin: TestUser;
  let number: string;
  let id: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government({ reviewMode: true });
    sibling = await t.user(await t.org('agency', { parent: g.ministry }), 'security-officer');
    other = await t.user(await t.org('ministry'), 'security-officer');
    admin = await t.user(g.center, 'admin');
    const filed = await t.fileIncident(g.agencyReporter, { title: '番号の事案' });
    number = filed.number as string;
    id = filed.id;
  });
  afterAll(async () => t?.close());

  const search = (u: TestUser, q: string) =>
    t.request(u, { method: 'GET', url: '/api/v1/incidents', query: { q } });

  it('the reporting body and its ministry find it by number; the center not while it is in review', async () => {
    expect((await search(g.agencyOfficer, number)).json().items).toHaveLength(1);
    expect((await search(g.ministryOfficer, number)).json().items).toHaveLength(1);
    expect((await search(g.analyst, number)).json().items).toHaveLength(0);
  });

  it.each([
    ['the number', () => number],
    ['its last digits', () => number.slice(5)],
    ['with a zero-width space', () => `${number.slice(0, 5)}\u200b${number.slice(5)}`],
    [
      'in full-width digits (NFKC)',
      () => number.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
    ],
    ['quoted', () => `"${number}"`],
  ])('a sibling agency and another ministry find nothing by %s', async (_, q) => {
    for (const u of [sibling, other]) {
      const res = await search(u, q());
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ items: [], total: 0 });
    }
  });

  it('a number is no id: it opens nothing, for anyone', async () => {
    for (const u of [g.agencyOfficer, other]) {
      const res = await t.request(u, { method: 'GET', url: `/api/v1/incidents/${number}` });
      expect(res.statusCode).toBe(404);
    }
    const byId = await t.request(other, { method: 'GET', url: `/api/v1/incidents/${id}` });
    expect(byId.statusCode).toBe(404);
    expect(byId.body).not.toContain(number);
  });

  it('an administrator sees no incident by its role, number or not', async () => {
    const res = await search(admin, number);
    expect(res.json()).toMatchObject({ items: [], total: 0 });
    expect(res.body).not.toContain(id);
  });
});
