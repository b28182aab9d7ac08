import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor } from '../../src/features/incidents/incidents.cursor.js';
import { incidentsRepository } from '../../src/features/incidents/incidents.repository.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// Every sort of the incident list, paged with every page size: each visible incident exactly once, in order,
// and nothing else; cursors forged to point at another body's incidents are positions and nothing more.

const SORTS = ['reported-desc', 'reported-asc', 'last-report-desc', 'severity-desc'] as const;
type Sort = (typeof SORTS)[number];
const TAG: Record<Sort, string> = {
  'reported-desc': 'rd',
  'reported-asc': 'ra',
  'last-report-desc': 'ld',
  'severity-desc': 'sd',
};
const RANK: Record<string, number> = { low: 1, medium: 2, high: 3, critical: 4 };
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

interface Item {
  id: string;
  title: string;
  summary: string;
  severity: string | null;
  chain: { reportedAt: string; lastReportAt: string };
}

/** The sort key of an item, compared left to right; every sort but reported-asc is descending. */
const keyOf = (i: Item, sort: Sort): (string | number)[] =>
  sort === 'severity-desc'
    ? [RANK[i.severity ?? ''] ?? 0, i.chain.reportedAt, i.id]
    : [sort === 'last-report-desc' ? i.chain.lastReportAt : i.chain.reportedAt, i.id];
function compare(a: (string | number)[], b: (string | number)[], sort: Sort): number {
  for (let k = 0; k < a.length; k++) {
    const x = a[k] as string | number;
    const y = b[k] as string | number;
    if (x !== y) return (x < y ? -1 : 1) * (sort === 'reported-asc' ? 1 : -1);
  }
  return 0;
}
const cursorAt = (i: Item, sort: Sort) => b64([TAG[sort], ...keyOf(i, sort)].join('|'));

type OrgKey = 'C' | 'M1' | 'A1' | 'A2' | 'M2' | 'B1';

describe.each(DIALECTS)('list order and cursors across bodies on %s', (dialect) => {
  let t: TestApp;
  const o = {} as Record<OrgKey, TestOrg>;
  const officer = {} as Record<OrgKey, TestUser>;
  let analyst: TestUser;
  /** Every incident as its own body sees it. */
  const all = new Map<string, Item & { owner: OrgKey }>();
  let held: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    o.C = await t.org('center');
    o.M1 = await t.org('ministry', { reviewMode: true, reviewDeadlineMinutes: 600 });
    o.A1 = await t.org('agency', { parent: o.M1 });
    o.A2 = await t.org('agency', { parent: o.M1 });
    o.M2 = await t.org('ministry');
    o.B1 = await t.org('agency', { parent: o.M2 });
    for (const k of Object.keys(o) as OrgKey[]) officer[k] = await t.user(o[k], 'security-officer');
    analyst = await t.user(o.C, 'center-analyst');

    const severities = ['critical', 'high', 'medium', 'low', undefined];
    const filers: OrgKey[] = [
      'A1',
      'A2',
      'M1',
      'B1',
      'M2',
      'C',
      'A2',
      'B1',
      'A1',
      'M1',
      'B1',
      'A2',
      'M2',
      'B1',
    ];
    const ids: string[] = [];
    for (const [n, owner] of filers.entries()) {
      const severity = severities[n % severities.length];
      // Every third one another kind of attack: searches narrow the list.
      const other = n % 3 === 0 ? { title: 'ランサムウェア感染', summary: '端末を隔離した。' } : {};
      const { id } = await t.fileIncident(officer[owner], { ...other, ...(severity ? { severity } : {}) });
      ids.push(id);
      // Pairs reported in the same millisecond: ties broken by id.
      if (n % 3 !== 0) t.clock.advance(60_000);
    }
    // A2's and M2's first reports come after B1's last: the latest reported-on order differs.
    for (const n of [1, 4]) {
      const id = ids[n] as string;
      const owner = filers[n] as OrgKey;
      const res = await t.request(officer[owner], {
        method: 'POST',
        url: `/api/v1/incidents/${id}/reports`,
        payload: { kind: 'update', text: '続報', severity: 'low' },
      });
      expect(res.statusCode).toBe(201);
      t.clock.advance(60_000);
    }
    // M1 forwards all but one of its agencies' reports; that one stays waiting for review.
    held = ids[0] as string;
    for (const [n, id] of ids.entries()) {
      const owner = filers[n] as OrgKey;
      if ((owner === 'A1' || owner === 'A2') && id !== held) {
        const res = await t.request(officer.M1, { method: 'POST', url: `/api/v1/incidents/${id}/forward` });
        expect(res.statusCode).toBe(200);
      }
    }
    for (const [n, id] of ids.entries()) {
      const owner = filers[n] as OrgKey;
      const res = await t.request(officer[owner], { method: 'GET', url: `/api/v1/incidents/${id}` });
      all.set(id, { ...(res.json() as Item), owner });
    }
  });
  afterAll(async () => t?.close());

  /** What DESIGN §4 lets a body see: its own, a ministry its agencies', the center what reached it. */
  const sees = (org: OrgKey) => (i: { id: string; owner: OrgKey }) => {
    if (i.owner === org) return true;
    if (org === 'M1') return i.owner === 'A1' || i.owner === 'A2';
    if (org === 'M2') return i.owner === 'B1';
    if (org === 'C') return i.id !== held;
    return false;
  };

  const page = async (user: TestUser, query: Record<string, string>) => {
    const res = await t.request(user, { method: 'GET', url: '/api/v1/incidents', query });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Item[]; total: number; nextCursor: string | null };
  };
  const pageThrough = async (user: TestUser, query: Record<string, string>) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 100; n++) {
      const p = await page(user, { ...query, ...(cursor ? { cursor } : {}) });
      seen.push(...p.items.map((i) => i.id));
      cursor = p.nextCursor;
      if (!cursor) break;
    }
    return seen;
  };
  const viewers = (): [OrgKey, TestUser][] => [
    ...(Object.keys(officer) as OrgKey[]).map((k): [OrgKey, TestUser] => [k, officer[k]]),
    ['C', analyst],
  ];
  const expectedFor = (
    org: OrgKey,
    sort: Sort,
    keep: (i: Item & { owner: OrgKey }) => boolean = () => true,
  ) =>
    [...all.values()]
      .filter(sees(org))
      .filter(keep)
      .sort((a, b) => compare(keyOf(a, sort), keyOf(b, sort), sort))
      .map((i) => i.id);

  it('pages every sort for every viewer: each visible incident once, in order, nothing else', async () => {
    for (const [org, user] of viewers())
      for (const sort of SORTS) {
        const expected = expectedFor(org, sort);
        for (const limit of ['1', '2', '5']) {
          const seen = await pageThrough(user, { sort, limit });
          expect(seen, `${org}/${user.role} ${sort} by ${limit}`).toEqual(expected);
        }
      }
  });

  it('with filters too: a ministry with its agencies, one severity', async () => {
    for (const [org, user] of viewers())
      for (const sort of SORTS) {
        const withAgencies = await pageThrough(user, {
          sort,
          limit: '2',
          org: o.M1.slug,
          includeAgencies: 'true',
        });
        expect(withAgencies, `${org} ${sort}`).toEqual(
          expectedFor(org, sort, (i) => ['M1', 'A1', 'A2'].includes(i.owner)),
        );
        const critical = await pageThrough(user, { sort, limit: '1', severity: 'critical' });
        expect(critical, `${org} ${sort}`).toEqual(expectedFor(org, sort, (i) => i.severity === 'critical'));
      }
  });

  it('a cursor forged at another body’s incident pages only the caller’s own, from that position', async () => {
    for (const [org, user] of viewers())
      for (const sort of SORTS)
        for (const target of all.values()) {
          if (sees(org)(target)) continue;
          const got = await pageThrough(user, { sort, limit: '3', cursor: cursorAt(target, sort) });
          const position = keyOf(target, sort);
          const expected = expectedFor(org, sort, (i) => compare(keyOf(i, sort), position, sort) > 0);
          expect(got, `${org} ${sort} after ${target.owner}'s`).toEqual(expected);
          expect(got).not.toContain(target.id);
        }
  });

  it('cursors at the ends of every order page everything the caller may see, and no more', async () => {
    const far = [
      b64('rd|2999-01-01T00:00:00.000Z|~'),
      b64('ra|1970-01-01T00:00:00.000Z|!'),
      b64('ld|2999-01-01T00:00:00.000Z|~'),
      b64('sd|4|2999-01-01T00:00:00.000Z|~'),
    ];
    for (const [org, user] of viewers())
      for (const [n, sort] of SORTS.entries()) {
        const got = await pageThrough(user, { sort, limit: '4', cursor: far[n] as string });
        expect(got, `${org} ${sort}`).toEqual(expectedFor(org, sort));
      }
  });

  it('both ways of reading a page (from the reader set, along the incidents) give the same pages', async () => {
    // The list walks along the incidents only above 2000 matches; compare the two here on the same data.
    for (const [org, user] of viewers())
      for (const sort of SORTS) {
        const positions = [undefined, ...[...all.values()].map((i) => decodeCursor(cursorAt(i, sort), sort))];
        for (const [after, terms] of positions.flatMap(
          (p) =>
            [
              [p, []],
              [p, ['不審な通信']],
              [p, ['通信']],
            ] as const,
        )) {
          const filter = { readerOrgId: user.org.id, terms: [...terms] };
          const read = async (drive: 'readers' | 'incidents') =>
            (
              await incidentsRepository.page(t.handle.db, t.handle.dialect, filter, {
                sort,
                after,
                limit: 4,
                drive,
              })
            ).map((i) => i.id);
          const readers = await read('readers');
          expect(await read('incidents'), `${org} ${sort}`).toEqual(readers);
          const matching = (i: Item) => terms.every((term) => `${i.title}\n${i.summary}`.includes(term));
          if (!after)
            expect(readers, `${org} ${sort} ${terms}`).toEqual(expectedFor(org, sort, matching).slice(0, 4));
        }
      }
  });

  it('a cursor of one sort is refused by every other, whoever made it', async () => {
    for (const made of SORTS) {
      const first = await page(analyst, { sort: made, limit: '1' });
      for (const used of SORTS) {
        if (used === made) continue;
        for (const user of [analyst, officer.A2]) {
          const res = await t.request(user, {
            method: 'GET',
            url: '/api/v1/incidents',
            query: { sort: used, cursor: first.nextCursor as string },
          });
          expect(res.statusCode).toBe(400);
          expect(res.json().code).toBe('incidents.cursor_sort_mismatch');
        }
      }
    }
  });
});
