import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mispEventUuid } from '../../src/features/sharing/sharing.misp.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';

// The MISP feed a body's MISP instance pulls with a person's API token (issue 14, point 9) holds exactly what
// that person may see of shares — the visibility module, as every read path — and no answer tells of any other
// event: another body's event uuid, a withdrawn share, a TLP:RED share to someone else and a draft answer as an
// uuid that never existed; a deactivated person's token pulls nothing; the bare token MISP sends opens the feed
// only.

type Manifest = Record<string, { info: string; timestamp: string; Tag: { name: string }[] }>;

describe.each(DIALECTS)('the MISP feed on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let people: Record<string, TestUser>;
  const shares: Record<string, string> = {};
  /** Who receives each share, by the model (§4): the center everything published, a body what is addressed to it. */
  let expected: Record<string, string[]>;

  const api = (u: TestUser | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.request(u, { method, url, ...(payload ? { payload } : {}) });
  /** A request as a MISP instance sends it: the token bare in Authorization. */
  const pull = (u: TestUser, path: string) =>
    t.request(null, { method: 'GET', url: `/misp-feed/${path}`, headers: { authorization: u.token } });

  async function ownShare(name: string, tlp: string, audience: object, value: string) {
    const res = await api(g.analyst, 'POST', '/api/v1/shares', {
      sourceIncidentIds: [],
      content: {
        title: `${name} の共有`,
        body: '観測した通信先。',
        indicators: [{ type: 'domain-name', value }],
      },
      audience,
      tlp,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('published');
    shares[name] = res.json().id;
  }

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    const other = await t.org('ministry');
    const otherAgency = await t.org('agency', { parent: other });
    people = {
      analyst: g.analyst,
      coordinator: await t.user(g.center, 'center-coordinator'),
      admin: await t.user(g.center, 'admin'),
      auditor: await t.user(g.center, 'auditor'),
      ministryReporter: g.ministryReporter,
      ministryOfficer: g.ministryOfficer,
      agencyReporter: g.agencyReporter,
      otherReporter: await t.user(other, 'reporter'),
      otherAgencyReporter: await t.user(otherAgency, 'reporter'),
    };
    await ownShare('all', 'TLP:AMBER', { kind: 'all' }, 'all.example');
    await ownShare('strict', 'TLP:AMBER+STRICT', { kind: 'orgs', orgs: [g.ministry.slug] }, 'strict.example');
    await ownShare(
      'amberOther',
      'TLP:AMBER',
      { kind: 'orgs', orgs: [other.slug], includeAgencies: true },
      'other.example',
    );
    await ownShare('red', 'TLP:RED', { kind: 'users', users: [g.ministryOfficer.email] }, 'red.example');
    await ownShare('withdrawn', 'TLP:AMBER', { kind: 'all' }, 'withdrawn.example');
    // A share of a ministry's report, out after the ministry consents: the ministry manages it.
    const incident = await t.fileIncident(g.ministryReporter, {
      title: '不審なメール',
      summary: '不審なメールを受信した。',
    });
    const consented = await api(g.analyst, 'POST', '/api/v1/shares', {
      sourceIncidentIds: [incident.id],
      content: {
        title: '府省庁からの共有',
        body: '同種のメールに注意。',
        indicators: [{ type: 'domain-name', value: 'consented.example' }],
      },
      audience: { kind: 'orgs', orgs: [other.slug] },
      tlp: 'TLP:AMBER+STRICT',
    });
    shares.consented = consented.json().id;
    const asked = (await api(g.ministryOfficer, 'GET', '/api/v1/consent-requests?status=pending')).json() as {
      items: { id: string; share: { id: string } }[];
    };
    const request = asked.items.find((r) => r.share.id === shares.consented);
    const decided = await api(g.ministryOfficer, 'POST', `/api/v1/consent-requests/${request?.id}/decision`, {
      decision: 'approve',
    });
    expect(decided.json().share.status).toBe('published');
    const draft = await t.request(g.analyst, {
      method: 'POST',
      url: '/api/v1/shares/import.stix',
      payload: {
        type: 'bundle',
        id: 'bundle--00000000-0000-4000-8000-000000000001',
        objects: [
          {
            type: 'domain-name',
            spec_version: '2.1',
            id: 'domain-name--00000000-0000-4000-8000-000000000002',
            value: 'draft.example',
          },
        ],
      },
    });
    shares.draft = draft.json().share.id;
    const published = ['all', 'strict', 'amberOther', 'red', 'consented'];
    expected = {
      analyst: published,
      coordinator: published,
      admin: [],
      auditor: [],
      ministryReporter: ['all', 'strict', 'consented'],
      ministryOfficer: ['all', 'strict', 'red', 'consented'],
      agencyReporter: ['all'],
      otherReporter: ['all', 'amberOther', 'consented'],
      otherAgencyReporter: ['all', 'amberOther'],
    };
  });
  afterAll(() => t?.close());

  const uuidOf = (name: string) => mispEventUuid(shares[name] as string);
  const names = () => Object.keys(shares);

  it('a recipient of a share holds it in its feed until it is withdrawn, then no more', async () => {
    const before = (await pull(people.otherReporter as TestUser, 'manifest.json')).json() as Manifest;
    expect(Object.keys(before)).toContain(uuidOf('withdrawn'));
    const res = await api(g.analyst, 'POST', `/api/v1/shares/${shares.withdrawn}/withdraw`, {
      reason: '誤り',
    });
    expect(res.statusCode).toBe(200);
    const after = (await pull(people.otherReporter as TestUser, 'manifest.json')).json() as Manifest;
    expect(Object.keys(after)).not.toContain(uuidOf('withdrawn'));
  });

  it('gives every person exactly the events the model allows, by every path, and nothing of the others', async () => {
    const unknown = '00000000-0000-4000-8000-00000000dead';
    for (const [who, user] of Object.entries(people)) {
      const allowed = (expected[who] ?? []).map(uuidOf).sort();
      const manifest = await pull(user, 'manifest.json');
      expect(manifest.statusCode, who).toBe(200);
      expect(Object.keys(manifest.json() as Manifest).sort(), who).toEqual(allowed);
      const hashes = (await pull(user, 'hashes.csv')).body;
      expect(
        [
          ...new Set(
            hashes
              .trim()
              .split('\n')
              .filter(Boolean)
              .map((l) => l.split(',')[1]),
          ),
        ].sort(),
        who,
      ).toEqual(allowed);
      const missing = await pull(user, `${unknown}.json`);
      expect(missing.statusCode).toBe(404);
      for (const name of names()) {
        const uuid = uuidOf(name);
        const event = await pull(user, `${uuid}.json`);
        const single = await api(user, 'GET', `/api/v1/shares/${shares[name]}/misp`);
        if (allowed.includes(uuid)) {
          expect(event.statusCode, `${who} ${name}`).toBe(200);
          expect(event.json().Event.uuid).toBe(uuid);
          expect(single.statusCode, `${who} ${name}`).toBe(200);
          expect(single.json()).toEqual(event.json());
        } else {
          // Exactly the answer of an uuid that never was: nothing tells that this one exists.
          expect({ status: event.statusCode, body: event.json() }, `${who} ${name}`).toEqual({
            status: 404,
            body: missing.json(),
          });
          expect(single.statusCode, `${who} ${name}`).toBe(404);
        }
      }
    }
  });

  it('marks each event with its TLP as a tlp: tag', async () => {
    const manifest = (await pull(people.analyst as TestUser, 'manifest.json')).json() as Manifest;
    expect(manifest[uuidOf('strict')]?.Tag).toEqual([{ name: 'tlp:amber+strict' }]);
    expect(manifest[uuidOf('red')]?.Tag).toEqual([{ name: 'tlp:red' }]);
  });

  it('keeps an event’s uuid when its share changes, and moves its timestamp', async () => {
    const before = ((await pull(people.agencyReporter as TestUser, 'manifest.json')).json() as Manifest)[
      uuidOf('all')
    ];
    t.clock.advance(60_000);
    const edit = await api(g.analyst, 'PATCH', `/api/v1/shares/${shares.all}`, {
      content: {
        title: 'all の共有（更新）',
        body: '観測した通信先。',
        indicators: [{ type: 'domain-name', value: 'all.example' }],
      },
    });
    expect(edit.json().status).toBe('published');
    const after = ((await pull(people.agencyReporter as TestUser, 'manifest.json')).json() as Manifest)[
      uuidOf('all')
    ];
    expect(after?.info).toBe('all の共有（更新）');
    expect(Number(after?.timestamp)).toBeGreaterThanOrEqual(Number(before?.timestamp) + 60);
  });

  it('pulls nothing with the token of a person deactivated since', async () => {
    const leaver = await t.user(g.ministry, 'reporter');
    expect((await pull(leaver, 'manifest.json')).statusCode).toBe(200);
    const res = await api(people.admin as TestUser, 'PATCH', `/api/v1/users/${leaver.id}`, {
      disabled: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    for (const path of ['manifest.json', 'hashes.csv', `${uuidOf('all')}.json`]) {
      const answer = await pull(leaver, path);
      expect(answer.statusCode, path).toBe(401);
      expect(answer.json().code).toBe('auth.unauthenticated');
    }
  });

  it('takes a bare token on the feed only; the rest of the API still asks for the Bearer scheme', async () => {
    const u = people.otherReporter as TestUser;
    const bare = { authorization: u.token };
    const list = await t.request(null, { method: 'GET', url: '/api/v1/shares', headers: bare });
    expect(list.statusCode).toBe(401);
    const single = await t.request(null, {
      method: 'GET',
      url: `/api/v1/shares/${shares.all}/misp`,
      headers: bare,
    });
    expect(single.statusCode).toBe(401);
    for (const header of ['Basic abc', `Bearer ${u.token} extra`, `${u.token}\u200b`, 'x'.repeat(201)]) {
      const answer = await t.request(null, {
        method: 'GET',
        url: '/misp-feed/manifest.json',
        headers: { authorization: header },
      });
      expect(answer.statusCode, header).toBe(401);
    }
  });
});
