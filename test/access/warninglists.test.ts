import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../api/helpers.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';

// Only the center's analysts and coordinators edit warning lists; only the center's content roles read them.
// Every other person — an agency's, a ministry's, the center's administrator or auditor — is refused, whatever
// the path, and nothing changes. Flags reach only those who may read the incident.

describe.each(DIALECTS)('who may see and edit warning lists on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let refusedUsers: [string, TestUser][];
  let editors: [string, TestUser][];
  let listId: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    refusedUsers = [
      ['agency reporter', g.agencyReporter],
      ['agency security officer', g.agencyOfficer],
      ['ministry reporter', g.ministryReporter],
      ['ministry security officer', g.ministryOfficer],
      ['center administrator', await t.user(g.center, 'admin')],
      ['center auditor', await t.user(g.center, 'auditor')],
    ];
    editors = [
      ['center analyst', g.analyst],
      ['center coordinator', await t.user(g.center, 'center-coordinator')],
    ];
    const all = await t.request(g.analyst, { method: 'GET', url: '/api/v1/warninglists' });
    listId = (all.json().lists as { id: string; name: string }[]).find((l) => l.name === 'Largest domains')
      ?.id as string;
  });
  afterAll(async () => t?.close());

  const newList = (name: string) => ({
    name,
    description: '',
    source: '',
    matchType: 'string',
    appliesTo: [],
    entries: ['x.example'],
  });

  const mispFile = (name: string) => ({
    name,
    version: 1,
    description: '',
    type: 'string',
    list: ['x.example'],
  });

  it('does not answer another person’s replayed import: the key is the center analyst’s, the caller is refused', async () => {
    const key = { 'idempotency-key': 'misp-import-by-the-analyst' };
    const first = await t.request(g.analyst, {
      method: 'POST',
      url: '/api/v1/warninglists/import',
      payload: mispFile('MISP: replay target'),
      headers: key,
    });
    expect(first.statusCode).toBe(201);
    const lists = await t.count('warninglists');
    for (const [, u] of refusedUsers) {
      const replay = await t.request(u, {
        method: 'POST',
        url: '/api/v1/warninglists/import',
        payload: mispFile('MISP: replay target'),
        headers: key,
      });
      expectProblem(replay, 403, 'auth.forbidden');
      expect(replay.body).not.toContain(first.json().list.id);
    }
    expect(await t.count('warninglists')).toBe(lists);
  });

  it('refuses every path to everyone but the center’s content roles, and changes nothing', async () => {
    const before = { lists: await t.count('warninglists'), entries: await t.count('warninglist_entries') };
    const audit = await t.count('audit_log');
    for (const [who, u] of refusedUsers) {
      const answers = [
        await t.request(u, { method: 'GET', url: '/api/v1/warninglists' }),
        await t.request(u, { method: 'GET', url: `/api/v1/warninglists/${listId}` }),
        await t.request(u, { method: 'POST', url: '/api/v1/warninglists', payload: newList(`by ${who}`) }),
        await t.request(u, {
          method: 'PATCH',
          url: `/api/v1/warninglists/${listId}`,
          payload: { revision: 1, enabled: false, add: ['evil.example'] },
        }),
        await t.request(u, {
          method: 'POST',
          url: '/api/v1/warninglists/import',
          payload: mispFile(`by ${who}`),
        }),
        // Refused before the file is read: a broken file tells an outsider nothing of the rules it breaks.
        await t.request(u, {
          method: 'POST',
          url: '/api/v1/warninglists/import',
          payload: { ...mispFile(`bad by ${who}`), type: 'regex', list: ['(a+)+$'] },
        }),
      ];
      for (const res of answers) expectProblem(res, 403, 'auth.forbidden');
    }
    expect({ lists: await t.count('warninglists'), entries: await t.count('warninglist_entries') }).toEqual(
      before,
    );
    expect(await t.count('audit_log')).toBe(audit);
  });

  it('lets the center’s analysts and coordinators read and edit; a replayed creation makes one list', async () => {
    for (const [who, u] of editors) {
      expect((await t.request(u, { method: 'GET', url: `/api/v1/warninglists/${listId}` })).statusCode).toBe(
        200,
      );
      const key = { 'idempotency-key': `make-${who.replace(/ /g, '-')}` };
      const first = await t.request(u, {
        method: 'POST',
        url: '/api/v1/warninglists',
        payload: newList(`by ${who}`),
        headers: key,
      });
      expect(first.statusCode, first.body).toBe(201);
      const replay = await t.request(u, {
        method: 'POST',
        url: '/api/v1/warninglists',
        payload: newList(`by ${who}`),
        headers: key,
      });
      expect(replay.json().id).toBe(first.json().id);
      const again = await t.request(u, {
        method: 'POST',
        url: '/api/v1/warninglists',
        payload: newList(`by ${who}`),
      });
      expectProblem(again, 409, 'warninglists.name_taken');
    }
  });

  it('shows flags only with the incident: a body that may not read it gets the answer of a missing one', async () => {
    const incident = await t.fileIncident(g.agencyReporter, {
      indicators: [{ type: 'domain', value: 'www.google.com' }],
    });
    const own = await t.request(g.agencyReporter, { method: 'GET', url: `/api/v1/incidents/${incident.id}` });
    expect(own.json().indicators[0].warningLists).toEqual(['Largest domains']);
    const otherMinistry = await t.user(await t.org('ministry'), 'security-officer');
    const other = await t.request(otherMinistry, { method: 'GET', url: `/api/v1/incidents/${incident.id}` });
    const missing = await t.request(otherMinistry, {
      method: 'GET',
      url: '/api/v1/incidents/01900000-0000-7000-8000-000000000000',
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe(missing.json().code);
  });
});
