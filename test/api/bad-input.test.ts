import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem, writtenRows } from './helpers.js';

const json = { 'content-type': 'application/json' };
type Payload = Pick<InjectOptions, 'payload' | 'headers'>;
type Valid = Record<string, unknown>;

const raw = (text: string): Payload => ({ payload: text, headers: json });
const body = (value: unknown): Payload => raw(JSON.stringify(value));
const bytes = (...parts: (string | number[])[]): Payload => ({
  payload: Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))),
  headers: json,
});

/** Quick-report inputs that must be refused: [name, request from a valid report, status, code]. */
const quickReportCases: [string, (valid: Valid) => Payload, number, string][] = [
  ['malformed JSON', () => raw('{"title": "x", '), 400, 'request.malformed_json'],
  ['a trailing comma', (v) => raw(`${JSON.stringify(v).slice(0, -1)},}`), 400, 'request.malformed_json'],
  ['a raw control byte inside a string', () => raw('{"title": "a\u0001b"}'), 400, 'request.malformed_json'],
  ['title of the wrong type', (v) => body({ ...v, title: 123 }), 400, 'request.validation_failed'],
  [
    'detectedAt as a number',
    (v) => body({ ...v, detectedAt: 1_795_000_000_000 }),
    400,
    'request.validation_failed',
  ],
  ['impact as a string', (v) => body({ ...v, impact: 'big' }), 400, 'request.validation_failed'],
  ['an unknown field', (v) => body({ ...v, priority: 'urgent' }), 400, 'request.validation_failed'],
  [
    'an unknown nested field',
    (v) => body({ ...v, impact: { personalData: { involved: true, names: [] } } }),
    400,
    'request.validation_failed',
  ],
  ['no title', ({ title: _, ...v }) => body(v), 400, 'request.validation_failed'],
  ['no detectedAt', ({ detectedAt: _, ...v }) => body(v), 400, 'request.validation_failed'],
  ['an empty object', () => body({}), 400, 'request.validation_failed'],
  ['an unknown TLP', (v) => body({ ...v, tlp: 'TLP:PURPLE' }), 400, 'request.validation_failed'],
  ['a TLP in lower case', (v) => body({ ...v, tlp: 'tlp:amber' }), 400, 'request.validation_failed'],
  ['an unknown severity', (v) => body({ ...v, severity: 'catastrophic' }), 400, 'request.validation_failed'],
  [
    'an unknown category',
    (v) => body({ ...v, category: 'malicious-code/keylogger' }),
    400,
    'incidents.unknown_category',
  ],
  [
    'a category without a type',
    (v) => body({ ...v, category: 'malicious-code' }),
    400,
    'incidents.unknown_category',
  ],
  [
    'detectedAt beyond the allowed clock skew',
    (v) => body({ ...v, detectedAt: '2026-11-25T03:05:01.000Z' }),
    400,
    'incidents.detected_in_future',
  ],
  [
    'detectedAt next year',
    (v) => body({ ...v, detectedAt: '2027-11-25T03:00:00Z' }),
    400,
    'incidents.detected_in_future',
  ],
  [
    'invalid UTF-8 (0xFF)',
    (v) => bytes(`{"title":"`, [0xff], `","summary":"s","detectedAt":"${v.detectedAt}"}`),
    400,
    'request.invalid_utf8',
  ],
  ['an over-long UTF-8 encoding', () => bytes('{"title":"', [0xc0, 0xaf], '"}'), 400, 'request.invalid_utf8'],
  [
    'a UTF-8-encoded surrogate (CESU-8)',
    () => bytes('{"title":"', [0xed, 0xa0, 0x80], '"}'),
    400,
    'request.invalid_utf8',
  ],
  [
    'a truncated multi-byte sequence',
    () => bytes('{"title":"', [0xe6, 0x94], '"}'),
    400,
    'request.invalid_utf8',
  ],
  ['NUL in the title', (v) => body({ ...v, title: 'abc\u0000def' }), 400, 'request.control_characters'],
  ['BEL in the summary', (v) => body({ ...v, summary: 'ring \u0007' }), 400, 'request.control_characters'],
  [
    'ESC (a terminal escape) in a system name',
    (v) => body({ ...v, affectedSystems: ['\u001b[31mred'] }),
    400,
    'request.control_characters',
  ],
  ['DEL in the title', (v) => body({ ...v, title: 'x\u007fy' }), 400, 'request.control_characters'],
  [
    'a control character in a key',
    (v) => raw(`{"ti\\u0000tle":1,${JSON.stringify(v).slice(1)}`),
    400,
    'request.control_characters',
  ],
  [
    'a lone high surrogate',
    (v) => raw(JSON.stringify(v).replace('"title":"', '"title":"\\ud800')),
    400,
    'request.invalid_unicode',
  ],
  [
    'a lone low surrogate',
    (v) => raw(JSON.stringify(v).replace('"summary":"', '"summary":"x\\udc00')),
    400,
    'request.invalid_unicode',
  ],
  [
    'a title of 201 characters',
    (v) => body({ ...v, title: 'a'.repeat(201) }),
    400,
    'request.validation_failed',
  ],
  ['an empty title', (v) => body({ ...v, title: '' }), 400, 'request.validation_failed'],
  ['a blank title', (v) => body({ ...v, title: '   ' }), 400, 'request.validation_failed'],
  [
    'a title with a line feed',
    (v) => body({ ...v, title: '一行目\n二行目' }),
    400,
    'request.validation_failed',
  ],
  [
    'a title with a carriage return',
    (v) => body({ ...v, title: 'one\rtwo' }),
    400,
    'request.validation_failed',
  ],
  [
    'a summary of 20,001 characters',
    (v) => body({ ...v, summary: 's'.repeat(20_001) }),
    400,
    'request.validation_failed',
  ],
  [
    'a __proto__ key',
    (v) => raw(`{"__proto__":{"polluted":true},${JSON.stringify(v).slice(1)}`),
    400,
    'request.malformed_json',
  ],
  [
    'a nested __proto__ key',
    (v) => raw(JSON.stringify(v).replace('}', ',"impact":{"__proto__":{"isAdmin":true}}}')),
    400,
    'request.malformed_json',
  ],
  [
    'a constructor.prototype key',
    (v) => raw(`{"constructor":{"prototype":{"polluted":true}},${JSON.stringify(v).slice(1)}`),
    400,
    'request.malformed_json',
  ],
  ['an empty body declared as JSON', () => raw(''), 400, 'request.validation_failed'],
  ['whitespace only', () => raw('  \n '), 400, 'request.malformed_json'],
  [
    'a date without a time',
    (v) => body({ ...v, detectedAt: '2026-11-25' }),
    400,
    'request.validation_failed',
  ],
  [
    'a date without a time zone',
    (v) => body({ ...v, detectedAt: '2026-11-25T02:00:00' }),
    400,
    'request.validation_failed',
  ],
  ['month 13', (v) => body({ ...v, detectedAt: '2026-13-01T00:00:00Z' }), 400, 'request.validation_failed'],
  [
    'February 30th',
    (v) => body({ ...v, detectedAt: '2026-02-30T00:00:00Z' }),
    400,
    'request.validation_failed',
  ],
  ['a date in words', (v) => body({ ...v, detectedAt: 'yesterday' }), 400, 'request.validation_failed'],
  [
    'a leap second',
    (v) => body({ ...v, detectedAt: '2016-12-31T23:59:60Z' }),
    400,
    'request.validation_failed',
  ],
  [
    'a zone offset of hours only',
    (v) => body({ ...v, detectedAt: '2026-11-25T02:00:00+09' }),
    400,
    'request.validation_failed',
  ],
  [
    'negative approxPersons',
    (v) => body({ ...v, impact: { personalData: { involved: true, approxPersons: -1 } } }),
    400,
    'request.validation_failed',
  ],
  [
    'fractional approxPersons',
    (v) => body({ ...v, impact: { personalData: { involved: true, approxPersons: 1.5 } } }),
    400,
    'request.validation_failed',
  ],
  [
    'approxPersons beyond JSON doubles',
    (v) =>
      raw(
        JSON.stringify(v).replace('}', ',"impact":{"personalData":{"involved":true,"approxPersons":1e400}}}'),
      ),
    400,
    'request.validation_failed',
  ],
  [
    '101 affected systems',
    (v) => body({ ...v, affectedSystems: Array.from({ length: 101 }, (_, i) => `host-${i}`) }),
    400,
    'request.validation_failed',
  ],
  [
    'a huge array of numbers',
    (v) => body({ ...v, affectedSystems: new Array(150_000).fill(1) }),
    400,
    'request.validation_failed',
  ],
  ['a huge top-level array', () => body(new Array(150_000).fill(0)), 400, 'request.validation_failed'],
  [
    'deeply nested arrays',
    () => raw(`${'['.repeat(200_000)}${']'.repeat(200_000)}`),
    400,
    'request.too_deep',
  ],
  [
    'deeply nested objects',
    () => raw(`${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`),
    400,
    'request.too_deep',
  ],
  ['a JSON array', (v) => body([v]), 400, 'request.validation_failed'],
  ['a JSON string', () => body('title'), 400, 'request.validation_failed'],
  ['a JSON number', () => raw('42'), 400, 'request.validation_failed'],
  ['JSON true', () => raw('true'), 400, 'request.validation_failed'],
  ['JSON null', () => raw('null'), 400, 'request.validation_failed'],
  [
    'text/plain',
    (v) => ({ payload: JSON.stringify(v), headers: { 'content-type': 'text/plain' } }),
    415,
    'request.unsupported_media_type',
  ],
  [
    'a form',
    () => ({ payload: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    415,
    'request.unsupported_media_type',
  ],
  [
    'a body without a content type',
    (v) => ({ payload: Buffer.from(JSON.stringify(v)) }),
    415,
    'request.unsupported_media_type',
  ],
  ['no body at all', () => ({}), 400, 'request.validation_failed'],
  [
    'a body over the default 1 MB limit',
    (v) => body({ ...v, summary: 'x'.repeat(1_048_576) }),
    413,
    'request.body_too_large',
  ],
];

/** Follow-up inputs that must be refused. */
const followUpCases: [string, Payload, number, string][] = [
  ['malformed JSON', raw('{"kind":'), 400, 'request.malformed_json'],
  ['an unknown kind', body({ kind: 'quick', text: 'x' }), 400, 'request.validation_failed'],
  ['no text', body({ kind: 'update' }), 400, 'request.validation_failed'],
  [
    'an unknown field',
    body({ kind: 'update', text: 'x', status: 'closed' }),
    400,
    'request.validation_failed',
  ],
  [
    'a title with a newline',
    body({ kind: 'update', text: 'x', title: 'a\nb' }),
    400,
    'request.validation_failed',
  ],
  [
    'an unknown category',
    body({ kind: 'update', text: 'x', category: 'nope/nope' }),
    400,
    'incidents.unknown_category',
  ],
  ['an unknown TLP', body({ kind: 'final', text: 'x', tlp: 'TLP:WHITE' }), 400, 'request.validation_failed'],
  [
    'ESC in the text',
    body({ kind: 'update', text: '\u001b]0;owned\u0007' }),
    400,
    'request.control_characters',
  ],
  ['a lone surrogate', raw('{"kind":"update","text":"\\udfff"}'), 400, 'request.invalid_unicode'],
  [
    'invalid UTF-8',
    bytes('{"kind":"update","text":"', [0xf8, 0x88, 0x80, 0x80, 0x80], '"}'),
    400,
    'request.invalid_utf8',
  ],
  ['a __proto__ key', raw('{"kind":"update","text":"x","__proto__":{"a":1}}'), 400, 'request.malformed_json'],
  ['a JSON array', body([{ kind: 'update', text: 'x' }]), 400, 'request.validation_failed'],
  ['JSON null', raw('null'), 400, 'request.validation_failed'],
  [
    'text/plain',
    { payload: 'update', headers: { 'content-type': 'text/plain' } },
    415,
    'request.unsupported_media_type',
  ],
  ['no body at all', {}, 400, 'request.validation_failed'],
];

describe.each(DIALECTS)('bad input on %s', (dialect) => {
  let t: TestApp;
  let reporter: TestUser;
  let incidentId: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    const g = await t.government();
    reporter = g.agencyReporter;
    incidentId = (await t.fileIncident(reporter)).id;
  });
  afterAll(async () => t?.close());

  it.each(quickReportCases)(
    'a quick report with %s is refused and writes nothing',
    async (_name, build, status, code) => {
      const before = await writtenRows(t);
      const res = await t.request(reporter, {
        method: 'POST',
        url: '/api/v1/incidents',
        ...build(t.quickReport()),
      });
      expectProblem(res, status, code);
      expect(await writtenRows(t)).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it.each(followUpCases)(
    'a follow-up with %s is refused and writes nothing',
    async (_name, payload, status, code) => {
      const before = await writtenRows(t);
      const res = await t.request(reporter, {
        method: 'POST',
        url: `/api/v1/incidents/${incidentId}/reports`,
        ...payload,
      });
      expectProblem(res, status, code);
      expect(await writtenRows(t)).toEqual(before);
    },
  );

  it.each([
    ['GET', '/api/v1/incidents/%00'],
    ['GET', '/api/v1/incidents/a%07b'],
    ['POST', '/api/v1/incidents/%1b/reports'],
    ['POST', '/api/v1/incidents/%00/forward'],
  ])('a control character in the path (%s %s) is refused', async (method, url) => {
    const before = await writtenRows(t);
    const res = await t.request(reporter, {
      method: method as 'GET',
      url,
      payload: method === 'POST' ? {} : undefined,
    });
    expectProblem(res, 400, 'request.control_characters');
    expect(await writtenRows(t)).toEqual(before);
  });

  it('validation problems name the offending field', async () => {
    const wrongType = await t.request(reporter, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: t.quickReport({ title: 123 }),
    });
    expect(wrongType.json().errors).toEqual([{ path: 'body/title', message: 'must be string' }]);
    const unknown = await t.request(reporter, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: t.quickReport({ priority: 'urgent' }),
    });
    expect(unknown.json().errors).toEqual([{ path: 'body', message: "unknown field 'priority'" }]);
  });

  // The refusals above must not be refusals of everything: the limits themselves are accepted.
  it('accepts the values at the edge of every limit', async () => {
    const before = await writtenRows(t);
    const edge = t.quickReport({
      title: '攻'.repeat(200),
      summary: '複数行の\n概要\r\nタブ\tも可',
      detectedAt: new Date(t.clock.now().getTime() + 300_000).toISOString(),
      category: 'malicious-code/infected-system',
      tlp: 'TLP:AMBER+STRICT',
      severity: 'critical',
      impact: { personalData: { involved: true, approxPersons: 0 } },
      affectedSystems: Array.from({ length: 100 }, (_, i) => `host-${i}`),
    });
    const res = await t.request(reporter, { method: 'POST', url: '/api/v1/incidents', payload: edge });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ title: edge.title, summary: edge.summary, tlp: 'TLP:AMBER+STRICT' });
    const offset = await t.request(reporter, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: t.quickReport({ detectedAt: '2026-11-25T11:50:00+09:00', title: '😀'.repeat(200) }),
    });
    expect(offset.statusCode).toBe(201);
    expect(offset.json().chain.detectedAt).toBe('2026-11-25T02:50:00.000Z');
    const after = await writtenRows(t);
    expect(after.incidents - before.incidents).toBe(2);
  });

  it('a JSON content type with a charset parameter is JSON', async () => {
    const res = await t.request(reporter, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: JSON.stringify(t.quickReport()),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(res.statusCode).toBe(201);
  });
});

describe.each(DIALECTS)('a configured body limit on %s', (dialect) => {
  let t: TestApp;
  let reporter: TestUser;
  beforeAll(async () => {
    t = await startTestApp(dialect, { config: { bodyLimitBytes: 4096 } });
    reporter = (await t.government()).agencyReporter;
  });
  afterAll(async () => t?.close());

  it('refuses a body one byte over the limit and accepts one at the limit', async () => {
    const sized = (n: number) => {
      const base = JSON.stringify(t.quickReport({ summary: '' }));
      return JSON.stringify(t.quickReport({ summary: 's'.repeat(n - Buffer.byteLength(base)) }));
    };
    const before = await writtenRows(t);
    const over = await t.request(reporter, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: sized(4097),
      headers: json,
    });
    expectProblem(over, 413, 'request.body_too_large');
    expect(await writtenRows(t)).toEqual(before);
    const at = await t.request(reporter, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: sized(4096),
      headers: json,
    });
    expect(at.statusCode).toBe(201);
  });
});
