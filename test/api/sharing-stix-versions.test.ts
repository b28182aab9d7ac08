import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { stixBundleErrors } from '../support/stix-schemas.js';
import { expectProblem } from './helpers.js';

// A consumer that imported a share learns of its edits and its withdrawal from the next STIX export: changed
// objects come with a later `modified`, removed ones as `revoked: true` versions; exports page by added_after
// and by `next`, with no hidden cap. Every bundle is checked against the OASIS schemas and grammar.

interface Obj {
  type: string;
  id: string;
  created?: string;
  modified?: string;
  revoked?: boolean;
  name?: string;
  pattern?: string;
  object_refs?: string[];
}

describe.each(DIALECTS)('STIX versions on %s', (dialect) => {
  let t: TestApp;
  let gov: Awaited<ReturnType<TestApp['government']>>;
  let other: TestOrg;
  let reader: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    gov = await t.government();
    other = await t.org('ministry');
    reader = await t.user(other, 'reporter');
    stranger = await t.user(await t.org('ministry'), 'reporter');
  });
  afterAll(() => t?.close());

  const exportAs = async (u: TestUser, query = '') => {
    const res = await t.request(u, { method: 'GET', url: `/api/v1/shares/export.stix${query}` });
    expect(res.statusCode, res.body).toBe(200);
    const bundle = res.json() as { type: string; objects: Obj[] };
    expect(stixBundleErrors(bundle)).toEqual([]);
    return { objects: bundle.objects, next: res.headers['x-renraku-next'] as string | undefined };
  };
  const ofShare = (objects: Obj[], reportId: string, refs: string[]) =>
    objects.filter((o) => o.id === reportId || refs.includes(o.id));

  it('versions an edit, revokes a removed indicator and a withdrawn share, and pages without loss', async () => {
    // A center advisory with no source publishes at once under TLP:AMBER.
    const created = await t.request(gov.analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [],
        content: {
          title: '注意喚起: 不審なURL',
          body: '以下の指標を観測しました。',
          indicators: [
            { type: 'url', value: 'https://evil.example/パス?q=日本語 space' },
            { type: 'email-addr', value: '担当者@例え.jp' },
            { type: 'domain-name', value: 'c2.example' },
          ],
          mitigations: ['遮断する'],
        },
        audience: { kind: 'orgs', orgs: [other.slug] },
        tlp: 'TLP:AMBER',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const share = created.json() as { id: string; status: string; revision: number };
    expect(share.status).toBe('published');
    expect((await exportAs(stranger)).objects.filter((o) => o.type === 'report')).toEqual([]);

    const first = await exportAs(reader);
    const report = first.objects.find((o) => o.type === 'report') as Obj;
    const refs = report.object_refs ?? [];
    expect(refs).toHaveLength(4);
    const c2 = first.objects.find((o) => o.pattern === "[domain-name:value = 'c2.example']") as Obj;
    const firstPoll = t.clock.now().toISOString();

    t.clock.advance(60_000);
    const patched = await t.request(gov.analyst, {
      method: 'PATCH',
      url: `/api/v1/shares/${share.id}`,
      payload: {
        content: {
          title: '注意喚起: 不審なURL (更新)',
          body: '以下の指標を観測しました。',
          indicators: [
            { type: 'url', value: 'https://evil.example/パス?q=日本語 space' },
            { type: 'email-addr', value: '担当者@例え.jp' },
          ],
          mitigations: ['遮断する'],
        },
      },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((patched.json() as { status: string }).status).toBe('published');

    // Polling from the first download: only what changed, the removed indicator revoked.
    const changed = await exportAs(reader, `?added_after=${encodeURIComponent(firstPoll)}`);
    const changedOfShare = ofShare(changed.objects, report.id, refs);
    expect(changedOfShare.map((o) => o.id).sort()).toEqual([report.id, c2.id].sort());
    const report2 = changedOfShare.find((o) => o.id === report.id) as Obj;
    expect(report2).toMatchObject({ name: '注意喚起: 不審なURL (更新)', created: report.created });
    expect(Date.parse(report2.modified as string)).toBeGreaterThan(Date.parse(report.modified as string));
    expect(report2.object_refs).not.toContain(c2.id);
    // Revoked, with nothing of its content: whoever gets a revocation may not have been given the value.
    const c2Revoked = changedOfShare.find((o) => o.id === c2.id) as Obj;
    expect(c2Revoked).toMatchObject({ revoked: true, created: c2.created });
    expect(c2Revoked.pattern).not.toContain('c2.example');

    // Paging one object at a time gives the whole export, each object once, in the same order.
    const whole = await exportAs(reader);
    const paged: Obj[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const page = await exportAs(reader, `?limit=1${next ? `&next=${next}` : ''}`);
      // Each page carries its author and markings; the shares' objects are the page.
      paged.push(...page.objects.filter((o) => o.type !== 'identity' && o.type !== 'marking-definition'));
      next = page.next;
      pages += 1;
    } while (next && pages < 50);
    const content = (objects: Obj[]) =>
      objects.filter((o) => o.type !== 'identity' && o.type !== 'marking-definition');
    expect(paged).toEqual(content(whole.objects));
    expectProblem(
      await t.request(reader, {
        method: 'GET',
        url: '/api/v1/shares/export.stix?limit=1&next=bm90LWEtY3Vyc29y',
      }),
      400,
      'shares.invalid_cursor',
    );

    // Withdrawn: every object of the share comes revoked to whoever held it; nobody else hears of it.
    t.clock.advance(60_000);
    const secondPoll = t.clock.now().toISOString();
    t.clock.advance(1);
    const withdrawn = await t.request(gov.analyst, {
      method: 'POST',
      url: `/api/v1/shares/${share.id}/withdraw`,
      payload: { reason: '誤報' },
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const last = ofShare((await exportAs(reader, `?added_after=${secondPoll}`)).objects, report.id, refs);
    expect(last.map((o) => o.id).sort()).toEqual(
      refs
        .filter((r) => r !== c2.id)
        .concat(report.id)
        .sort(),
    );
    for (const o of last) expect(o, o.id).toMatchObject({ revoked: true });
    expect((await exportAs(stranger)).objects.filter((o) => o.type !== 'identity')).toEqual([]);
    expectProblem(
      await t.request(reader, { method: 'GET', url: `/api/v1/shares/${share.id}/stix` }),
      404,
      'shares.not_found',
    );
  });

  it('versions a CVE id’s vulnerability, user agent and observable as any indicator: changed, removed, re-added', async () => {
    const content = (indicators: { type: string; value: string; description?: string }[]) => ({
      title: '脆弱性の注意喚起',
      body: '以下の指標を観測しました。',
      indicators,
      mitigations: [],
    });
    const CVE = { type: 'vulnerability', value: 'CVE-2026-7777' };
    const UA = { type: 'user-agent', value: "Mozilla/5.0 'Bot' 「検査」" };
    const OBSERVABLE = { type: 'observable', value: '保守用アカウント svc_v' };
    const created = await t.request(gov.analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [],
        content: content([CVE, UA, OBSERVABLE]),
        audience: { kind: 'orgs', orgs: [other.slug] },
        tlp: 'TLP:AMBER',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const edit = async (indicators: { type: string; value: string; description?: string }[]) => {
      t.clock.advance(60_000);
      const res = await t.request(gov.analyst, {
        method: 'PATCH',
        url: `/api/v1/shares/${id}`,
        payload: { content: content(indicators) },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    const first = await exportAs(reader);
    const report = first.objects.find((o) => o.type === 'report' && o.name === '脆弱性の注意喚起') as Obj;
    const vulnerability = first.objects.find((o) => o.type === 'vulnerability') as Obj;
    const ua = first.objects.find((o) => o.pattern?.includes('User-Agent')) as Obj;
    const observable = first.objects.find((o) => o.pattern?.startsWith('[x-renraku-observable:')) as Obj;
    expect(report.object_refs).toEqual([vulnerability.id, ua.id, observable.id]);
    let poll = t.clock.now().toISOString();

    // A description added: a later version of the same vulnerability.
    await edit([{ ...CVE, description: '至急パッチを適用' }, UA, OBSERVABLE]);
    let changed = await exportAs(reader, `?added_after=${encodeURIComponent(poll)}`);
    const described = changed.objects.find((o) => o.id === vulnerability.id) as Obj & {
      description?: string;
    };
    expect(described).toMatchObject({ description: '至急パッチを適用', created: vulnerability.created });
    expect(Date.parse(described.modified as string)).toBeGreaterThan(
      Date.parse(vulnerability.modified as string),
    );
    poll = t.clock.now().toISOString();

    // Removed: revoked, carrying nothing of the CVE id, the user agent or the observable.
    await edit([]);
    changed = await exportAs(reader, `?added_after=${encodeURIComponent(poll)}`);
    for (const o of [vulnerability, ua, observable]) {
      const revoked = changed.objects.find((x) => x.id === o.id) as Obj;
      expect(revoked).toMatchObject({ revoked: true, created: o.created });
      expect(JSON.stringify(revoked)).not.toMatch(/CVE-2026-7777|Bot|svc_v/);
    }
    poll = t.clock.now().toISOString();

    // Re-added: a new id (STIX forbids un-revoking), which the report refers to.
    await edit([CVE]);
    changed = await exportAs(reader, `?added_after=${encodeURIComponent(poll)}`);
    const again = changed.objects.find((o) => o.type === 'vulnerability' && !o.revoked) as Obj;
    expect(again.id).not.toBe(vulnerability.id);
    expect(changed.objects.find((o) => o.id === report.id)?.object_refs).toEqual([again.id]);
  });
});
