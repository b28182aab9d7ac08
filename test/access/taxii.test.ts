import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { stixBundleErrors } from '../support/stix-schemas.js';

// The TAXII 2.1 server shows each caller exactly the shares it receives (the visibility module, TLP applied):
// random shares to random audiences, every user's collection compared with the model; and the attacks: a
// collection id of another body or none, a share's object id it does not receive, TLP:RED to named people,
// a withdrawn share, Basic with someone else's address, an administrator, a wrong Accept.

const TAXII = 'application/taxii+json;version=2.1';
const COLLECTION = '6a1f7c52-4d0b-4a8e-9a53-2f1c0b7e9d41';
const TLPS = ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED'] as const;
type Tlp = (typeof TLPS)[number];

interface Body {
  org: TestOrg;
  parent?: TestOrg;
  people: TestUser[];
}
interface MShare {
  id: string;
  reportId?: string;
  /** The vulnerability its CVE id is exported as. */
  vulnerabilityId?: string;
  tlp: Tlp;
  orgs: TestOrg[];
  users: TestUser[];
  withdrawn: boolean;
}

describe.each(DIALECTS)('TAXII access on %s', (dialect) => {
  let t: TestApp;
  let gov: Awaited<ReturnType<TestApp['government']>>;
  let coordinator: TestUser;
  let admin: TestUser;
  let bodies: Body[];
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp(dialect);
    gov = await t.government();
    coordinator = await t.user(gov.center, 'center-coordinator');
    admin = await t.user(gov.center, 'admin');
    const other = await t.org('ministry');
    const otherAgency = await t.org('agency', { parent: other });
    bodies = [
      { org: gov.ministry, people: [gov.ministryReporter, gov.ministryOfficer] },
      { org: gov.agency, parent: gov.ministry, people: [gov.agencyReporter, gov.agencyOfficer] },
      { org: other, people: [await t.user(other, 'reporter'), await t.user(other, 'security-officer')] },
      { org: otherAgency, parent: other, people: [await t.user(otherAgency, 'reporter')] },
    ];
    for (const u of [gov.analyst, coordinator, admin, ...bodies.flatMap((b) => b.people)])
      tokens.set(u.id, (await t.tokenFor(u)).secret);
  });
  afterAll(() => t?.close());

  const bearer = (u: TestUser) => `Bearer ${tokens.get(u.id)}`;
  const taxii = (u: TestUser | null, url: string, headers: Record<string, string> = {}) =>
    t.request(null, {
      method: 'GET',
      url,
      headers: { accept: TAXII, ...(u ? { authorization: bearer(u) } : {}), ...headers },
    });

  /** Every object of the caller's collection, walked page by page with `next`. */
  async function walk(u: TestUser, query = '') {
    const objects: { id: string; type: string; revoked?: boolean }[] = [];
    let next: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const sep = query || next ? '?' : '';
      const params = [query, next ? `next=${encodeURIComponent(next)}` : ''].filter(Boolean).join('&');
      const res = await taxii(u, `/taxii2/api/collections/${COLLECTION}/objects/${sep}${params}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe(TAXII);
      const envelope = res.json() as { more: boolean; next?: string; objects: typeof objects };
      if (envelope.objects.length > 0)
        expect(
          stixBundleErrors({
            type: 'bundle',
            id: 'bundle--0c1b7a2e-8d7b-4d6e-9f1a-3c5e2b1a0d9f',
            objects: envelope.objects,
          }),
        ).toEqual([]);
      objects.push(...envelope.objects);
      if (!envelope.more) return objects;
      next = envelope.next;
    }
    throw new Error('more than 100 pages');
  }

  /** Whether the model says this user receives (or, the center, manages) the share. */
  function sees(u: TestUser, s: MShare): boolean {
    if (u.id === admin.id) return false;
    if (u.id === gov.analyst.id || u.id === coordinator.id) return true;
    if (s.tlp === 'TLP:RED') return s.users.some((x) => x.id === u.id);
    const body = bodies.find((b) => b.people.some((p) => p.id === u.id)) as Body;
    if (s.tlp === 'TLP:CLEAR' || s.tlp === 'TLP:GREEN') return true;
    if (s.orgs.some((o) => o.id === body.org.id)) return true;
    return s.tlp === 'TLP:AMBER' && !!body.parent && s.orgs.some((o) => o.id === body.parent?.id);
  }

  async function publish(s: { tlp: Tlp; orgs: TestOrg[]; users: TestUser[] }, n: number): Promise<MShare> {
    const audience =
      s.tlp === 'TLP:RED'
        ? { kind: 'users', users: s.users.map((u) => u.email) }
        : s.tlp === 'TLP:CLEAR' || s.tlp === 'TLP:GREEN'
          ? { kind: 'all' }
          : { kind: 'orgs', orgs: s.orgs.map((o) => o.slug) };
    const res = await t.request(gov.analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [],
        content: {
          title: `注意喚起 ${n} 'a]b\\c`,
          body: '以下の指標を観測しました。',
          indicators: [
            { type: 'url', value: `https://evil.example/パス/${n}?q=日本語 space` },
            { type: 'vulnerability', value: `CVE-2026-${1000 + n}` },
            { type: 'user-agent', value: `Mozilla/5.0 'Bot\\${n}' 「検査」` },
            { type: 'observable', value: `保守用アカウント ']' ${n}` },
          ],
          mitigations: [],
        },
        audience,
        tlp: s.tlp,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const share = res.json() as { id: string; status: string; revision: number };
    if (share.status === 'awaiting-publication') {
      const published = await t.request(coordinator, {
        method: 'POST',
        url: `/api/v1/shares/${share.id}/publish`,
        payload: { revision: share.revision },
      });
      expect(published.statusCode, published.body).toBe(200);
    }
    return { id: share.id, ...s, withdrawn: false };
  }

  it('shows every user exactly the shares the model allows, and nothing through any attack', async () => {
    const people = bodies.flatMap((b) => b.people);
    const plan = fc.sample(
      fc.record({
        tlp: fc.constantFrom(...TLPS),
        orgs: fc.subarray(
          bodies.map((b) => b.org),
          { minLength: 1 },
        ),
        users: fc.subarray(people, { minLength: 1, maxLength: 2 }),
      }),
      { numRuns: 7, seed: 14 },
    );
    // TLP:RED to one named person of a body whose colleague is not named: the attack the plan must hold.
    plan.push({
      tlp: 'TLP:RED',
      orgs: [bodies[2]?.org as TestOrg],
      users: [bodies[2]?.people[0] as TestUser],
    });
    const shares: MShare[] = [];
    for (const [n, s] of plan.entries()) shares.push(await publish(s, n));
    // The center sees every share: learn each one's report id from its collection.
    const centerObjects = await walk(gov.analyst, 'match[type]=report&limit=2');
    const reportIds = centerObjects.map((o) => o.id);
    expect(reportIds).toHaveLength(shares.length);
    const exportOf = await t.request(gov.analyst, { method: 'GET', url: '/api/v1/shares/export.stix' });
    const reports = (
      exportOf.json() as { objects: { type: string; id: string; name?: string }[] }
    ).objects.filter((o) => o.type === 'report');
    const vulnerabilities = (
      exportOf.json() as { objects: { type: string; id: string; name?: string }[] }
    ).objects.filter((o) => o.type === 'vulnerability');
    for (const [n, s] of shares.entries()) {
      s.reportId = reports.find((r) => r.name?.startsWith(`注意喚起 ${n} `))?.id;
      s.vulnerabilityId = vulnerabilities.find((v) => v.name === `CVE-2026-${1000 + n}`)?.id;
      expect(s.vulnerabilityId).toBeDefined();
    }

    // A withdrawn share: its former recipients get it revoked; nobody else hears of it.
    const gone = shares.find((s) => s.tlp === 'TLP:AMBER+STRICT' || s.tlp === 'TLP:AMBER') ?? shares[0];
    const holders = people.filter((u) => sees(u, gone as MShare));
    const withdrawn = await t.request(gov.analyst, {
      method: 'POST',
      url: `/api/v1/shares/${gone?.id}/withdraw`,
      payload: {},
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    (gone as MShare).withdrawn = true;

    for (const u of [gov.analyst, admin, ...people]) {
      const got = await walk(u, 'limit=1');
      const gotReports = new Map(got.filter((o) => o.type === 'report').map((o) => [o.id, o]));
      const gotVulnerabilities = new Map(got.filter((o) => o.type === 'vulnerability').map((o) => [o.id, o]));
      // A CVE id goes exactly where its share goes, asked by type too.
      const byType = await walk(u, 'match[type]=vulnerability&limit=3');
      expect(byType.map((o) => o.id).sort()).toEqual([...gotVulnerabilities.keys()].sort());
      for (const s of shares) {
        const expected = s.withdrawn ? sees(u, s) || holders.includes(u) : sees(u, s);
        expect(gotReports.has(s.reportId as string), `${u.email} ${s.tlp} ${s.id}`).toBe(expected);
        expect(gotVulnerabilities.has(s.vulnerabilityId as string), `${u.email} ${s.id}`).toBe(expected);
        if (expected && s.withdrawn) {
          expect(gotReports.get(s.reportId as string)?.revoked).toBe(true);
          expect(gotVulnerabilities.get(s.vulnerabilityId as string)?.revoked).toBe(true);
        }
        if (!expected) {
          const vulnerability = await taxii(
            u,
            `/taxii2/api/collections/${COLLECTION}/objects/${s.vulnerabilityId}/`,
          );
          expect(vulnerability.statusCode).toBe(404);
        }
        // Asking for it by id answers as for an id that does not exist.
        const byId = await taxii(u, `/taxii2/api/collections/${COLLECTION}/objects/${s.reportId}/`);
        const none = await taxii(
          u,
          `/taxii2/api/collections/${COLLECTION}/objects/report--00000000-0000-4000-8000-000000000000/`,
        );
        if (!expected) {
          expect(byId.statusCode).toBe(404);
          expect(byId.body).toBe(none.body);
          const matched = await taxii(
            u,
            `/taxii2/api/collections/${COLLECTION}/objects/?match[id]=${s.reportId}`,
          );
          expect((matched.json() as { objects: unknown[] }).objects).toEqual([]);
          const versions = await taxii(
            u,
            `/taxii2/api/collections/${COLLECTION}/objects/${s.reportId}/versions/`,
          );
          expect(versions.statusCode).toBe(404);
          expect(versions.body).toBe(none.body);
        }
      }
      // Nothing but what its shares hold: every object is of a share it sees.
      const manifest = await taxii(u, `/taxii2/api/collections/${COLLECTION}/manifest/`);
      expect(manifest.statusCode).toBe(200);
      expect((manifest.json() as { objects: unknown[] }).objects).toHaveLength(got.length);
    }

    // Another body's collection, or any other id: the same 404 as a collection that does not exist.
    const foreign = await taxii(
      gov.ministryReporter,
      '/taxii2/api/collections/11111111-1111-4111-8111-111111111111/',
    );
    const missing = await taxii(gov.ministryReporter, '/taxii2/api/collections/nothing/objects/');
    expect(foreign.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(foreign.headers['content-type']).toBe(TAXII);
  });

  it('authenticates by Bearer or Basic (the holder’s own address only) and speaks only TAXII', async () => {
    const u = gov.ministryReporter;
    const basic = (email: string, token: string) =>
      `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
    const token = tokens.get(u.id) as string;
    expect((await taxii(null, '/taxii2/', { authorization: basic(u.email, token) })).statusCode).toBe(200);
    expect(
      (await taxii(null, '/taxii2/', { authorization: basic(u.email.toUpperCase(), token) })).statusCode,
    ).toBe(200);
    // A valid token with another person's address, or none.
    const stolen = await taxii(null, '/taxii2/', { authorization: basic(gov.analyst.email, token) });
    expect(stolen.statusCode).toBe(401);
    expect(stolen.headers['content-type']).toBe(TAXII);
    expect(stolen.json()).toMatchObject({ http_status: '401' });
    expect((await taxii(null, '/taxii2/')).statusCode).toBe(401);
    expect((await taxii(null, '/taxii2/', { authorization: 'Basic !!!' })).statusCode).toBe(401);
    // Discovery and the API root, as TAXII 2.1 writes them.
    const discovery = await taxii(u, '/taxii2/');
    expect(discovery.headers['content-type']).toBe(TAXII);
    expect(discovery.json()).toMatchObject({ api_roots: [expect.stringMatching(/\/taxii2\/api\/$/)] });
    expect((await taxii(u, '/taxii2/api/')).json()).toMatchObject({ versions: [TAXII] });
    expect((await taxii(u, '/taxii2/api/collections/')).json()).toMatchObject({
      collections: [
        { id: COLLECTION, can_read: true, can_write: false },
        { title: '報告の受付 / Inbox to the center', can_read: false, can_write: true },
      ],
    });
    // Not TAXII: 406, never the web app's page.
    for (const accept of ['text/html', 'application/json', 'application/taxii+json;version=2.0']) {
      const res = await taxii(u, '/taxii2/', { accept });
      expect(res.statusCode, accept).toBe(406);
      expect(res.headers['content-type']).toBe(TAXII);
    }
    const unknown = await taxii(u, '/taxii2/nothing/');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toBe(TAXII);
    // A `next` this server never gave, a filter it does not know: 400, in TAXII's error format.
    for (const q of ['next=bm9wZQ', 'match[version]=newest', 'limit=0', 'added_after=yesterday']) {
      const res = await taxii(u, `/taxii2/api/collections/${COLLECTION}/objects/?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.headers['content-type'], q).toBe(TAXII);
    }
  });
});
