import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stixId } from '../../src/features/sharing/sharing.stix.js';
import { expectProblem } from '../api/helpers.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { stixBundleErrors } from '../support/stix-schemas.js';

// Sightings as STIX 2.1 sighting objects go exactly as far as sightings do: a body gets its own (where sighted:
// its own identity), the center that published the share one sighting per indicator for all bodies together,
// naming none; a recipient beside it sees nothing of another's, and whoever does not receive the share gets the
// answer of a missing one. Every bundle validates against the STIX 2.1 schemas.

const SHARED = [
  { type: 'ipv4-addr', value: '198.51.100.23' },
  { type: 'domain-name', value: 'evil.example' },
];

interface Sighting {
  id: string;
  type: string;
  count: number;
  sighting_of_ref: string;
  where_sighted_refs?: string[];
  first_seen: string;
  last_seen: string;
  x_renraku_bodies?: number;
}

describe.each(DIALECTS)('sightings as STIX on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let otherReporter: TestUser;
  let outsider: TestUser;
  let admin: TestUser;
  let share: string;
  let otherOrg: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    const otherMinistry = await t.org('ministry');
    otherOrg = otherMinistry.id;
    otherReporter = await t.user(otherMinistry, 'reporter');
    outsider = await t.user(await t.org('ministry'), 'security-officer');
    admin = await t.user(g.center, 'admin');
    const res = await t.request(g.analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [],
        content: { title: '注意喚起', body: '本文', indicators: SHARED },
        audience: { kind: 'orgs', orgs: [g.ministry.slug, otherMinistry.slug] },
        tlp: 'TLP:AMBER+STRICT',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    share = res.json().id;
    const seenAt = (minutes: number) => new Date(t.clock.now().getTime() - minutes * 60_000).toISOString();
    for (const [u, minutes, count] of [
      [g.ministryReporter, 30, 3],
      [g.ministryReporter, 10, 2],
      [otherReporter, 20, 5],
    ] as const) {
      const sighted = await t.request(u, {
        method: 'POST',
        url: `/api/v1/shares/${share}/sightings`,
        payload: { ...SHARED[0], seenAt: seenAt(minutes), count, note: 'プロキシで検知' },
      });
      expect(sighted.statusCode, sighted.body).toBe(201);
    }
  });
  afterAll(async () => t?.close());

  const stix = async (u: TestUser, id = share) => {
    const res = await t.request(u, { method: 'GET', url: `/api/v1/shares/${id}/sightings.stix` });
    return res;
  };
  const objectsOf = (res: Awaited<ReturnType<typeof stix>>) => {
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/stix+json');
    const bundle = res.json();
    expect(stixBundleErrors(bundle)).toEqual([]);
    return bundle.objects as Sighting[];
  };

  it('gives a body its own sightings, sighted where its own identity is', async () => {
    // The sighting points at the indicator as the share's own STIX export names it.
    const exported = await t.request(g.ministryReporter, {
      method: 'GET',
      url: `/api/v1/shares/${share}/stix`,
    });
    expect(exported.statusCode, exported.body).toBe(200);
    const sightedIndicator = (exported.json().objects as { type: string; id: string; name?: string }[]).find(
      (o) => o.type === 'indicator' && o.name === SHARED[0]?.value,
    );
    expect(sightedIndicator).toBeDefined();
    const own = objectsOf(await stix(g.ministryReporter));
    expect(own).toHaveLength(2);
    for (const s of own) {
      expect(s.type).toBe('sighting');
      expect(s.sighting_of_ref).toBe(sightedIndicator?.id);
      expect(s.where_sighted_refs).toEqual([stixId('identity', g.ministry.id)]);
    }
    expect(own.map((s) => s.count).sort()).toEqual([2, 3]);
    const other = objectsOf(await stix(otherReporter));
    expect(other.map((s) => [s.count, s.where_sighted_refs])).toEqual([[5, [stixId('identity', otherOrg)]]]);
    // Nothing of the other body's sighting reaches this one, and the reverse.
    expect(JSON.stringify(other)).not.toContain(g.ministry.id);
    expect(JSON.stringify(own)).not.toContain(otherOrg);
  });

  it('gives the center one sighting per seen indicator for all bodies, naming none', async () => {
    const all = objectsOf(await stix(g.analyst));
    expect(all).toHaveLength(1);
    const [s] = all as [Sighting];
    expect(s.count).toBe(10);
    expect(s.x_renraku_bodies).toBe(2);
    expect(s.where_sighted_refs).toBeUndefined();
    expect(s.first_seen < s.last_seen).toBe(true);
    expect(JSON.stringify(all)).not.toMatch(new RegExp(`${g.ministry.id}|${otherOrg}|プロキシ`));
  });

  it('sights a CVE id as its vulnerability, a user agent and a free observable as their indicators', async () => {
    const NEW_KINDS = [
      { type: 'vulnerability', value: 'CVE-2026-1234' },
      { type: 'user-agent', value: "Mozilla/5.0 (compatible; Evil'Bot 「検査」)" },
      { type: 'observable', value: '保守用アカウント svc_maint' },
    ];
    const created = await t.request(g.analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [],
        content: { title: '脆弱性の注意喚起', body: '本文', indicators: NEW_KINDS },
        audience: { kind: 'orgs', orgs: [g.ministry.slug] },
        tlp: 'TLP:AMBER',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const sight = (u: TestUser, indicator: { type: string; value: string }) =>
      t.request(u, {
        method: 'POST',
        url: `/api/v1/shares/${id}/sightings`,
        payload: { ...indicator, seenAt: t.clock.now().toISOString(), count: 1 },
      });
    for (const i of NEW_KINDS) expect((await sight(g.ministryReporter, i)).statusCode).toBe(201);
    // Only as the share shows it; and a body that does not receive it learns nothing.
    expectProblem(
      await sight(g.ministryReporter, { type: 'vulnerability', value: 'cve-2026-1234' }),
      422,
      'sightings.not_in_share',
    );
    expectProblem(await sight(otherReporter, NEW_KINDS[0] as never), 404, 'shares.not_found');
    const exported = await t.request(g.ministryReporter, { method: 'GET', url: `/api/v1/shares/${id}/stix` });
    expect(exported.statusCode, exported.body).toBe(200);
    const objects = exported.json().objects as { type: string; id: string; name?: string }[];
    const idOf = (type: string, name: string) => objects.find((o) => o.type === type && o.name === name)?.id;
    const expected = [
      idOf('vulnerability', 'CVE-2026-1234'),
      idOf('indicator', NEW_KINDS[1]?.value as string),
      idOf('indicator', NEW_KINDS[2]?.value as string),
    ];
    expect(expected.every((x) => x !== undefined)).toBe(true);
    const own = objectsOf(await stix(g.ministryReporter, id));
    expect(own.map((o) => o.sighting_of_ref).sort()).toEqual([...expected].sort());
    const all = objectsOf(await stix(g.analyst, id));
    expect(all.map((o) => o.sighting_of_ref).sort()).toEqual([...expected].sort());
  });

  it('answers whoever does not receive the share exactly as a missing one', async () => {
    const missing = await stix(g.ministryReporter, '01900000-0000-7000-8000-000000000000');
    expectProblem(missing, 404, 'shares.not_found');
    for (const u of [outsider, admin, g.agencyReporter]) {
      const res = await stix(u);
      expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 404, body: missing.json() });
    }
  });
});
