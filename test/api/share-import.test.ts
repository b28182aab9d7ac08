import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// Imports from outside (issue 14, points 7 and 9): a STIX 2.1 bundle or a MISP event made into a draft share
// of the center — nobody receives it until the center sends it through the rules of any share; the same file
// twice makes one draft; an invalid file is refused with every offender, and nothing is written; export then
// import gives the same indicators. A report form reads a bundle's indicators without storing anything.

type Share = {
  id: string;
  status: string;
  title: string;
  body: string;
  tlp: string;
  indicators: { type: string; value: string; description?: string }[];
  mitigations: string[];
};
type Imported = {
  created: boolean;
  tlpAssumed: boolean;
  notImported: { id: string; code: string; reason: string }[];
  share: Share;
};

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = '2026-12-01T00:00:00.000Z';
const sdo = (type: string, n: number, rest: Record<string, unknown>) => ({
  type,
  spec_version: '2.1',
  id: `${type}--${uuid(n)}`,
  created: at,
  modified: at,
  ...rest,
});
const indicator = (n: number, pattern: string, rest: Record<string, unknown> = {}) =>
  sdo('indicator', n, { pattern, pattern_type: 'stix', valid_from: at, ...rest });
const GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';

describe.each(DIALECTS)('imports into draft shares on %s', (dialect) => {
  let t: TestApp;
  let gov: Awaited<ReturnType<TestApp['government']>>;
  let coordinator: TestUser;
  let admin: TestUser;
  let otherReporter: TestUser;
  let n = 100;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    gov = await t.government();
    coordinator = await t.user(gov.center, 'center-coordinator');
    admin = await t.user(gov.center, 'admin');
    otherReporter = await t.user(await t.org('ministry'), 'reporter');
  });
  afterAll(() => t?.close());

  /** A bundle of its own id, so that tests do not find each other's drafts. */
  const bundle = (objects: unknown[]) => ({ type: 'bundle', id: `bundle--${uuid(n++)}`, objects });
  const send = (u: TestUser, url: string, payload: unknown, type = 'application/json') =>
    t.request(u, {
      method: 'POST',
      url,
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      headers: { 'content-type': type },
    });
  const importStix = (u: TestUser, b: unknown, type = 'application/stix+json') =>
    send(u, '/api/v1/shares/import.stix', b, type);
  const written = async () => ({
    shares: await t.count('shares'),
    imports: await t.count('share_imports'),
    audit: await t.count('audit_log'),
  });

  const campaign = () =>
    bundle([
      sdo('report', 1, {
        name: '標的型メール攻撃キャンペーン',
        description: '複数の府省庁に同一の送信元からメールが届いている。',
        published: at,
        object_refs: [`indicator--${uuid(2)}`],
        object_marking_refs: [GREEN],
      }),
      indicator(2, "[domain-name:value = 'phish.example' OR ipv4-addr:value = '198.51.100.23']", {
        object_marking_refs: [GREEN],
      }),
      indicator(3, "[file:hashes.'SHA-512' = '" + 'a'.repeat(128) + "']"),
      indicator(4, "[process:name = 'evil.exe']"),
      {
        type: 'email-addr',
        spec_version: '2.1',
        id: `email-addr--${uuid(5)}`,
        value: 'sender@phish.example',
      },
      sdo('course-of-action', 6, {
        name: '送信元をブロック',
        description: '送信元をブロック\nメールゲートウェイで。',
      }),
    ]);

  it('makes a draft share of a STIX bundle that nobody receives, listing what it did not import', async () => {
    const before = await written();
    const b = campaign();
    const res = await importStix(gov.analyst, b);
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json() as Imported;
    expect(res.headers.location).toBe(`/api/v1/shares/${out.share.id}`);
    expect(out).toMatchObject({ created: true, tlpAssumed: false });
    expect(out.share).toMatchObject({
      status: 'draft',
      title: '標的型メール攻撃キャンペーン',
      body: '複数の府省庁に同一の送信元からメールが届いている。',
      tlp: 'TLP:GREEN',
      mitigations: ['送信元をブロック\nメールゲートウェイで。'],
    });
    expect(out.share.indicators).toEqual([
      { type: 'domain-name', value: 'phish.example' },
      { type: 'ipv4-addr', value: '198.51.100.23' },
      { type: 'file-sha512', value: 'a'.repeat(128) },
      { type: 'email-addr', value: 'sender@phish.example' },
    ]);
    expect(out.notImported.map((x) => [x.id, x.code])).toEqual([
      [`indicator--${uuid(4)}`, 'imports.unsupported_path'],
    ]);
    expect(await written()).toEqual({
      shares: before.shares + 1,
      imports: before.imports + 1,
      audit: before.audit + 1,
    });
    // A draft is the center's alone: a body neither reads it nor finds it in its inbox.
    const read = await t.request(gov.ministryReporter, {
      method: 'GET',
      url: `/api/v1/shares/${out.share.id}`,
    });
    expectProblem(read, 404, 'shares.not_found');
    const inbox = await t.request(otherReporter, { method: 'GET', url: '/api/v1/shares?box=all' });
    expect((inbox.json() as { items: Share[] }).items.map((s) => s.id)).not.toContain(out.share.id);
    const drafts = await t.request(gov.analyst, { method: 'GET', url: '/api/v1/shares?status=draft' });
    expect((drafts.json() as { items: Share[] }).items.map((s) => s.id)).toContain(out.share.id);
    const misp = await t.request(gov.analyst, { method: 'GET', url: `/api/v1/shares/${out.share.id}/misp` });
    expectProblem(misp, 404, 'shares.not_found');
  });

  it('returns the same draft for the same bundle, however its JSON is written; another content makes another', async () => {
    const b = campaign();
    const first = (await importStix(gov.analyst, b)).json() as Imported;
    const before = await written();
    const reordered = JSON.stringify({ objects: b.objects, id: b.id, type: b.type }, null, 2);
    const again = await importStix(coordinator, reordered, 'application/json');
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ created: false, share: { id: first.share.id } });
    expect((again.json() as Imported).notImported).toEqual(first.notImported);
    expect(await written()).toEqual(before);
    const changed = await importStix(gov.analyst, { ...b, objects: b.objects.slice(1) });
    expect(changed.statusCode).toBe(201);
    expect((changed.json() as Imported).share.id).not.toBe(first.share.id);
  });

  it('makes one draft of the same bundle imported twice at once', async () => {
    const b = campaign();
    const before = await written();
    const [one, two] = await Promise.all([importStix(gov.analyst, b), importStix(coordinator, b)]);
    expect([one.statusCode, two.statusCode].sort()).toEqual([200, 201]);
    expect((one.json() as Imported).share.id).toBe((two.json() as Imported).share.id);
    expect((await written()).shares).toBe(before.shares + 1);
  });

  it('refuses an invalid bundle with every offending object, and writes nothing', async () => {
    const before = await written();
    const res = await importStix(
      gov.analyst,
      bundle([
        indicator(1, "[file:name = 'fine.exe']"),
        { ...indicator(2, "[file:name = 'a']"), valid_from: 'soon' },
        42,
      ]),
    );
    expectProblem(res, 422, 'imports.invalid_stix');
    expect(res.json()).toMatchObject({
      offenderCount: 2,
      offenders: [
        { index: 1, id: `indicator--${uuid(2)}`, reason: 'valid_from: missing or not a STIX timestamp' },
        { index: 2, id: null, reason: 'not a JSON object' },
      ],
    });
    expect(await written()).toEqual(before);
  });

  it.each([
    ['a prototype-pollution key', `{"type":"bundle","id":"bundle--${uuid(1)}","__proto__":{"x":1}}`, 400],
    [
      'nesting 100 deep',
      `{"type":"bundle","id":"bundle--${uuid(1)}","x":${'['.repeat(100)}${']'.repeat(100)}}`,
      400,
    ],
    ['a control character', `{"type":"bundle","id":"bundle--${uuid(1)}","objects":[],"x":"\\u0007"}`, 400],
    ['not JSON', '{"type":"bundle",', 400],
    ['a list', '[]', 400],
    ['more than 10 MB', JSON.stringify({ x: 'a'.repeat(11 * 1024 * 1024) }), 413],
  ])('refuses %s before reading, and writes nothing', async (_what, payload, status) => {
    const before = await written();
    const res = await importStix(gov.analyst, payload);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await written()).toEqual(before);
  });

  it('leaves out values with invisible characters and huge strings, naming them', async () => {
    const res = await importStix(
      gov.analyst,
      bundle([
        indicator(1, "[domain-name:value = 'ev\u200Bil.example']"),
        indicator(2, `[url:value = 'https://a.example/${'x'.repeat(5000)}']`),
        sdo('report', 3, {
          name: `${'長'.repeat(300)}\n二行目`,
          published: at,
          object_refs: [`indicator--${uuid(1)}`],
        }),
      ]),
    );
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json() as Imported;
    expect(out.share.indicators).toEqual([]);
    expect(out.share.title).toBe(`${'長'.repeat(199)}…`);
    expect(out.tlpAssumed).toBe(true);
    expect(out.share.tlp).toBe('TLP:AMBER');
    expect(out.notImported.map((x) => x.code)).toEqual([
      'indicators.invisible_characters',
      'indicators.too_long',
      'imports.truncated',
    ]);
  });

  it('imports only for the center’s analysts and coordinators', async () => {
    const before = await written();
    for (const u of [gov.ministryOfficer, gov.agencyReporter, admin]) {
      const res = await importStix(u, campaign());
      expectProblem(res, 403, 'auth.forbidden');
      // Refused before the file is read: an invalid one is no different.
      expectProblem(await importStix(u, { type: 'bundle' }), 403, 'auth.forbidden');
    }
    const anonymous = await t.request(null, {
      method: 'POST',
      url: '/api/v1/shares/import.stix',
      payload: JSON.stringify(campaign()),
      headers: { 'content-type': 'application/stix+json' },
    });
    expectProblem(anonymous, 401, 'auth.unauthenticated');
    expect(await written()).toEqual(before);
  });

  it('takes a CVE id, a user agent and a free observable from a bundle and a MISP event, as any producer writes them', async () => {
    const stix = await importStix(
      gov.analyst,
      bundle([
        sdo('vulnerability', 1, {
          name: 'Log4Shell',
          external_references: [{ source_name: 'cve', external_id: 'cve-2021-44228' }],
        }),
        indicator(
          2,
          "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'Mozilla/5.0 ｆｕｌｌ\\'s']",
        ),
        indicator(3, "[x-renraku-observable:value = '内部管理番号 KZ-1']"),
      ]),
    );
    expect(stix.statusCode, stix.body).toBe(201);
    const fromStix = stix.json() as Imported;
    expect(fromStix.notImported).toEqual([]);
    expect(fromStix.share.indicators).toEqual([
      { type: 'vulnerability', value: 'CVE-2021-44228' },
      { type: 'user-agent', value: "Mozilla/5.0 ｆｕｌｌ's" },
      { type: 'observable', value: '内部管理番号 KZ-1' },
    ]);
    const misp = await send(
      gov.analyst,
      '/api/v1/shares/import.misp',
      event([
        { uuid: uuid(n++), type: 'vulnerability', category: 'External analysis', value: 'CVE-2024-0003400' },
        { uuid: uuid(n++), type: 'user-agent', category: 'Network activity', value: 'curl/8.0 テスト' },
        { uuid: uuid(n++), type: 'other', category: 'Other', value: '保守用アカウント' },
        { uuid: uuid(n++), type: 'text', category: 'Other', value: 'メモ' },
      ]),
    );
    expect(misp.statusCode, misp.body).toBe(201);
    const fromMisp = misp.json() as Imported;
    expect(fromMisp.notImported).toEqual([]);
    expect(fromMisp.share.indicators).toEqual([
      { type: 'vulnerability', value: 'CVE-2024-3400' },
      { type: 'user-agent', value: 'curl/8.0 テスト' },
      { type: 'observable', value: '保守用アカウント' },
      { type: 'observable', value: 'メモ' },
    ]);
  });

  it('lists as not carried only a value a share’s own check of its type refuses', async () => {
    const res = await importStix(
      gov.analyst,
      bundle([indicator(1, "[email-addr:value = 'soc@mail_relay.example.jp']")]),
    );
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json() as Imported;
    expect(out.share.indicators).toEqual([]);
    expect(out.notImported.map((x) => [x.id, x.code])).toEqual([
      [`indicator--${uuid(1)}`, 'imports.not_carried_by_shares'],
    ]);
  });

  it('sends a draft through the rules of any share: one carrying a body’s reported indicator is refused', async () => {
    const reported = await t.fileIncident(gov.ministryReporter, {
      title: '不審な通信',
      summary: 'C2 サーバ c2-import.example.net と通信していた。',
    });
    const res = await importStix(
      gov.analyst,
      bundle([indicator(1, "[domain-name:value = 'c2-import.example.net']")]),
    );
    const draft = (res.json() as Imported).share;
    const sending = await t.request(gov.analyst, {
      method: 'PATCH',
      url: `/api/v1/shares/${draft.id}`,
      payload: { audience: { kind: 'all' }, tlp: 'TLP:AMBER' },
    });
    expectProblem(sending, 422, 'shares.undeclared_source');
    expect(sending.json()).toMatchObject({ incidentIds: [reported.id] });
    // One of the center's own goes out once sent (under AMBER at once).
    const own = (
      (
        await importStix(gov.analyst, bundle([indicator(1, "[domain-name:value = 'own-analysis.example']")]))
      ).json() as Imported
    ).share;
    const sent = await t.request(gov.analyst, {
      method: 'PATCH',
      url: `/api/v1/shares/${own.id}`,
      payload: { audience: { kind: 'all' }, tlp: 'TLP:AMBER' },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'published' });
    const received = await t.request(otherReporter, { method: 'GET', url: `/api/v1/shares/${own.id}` });
    expect(received.statusCode).toBe(200);
  });

  /** A share of the center's own, published at once (AMBER), to export. */
  async function published(indicators: unknown[], mitigations: string[]) {
    const res = await t.request(gov.analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [],
        content: { title: '往復の確認', body: '書き出して取り込む。', indicators, mitigations },
        audience: { kind: 'all' },
        tlp: 'TLP:AMBER+STRICT',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Share;
  }
  const ROUND_TRIP = [
    { type: 'ipv4-addr', value: '198.51.100.77', description: 'C2' },
    { type: 'ipv6-addr', value: '2001:db8::7' },
    { type: 'ipv4-addr', value: '203.0.113.0/24' },
    { type: 'domain-name', value: 'xn--r8jz45g.jp' },
    { type: 'url', value: "https://evil.example/a'b" },
    { type: 'email-addr', value: 'Sender@evil.example' },
    { type: 'file-md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
    { type: 'file-sha1', value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' },
    { type: 'file-sha256', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    { type: 'vulnerability', value: 'CVE-2026-1234', description: '至急パッチを適用すること' },
    { type: 'user-agent', value: "Mozilla/5.0 (compatible; Evil'Bot\\2.0; 「検査」)" },
    { type: 'observable', value: "保守用アカウント ']' OR [x:y = 'z'" },
  ];
  const MITIGATIONS = ['プロキシで遮断する。\n詳細は別紙。', 'Block it.'];

  it('gives the same indicators, mitigations, text and TLP when a STIX export is imported', async () => {
    const share = await published(ROUND_TRIP, MITIGATIONS);
    const exported = await t.request(gov.analyst, { method: 'GET', url: `/api/v1/shares/${share.id}/stix` });
    expect(exported.statusCode).toBe(200);
    const res = await importStix(gov.analyst, exported.body);
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json() as Imported;
    expect(out.notImported).toEqual([]);
    expect(out.share).toMatchObject({
      title: share.title,
      body: share.body,
      tlp: 'TLP:AMBER+STRICT',
      mitigations: MITIGATIONS,
    });
    // The same indicators; a bundle's objects come in no particular order.
    const sorted = (list: unknown[]) => list.map((x) => JSON.stringify(x)).sort();
    expect(sorted(out.share.indicators as unknown[])).toEqual(sorted(share.indicators as unknown[]));
  });

  it('gives the same indicators, mitigations, text and TLP when a MISP export is imported', async () => {
    const share = await published(ROUND_TRIP, MITIGATIONS);
    const exported = await t.request(gov.analyst, { method: 'GET', url: `/api/v1/shares/${share.id}/misp` });
    expect(exported.statusCode, exported.body).toBe(200);
    const res = await send(gov.analyst, '/api/v1/shares/import.misp', exported.body);
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json() as Imported;
    expect(out.notImported).toEqual([]);
    expect(out.share).toMatchObject({
      title: share.title,
      body: share.body,
      tlp: 'TLP:AMBER+STRICT',
      mitigations: MITIGATIONS,
      indicators: share.indicators,
    });
    const again = await send(gov.analyst, '/api/v1/shares/import.misp', exported.body);
    expect(again.json()).toMatchObject({ created: false, share: { id: out.share.id } });
  });

  const event = (attributes: unknown[], extra: Record<string, unknown> = {}) => ({
    Event: {
      uuid: uuid(n++),
      info: 'MISP からの共有',
      Tag: [{ name: 'tlp:white' }],
      Attribute: attributes,
      ...extra,
    },
  });

  it('makes a draft of a MISP event: composite attributes, tags, deleted attributes left out', async () => {
    const res = await send(
      gov.analyst,
      '/api/v1/shares/import.misp',
      event([
        { uuid: uuid(1), type: 'ip-src', category: 'Network activity', value: '192.0.2.44' },
        { uuid: uuid(2), type: 'filename|sha256', value: `a.exe|${'B'.repeat(64)}` },
        { uuid: uuid(3), type: 'domain', value: 'old.example', deleted: true },
        { uuid: uuid(4), type: 'regkey', value: 'HKLM\\x' },
        { uuid: uuid(5), type: 'hostname', value: 'host.evil.example', Tag: [{ name: 'tlp:green' }] },
      ]),
    );
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json() as Imported;
    expect(out.share).toMatchObject({ status: 'draft', title: 'MISP からの共有', tlp: 'TLP:GREEN' });
    expect(out.share.indicators).toEqual([
      { type: 'ipv4-addr', value: '192.0.2.44' },
      { type: 'file-name', value: 'a.exe' },
      { type: 'file-sha256', value: 'b'.repeat(64) },
      { type: 'domain-name', value: 'host.evil.example' },
    ]);
    expect(out.notImported.map((x) => [x.id, x.code])).toEqual([
      [uuid(3), 'imports.deleted'],
      [uuid(4), 'imports.unsupported_type'],
    ]);
  });

  it('refuses a MISP event with bad attributes, naming each, and writes nothing', async () => {
    const before = await written();
    const res = await send(
      gov.analyst,
      '/api/v1/shares/import.misp',
      event([
        { uuid: uuid(1), type: 'domain', value: 'fine.example' },
        { uuid: 'not-a-uuid', type: 'domain', value: 'x.example' },
        { uuid: uuid(3), value: 'x.example' },
        { uuid: uuid(4), type: 'domain', value: { toString: 'x' } },
        null,
      ]),
    );
    expectProblem(res, 422, 'imports.invalid_misp');
    expect(res.json()).toMatchObject({
      offenderCount: 4,
      offenders: [
        { index: 1, id: 'not-a-uuid', reason: 'uuid: not a UUID' },
        { index: 2, id: uuid(3), reason: 'type: missing' },
        { index: 3, id: uuid(4), reason: 'value: missing or not a string' },
        { index: 4, id: null, reason: 'not a JSON object' },
      ],
    });
    const noUuid = await send(gov.analyst, '/api/v1/shares/import.misp', { Event: { info: 'x' } });
    expectProblem(noUuid, 422, 'imports.invalid_misp');
    expect(await written()).toEqual(before);
  });

  it('reads a bundle’s indicators for a report form, for anyone signed in, storing nothing', async () => {
    const before = await written();
    const res = await send(
      gov.agencyReporter,
      '/api/v1/indicators/import.stix',
      bundle([
        indicator(1, "[ipv4-addr:value = '::ffff:198.51.100.9' OR file:name = '請求書.pdf.exe']"),
        indicator(2, "[file:hashes.'SHA-512' = '" + 'C'.repeat(128) + "']"),
        sdo('vulnerability', 3, { name: 'cve-2024-3400' }),
        indicator(4, "[ipv4-addr:value = '10.0.0.1'] WITHIN 5 SECONDS"),
      ]),
      'application/stix+json',
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      candidates: [
        { type: 'ipv4', value: '198.51.100.9', display: '198.51.100.9', from: `indicator--${uuid(1)}` },
        {
          type: 'filename',
          value: '請求書.pdf.exe',
          display: '請求書.pdf.exe',
          from: `indicator--${uuid(1)}`,
        },
        { type: 'sha512', value: 'c'.repeat(128), display: 'c'.repeat(128), from: `indicator--${uuid(2)}` },
        { type: 'cve', value: 'CVE-2024-3400', display: 'CVE-2024-3400', from: `vulnerability--${uuid(3)}` },
      ],
      notImported: [
        { id: `indicator--${uuid(4)}`, code: 'imports.unsupported_pattern', reason: expect.any(String) },
      ],
    });
    expect(await written()).toEqual(before);
    const bad = await send(gov.agencyReporter, '/api/v1/indicators/import.stix', { type: 'bundle' });
    expectProblem(bad, 422, 'imports.invalid_stix');
  });
});
