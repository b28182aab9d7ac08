import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// An incident's correlations page by page (issue 14): an incident of a bulk import may meet many incidents in
// many values, so the answer names a page of correlated incidents, each with its first 100 shared values, and
// the rest of one pair's values page on their own. Who reads what is the visibility module's rule, as for the
// whole answer before.

interface SharedRow {
  type: string;
  value: string;
  otherType: string;
  otherValue: string;
}
interface Entry {
  incident: { id: string };
  shared: SharedRow[];
  sharedTotal: number;
  sharedNextCursor: string | null;
}

const md5 = (i: number) => createHash('md5').update(`correlation-page-${i}`).digest('hex');
const keyOf = (s: SharedRow) => [s.type, s.value, s.otherType, s.otherValue].join(' ');

describe.each(DIALECTS)('an incident’s correlations page by page on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let otherMinistry: TestOrg;
  let otherReporter: TestUser;
  let hub: string;
  // The ministry's seven incidents: the first shares 230 of the hub's values, the others three each.
  const spokes: string[] = [];
  const get = (u: TestUser, url: string) => t.request(u, { method: 'GET', url });

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    otherMinistry = await t.org('ministry');
    otherReporter = await t.user(otherMinistry, 'reporter');
    const values = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => ({ type: 'md5', value: md5(from + i) }));
    hub = (await t.fileIncident(otherReporter, { title: '大量の指標', indicators: values(0, 250) })).id;
    spokes.push(
      (await t.fileIncident(g.ministryReporter, { title: '多く共有', indicators: values(0, 230) })).id,
    );
    for (let k = 0; k < 6; k++)
      spokes.push(
        (
          await t.fileIncident(g.ministryReporter, {
            title: `少し共有 ${k}`,
            indicators: values(230 + 3 * k, 233 + 3 * k),
          })
        ).id,
      );
  });
  afterAll(async () => t?.close());

  it('gives the center every correlated incident once, in id order, across pages of any size', async () => {
    for (const limit of [1, 3, 7, 50]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res = await get(g.analyst, `/api/v1/incidents/${hub}/correlations?${query}`);
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json() as { total: number; nextCursor: string | null; correlations: Entry[] };
        expect(body.total).toBe(7);
        expect(body.correlations.length).toBeLessThanOrEqual(limit);
        seen.push(...body.correlations.map((c) => c.incident.id));
        cursor = body.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 20);
      expect(seen).toEqual([...spokes].sort());
      expect(pages).toBe(Math.ceil(7 / limit));
    }
  });

  it('shows 100 shared values of a pair and pages the rest by that pair, each value once in key order', async () => {
    const first = (await get(g.analyst, `/api/v1/incidents/${hub}/correlations`)).json() as {
      correlations: Entry[];
    };
    const big = first.correlations.find((c) => c.incident.id === spokes[0]) as Entry;
    expect(big.sharedTotal).toBe(230);
    expect(big.shared).toHaveLength(100);
    expect(big.sharedNextCursor).not.toBeNull();
    for (const c of first.correlations.filter((e) => e !== big)) {
      expect(c.sharedTotal).toBe(3);
      expect(c.shared).toHaveLength(3);
      expect(c.sharedNextCursor).toBeNull();
    }
    const all = [...big.shared];
    let cursor = big.sharedNextCursor;
    while (cursor) {
      const res = await get(
        g.analyst,
        `/api/v1/incidents/${hub}/correlations/${spokes[0]}?limit=60&cursor=${encodeURIComponent(cursor)}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { total: number; nextCursor: string | null; shared: SharedRow[] };
      expect(body.total).toBe(230);
      all.push(...body.shared);
      cursor = body.nextCursor;
    }
    const keys = all.map(keyOf);
    expect(new Set(keys).size).toBe(230);
    expect(all.map((s) => s.value).sort()).toEqual(Array.from({ length: 230 }, (_, i) => md5(i)).sort());
    // The pages follow one order: the whole list read at once (limit 1000) is the same list.
    const whole = (
      await get(g.analyst, `/api/v1/incidents/${hub}/correlations/${spokes[0]}?limit=1000`)
    ).json() as { shared: SharedRow[]; nextCursor: string | null };
    expect(whole.nextCursor).toBeNull();
    expect(whole.shared.map(keyOf)).toEqual(keys);
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'incident.correlations_read')
      .where('subject_id', '=', hub)
      .execute();
    expect(audit.some((a) => JSON.parse(a.detail ?? '{}').with === spokes[0])).toBe(true);
  });

  it('shows a ministry only correlations between incidents it reads, and nothing of the other ministry’s', async () => {
    // The ministry reads its own seven, not the hub: none of them is correlated with anything it reads.
    for (const id of spokes) {
      const res = await get(g.ministryOfficer, `/api/v1/incidents/${id}/correlations`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ total: 0, nextCursor: null, correlations: [], clusterId: null });
    }
    // The pair with the hub answers as a pair of incidents sharing nothing, and the hub as any unread incident.
    const pair = await get(g.ministryOfficer, `/api/v1/incidents/${spokes[0]}/correlations/${hub}`);
    expectProblem(pair, 404, 'correlations.not_found');
    const unrelated = await get(
      g.ministryOfficer,
      `/api/v1/incidents/${spokes[0]}/correlations/${spokes[1]}`,
    );
    expectProblem(unrelated, 404, 'correlations.not_found');
    expect(pair.json().detail ?? pair.json().title).toBe(unrelated.json().detail ?? unrelated.json().title);
    const missing = await get(
      g.ministryOfficer,
      `/api/v1/incidents/${spokes[0]}/correlations/no-such-incident`,
    );
    expectProblem(missing, 404, 'correlations.not_found');
    expect((await get(g.ministryOfficer, `/api/v1/incidents/${hub}/correlations`)).statusCode).toBe(404);
    expect(
      (await get(g.ministryOfficer, `/api/v1/incidents/${hub}/correlations/${spokes[0]}`)).statusCode,
    ).toBe(404);
    // A cursor taken from the center's answer opens nothing more to the ministry.
    const centers = (await get(g.analyst, `/api/v1/incidents/${hub}/correlations`)).json() as {
      correlations: Entry[];
    };
    const cursor = (centers.correlations[0] as Entry).sharedNextCursor as string;
    const replayed = await get(
      g.ministryOfficer,
      `/api/v1/incidents/${spokes[0]}/correlations/${hub}?cursor=${encodeURIComponent(cursor)}`,
    );
    expectProblem(replayed, 404, 'correlations.not_found');
    // The other ministry reads the hub but none of the spokes.
    const other = await t.user(otherMinistry, 'security-officer');
    expect((await get(other, `/api/v1/incidents/${hub}/correlations`)).json()).toMatchObject({ total: 0 });
    expectProblem(
      await get(other, `/api/v1/incidents/${hub}/correlations/${spokes[0]}`),
      404,
      'correlations.not_found',
    );
  });

  it('refuses cursors it did not give out, and odd ids, with a 4xx', async () => {
    const base = `/api/v1/incidents/${hub}/correlations`;
    for (const cursor of ['bm90LW91cnM', Buffer.from('p|x|y').toString('base64url'), 'p', '%E2%80%8B'])
      expectProblem(await get(g.analyst, `${base}?cursor=${cursor}`), 400, 'correlations.invalid_cursor');
    expectProblem(await get(g.analyst, `${base}?cursor=%00`), 400, 'request.control_characters');
    const first = (await get(g.analyst, base)).json() as { correlations: Entry[] };
    const sharedCursor = (first.correlations.find((c) => c.sharedNextCursor) as Entry)
      .sharedNextCursor as string;
    // One kind of cursor is not the other.
    expectProblem(
      await get(g.analyst, `${base}?cursor=${encodeURIComponent(sharedCursor)}`),
      400,
      'correlations.invalid_cursor',
    );
    const pairPage = (await get(g.analyst, `${base}?limit=1`)).json() as { nextCursor: string };
    expectProblem(
      await get(g.analyst, `${base}/${spokes[0]}?cursor=${encodeURIComponent(pairPage.nextCursor)}`),
      400,
      'correlations.invalid_cursor',
    );
    for (const limit of ['0', '201', 'x', '-1'])
      expect((await get(g.analyst, `${base}?limit=${limit}`)).statusCode).toBe(400);
    expect((await get(g.analyst, `${base}/${spokes[0]}?limit=1001`)).statusCode).toBe(400);
    // The same id with a zero-width space, or in full-width letters, names no incident.
    for (const odd of [
      `${spokes[0]}\u200b`,
      (spokes[0] as string).replace(/[0-9a-f]/, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
    ])
      expectProblem(
        await get(g.analyst, `${base}/${encodeURIComponent(odd)}`),
        404,
        'correlations.not_found',
      );
  });
});
