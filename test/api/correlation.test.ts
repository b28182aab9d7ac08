import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeIncidentCorrelations } from '../../src/features/correlation/correlation.purge.repository.js';
import { fileQuickReport } from '../../src/features/incidents/incidents.filing.js';
import type { Actor } from '../../src/platform/access/roles.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// Correlation at the center (issue 14, points 3 and 4): matches found as reports are filed (equality and
// containment), read per incident and as clusters within what the caller reads, a live event and a
// notification to the readers of both incidents, and a share drafted from a cluster.

describe.each(DIALECTS)('correlation on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let otherMinistry: TestOrg;
  let otherReporter: TestUser;
  let otherOfficer: TestUser;
  const ids: Record<string, string> = {};

  const file = async (u: TestUser, indicators: { type: string; value: string }[], title = '不審な通信') =>
    (await t.fileIncident(u, { title, indicators })).id;
  const get = (u: TestUser, url: string) => t.request(u, { method: 'GET', url });

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    otherMinistry = await t.org('ministry');
    otherReporter = await t.user(otherMinistry, 'reporter');
    otherOfficer = await t.user(otherMinistry, 'security-officer');
    // The center's analyst hears of correlations in the app (a contact whose address is the analyst's).
    await t.contact(g.center, { name: '分析官', role: 'csirt-lead', email: g.analyst.email });
    ids.ministry = await file(g.ministryReporter, [
      { type: 'ipv4', value: '45.83.120.7' },
      { type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
    ]);
    ids.other = await file(otherReporter, [
      { type: 'cidr', value: '45.83.120.0/24' },
      { type: 'domain', value: 'evil.example' },
    ]);
    ids.agency = await file(g.agencyReporter, [{ type: 'url', value: 'hxxps://cdn[.]evil[.]example/x' }]);
    ids.alone = await file(g.agencyReporter, [{ type: 'domain', value: 'evil-evil.example' }]);
  });
  afterAll(async () => t?.close());

  it('shows the center each incident’s correlations, by containment in both directions', async () => {
    const res = await get(g.analyst, `/api/v1/incidents/${ids.other}/correlations`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.clusterId).toBe(ids.other);
    const byIncident = Object.fromEntries(
      body.correlations.map((c: { incident: { id: string }; shared: unknown[] }) => [
        c.incident.id,
        c.shared,
      ]),
    );
    expect(Object.keys(byIncident).sort()).toEqual([ids.ministry, ids.agency].sort());
    expect(byIncident[ids.ministry as string]).toEqual([
      expect.objectContaining({
        type: 'cidr',
        value: '45.83.120.0/24',
        otherValue: '45.83.120.7',
        kind: 'contains',
      }),
    ]);
    expect(byIncident[ids.agency as string]).toEqual([
      expect.objectContaining({
        type: 'domain',
        value: 'evil.example',
        otherType: 'url',
        otherValue: 'https://cdn.evil.example/x',
        kind: 'contains',
      }),
    ]);
    const fromAgency = (await get(g.analyst, `/api/v1/incidents/${ids.agency}/correlations`)).json();
    expect(fromAgency.correlations[0].shared[0]).toMatchObject({
      kind: 'within',
      otherValue: 'evil.example',
    });
    expect(fromAgency.correlations[0].incident).toMatchObject({
      id: ids.other,
      body: { slug: otherMinistry.slug },
    });
    const alone = (await get(g.analyst, `/api/v1/incidents/${ids.alone}/correlations`)).json();
    expect(alone).toEqual({
      incidentId: ids.alone,
      clusterId: null,
      total: 0,
      nextCursor: null,
      correlations: [],
    });
  });

  it('shows a body nothing of another body’s indicators, and answers its probes as for a missing incident', async () => {
    for (const u of [g.ministryReporter, g.agencyReporter, otherReporter]) {
      const own = u === otherReporter ? ids.other : u === g.agencyReporter ? ids.agency : ids.ministry;
      const res = await get(u, `/api/v1/incidents/${own}/correlations`);
      expect(res.json(), u.email).toEqual({
        incidentId: own,
        clusterId: null,
        total: 0,
        nextCursor: null,
        correlations: [],
      });
      expect((await get(u, '/api/v1/correlations/clusters')).json()).toEqual({
        clusters: [],
        total: 0,
        nextCursor: null,
      });
      expectProblem(await get(u, `/api/v1/correlations/clusters/${own}`), 404, 'correlations.not_found');
    }
    const missing = await get(
      otherReporter,
      '/api/v1/incidents/01900000-0000-7000-8000-000000000000/correlations',
    );
    const probe = await get(otherReporter, `/api/v1/incidents/${ids.ministry}/correlations`);
    expectProblem(missing, 404, 'incidents.not_found');
    expectProblem(probe, 404, 'incidents.not_found');
    expect(probe.json()).toEqual(missing.json());
    const clusterProbe = await get(otherOfficer, `/api/v1/correlations/clusters/${ids.ministry}`);
    expectProblem(clusterProbe, 404, 'correlations.not_found');
  });

  it('gives the center one cluster with its bodies, sightings and shared indicators', async () => {
    const list = (await get(g.analyst, '/api/v1/correlations/clusters')).json();
    expect(list.clusters).toHaveLength(1);
    const [summary] = list.clusters;
    const members = [ids.ministry, ids.other, ids.agency].sort();
    expect(summary).toMatchObject({ id: members[0], incidentCount: 3, indicatorCount: 4 });
    expect(summary.bodies.map((b: { slug: string }) => b.slug).sort()).toEqual(
      [g.ministry.slug, g.agency.slug, otherMinistry.slug].sort(),
    );
    // Any incident of the cluster names it.
    const one = (await get(g.analyst, `/api/v1/correlations/clusters/${ids.agency}`)).json();
    expect(one.id).toBe(summary.id);
    expect(one.incidents.map((i: { id: string }) => i.id).sort()).toEqual(members);
    expect(one.links).toHaveLength(2);
    expect(one.firstSeenAt <= one.lastSeenAt).toBe(true);
    expectProblem(
      await get(g.analyst, `/api/v1/correlations/clusters/${ids.alone}`),
      404,
      'correlations.not_found',
    );
  });

  it('shows a ministry the correlations between its own and its agencies’ incidents only', async () => {
    const shared = await file(g.ministryReporter, [{ type: 'domain', value: 'www.cdn.evil.example' }]);
    const mine = (await get(g.ministryOfficer, `/api/v1/incidents/${shared}/correlations`)).json();
    // The agency's URL is on a parent of nothing here: cdn.evil.example's URL is not inside www.cdn…; the
    // other ministry's evil.example contains it, but the ministry does not read that incident.
    expect(mine.correlations).toEqual([]);
    const both = await file(g.ministryReporter, [{ type: 'domain', value: 'cdn.evil.example' }]);
    const res = (await get(g.ministryOfficer, `/api/v1/incidents/${both}/correlations`)).json();
    expect(res.correlations.map((c: { incident: { id: string } }) => c.incident.id).sort()).toEqual(
      [ids.agency, shared].sort(),
    );
    const clusters = (await get(g.ministryOfficer, '/api/v1/correlations/clusters')).json().clusters;
    expect(clusters).toHaveLength(1);
    expect(clusters[0].bodies.map((b: { slug: string }) => b.slug).sort()).toEqual(
      [g.ministry.slug, g.agency.slug].sort(),
    );
    const center = (await get(g.analyst, `/api/v1/incidents/${both}/correlations`)).json();
    expect(center.correlations.map((c: { incident: { id: string } }) => c.incident.id)).toContain(ids.other);
  });

  it('raises correlation.found for the readers of both incidents, and notifies the center', async () => {
    const events = await t.handle.db
      .selectFrom('events')
      .select(['type', 'incident_id', 'payload', 'seq'])
      .where('type', '=', 'correlation.found')
      .orderBy('seq')
      .execute();
    expect(events.length).toBeGreaterThanOrEqual(3);
    const readers = await t.handle.db
      .selectFrom('event_readers')
      .select(['seq', 'reader_id'])
      .where(
        'seq',
        'in',
        events.map((e) => e.seq),
      )
      .execute();
    const first = events[0];
    expect(first?.incident_id).toBe(ids.other);
    expect(JSON.parse(first?.payload ?? '{}')).toMatchObject({ otherIncidentId: ids.ministry, values: 1 });
    // Two ministries' incidents: only the center reads both.
    expect(readers.filter((r) => r.seq === first?.seq).map((r) => r.reader_id)).toEqual([g.center.id]);
    const notices = await t.handle.db
      .selectFrom('notifications')
      .select(['event', 'incident_id', 'org_id', 'user_id'])
      .where('event', '=', 'correlation.found')
      .execute();
    expect(notices.length).toBeGreaterThan(0);
    expect(new Set(notices.map((n) => n.org_id))).toEqual(new Set([g.center.id]));
    expect(notices.every((n) => n.user_id === g.analyst.id)).toBe(true);
  });

  it('drafts a share from a cluster, its incidents as sources, asking their bodies’ consent', async () => {
    const url = `/api/v1/correlations/clusters/${ids.other}/share-draft`;
    const payload = { tlp: 'TLP:AMBER', audience: { kind: 'ministries' } };
    const refused = await t.request(otherOfficer, { method: 'POST', url, payload });
    expectProblem(refused, 403, 'auth.forbidden');
    const res = await t.request(g.analyst, { method: 'POST', url, payload });
    expect(res.statusCode, res.body).toBe(201);
    // One share per reporting body: a consent request shows a body its own reports only.
    const drafts: { shareId: string; status: string; sourceIncidentIds: string[]; indicatorCount: number }[] =
      res.json().shares;
    expect(drafts.map((d) => d.status)).toEqual(drafts.map(() => 'awaiting-consent'));
    const toOther = drafts.find((d) => d.sourceIncidentIds.includes(ids.other as string));
    expect(toOther?.sourceIncidentIds).toEqual([ids.other]);
    const asked = await t.handle.db
      .selectFrom('consent_requests')
      .select(['org_id', 'share_id'])
      .where(
        'share_id',
        'in',
        drafts.map((d) => d.shareId),
      )
      .execute();
    // The agency's incident is consented to by its ministry (the default), the others by their own bodies.
    expect(new Set(asked.map((a) => a.org_id))).toEqual(new Set([g.ministry.id, otherMinistry.id]));
    expect(asked.filter((a) => a.share_id === toOther?.shareId).map((a) => a.org_id)).toEqual([
      otherMinistry.id,
    ]);
    const share = (await get(g.analyst, `/api/v1/shares/${toOther?.shareId}`)).json();
    expect(share.indicators).toEqual([
      expect.objectContaining({ type: 'ipv4-addr', value: '45.83.120.0/24' }),
      expect.objectContaining({ type: 'domain-name', value: 'evil.example' }),
    ]);
    expect(share.body).not.toContain(g.ministry.slug);
  });

  it('tells the center of an agency’s correlations once its ministry forwards the report it reviewed', async () => {
    const reviewing = await t.org('ministry', { reviewMode: true });
    const officer = await t.user(reviewing, 'security-officer');
    const agencyReporter = await t.user(await t.org('agency', { parent: reviewing }), 'reporter');
    const held = await file(agencyReporter, [{ type: 'ipv4', value: '45.83.120.200' }]);
    const heard = () =>
      t.handle.db
        .selectFrom('events')
        .innerJoin('event_readers', 'event_readers.seq', 'events.seq')
        .select(['events.incident_id', 'event_readers.reader_id'])
        .where('events.type', '=', 'correlation.found')
        .where('events.incident_id', '=', held)
        .execute();
    // Inside the other ministry's 45.83.120.0/24, but no body reads both yet: nobody hears of it.
    expect(await heard()).toEqual([]);
    expectProblem(await get(g.analyst, `/api/v1/incidents/${held}/correlations`), 404, 'incidents.not_found');
    const res = await t.request(officer, {
      method: 'POST',
      url: `/api/v1/incidents/${held}/forward`,
      payload: {},
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await heard()).toEqual([{ incident_id: held, reader_id: g.center.id }]);
    const atCenter = (await get(g.analyst, `/api/v1/incidents/${held}/correlations`)).json();
    expect(atCenter.correlations.map((c: { incident: { id: string } }) => c.incident.id)).toEqual([
      ids.other,
    ]);
  });

  it('does not correlate what the shipped warning lists flag (a public resolver, a private range)', async () => {
    const a = await file(g.ministryReporter, [
      { type: 'ipv4', value: '8.8.8.8' },
      { type: 'ipv4', value: '10.20.30.40' },
    ]);
    const b = await file(otherReporter, [
      { type: 'ipv4', value: '8.8.8.8' },
      { type: 'cidr', value: '10.0.0.0/8' },
    ]);
    for (const id of [a, b])
      expect((await get(g.analyst, `/api/v1/incidents/${id}/correlations`)).json().correlations).toEqual([]);
  });

  it('leaves out of correlation what the warning-list check names (the hook the warning lists plug into)', async () => {
    const deps = t.services.incidentDeps;
    deps.correlation = {
      warned: async (_db, values) =>
        new Set(values.filter((v) => v.value === '45.83.122.53').map((v) => `${v.type}\u0000${v.value}`)),
    };
    try {
      const a = await file(g.ministryReporter, [{ type: 'ipv4', value: '45.83.122.53' }]);
      const b = await file(otherReporter, [
        { type: 'ipv4', value: '45.83.122.53' },
        { type: 'cidr', value: '45.83.122.0/28' },
      ]);
      for (const id of [a, b])
        expect((await get(g.analyst, `/api/v1/incidents/${id}/correlations`)).json().correlations).toEqual(
          [],
        );
    } finally {
      delete deps.correlation;
    }
  });

  it('correlates reports filed in one commit group with each other once, as if one after the other; a rolled-back one correlates nothing', async () => {
    const actorOf = (u: TestUser): Actor => ({
      userId: u.id,
      email: u.email,
      role: u.role,
      orgId: u.org.id,
      orgSlug: u.org.slug,
      orgKind: u.org.kind,
      via: 'token',
    });
    const filing = (u: TestUser, indicators: { type: string; value: string }[], rollBack = false) =>
      inTransaction(t.handle, async (unit) => {
        const { incident } = await fileQuickReport({
          unit,
          actor: actorOf(u),
          input: t.quickReport({ title: '同時の報告', indicators }),
          deps: t.services.incidentDeps,
        });
        if (rollBack) throw new Error('changed my mind');
        return incident.id;
      });
    const keys = await t.count('correlation_keys');
    // Queued in the same turn: the committer runs them as one group (transaction.ts), correlated together.
    const [first, withdrawn, second] = await Promise.allSettled([
      filing(g.ministryReporter, [{ type: 'domain', value: 'group.example' }]),
      filing(otherReporter, [{ type: 'domain', value: 'www.group.example' }], true),
      filing(otherReporter, [
        { type: 'url', value: 'https://cdn.group.example/a' },
        { type: 'domain', value: 'group.example' },
      ]),
    ]);
    expect(withdrawn.status).toBe('rejected');
    if (first.status !== 'fulfilled' || second.status !== 'fulfilled') throw new Error('a filing failed');
    // The rolled-back report left no value behind; the two others stored theirs.
    expect(await t.count('correlation_keys')).toBe(keys + 3);
    const shared = (await get(g.analyst, `/api/v1/incidents/${second.value}/correlations`)).json();
    expect(shared.correlations.map((c: { incident: { id: string } }) => c.incident.id)).toEqual([
      first.value,
    ]);
    expect(
      shared.correlations[0].shared.map((s: { type: string; value: string; kind: string }) => [
        s.type,
        s.value,
        s.kind,
      ]),
    ).toEqual([
      ['domain', 'group.example', 'equal'],
      ['url', 'https://cdn.group.example/a', 'within'],
    ]);
    // One event for the pair. On SQLite (one writer, one group at a time) the three ran as one group, and the
    // later report raised it; PostgreSQL may split them over parallel groups, and then whichever came second does.
    const events = await t.handle.db
      .selectFrom('events')
      .select(['incident_id', 'payload'])
      .where('type', '=', 'correlation.found')
      .where('incident_id', 'in', [first.value, second.value])
      .execute();
    const raised = events.map((e) => {
      const payload = JSON.parse(e.payload) as { otherIncidentId: string; values: number };
      return [e.incident_id, payload.otherIncidentId, payload.values];
    });
    if (dialect === 'sqlite') expect(raised).toEqual([[second.value, first.value, 2]]);
    else expect([[[second.value, first.value, 2]], [[first.value, second.value, 2]]]).toContainEqual(raised);
  });

  it('correlates every pair of reports of one value filed at the same moment by many bodies, whatever groups they land in', async () => {
    // On PostgreSQL the committer runs several groups in parallel; a report must still meet the value of one
    // committed by a parallel group just before it.
    const bodies = await Promise.all(
      Array.from({ length: 8 }, async () => t.user(await t.org('ministry'), 'reporter')),
    );
    const value = '45.83.121.77';
    const filed = await Promise.all(
      bodies.flatMap((u) => [0, 1].map(() => file(u, [{ type: 'ipv4', value }], '同時多発'))),
    );
    for (const id of filed) {
      const res = await get(g.analyst, `/api/v1/incidents/${id}/correlations`);
      expect(res.statusCode, res.body).toBe(200);
      const others = res.json().correlations.map((c: { incident: { id: string } }) => c.incident.id);
      expect(new Set(others)).toEqual(new Set(filed.filter((x) => x !== id)));
    }
  });

  it('the exercise purge’s part erases an incident’s values and its matches on both sides, and no others', async () => {
    const keys = await t.count('correlation_keys');
    const links = await t.count('correlation_links');
    const mine = await t.handle.db
      .selectFrom('correlation_links')
      .select('incident_id')
      .where((w) =>
        w.or([
          w('incident_id', '=', ids.agency as string),
          w('other_incident_id', '=', ids.agency as string),
        ]),
      )
      .execute();
    const counts = await inTransaction(t.handle, (unit) =>
      purgeIncidentCorrelations(unit.tx, [ids.agency as string]),
    );
    expect(counts).toEqual({ correlation_links: mine.length, correlation_keys: 1 });
    expect(await t.count('correlation_keys')).toBe(keys - 1);
    expect(await t.count('correlation_links')).toBe(links - mine.length);
    const other = (await get(g.analyst, `/api/v1/incidents/${ids.other}/correlations`)).json();
    expect(other.correlations.map((c: { incident: { id: string } }) => c.incident.id)).not.toContain(
      ids.agency,
    );
  });

  it('pages the clusters, most recently seen first, each once, while new ones appear between pages', async () => {
    // Seven more pairs of bodies sharing a value of their own, one a minute: seven clusters besides the first.
    for (let i = 0; i < 7; i++) {
      const value = `campaign-${i}.example`;
      await file(g.ministryReporter, [{ type: 'domain', value }]);
      await file(otherReporter, [{ type: 'domain', value: `www.${value}` }]);
      t.clock.advance(60_000);
    }
    const page = async (query: string) =>
      (await get(g.analyst, `/api/v1/correlations/clusters?${query}`)).json();
    const whole = await page('limit=200');
    expect(whole.nextCursor).toBeNull();
    expect(whole.total).toBe(whole.clusters.length);
    expect(whole.total).toBeGreaterThanOrEqual(8);
    const order = whole.clusters.map((c: { id: string }) => c.id);
    const seen = whole.clusters.map((c: { lastSeenAt: string }) => c.lastSeenAt);
    expect([...seen].sort().reverse()).toEqual(seen);

    const walked: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p = await page(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(p.total).toBe(whole.total + (pages > 0 ? 1 : 0));
      walked.push(...p.clusters.map((c: { id: string }) => c.id));
      cursor = p.nextCursor;
      // A new cluster appears after the first page, most recently seen: it belongs before every page walked.
      if (pages++ === 0) {
        await file(g.ministryReporter, [{ type: 'domain', value: 'late.example' }]);
        await file(otherReporter, [{ type: 'domain', value: 'late.example' }]);
      }
    } while (cursor);
    expect(walked).toEqual(order);

    for (const bad of [
      'not-a-cursor',
      Buffer.from('x|y|z').toString('base64url'),
      Buffer.from('|').toString('base64url'),
    ])
      expectProblem(
        await get(g.analyst, `/api/v1/correlations/clusters?cursor=${bad}`),
        400,
        'correlations.invalid_cursor',
      );
    expectProblem(
      await get(g.analyst, '/api/v1/correlations/clusters?limit=0'),
      400,
      'request.validation_failed',
    );
    expectProblem(
      await get(g.analyst, '/api/v1/correlations/clusters?limit=201'),
      400,
      'request.validation_failed',
    );
    // A body's page is its own clusters only, however the cursor was made.
    const foreign = (await page('limit=1')).nextCursor as string;
    const own = (await get(g.ministryReporter, '/api/v1/correlations/clusters?limit=200')).json();
    const ministry = (
      await get(g.ministryReporter, `/api/v1/correlations/clusters?cursor=${foreign}`)
    ).json();
    expect(ministry.total).toBe(own.total);
    const ownIds = new Set(own.clusters.map((c: { id: string }) => c.id));
    for (const c of ministry.clusters) expect(ownIds.has(c.id)).toBe(true);
    const slugs = own.clusters.flatMap((c: { bodies: { slug: string }[] }) => c.bodies.map((b) => b.slug));
    expect(slugs).not.toContain(otherMinistry.slug);
  });

  it('drafts a share from a cluster carrying its CVE ids, user agents and free observables as indicators', async () => {
    const a = await t.org('ministry');
    const b = await t.org('ministry');
    const shared = [
      { type: 'cve', value: 'cve-2026-0004321' },
      { type: 'user-agent', value: 'Mozilla/5.0 (X11; Linux) ClusterBot/3.2 「試験」' },
      { type: 'other', value: '保守用アカウント svc_cluster_7731' },
    ];
    const first = await file(await t.user(a, 'reporter'), shared);
    await file(await t.user(b, 'reporter'), shared);
    const res = await t.request(g.analyst, {
      method: 'POST',
      url: `/api/v1/correlations/clusters/${first}/share-draft`,
      payload: { tlp: 'TLP:AMBER', audience: { kind: 'ministries' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const drafts: { shareId: string; sourceIncidentIds: string[] }[] = res.json().shares;
    expect(drafts).toHaveLength(2);
    const draft = drafts.find((d) => d.sourceIncidentIds.includes(first));
    const share = (await get(g.analyst, `/api/v1/shares/${draft?.shareId}`)).json();
    expect(share.indicators.map((i: { type: string; value: string }) => [i.type, i.value]).sort()).toEqual([
      ['observable', '保守用アカウント svc_cluster_7731'],
      ['user-agent', 'Mozilla/5.0 (X11; Linux) ClusterBot/3.2 「試験」'],
      ['vulnerability', 'CVE-2026-4321'],
    ]);
    // Carried as structured indicators, not listed in the body any more.
    expect(share.body).not.toContain('svc_cluster_7731');
  });
});
