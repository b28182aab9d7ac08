import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// The correlation badges of an incident's indicators (issue 14): how many other incidents the viewer reads share
// each value, counted by the server over every correlated incident and every shared value — more than the first
// page of the incident's correlations holds (50 incidents, 100 values each).
//
// Another ministry's hub carries 120 networks; the ministry's own incident (the mirror) the same 120; 60 spokes of
// the ministry and its agency, spoke k an address in each of the first 60 + k networks. Spokes never share a
// value with each other (their addresses differ): network j is shared by the hub, the mirror and the spokes with
// 60 + k > j.

const SPOKES = 60;
const NETWORKS = 120;
const network = (j: number) => `45.83.${j}.0/24`;
const address = (j: number, k: number) => `45.83.${j}.${k + 1}`;
/** How many spokes carry an address in network j. */
const spokesIn = (j: number) => Array.from({ length: SPOKES }, (_, k) => k).filter((k) => 60 + k > j).length;

interface Item {
  type: string;
  value: string;
  correlatedIncidents?: number;
}

describe.each(DIALECTS)('correlation badges on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let otherMinistry: TestOrg;
  let otherReporter: TestUser;
  let hub: string;
  let mirror: string;
  const spokes: { id: string; byAgency: boolean }[] = [];
  const get = (u: TestUser, url: string) => t.request(u, { method: 'GET', url });

  /** Every indicator of the incident as the viewer reads it, walked page by page (`limit` each). */
  async function walk(u: TestUser, id: string, limit: number, filter = ''): Promise<Item[]> {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(
        u,
        `/api/v1/incidents/${id}/indicators?limit=${limit}${filter}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { indicators: Item[]; nextCursor: string | null };
      items.push(...body.indicators);
      cursor = body.nextCursor;
    } while (cursor);
    return items;
  }
  const badges = (items: Item[]) => new Map(items.map((i) => [i.value, i.correlatedIncidents]));

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    otherMinistry = await t.org('ministry');
    otherReporter = await t.user(otherMinistry, 'reporter');
    const networks = Array.from({ length: NETWORKS }, (_, j) => ({ type: 'cidr', value: network(j) }));
    hub = (await t.fileIncident(otherReporter, { title: '他府省庁の事案', indicators: networks })).id;
    mirror = (await t.fileIncident(g.ministryReporter, { title: '同じネットワーク', indicators: networks }))
      .id;
    for (let k = 0; k < SPOKES; k++) {
      const byAgency = k % 2 === 1;
      const indicators = Array.from({ length: 60 + k }, (_, j) => ({ type: 'ipv4', value: address(j, k) }));
      const u = byAgency ? g.agencyReporter : g.ministryReporter;
      spokes.push({ id: (await t.fileIncident(u, { title: `スポーク ${k}`, indicators })).id, byAgency });
    }
  }, 600_000);
  afterAll(async () => t?.close());

  it('gives the center every correlated incident in each badge, on the incident and on every page', async () => {
    // The first page of the hub's correlations holds 50 of its 61 incidents, 100 values of each.
    const first = (await get(g.analyst, `/api/v1/incidents/${hub}/correlations`)).json() as {
      total: number;
      correlations: unknown[];
    };
    expect(first.total).toBe(SPOKES + 1);
    expect(first.correlations.length).toBeLessThan(SPOKES + 1);
    const expected = new Map(Array.from({ length: NETWORKS }, (_, j) => [network(j), spokesIn(j) + 1]));
    const detail = (await get(g.analyst, `/api/v1/incidents/${hub}`)).json() as { indicators: Item[] };
    expect(badges(detail.indicators)).toEqual(expected);
    for (const limit of [7, 50, 1000]) expect(badges(await walk(g.analyst, hub, limit))).toEqual(expected);
    // A filtered page counts as much as the whole list.
    const filtered = await walk(g.analyst, hub, 10, `&type=cidr&q=${encodeURIComponent('45.83.1')}`);
    expect(filtered.length).toBeGreaterThan(0);
    for (const i of filtered) expect(i.correlatedIncidents).toBe(expected.get(i.value));
    // A spoke's addresses each meet the hub and the mirror.
    const spoke = spokes[SPOKES - 1] as { id: string };
    const ofSpoke = await walk(g.analyst, spoke.id, 200);
    expect(ofSpoke).toHaveLength(NETWORKS - 1);
    for (const i of ofSpoke) expect(i.correlatedIncidents).toBe(2);
  });

  it('counts for a ministry only its own and its agencies’ incidents, never the other ministry’s', async () => {
    const mine = badges(await walk(g.ministryOfficer, mirror, 1000));
    expect(mine).toEqual(new Map(Array.from({ length: NETWORKS }, (_, j) => [network(j), spokesIn(j)])));
    // The spokes meet the hub, which the ministry does not read: only the mirror counts.
    for (const s of [spokes[0], spokes[1]] as { id: string }[])
      for (const i of await walk(g.ministryOfficer, s.id, 1000)) expect(i.correlatedIncidents).toBe(1);
    // The other ministry reads the hub alone: the ministry's 61 incidents are nothing to it.
    const theirs = (await get(otherReporter, `/api/v1/incidents/${hub}`)).json() as { indicators: Item[] };
    expect(theirs.indicators).toHaveLength(NETWORKS);
    for (const i of theirs.indicators) expect(i.correlatedIncidents).toBe(0);
    for (const i of await walk(otherReporter, hub, 33)) expect(i.correlatedIncidents).toBe(0);
    // The agency reads its own spokes: the mirror (its ministry's) and the hub are not its.
    const agencySpoke = spokes.find((s) => s.byAgency) as { id: string };
    for (const i of await walk(g.agencyReporter, agencySpoke.id, 1000)) expect(i.correlatedIncidents).toBe(0);
    expect((await get(g.agencyReporter, `/api/v1/incidents/${mirror}/indicators`)).statusCode).toBe(404);
    expect((await get(otherReporter, `/api/v1/incidents/${mirror}/indicators`)).statusCode).toBe(404);
  });
});
