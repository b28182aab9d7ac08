import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, T0, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

const MINUTE = 60_000;
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * MINUTE).toISOString();

interface Item {
  id: string;
  title: string;
  severity: string | null;
  chain: { reportedAt: string; lastReportAt: string };
}
interface Page {
  items: Item[];
  total: number;
  nextCursor: string | null;
}

describe.each(DIALECTS)('listing and searching incidents on %s', (dialect) => {
  let t: TestApp;
  let analyst: TestUser;
  let ministryOfficer: TestUser;
  let reviewerOfficer: TestUser;
  let agencySlug: string;
  let ministrySlug: string;
  let reviewerSlug: string;
  /** Incident ids by a short name. */
  const id: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const g = await t.government();
    analyst = g.analyst;
    ministryOfficer = g.ministryOfficer;
    agencySlug = g.agency.slug;
    ministrySlug = g.ministry.slug;
    const agencyB = await t.user(await t.org('agency', { parent: g.ministry }), 'reporter');
    const reviewer = await t.org('ministry', { reviewMode: true });
    reviewerSlug = reviewer.slug;
    reviewerOfficer = await t.user(reviewer, 'security-officer');
    const agencyC = await t.user(await t.org('agency', { parent: reviewer }), 'reporter');

    const file = async (name: string, user: TestUser, fields: Record<string, unknown>, advance = 10) => {
      id[name] = (await t.fileIncident(user, fields)).id;
      t.clock.advance(advance * MINUTE);
    };
    // Reported at T0 + 0, 10, 20, 30, 40, 40, 50, 60, 70 minutes.
    await file('ransom', g.agencyReporter, {
      title: 'ランサムウェア感染の疑い',
      summary: '攻撃者がファイルを暗号化した。',
      severity: 'high',
      category: 'malicious-code/infected-system',
    });
    await file('phishing', g.agencyReporter, {
      title: 'Phishing mail to staff',
      summary: 'A RANSOMWARE note was attached.',
      severity: 'low',
    });
    await file('targeted', g.ministryReporter, {
      title: '標的型攻撃メール',
      summary: '添付を開封。',
      severity: 'critical',
    });
    await file('percent', agencyB, {
      title: 'Disk usage at 100% on file server',
      summary: 'full',
      severity: 'medium',
    });
    await file(
      'underscore',
      agencyB,
      { title: 'Leak via file_name parameter', summary: 'x', severity: 'medium' },
      0,
    );
    await file('noUnderscore', agencyB, {
      title: 'Leak via filename parameter',
      summary: 'x',
      severity: 'medium',
    });
    await file('noPercent', agencyB, {
      title: 'Disk usage at 1000 blocks',
      summary: 'full',
      severity: 'medium',
    });
    await file('game', g.agencyReporter, {
      title: 'ゲーム攻略サイトへのアクセス',
      summary: '業務外',
      severity: 'low',
    });
    await file('waiting', agencyC, { title: 'ランサムウェア検知（審査中）', summary: '確認中' });

    const final = await t.request(g.ministryReporter, {
      method: 'POST',
      url: `/api/v1/incidents/${id.targeted}/reports`,
      payload: { kind: 'final', text: '確報：対処完了。' },
    });
    expect(final.statusCode).toBe(201);
  });
  afterAll(async () => t?.close());

  const list = async (user: TestUser, query: Record<string, string>) => {
    const res = await t.request(user, { method: 'GET', url: '/api/v1/incidents', query });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };
  const inOrder = (page: Page) => {
    const byId = new Map(Object.entries(id).map(([name, value]) => [value, name]));
    return page.items.map((i) => byId.get(i.id) ?? i.id);
  };
  const names = (page: Page) => inOrder(page).sort();
  const find = async (q: string, user = analyst) => names(await list(user, { q, limit: '200' }));

  it('lists what the caller may see, newest first, with the total', async () => {
    const all = await list(analyst, { limit: '200' });
    expect(names(all)).toEqual(
      ['ransom', 'phishing', 'targeted', 'percent', 'underscore', 'noUnderscore', 'noPercent', 'game'].sort(),
    );
    expect(all.total).toBe(8);
    const times = all.items.map((i) => i.chain.reportedAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(names(await list(reviewerOfficer, {}))).toEqual(['waiting']);
  });

  it.each([
    ['status=final', { status: 'final' }, ['targeted']],
    [
      'status=open',
      { status: 'open' },
      ['game', 'noPercent', 'noUnderscore', 'percent', 'phishing', 'ransom', 'underscore'],
    ],
    ['severity=critical', { severity: 'critical' }, ['targeted']],
    ['severity=medium', { severity: 'medium' }, ['noPercent', 'noUnderscore', 'percent', 'underscore']],
    ['category', { category: 'malicious-code/infected-system' }, ['ransom']],
    ['from and to (to is exclusive)', { from: at(20), to: at(40) }, ['percent', 'targeted']],
    ['from with a zone offset', { from: '2026-11-25T12:50:00+09:00' }, ['game', 'noPercent']],
    ['to only', { to: at(10) }, ['ransom']],
    ['an empty period', { from: at(40), to: at(40) }, []],
    [
      'severity and period together',
      { severity: 'medium', from: at(40) },
      ['noPercent', 'noUnderscore', 'underscore'],
    ],
  ] as [string, Record<string, string>, string[]][])('filters by %s', async (_name, query, expected) => {
    const page = await list(analyst, { ...query, limit: '200' });
    expect(names(page)).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });

  it('filters by body: its slug, and an unknown slug matches nothing', async () => {
    expect(names(await list(analyst, { org: agencySlug }))).toEqual(['game', 'phishing', 'ransom']);
    const unknown = await list(analyst, { org: 'no-such-body' });
    expect(unknown).toEqual({ items: [], total: 0, nextCursor: null });
  });

  it('filters by awaiting review, for the ministry that reviews', async () => {
    expect(names(await list(reviewerOfficer, { awaitingReview: 'true' }))).toEqual(['waiting']);
    expect(names(await list(reviewerOfficer, { awaitingReview: 'false' }))).toEqual([]);
    expect((await list(ministryOfficer, { awaitingReview: 'true' })).total).toBe(0);
    expect((await list(ministryOfficer, { awaitingReview: 'false' })).total).toBe(8);
  });

  it('searches Japanese terms of one, two and three or more characters', async () => {
    expect(await find('攻')).toEqual(['game', 'ransom', 'targeted']);
    expect(await find('攻撃')).toEqual(['ransom', 'targeted']);
    expect(await find('ランサムウェア')).toEqual(['ransom']);
    expect(await find('標的型攻撃')).toEqual(['targeted']);
    expect(await find('確報')).toEqual(['targeted']);
    expect(await find('ランサムウェア', reviewerOfficer)).toEqual(['waiting']);
    expect(await find('存在しない語')).toEqual([]);
  });

  it('combines terms with AND and keeps quoted phrases whole', async () => {
    expect(await find('ランサムウェア 疑い')).toEqual(['ransom']);
    expect(await find('ランサムウェア 審査中')).toEqual([]);
    expect(await find('"mail to"')).toEqual(['phishing']);
    expect(await find('"to mail"')).toEqual([]);
  });

  it('searches English without regard to case', async () => {
    for (const q of ['ransomware', 'RANSOMWARE', 'RansomWare', 'ransom'])
      expect(await find(q)).toEqual(['phishing']);
    expect(await find('PHISHING')).toEqual(['phishing']);
    expect(await find('PH')).toEqual(['phishing']);
    expect(await find('disk')).toEqual(['noPercent', 'percent']);
  });

  it('finds text in any width, case or spelling of the long vowel (NFKC, case folding)', async () => {
    // Half-width katakana, with its separate sound marks (ｹﾞ) and half-width long vowel mark (ｰ).
    expect(await find('ﾗﾝｻﾑｳｪｱ')).toEqual(['ransom']);
    expect(await find('ﾗﾝｻﾑ', reviewerOfficer)).toEqual(['waiting']);
    expect(await find('ｹﾞｰﾑ')).toEqual(['game']);
    // Full-width Latin letters, full-width space between quoted words.
    expect(await find('ＲＡＮＳＯＭＷＡＲＥ')).toEqual(['phishing']);
    expect(await find('＂ｍａｉｌ\u3000ｔｏ＂')).toEqual(['phishing']);
    // A hyphen or dash typed for the long vowel mark, zero-width characters typed or pasted inside a word.
    expect(await find('ゲ-ム')).toEqual(['game']);
    expect(await find('ゲ\u2015ム')).toEqual(['game']);
    expect(await find('ラン\u200bサム')).toEqual(['ransom']);
    // A term made only of ignorable characters is no term.
    expect((await list(analyst, { q: '\u200b', limit: '200' })).total).toBe(8);
  });

  it('treats LIKE wildcards literally', async () => {
    expect(await find('%')).toEqual(['percent']);
    expect(await find('_')).toEqual(['underscore']);
    expect(await find('100%')).toEqual(['percent']);
    expect(await find('e_n')).toEqual(['underscore']);
    expect(await find('%_%')).toEqual([]);
    expect(await find('\\')).toEqual([]);
  });

  it('cursor pagination returns every item exactly once', async () => {
    for (const filter of [{}, { severity: 'medium' }, { q: '攻' }] as Record<string, string>[]) {
      const everything = await list(analyst, { ...filter, limit: '200' });
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Page = await list(analyst, { ...filter, limit: '2', ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(2);
        expect(page.total).toBe(everything.total);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      expect(seen).toEqual(everything.items.map((i) => i.id));
      expect(new Set(seen).size).toBe(everything.total);
      expect(pages).toBe(Math.max(1, Math.ceil(everything.total / 2)));
    }
  });

  it.each([
    [
      'reported-desc',
      ['game', 'noPercent', 'noUnderscore', 'underscore', 'percent', 'targeted', 'phishing', 'ransom'],
    ],
    [
      'reported-asc',
      ['ransom', 'phishing', 'targeted', 'percent', 'underscore', 'noUnderscore', 'noPercent', 'game'],
    ],
    // The final report made 'targeted' the latest reported on.
    [
      'last-report-desc',
      ['targeted', 'game', 'noPercent', 'noUnderscore', 'underscore', 'percent', 'phishing', 'ransom'],
    ],
    [
      'severity-desc',
      ['targeted', 'ransom', 'noPercent', 'noUnderscore', 'underscore', 'percent', 'game', 'phishing'],
    ],
  ] as [string, string[]][])(
    'sorts by %s (ties broken by id, in the same direction)',
    async (sort, expected) => {
      expect(inOrder(await list(analyst, { sort, limit: '200' }))).toEqual(expected);
    },
  );

  it('sorts incidents without a severity last in severity-desc', async () => {
    expect(inOrder(await list(reviewerOfficer, { sort: 'severity-desc' }))).toEqual(['waiting']);
    const ministry = await list(ministryOfficer, { sort: 'severity-desc', severity: 'low' });
    expect(inOrder(ministry)).toEqual(['game', 'phishing']);
  });

  it('the default order is reported-desc', async () => {
    expect(inOrder(await list(analyst, {}))).toEqual(inOrder(await list(analyst, { sort: 'reported-desc' })));
  });

  it('pages through every sort with every filter: each incident exactly once, in order', async () => {
    const filters: Record<string, string>[] = [
      {},
      { severity: 'medium' },
      { q: '攻' },
      { status: 'open' },
      { org: agencySlug },
      { from: at(20), to: at(60) },
    ];
    for (const sort of ['reported-desc', 'reported-asc', 'last-report-desc', 'severity-desc'])
      for (const filter of filters) {
        const everything = await list(analyst, { ...filter, sort, limit: '200' });
        for (const limit of ['1', '3']) {
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const page: Page = await list(analyst, { ...filter, sort, limit, ...(cursor ? { cursor } : {}) });
            expect(page.total).toBe(everything.total);
            seen.push(...page.items.map((i) => i.id));
            cursor = page.nextCursor;
          } while (cursor && seen.length <= everything.total);
          expect(seen, `${sort} ${JSON.stringify(filter)} by ${limit}`).toEqual(
            everything.items.map((i) => i.id),
          );
        }
      }
  });

  it('a cursor is for the sort it was made with', async () => {
    const first = await list(analyst, { sort: 'severity-desc', limit: '2' });
    expect(first.nextCursor).toBeTruthy();
    for (const sort of ['reported-desc', 'reported-asc', 'last-report-desc', undefined]) {
      const res = await t.request(analyst, {
        method: 'GET',
        url: '/api/v1/incidents',
        query: { cursor: first.nextCursor as string, ...(sort ? { sort } : {}) },
      });
      expectProblem(res, 400, 'incidents.cursor_sort_mismatch');
    }
  });

  it('includeAgencies widens a ministry filter to its agencies, and only a ministry’s', async () => {
    expect(names(await list(analyst, { org: ministrySlug }))).toEqual(['targeted']);
    expect(names(await list(analyst, { org: ministrySlug, includeAgencies: 'true' }))).toEqual(
      ['ransom', 'phishing', 'targeted', 'percent', 'underscore', 'noUnderscore', 'noPercent', 'game'].sort(),
    );
    expect(names(await list(analyst, { org: ministrySlug, includeAgencies: 'false' }))).toEqual(['targeted']);
    expect(names(await list(analyst, { org: agencySlug, includeAgencies: 'true' }))).toEqual([
      'game',
      'phishing',
      'ransom',
    ]);
    // The reviewing ministry's agency waits for review: the center does not see it, whatever the filter.
    const center = await list(analyst, { org: reviewerSlug, includeAgencies: 'true' });
    expect(center.total).toBe(0);
    expect(names(await list(reviewerOfficer, { org: reviewerSlug, includeAgencies: 'true' }))).toEqual([
      'waiting',
    ]);
    const own = await list(reviewerOfficer, { org: 'no-such-body', includeAgencies: 'true' });
    expect(own.total).toBe(0);
  });

  it.each([
    ['limit=0', { limit: '0' }, 'request.validation_failed'],
    ['limit=201', { limit: '201' }, 'request.validation_failed'],
    ['limit=two', { limit: 'two' }, 'request.validation_failed'],
    ['an unknown status', { status: 'closed' }, 'request.validation_failed'],
    ['an unknown parameter', { order: 'title' }, 'request.validation_failed'],
    ['an unknown sort', { sort: 'title' }, 'request.validation_failed'],
    ['includeAgencies without org', { includeAgencies: 'true' }, 'incidents.include_agencies_without_org'],
    [
      'includeAgencies that is not a boolean',
      { org: 'x', includeAgencies: 'yes' },
      'request.validation_failed',
    ],
    [
      'a severity cursor with a rank out of range',
      { sort: 'severity-desc', cursor: Buffer.from(`sd|7|${T0}|a`).toString('base64url') },
      'incidents.invalid_cursor',
    ],
    [
      'a severity cursor without its rank',
      { sort: 'severity-desc', cursor: Buffer.from(`sd|${T0}|a`).toString('base64url') },
      'incidents.invalid_cursor',
    ],
    ['a date that is not one', { from: 'last week' }, 'request.validation_failed'],
    ['a leap second', { from: '2016-12-31T23:59:60Z' }, 'request.validation_failed'],
    ['an hour-only offset', { to: '2026-11-25T12:00:00+09' }, 'request.validation_failed'],
    ['a query of 201 characters', { q: 'あ'.repeat(201) }, 'request.validation_failed'],
    [
      'a forged cursor',
      { cursor: Buffer.from('yesterday|x').toString('base64url') },
      'incidents.invalid_cursor',
    ],
    [
      'a cursor of three parts',
      { cursor: Buffer.from(`${T0}|a|b`).toString('base64url') },
      'incidents.invalid_cursor',
    ],
    ['a cursor that is not base64', { cursor: '!!!' }, 'incidents.invalid_cursor'],
    ['NUL in the search', { q: 'a\u0000b' }, 'request.control_characters'],
    ['ESC in the body filter', { org: '\u001b[2J' }, 'request.control_characters'],
    [
      'NUL in a cursor',
      { cursor: Buffer.from(`${T0}|\u0000`).toString('base64url') },
      'incidents.invalid_cursor',
    ],
  ] as [string, Record<string, string>, string][])('refuses %s', async (_name, query, code) => {
    const res = await t.request(analyst, { method: 'GET', url: '/api/v1/incidents', query });
    expectProblem(res, 400, code);
  });

  // Last: files an incident of its own, which the counts above do not expect.
  it('finds a word with or without its optional final long vowel mark (サーバー, サーバ), both ways', async () => {
    const ministry = await t.org('ministry');
    const reporter = await t.user(ministry, 'reporter');
    const long = (
      await t.fileIncident(reporter, { title: 'ファイルサーバーの停止', summary: 'ユーザー影響あり' })
    ).id;
    const short = (await t.fileIncident(reporter, { title: 'メールサーバ停止', summary: 'ユーザ影響なし' }))
      .id;
    const ids = async (q: string) => (await list(reporter, { q })).items.map((i) => i.id).sort();
    const both = [long, short].sort();
    expect(await ids('サーバー')).toEqual(both);
    expect(await ids('サーバ')).toEqual(both);
    expect(await ids('ｻｰﾊﾞｰ')).toEqual(both);
    expect(await ids('ユーザー影響')).toEqual(both);
    expect(await ids('ファイルサーバ')).toEqual([long]);
    // Short words keep their long vowel: カー is not カ.
    expect(await ids('メール')).toEqual([short]);
    expect(await ids('メル')).toEqual([]);
  });
});
