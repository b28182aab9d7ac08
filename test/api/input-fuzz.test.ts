import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { writtenRows } from './helpers.js';

const RUNS = 100;
const json = { 'content-type': 'application/json' };

// Characters that have broken JSON handling somewhere before: controls, surrogate halves, line breaks,
// LIKE wildcards, quotes and escapes, plus any code point.
const nastyChar = fc.oneof(
  fc.constantFrom(
    '\u0000',
    '\u0007',
    '\u001b',
    '\u007f',
    '\ud800',
    '\udfff',
    '\n',
    '\r',
    '\t',
    '%',
    '_',
    '"',
    '\\',
    '攻',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const nastyString = fc.string({ unit: nastyChar, maxLength: 40 });
const anyJson = fc.jsonValue({ maxDepth: 4 });
const text = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }) },
  { weight: 1, arbitrary: nastyString },
);
const dateLike = fc.oneof(
  fc
    .date({ noInvalidDate: true, min: new Date('1900-01-01'), max: new Date('2100-01-01') })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '2016-12-31T23:59:60Z',
    '2026-11-25T03:00:00+09',
    '2026-02-29T00:00:00Z',
    '2026-11-25 03:00:00Z',
    '',
  ),
  text,
);
/** A field that is sometimes valid and sometimes anything at all. */
const either = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 12, arbitrary: valid }, anyJson, nastyString);

const quickReport = fc.record(
  {
    title: either(text),
    summary: either(text),
    detectedAt: either(fc.oneof({ weight: 3, arbitrary: fc.constant('2026-11-25T02:00:00Z') }, dateLike)),
    category: either(fc.constantFrom('malicious-code/infected-system', 'fraud/phishing', 'fraud', 'x/y')),
    severity: either(fc.constantFrom('low', 'medium', 'high', 'critical', 'HIGH')),
    tlp: either(fc.constantFrom('TLP:CLEAR', 'TLP:RED', 'TLP:AMBER+STRICT', 'TLP:WHITE')),
    impact: either(
      fc.record(
        {
          personalData: fc.record({
            involved: fc.boolean(),
            approxPersons: fc.integer({ min: -5, max: 1e9 }),
          }),
        },
        { requiredKeys: [] },
      ),
    ),
    affectedSystems: either(fc.array(text, { maxLength: 5 })),
  },
  { requiredKeys: ['title', 'summary', 'detectedAt'] },
);
const followUp = fc.record(
  {
    kind: either(fc.constant('update')),
    text: either(text),
    title: either(text),
    severity: either(fc.constantFrom('low', 'critical', 'urgent')),
    category: either(fc.constantFrom('availability/ddos', 'availability')),
  },
  { requiredKeys: ['kind', 'text'] },
);

/** Random bytes, or a JSON text with random bytes spliced into it. */
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  fc.tuple(anyJson, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 })).map(([value, at, noise]) => {
    const text = Buffer.from(JSON.stringify(value) ?? 'null', 'utf8');
    const cut = at % (text.length + 1);
    return Buffer.concat([text.subarray(0, cut), Buffer.from(noise), text.subarray(cut)]);
  }),
);

function expectClientError(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, res.body).toBeLessThan(500);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json().code).toMatch(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/);
}

describe.each(DIALECTS)('fuzzed input on %s', (dialect) => {
  let t: TestApp;
  let reporter: TestUser;
  let incidentId: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    reporter = (await t.government()).agencyReporter;
    incidentId = (await t.fileIncident(reporter)).id;
  });
  afterAll(async () => t?.close());

  const endpoints = () => [
    { url: '/api/v1/incidents', created: { incidents: 1, reports: 1 } },
    { url: `/api/v1/incidents/${incidentId}/reports`, created: { incidents: 0, reports: 1 } },
  ];

  /** Sends the payload; a refusal must be a 4xx problem that wrote nothing. */
  async function refusedOrCreated(url: string, payload: InjectOptions['payload'], mayCreate: boolean) {
    const before = await writtenRows(t);
    const res = await t.request(reporter, { method: 'POST', url, payload, headers: json });
    const after = await writtenRows(t);
    if (mayCreate && res.statusCode === 201) {
      const expected = endpoints().find((e) => e.url === url)?.created;
      expect(after.incidents - before.incidents).toBe(expected?.incidents);
      expect(after.reports - before.reports).toBe(expected?.reports);
      return;
    }
    expectClientError(res);
    expect(after).toEqual(before);
  }

  it('random JSON values are refused with a 4xx problem and write nothing', async () => {
    for (const { url } of endpoints()) {
      await fc.assert(
        fc.asyncProperty(anyJson, (value) => refusedOrCreated(url, JSON.stringify(value) ?? 'null', false)),
        { numRuns: RUNS },
      );
    }
  });

  it('random bytes are refused with a 4xx problem and write nothing', async () => {
    for (const { url } of endpoints()) {
      await fc.assert(
        fc.asyncProperty(bytes, (payload) => refusedOrCreated(url, payload, false)),
        { numRuns: RUNS },
      );
    }
  });

  it('random search terms and filters never fail the list', async () => {
    const encoded = fc.oneof(
      nastyString.map((q) => encodeURIComponent(q.replace(/[\ud800-\udfff]/g, '\ufffd'))),
      fc
        .uint8Array({ maxLength: 12 })
        .map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('')),
    );
    const param = fc.constantFrom('q', 'org', 'category', 'from', 'cursor', 'status', 'limit');
    await fc.assert(
      fc.asyncProperty(param, encoded, async (name, value) => {
        const res = await t.request(reporter, { method: 'GET', url: `/api/v1/incidents?${name}=${value}` });
        if (res.statusCode !== 200) expectClientError(res);
      }),
      { numRuns: RUNS },
    );
  });

  it('mutated reports either create exactly one thing or are refused with a 4xx and write nothing', async () => {
    const [incidents, reports] = endpoints();
    await fc.assert(
      fc.asyncProperty(quickReport, (body) => refusedOrCreated(incidents!.url, JSON.stringify(body), true)),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(followUp, (body) => refusedOrCreated(reports!.url, JSON.stringify(body), true)),
      { numRuns: RUNS },
    );
  });
  it('the routes of log-in, second factors, passwords, shares, aliases and changes never answer 5xx', async () => {
    const g = await t.government();
    const admin = await t.user(g.center, 'admin');
    const cases: { who: TestUser | null; method: 'POST' | 'PUT' | 'PATCH'; url: string }[] = [
      { who: null, method: 'POST', url: '/api/v1/session' },
      { who: null, method: 'POST', url: '/api/v1/session/second-factor' },
      { who: null, method: 'POST', url: '/api/v1/session/passkey' },
      { who: null, method: 'POST', url: '/api/v1/session/passkey/options' },
      { who: g.analyst, method: 'POST', url: '/api/v1/shares' },
      { who: g.analyst, method: 'POST', url: '/api/v1/me/password' },
      { who: g.analyst, method: 'POST', url: '/api/v1/tokens' },
      { who: admin, method: 'PUT', url: `/api/v1/orgs/${g.ministry.slug}/aliases` },
      { who: admin, method: 'PUT', url: `/api/v1/orgs/${g.ministry.slug}/domains` },
      { who: admin, method: 'POST', url: '/api/v1/users' },
      { who: admin, method: 'POST', url: '/api/v1/sso-providers' },
      {
        who: g.ministryOfficer,
        method: 'POST',
        url: '/api/v1/changes/00000000-0000-0000-0000-000000000000/confirm',
      },
    ];
    for (const { who, method, url } of cases)
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            anyJson.map((v) => JSON.stringify(v) ?? 'null'),
            bytes,
          ),
          async (payload) => {
            const res = await t.request(who, { method, url, payload, headers: json });
            if (res.statusCode >= 400) expectClientError(res);
            else expect(res.statusCode, `${method} ${url} ${res.body}`).toBeLessThan(300);
          },
        ),
        { numRuns: 25 },
      );
    // The page of a password reset link is HTML for a browser: an unknown link is its 404 page, whatever is posted.
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyJson.map((v) => JSON.stringify(v) ?? 'null'),
          bytes,
        ),
        async (payload) => {
          const res = await t.request(null, {
            method: 'POST',
            url: '/api/v1/password-reset/rp_nonesuch',
            payload,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          });
          expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, res.body).toBeLessThan(500);
        },
      ),
      { numRuns: 25 },
    );
  });
});
