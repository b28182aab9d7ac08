import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeIncidentIndicators } from '../../src/features/indicators/indicators.purge.repository.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem, writtenRows } from './helpers.js';

// Indicators on reports (issue 14): validated and stored canonical with the report, refused whole with the
// entry named, read back only where the incident is readable.

describe.each(DIALECTS)('indicators on reports on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let otherMinistryReporter: TestUser;
  let siblingAgencyReporter: TestUser;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    const otherMinistry = await t.org('ministry');
    otherMinistryReporter = await t.user(otherMinistry, 'reporter');
    siblingAgencyReporter = await t.user(await t.org('agency', { parent: g.ministry }), 'reporter');
  });
  afterAll(async () => t?.close());

  const file = (u: TestUser, indicators: unknown, headers: Record<string, string> = {}) =>
    t.request(u, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: t.quickReport({ indicators }),
      headers,
    });
  const followUp = (u: TestUser, id: string, indicators: unknown) =>
    t.request(u, {
      method: 'POST',
      url: `/api/v1/incidents/${id}/reports`,
      payload: { kind: 'update', text: '追加の痕跡を確認した。', indicators },
    });
  const read = (u: TestUser, id: string) => t.request(u, { method: 'GET', url: `/api/v1/incidents/${id}` });
  const stored = async () => ({
    ...(await writtenRows(t)),
    indicators: await t.count('incident_indicators'),
  });

  it('stores a quick report’s indicators canonical, with their display form, and reads them back', async () => {
    const res = await file(g.agencyReporter, [
      { type: 'ipv4', value: '１９８．５１．１００．７', note: 'C2サーバ' },
      { type: 'ipv6', value: '::FFFF:203.0.113.9' },
      { type: 'domain', value: '例え[.]JP.' },
      { type: 'url', value: 'hxxps://Evil.Example:443/a/../パス' },
      { type: 'email', value: 'Attacker[@]Evil.Example' },
      { type: 'sha256', value: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855' },
      { type: 'cve', value: 'cve-2024-3400' },
      { type: 'asn', value: 'as64496' },
      { type: 'filename', value: '請求書.pdf.exe' },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const body = (await read(g.agencyReporter, res.json().id)).json();
    expect(body.indicators).toEqual([
      {
        type: 'ipv4',
        value: '198.51.100.7',
        display: '198.51.100.7',
        note: 'C2サーバ',
        reportSeq: 1,
        correlatedIncidents: 0,
        // Documentation space (RFC 5737): flagged by the shipped warning list (and so matched with nothing).
        warningLists: ['IPv4 special-purpose addresses'],
      },
      {
        type: 'ipv4',
        value: '203.0.113.9',
        display: '203.0.113.9',
        note: null,
        reportSeq: 1,
        correlatedIncidents: 0,
        warningLists: ['IPv4 special-purpose addresses'],
      },
      {
        type: 'domain',
        value: 'xn--r8jz45g.jp',
        display: '例え.jp',
        note: null,
        reportSeq: 1,
        correlatedIncidents: 0,
        warningLists: [],
      },
      {
        type: 'url',
        value: 'https://evil.example/%E3%83%91%E3%82%B9',
        display: 'https://evil.example/パス',
        note: null,
        reportSeq: 1,
        correlatedIncidents: 0,
        warningLists: [],
      },
      {
        type: 'email',
        value: 'Attacker@evil.example',
        display: 'Attacker@evil.example',
        note: null,
        reportSeq: 1,
        correlatedIncidents: 0,
        warningLists: [],
      },
      expect.objectContaining({ type: 'sha256', value: expect.stringMatching(/^e3b0c442[0-9a-f]{56}$/) }),
      expect.objectContaining({ type: 'cve', value: 'CVE-2024-3400' }),
      expect.objectContaining({ type: 'asn', value: 'AS64496' }),
      expect.objectContaining({ type: 'filename', value: '請求書.pdf.exe' }),
    ]);
    // The list lives in its table, not in the report's stored body.
    expect(body.reports[0].body).not.toHaveProperty('indicators');
  });

  it('adds an update’s indicators after the quick report’s', async () => {
    const incident = await t.fileIncident(g.ministryReporter, {
      indicators: [{ type: 'domain', value: 'evil.example' }],
    });
    const res = await followUp(g.ministryReporter, incident.id, [
      { type: 'domain', value: 'EVIL.example.' },
      { type: 'cidr', value: '192.0.2.0/24', note: '同じ網から' },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const final = await t.request(g.ministryReporter, {
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/reports`,
      payload: {
        kind: 'final',
        text: '確報。',
        indicators: [{ type: 'md5', value: 'D41D8CD98F00B204E9800998ECF8427E' }],
      },
    });
    expect(final.statusCode, final.body).toBe(201);
    const { indicators } = (await read(g.ministryReporter, incident.id)).json();
    expect(
      indicators.map((i: { type: string; value: string; reportSeq: number }) => [
        i.reportSeq,
        i.type,
        i.value,
      ]),
    ).toEqual([
      [1, 'domain', 'evil.example'],
      [2, 'domain', 'evil.example'],
      [2, 'cidr', '192.0.2.0/24'],
      [3, 'md5', 'd41d8cd98f00b204e9800998ecf8427e'],
    ]);
  });

  it('refuses a quick report with an invalid entry with 422 naming it, and saves nothing of the report', async () => {
    const before = await stored();
    const res = await file(g.agencyReporter, [
      { type: 'ipv4', value: '192.0.2.1' },
      { type: 'domain', value: 'evil.example' },
      { type: 'ipv4', value: '192.0.2.256' },
    ]);
    expectProblem(res, 422, 'indicators.invalid_value');
    expect(res.json()).toMatchObject({ entry: 2, field: 'value', pointer: '/indicators/2/value' });
    expect(res.json().detail).toContain('indicators[2].value');
    expect(await stored()).toEqual(before);
  });

  it.each([
    [[{ type: 'domain', value: 'evil\u200b.example' }], 0, 'value', 'indicators.invisible_characters'],
    [[{ type: 'ipv4', value: '192.0.2.1\u202e' }], 0, 'value', 'indicators.invisible_characters'],
    [
      [
        { type: 'cidr', value: '10.0.0.0/8' },
        { type: 'cidr', value: '10.1.2.3/8' },
      ],
      1,
      'value',
      'indicators.cidr_host_bits',
    ],
    [[{ type: 'md5', value: 'abc' }], 0, 'value', 'indicators.hash_length'],
    [[{ type: 'url', value: 'javascript://alert(1)' }], 0, 'value', 'indicators.invalid_value'],
    [[{ type: 'other', value: ' \u3000 ' }], 0, 'value', 'indicators.empty'],
    [[{ type: 'domain', value: 'ok.example', note: 'x\u202ey' }], 0, 'note', 'indicators.invalid_note'],
    [[{ type: 'domain', value: 'ok.example', note: 'あ'.repeat(501) }], 0, 'note', 'indicators.invalid_note'],
    // Two writings of one value: the second is refused, never stored as a second form.
    [
      [
        { type: 'ipv4', value: '192.0.2.1' },
        { type: 'ipv6', value: '::ffff:c000:201' },
      ],
      1,
      'value',
      'indicators.duplicate',
    ],
  ])('refuses %j: entry %i, %s, %s; nothing saved', async (indicators, entry, field, code) => {
    const incident = await t.fileIncident(g.agencyReporter);
    const before = await stored();
    for (const res of [
      await file(g.agencyReporter, indicators),
      await followUp(g.agencyReporter, incident.id, indicators),
    ]) {
      expectProblem(res, 422, code);
      expect(res.json()).toMatchObject({ entry, field, pointer: `/indicators/${entry}/${field}` });
    }
    expect(await stored()).toEqual(before);
    expect((await read(g.agencyReporter, incident.id)).json()).toMatchObject({
      reportCount: 1,
      indicators: [],
    });
  });

  it.each([
    ['an unknown type', [{ type: 'bitcoin', value: 'x' }], 'body/indicators/0/type'],
    ['an overlong value', [{ type: 'other', value: 'x'.repeat(4097) }], 'body/indicators/0/value'],
    ['an unknown field', [{ type: 'other', value: 'x', severity: 'high' }], 'body/indicators/0'],
    [
      'more than 500 entries',
      Array.from({ length: 501 }, (_, i) => ({ type: 'other', value: `v${i}` })),
      'body/indicators',
    ],
  ])('refuses %s as malformed (400 naming the path)', async (_, indicators, path) => {
    const before = await stored();
    const res = await file(g.agencyReporter, indicators);
    expectProblem(res, 400, 'request.validation_failed');
    expect(res.json().errors[0].path).toBe(path);
    expect(await stored()).toEqual(before);
  });

  it('stores 500 indicators of one report, and a replayed request stores them once', async () => {
    const indicators = Array.from({ length: 500 }, (_, i) => ({
      type: 'ipv4',
      value: `10.${i >> 8}.${i & 255}.1`,
    }));
    const before = await t.count('incident_indicators');
    const headers = { 'idempotency-key': `indicators-${dialect}` };
    const first = await file(g.agencyReporter, indicators, headers);
    const again = await file(g.agencyReporter, indicators, headers);
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json().id).toBe(first.json().id);
    expect(await t.count('incident_indicators')).toBe(before + 500);
  });

  it('shows indicators only to those who read the incident; others get the answer of a missing one', async () => {
    const incident = await t.fileIncident(g.agencyReporter, {
      indicators: [{ type: 'domain', value: 'secret-campaign.example' }],
    });
    for (const u of [g.agencyReporter, g.agencyOfficer, g.ministryOfficer, g.analyst]) {
      const res = await read(u, incident.id);
      expect(res.statusCode, `${u.email}`).toBe(200);
      expect(res.json().indicators).toEqual([expect.objectContaining({ value: 'secret-campaign.example' })]);
    }
    const missing = await read(otherMinistryReporter, 'no-such-incident');
    for (const u of [otherMinistryReporter, siblingAgencyReporter]) {
      const res = await read(u, incident.id);
      expectProblem(res, 404, 'incidents.not_found');
      expect(res.body).toBe(missing.body);
      expect(res.body).not.toContain('secret-campaign');
    }
    // Nor may another body add indicators to it: the same answer as for a missing incident.
    const add = await followUp(otherMinistryReporter, incident.id, [{ type: 'domain', value: 'x.example' }]);
    expectProblem(add, 404, 'incidents.not_found');
  });

  it('the exercise purge’s part erases the indicators of the incidents it is given, and no others', async () => {
    const gone = await t.fileIncident(g.agencyReporter, { indicators: [{ type: 'asn', value: 'AS64500' }] });
    const kept = await t.fileIncident(g.agencyReporter, { indicators: [{ type: 'asn', value: 'AS64501' }] });
    const counts = await inTransaction(t.handle, (unit) => purgeIncidentIndicators(unit.tx, [gone.id]));
    expect(counts).toEqual({ incident_indicators: 1 });
    expect((await read(g.agencyReporter, gone.id)).json().indicators).toEqual([]);
    expect((await read(g.agencyReporter, kept.id)).json().indicators).toHaveLength(1);
  });

  describe('extraction from pasted text', () => {
    const extract = (u: TestUser | null, text: unknown) =>
      t.request(u, { method: 'POST', url: '/api/v1/indicators/extract', payload: { text } });

    it('answers the typed candidates, deduplicated, and what it could not type, storing nothing', async () => {
      const before = await stored();
      const res = await extract(
        g.agencyReporter,
        '通信先 hxxp://evil[.]example/a と ｅｖｉｌ．ｅｘａｍｐｌｅ、198.51.100.7 (再掲 198[.]51[.]100[.]7)、誤り 300.1.1.1',
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        candidates: [
          {
            type: 'url',
            value: 'http://evil.example/a',
            display: 'http://evil.example/a',
            found: 'http://evil.example/a',
          },
          { type: 'ipv4', value: '198.51.100.7', display: '198.51.100.7', found: '198.51.100.7' },
          { type: 'domain', value: 'evil.example', display: 'evil.example', found: 'evil.example' },
        ],
        untyped: [
          { text: '300.1.1.1', code: 'indicators.invalid_value', reason: expect.stringContaining('IPv4') },
        ],
      });
      expect(await stored()).toEqual(before);
    });

    it('refuses the unauthenticated, an empty text and an overlong one', async () => {
      expectProblem(await extract(null, 'evil.example'), 401, 'auth.unauthenticated');
      expectProblem(await extract(g.agencyReporter, ''), 400, 'request.validation_failed');
      expectProblem(await extract(g.agencyReporter, 'a'.repeat(100_001)), 400, 'request.validation_failed');
    });
  });
});
