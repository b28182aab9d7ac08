import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectProblem } from './helpers.js';

interface Taxonomy {
  profile: string;
  categories: { code: string; rsit: string; nameJa?: string; nameEn?: string }[];
}

describe.each(DIALECTS)('categories profiles on %s', (dialect) => {
  describe('the Japanese government profile (the default)', () => {
    let t: TestApp;
    let g: Awaited<ReturnType<TestApp['government']>>;
    beforeAll(async () => {
      t = await startTestApp(dialect);
      g = await t.government();
    });
    afterAll(async () => t?.close());

    it('offers the categories Japanese bodies report under, each with its RSIT type and names', async () => {
      const res = await t.request(g.agencyReporter, { method: 'GET', url: '/api/v1/taxonomy' });
      expect(res.statusCode).toBe(200);
      const taxonomy = res.json() as Taxonomy;
      expect(taxonomy.profile).toBe('jp-government');
      expect(taxonomy.categories.map((c) => c.nameJa)).toEqual([
        'ランサムウェア',
        '標的型攻撃（メール）',
        '不正アクセス',
        'Webサイト改ざん',
        'DDoS攻撃',
        'マルウェア感染',
        '情報漏えい',
        '不審メール',
        '脆弱性の悪用',
        'その他',
      ]);
      expect(taxonomy.categories.find((c) => c.code === 'ransomware')).toEqual({
        code: 'ransomware',
        rsit: 'malicious-code/infected-system',
        nameJa: 'ランサムウェア',
        nameEn: 'Ransomware',
      });
      expect(taxonomy.categories.find((c) => c.code === 'ddos')?.rsit).toBe('availability/ddos');
    });

    it('is read by people only: without credentials 401', async () => {
      const res = await t.request(null, { method: 'GET', url: '/api/v1/taxonomy' });
      expectProblem(res, 401, 'auth.unauthenticated');
    });

    it('stores the stable code, lists by it, and keeps incidents filed with RSIT codes as they were', async () => {
      const jp = await t.fileIncident(g.agencyReporter, { title: 'ランサム', category: 'ransomware' });
      expect(jp.category).toBe('ransomware');
      const rsit = await t.fileIncident(g.agencyReporter, {
        title: 'RSIT で報告',
        category: 'malicious-code/infected-system',
      });
      expect(rsit.category).toBe('malicious-code/infected-system');
      const list = await t.request(g.agencyReporter, {
        method: 'GET',
        url: '/api/v1/incidents',
        query: { category: 'ransomware' },
      });
      expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([jp.id]);
      const update = await t.request(g.agencyReporter, {
        method: 'POST',
        url: `/api/v1/incidents/${rsit.id}/reports`,
        payload: { kind: 'update', text: '分類を見直した。', category: 'malware-infection' },
      });
      expect(update.statusCode).toBe(201);
      expect(update.json().category).toBe('malware-infection');
    });

    it('counts each category as its RSIT category in the statistics, whichever profile filed it', async () => {
      const res = await t.request(g.analyst, {
        method: 'GET',
        url: '/api/v1/stats',
        query: { period: 'today' },
      });
      expect(res.statusCode).toBe(200);
      const stats = res.json() as { byCategory: unknown[]; byRsit: { key: string | null; count: number }[] };
      // ransomware and malware-infection are both malicious-code.
      expect(stats.byRsit).toContainEqual({ key: 'malicious-code', count: 2 });
      expect(stats.byCategory).toContainEqual({ key: 'ransomware', count: 1 });
    });

    it.each([
      ['an unknown code', 'wiper'],
      ['a code with a zero-width space', 'ransom\u200bware'],
      ['a full-width spelling (NFKC would fold it)', 'ｒａｎｓｏｍｗａｒｅ'],
      ['a different case', 'Ransomware'],
      ['the Japanese name instead of the code', 'ランサムウェア'],
    ])('refuses %s with 400 incidents.unknown_category and files nothing', async (_, category) => {
      const before = await t.count('incidents');
      const res = await t.request(g.agencyReporter, {
        method: 'POST',
        url: '/api/v1/incidents',
        payload: t.quickReport({ category }),
      });
      expectProblem(res, 400, 'incidents.unknown_category');
      expect(await t.count('incidents')).toBe(before);
    });
  });

  describe('the RSIT profile (RENRAKU_TAXONOMY=rsit)', () => {
    let t: TestApp;
    let g: Awaited<ReturnType<TestApp['government']>>;
    beforeAll(async () => {
      t = await startTestApp(dialect, { config: { taxonomy: 'rsit' } });
      g = await t.government();
    });
    afterAll(async () => t?.close());

    it('offers RSIT types, each its own RSIT type, and refuses the Japanese profile codes', async () => {
      const res = await t.request(g.agencyReporter, { method: 'GET', url: '/api/v1/taxonomy' });
      const taxonomy = res.json() as Taxonomy;
      expect(taxonomy.profile).toBe('rsit');
      expect(taxonomy.categories).toContainEqual({ code: 'fraud/phishing', rsit: 'fraud/phishing' });
      expect(taxonomy.categories.some((c) => c.code === 'ransomware')).toBe(false);
      const refused = await t.request(g.agencyReporter, {
        method: 'POST',
        url: '/api/v1/incidents',
        payload: t.quickReport({ category: 'ransomware' }),
      });
      expectProblem(refused, 400, 'incidents.unknown_category');
      const filed = await t.fileIncident(g.agencyReporter, { category: 'fraud/phishing' });
      expect(filed.category).toBe('fraud/phishing');
    });
  });
});
