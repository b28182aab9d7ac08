import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { approveAndPublish, draftNotice, openAndDecide, readNotice } from '../support/notices.js';
import { parseXml, type XmlElement } from '../support/xml.js';

// Renraku's public site shows the text of approved, published notices and nothing else. Random incidents with
// hostile text, and random notices at every stage of their life (a track only, a draft, approved but not
// published, published, published with a newer draft, corrected, withdrawn); then every public page and both
// feeds are read, logged out: each published text is there, escaped, and no marker of anything else — no
// incident's title, no draft, no comment, no id of an unpublished notice, no count of them. The Atom feed is read
// against RFC 4287's rules, the JSON Feed against version 1.1. No answer sets a cookie; every answer has the
// site's strict CSP.

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "]]>&amp;&lt;' --",
  '</title></head><body>',
  '{{constructor.constructor("x")()}}',
  '＜ｓｃｒｉｐｔ＞',
  '&#x3C;svg onload=1&#x3E;',
  '個人情報　漏えい',
];
const FATES = [
  'track',
  'draft',
  'approved',
  'published',
  'published-then-draft',
  'corrected',
  'withdrawn',
] as const;
type Fate = (typeof FATES)[number];

// Every fate once, then more at random; each with hostile text drawn at random (a fixed seed: the same run each time).
const drawn = fc.sample(
  fc.array(
    fc.record({
      fate: fc.constantFrom(...FATES),
      hostile: fc.constantFrom(...HOSTILE),
      english: fc.boolean(),
    }),
    { minLength: FATES.length + 4, maxLength: FATES.length + 4 },
  ),
  { numRuns: 1, seed: 20261206 },
)[0] as { fate: Fate; hostile: string; english: boolean }[];
const scenario = drawn.map((d, i) => (i < FATES.length ? { ...d, fate: FATES[i] as Fate } : d));

const esc = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** A notice's text whose every field carries the marker (and the hostile text). */
const content = (marker: string, hostile: string, english: boolean) => {
  const lang = (l: string) => ({
    title: `${marker}-${l}-title ${hostile}`,
    body: `${marker}-${l}-body ${hostile}`,
    happened: `${marker}-${l}-happened`,
    impact: `${marker}-${l}-impact`,
    response: `${marker}-${l}-response`,
    contact: `${marker}-${l}-contact`,
  });
  return english ? { ja: lang('ja'), en: lang('en') } : { ja: lang('ja') };
};

describe.each(DIALECTS)('the public site on %s', (dialect) => {
  let t: TestApp;
  let drafter: TestUser;
  let approver: TestUser;
  /** Markers that must be on the site, with the texts they stand for. */
  const shown: { marker: string; noticeId: string; texts: string[] }[] = [];
  const hidden: string[] = [];
  const listed: string[] = [];
  let bodySlug: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const g = await t.government();
    bodySlug = g.agency.slug;
    drafter = g.agencyReporter;
    approver = g.agencyOfficer;
    for (const [i, s] of scenario.entries()) {
      const incident = await t.fileIncident(drafter, {
        title: `SECRET${i}-title ${s.hostile}`,
        summary: `SECRET${i}-summary ${s.hostile}`,
      });
      hidden.push(`SECRET${i}`, incident.id);
      if (s.fate === 'track') {
        await openAndDecide(t, drafter, approver, incident.id);
        continue;
      }
      await openAndDecide(t, drafter, approver, incident.id);
      const first = content(`PUB${i}`, s.hostile, s.english);
      const id = await draftNotice(t, drafter, incident.id, first);
      await t.request(g.ministryOfficer, {
        method: 'POST',
        url: `/api/v1/notices/${id}/comments`,
        payload: { seq: 1, body: `COMMENT${i} ${s.hostile}` },
      });
      hidden.push(`COMMENT${i}`);
      if (s.fate === 'draft' || s.fate === 'approved') {
        if (s.fate === 'approved') {
          const v = (await readNotice(t, approver, id)).versions[0];
          await t.request(approver, {
            method: 'POST',
            url: `/api/v1/notices/${id}/versions/1/approve`,
            payload: { revision: v?.revision },
          });
        }
        hidden.push(`PUB${i}`, id);
        continue;
      }
      await approveAndPublish(t, approver, id, 1);
      listed.push(id);
      const texts = (c: ReturnType<typeof content>) => [...Object.values(c.ja), ...Object.values(c.en ?? {})];
      if (s.fate === 'published-then-draft') {
        await t.request(drafter, {
          method: 'POST',
          url: `/api/v1/notices/${id}/versions`,
          payload: { kind: 'report', content: content(`NEXT${i}`, s.hostile, s.english) },
        });
        hidden.push(`NEXT${i}`);
      }
      if (s.fate === 'corrected') {
        const correction = content(`CORR${i}`, s.hostile, s.english);
        await t.request(drafter, {
          method: 'POST',
          url: `/api/v1/notices/${id}/versions`,
          payload: { kind: 'correction', content: correction },
        });
        await approveAndPublish(t, approver, id, 2);
        shown.push({ marker: `CORR${i}`, noticeId: id, texts: texts(correction) });
      }
      if (s.fate === 'withdrawn') {
        await t.request(approver, { method: 'POST', url: `/api/v1/notices/${id}/withdraw` });
        // The tombstone keeps the title, dated; the rest of the text is gone.
        hidden.push(`PUB${i}-ja-body`, `PUB${i}-en`, `PUB${i}-ja-happened`);
        shown.push({ marker: `PUB${i}`, noticeId: id, texts: [first.ja.title] });
        continue;
      }
      shown.push({ marker: `PUB${i}`, noticeId: id, texts: texts(first) });
    }
  });
  afterAll(async () => t?.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.request(null, { method: 'GET', url, headers });

  function expectPublicAnswer(res: LightMyRequestResponse) {
    expect(res.headers['set-cookie']).toBeUndefined();
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
  }

  it('shows exactly the published text, escaped, and nothing else', async () => {
    const pages = [
      await get('/public'),
      await get(`/public/bodies/${bodySlug}`),
      ...(await Promise.all(listed.map((id) => get(`/public/notices/${id}`)))),
      await get('/public/feed.atom'),
      await get('/public/feed.json'),
    ];
    for (const res of pages) {
      expect(res.statusCode, res.body).toBe(200);
      expectPublicAnswer(res);
      for (const h of hidden) expect(res.body, h).not.toContain(h);
      // No hostile text becomes markup (the JSON Feed carries it as a JSON string, which is no markup).
      if (!String(res.headers['content-type']).includes('json'))
        expect(res.body).not.toMatch(/<(script|img|svg)\b/i);
    }
    const all = pages.map((p) => p.body).join('\n');
    for (const s of shown)
      for (const text of s.texts) {
        const page = pages.find((p) => p.body.includes(`<title>`) && p.body.includes(`${s.marker}-ja-title`));
        expect(page, s.marker).toBeDefined();
        expect(all, text).toContain(esc(text));
      }
    // The index lists the published notices (withdrawn ones as tombstones), no more: no count of the others.
    const index = pages[0]?.body ?? '';
    expect(index.match(/<li>/g)?.length ?? 0).toBe(listed.length);
    for (const id of listed) expect(index).toContain(`/public/notices/${id}`);
  });

  it('answers anything unpublished as missing, the same page for all, with no cookie', async () => {
    const missing = await get('/public/notices/01900000-0000-7000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expectPublicAnswer(missing);
    const ids = hidden.filter((h) => /^[0-9a-f-]{36}$/.test(h));
    for (const id of ids) {
      const res = await get(`/public/notices/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe(missing.body);
    }
    expect((await get('/public/bodies/no-such-body')).body).toBe(missing.body);
    // A visitor who is also logged in is not recognised: the same bytes, no cookie, no session read.
    const withCookie = await get('/public', { cookie: 'renraku_session=whatever' });
    expect(withCookie.body).toBe((await get('/public')).body);
    expectPublicAnswer(withCookie);
  });

  it('writes an Atom feed by RFC 4287’s rules', async () => {
    const res = await get('/public/feed.atom');
    expect(res.headers['content-type']).toMatch(/^application\/atom\+xml/);
    const feed = parseXml(res.body);
    expect(feed.name).toBe('feed');
    expect(feed.attrs.xmlns).toBe('http://www.w3.org/2005/Atom');
    const only = (el: XmlElement, name: string) => {
      const found = el.children.filter((c) => c.name === name);
      expect(found.length, `${el.name}/${name}`).toBe(1);
      return found[0] as XmlElement;
    };
    const rfc3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
    const iri = /^[a-z][a-z0-9+.-]*:\S+$/;
    expect(only(feed, 'id').text).toMatch(iri);
    only(feed, 'title');
    expect(only(feed, 'updated').text).toMatch(rfc3339);
    const feedAuthor = feed.children.some((c) => c.name === 'author');
    const links = (el: XmlElement) => el.children.filter((c) => c.name === 'link');
    const alternates = (el: XmlElement) =>
      links(el)
        .filter((l) => (l.attrs.rel ?? 'alternate') === 'alternate')
        .map((l) => `${l.attrs.type}|${l.attrs.hreflang}`);
    expect(new Set(alternates(feed)).size).toBe(alternates(feed).length);
    expect(links(feed).find((l) => l.attrs.rel === 'self')?.attrs.href).toMatch(/\/public\/feed\.atom$/);
    const entries = feed.children.filter((c) => c.name === 'entry');
    expect(entries.length).toBe(listed.length);
    const ids = entries.map((e) => only(e, 'id').text);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of entries) {
      expect(only(e, 'id').text).toMatch(iri);
      only(e, 'title');
      expect(only(e, 'updated').text).toMatch(rfc3339);
      expect(feedAuthor || e.children.some((c) => c.name === 'author')).toBe(true);
      // Without content, an entry must link to its alternate; ours has both, and one alternate per type.
      expect(only(e, 'content').attrs.type).toBe('text');
      expect(new Set(alternates(e)).size).toBe(alternates(e).length);
      expect(alternates(e).length).toBe(1);
    }
    const updated = entries.map((e) => only(e, 'updated').text);
    expect(only(feed, 'updated').text).toBe([...updated].sort().at(-1));
  });

  it('writes a JSON Feed 1.1', async () => {
    const res = await get('/public/feed.json');
    expect(res.headers['content-type']).toMatch(/^application\/feed\+json/);
    const feed = res.json();
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(typeof feed.title).toBe('string');
    expect(feed.feed_url).toMatch(/\/public\/feed\.json$/);
    expect(feed.items).toHaveLength(listed.length);
    const ids = feed.items.map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const item of feed.items) {
      expect(typeof item.id).toBe('string');
      expect(typeof item.content_text === 'string' || typeof item.content_html === 'string').toBe(true);
      expect(item.date_published).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(item.authors[0].name).toEqual(expect.any(String));
    }
  });

  it('answers 304 to a fresh copy, and a publication shows at once', async () => {
    const first = await get('/public');
    expect(first.headers['cache-control']).toMatch(/public/);
    expect(first.headers['last-modified']).toEqual(expect.any(String));
    const again = await get('/public', { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expectPublicAnswer(again);
    const incident = await t.fileIncident(drafter);
    await openAndDecide(t, drafter, approver, incident.id);
    const id = await draftNotice(t, drafter, incident.id, content('LATE', '', false));
    await approveAndPublish(t, approver, id, 1);
    const after = await get('/public', { 'if-none-match': String(first.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('LATE-ja-title');
    expect((await get('/public/feed.atom')).body).toContain('LATE-ja-title');
  });
});
