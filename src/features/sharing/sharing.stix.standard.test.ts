import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stixBundleErrors, stixPatternErrors } from '../../../test/support/stix-schemas.js';
import { normaliseIndicators } from './sharing.indicators.js';
import { type StixAuthor, type StixShare, sharesToStix } from './sharing.stix.js';
import { indicatorPattern } from './sharing.stix.values.js';
import { type Indicator, type IndicatorType, TLPS } from './sharing.terms.js';

/** A deployment's secret namespace of indicator ids (migration 0040). */
const ID_KEY = '6f1d8a52-2c4b-4f0e-9a51-3c7e2b9d0f17';

// Exports checked against the standard's own artifacts: the OASIS JSON schemas for every object and the OASIS
// patterning grammar (an ANTLR parser generated from it) for every pattern (test/support/stix-schemas.ts).

const author: StixAuthor = { id: '0190c4a2-0000-7000-8000-000000000001', name: 'National Cyber Center' };
const share = (over: Partial<StixShare> = {}): StixShare => ({
  id: '0190c4a2-0000-7000-8000-0000000000aa',
  kind: 'share',
  title: '標的型攻撃について',
  body: 'Body',
  indicators: [],
  mitigations: [],
  tlp: 'TLP:AMBER',
  createdAt: '2025-04-01T09:00:00.000Z',
  updatedAt: '2025-04-01T10:30:00.000Z',
  publishedAt: '2025-04-01T11:00:00.000Z',
  ...over,
});

describe('the validator (the standard, not our expectations)', () => {
  it('refuses what the schemas and the grammar refuse', () => {
    expect(stixPatternErrors("[ipv4-addr:value = '1.2.3.4'")).not.toEqual([]);
    expect(stixPatternErrors("[ipv4-addr:value = '1.2.3.4' AND]")).not.toEqual([]);
    expect(stixPatternErrors("[url:value = 'https://evil.example/パス?q=日本語 space']")).not.toEqual([]);
    expect(stixPatternErrors("[email-addr:value = '担当者@例え.jp']")).not.toEqual([]);
    expect(stixPatternErrors("[file:hashes.'SHA-256' = 'abc']")).not.toEqual([]);
    expect(stixPatternErrors("[ipv4-addr:value = '1.2.3.999']")).not.toEqual([]);
    const bundle = sharesToStix([share()], author, ID_KEY);
    const report = bundle.objects.find((o) => o.type === 'report');
    expect(stixBundleErrors({ ...bundle, objects: [{ ...report, object_refs: [] } as never] })).not.toEqual(
      [],
    );
    expect(
      stixBundleErrors({ ...bundle, objects: [{ ...report, modified: '2025-04-01' } as never] }),
    ).not.toEqual([]);
  });

  it('accepts what the standard accepts, IPv4-mapped IPv6 included (the schema bug fixed)', () => {
    expect(stixPatternErrors("[ipv6-addr:value = '::ffff:192.0.2.1']")).toEqual([]);
    expect(
      stixPatternErrors("[ipv4-addr:value = '10.0.0.0/8'] AND [url:value = 'https://a.example/x%20y']"),
    ).toEqual([]);
  });
});

describe('the issue’s values export as the standard demands', () => {
  const cases: [IndicatorType, string, string][] = [
    [
      'url',
      'https://evil.example/パス?q=日本語 space',
      "[url:value = 'https://evil.example/%E3%83%91%E3%82%B9?q=%E6%97%A5%E6%9C%AC%E8%AA%9E%20space']",
    ],
    ['url', "https://evil.example/…a]b\\'c", "[url:value = 'https://evil.example/...a%5Db/\\'c']"],
    ['url', 'http://例え.jp/a|b{c}^', "[url:value = 'http://xn--r8jz45g.jp/a%7Cb%7Bc%7D%5E']"],
    ['domain-name', '例え.JP', "[domain-name:value = 'xn--r8jz45g.jp']"],
    ['domain-name', '_dmarc.example.jp', "[domain-name:value MATCHES '^_dmarc\\\\.example\\\\.jp$']"],
    ['email-addr', 'soc@例え.jp', "[email-addr:value = 'soc@xn--r8jz45g.jp']"],
    ['email-addr', '担当者@例え.jp', "[email-addr:value MATCHES '^担当者@xn--r8jz45g\\\\.jp$']"],
    ['ipv6-addr', '2001:DB8:0:0::1', "[ipv6-addr:value = '2001:db8::1']"],
    ['ipv6-addr', '::ffff:192.0.2.1', "[ipv4-addr:value = '192.0.2.1']"],
    ['ipv4-addr', '192.0.2.0/24', "[ipv4-addr:value = '192.0.2.0/24']"],
    ['file-sha512', 'AB'.repeat(64), `[file:hashes.'SHA-512' = '${'ab'.repeat(64)}']`],
    ['file-name', "inv'oice 請求書.exe", "[file:name = 'inv\\'oice 請求書.exe']"],
    ['autonomous-system', 'as64496', '[autonomous-system:number = 64496]'],
    [
      'user-agent',
      "Mozilla/5.0 (Windows NT 10.0; ja-JP) Evil'Bot\\2.0 「検査」",
      "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'Mozilla/5.0 (Windows NT 10.0; ja-JP) Evil\\'Bot\\\\2.0 「検査」']",
    ],
    [
      'observable',
      "保守用アカウント ']' OR [ipv4-addr:value = '1.2.3.4'",
      "[x-renraku-observable:value = '保守用アカウント \\']\\' OR [ipv4-addr:value = \\'1.2.3.4\\'']",
    ],
  ];
  it.each(cases)('%s %s', (type, value, pattern) => {
    const [stored] = normaliseIndicators([{ type, value }]);
    expect(indicatorPattern(stored as Indicator)).toBe(pattern);
    expect(stixPatternErrors(pattern)).toEqual([]);
    const bundle = sharesToStix([share({ indicators: [stored as Indicator] })], author, ID_KEY);
    expect(stixBundleErrors(bundle)).toEqual([]);
  });
});

// Text that has broken exporters: quotes and backslashes, brackets, controls, bidi and zero-width characters,
// lone surrogates' neighbours, Japanese.
const hostile = fc.oneof(
  fc.constantFrom(
    "'",
    '\\',
    ']',
    '[',
    '\n',
    '\r\n',
    '\u0000',
    '\u202e',
    '\u200b',
    '\ufeff',
    '"',
    '%',
    '#',
    '|',
  ),
  fc.constantFrom('日本語', 'パス', '担当者', '例え', '🛡', 'ｆｕｌｌ'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }),
);
const text = fc.array(hostile, { maxLength: 12 }).map((parts) => parts.join(''));
const label = fc.oneof(
  fc.stringMatching(/^[a-z0-9_]([a-z0-9_-]{0,8}[a-z0-9_])?$/),
  fc.constantFrom('例え', '日本', 'パス', 'ｅｖｉｌ', 'xn--r8jz45g'),
);
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('jp', 'example', 'com', 'みんな'))
  .map(([labels, tld]) => [...labels, tld].join('.'));
const octet = fc.integer({ min: 0, max: 255 });
const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-fA-F]{${n}}$`));
const ind = (type: IndicatorType, value: string): Indicator => ({ type, value });
const candidate: fc.Arbitrary<Indicator> = fc.oneof(
  fc.tuple(octet, octet, octet, octet).map(([a, b, c, d]) => ind('ipv4-addr', `${a}.${b}.${c}.${d}`)),
  fc.ipV6().map((value) => ind('ipv6-addr', value)),
  domain.map((value) => ind('domain-name', value)),
  fc
    .tuple(fc.constantFrom('http', 'https', 'ftp', 'HTTP'), domain, text, text, text)
    .map(([scheme, host, path, query, fragment]) => ({
      type: 'url' as const,
      value: `${scheme}://${host}/${path}?${query}#${fragment}`,
    })),
  fc
    .tuple(
      fc.oneof(fc.stringMatching(/^[a-zA-Z0-9._+-]{1,10}$/), fc.constantFrom('担当者', 'ｓｏｃ')),
      domain,
    )
    .map(([local, host]) => ind('email-addr', `${local}@${host}`)),
  hex(32).map((value) => ind('file-md5', value)),
  hex(40).map((value) => ind('file-sha1', value)),
  hex(64).map((value) => ind('file-sha256', value)),
  hex(128).map((value) => ind('file-sha512', value)),
  text.map((value) => ind('file-name', value)),
  fc.integer({ min: 0, max: 4_294_967_295 }).map((n) => ind('autonomous-system', `AS${n}`)),
  fc
    .tuple(fc.integer({ min: 1999, max: 2099 }), fc.integer({ min: 1, max: 99_999_999 }))
    .map(([y, n]) => ind('vulnerability', `cve-${y}-${String(n).padStart(4, '0')}`)),
  text.map((value) => ind('user-agent', value)),
  text.map((value) => ind('observable', value)),
);
// What a share may hold: the candidates the share's own check accepts, in their stored form.
const storable = candidate
  .map((i) => {
    try {
      return normaliseIndicators([i])[0];
    } catch {
      return undefined;
    }
  })
  .filter((i): i is Indicator => i !== undefined);
const randomShare = fc.record({
  id: fc.uuid(),
  kind: fc.constantFrom('share' as const, 'advisory' as const),
  title: text.map((t) => t || '件名'),
  body: text,
  indicators: fc.array(
    fc.tuple(storable, fc.option(text)).map(([i, d]) => (d ? { ...i, description: d } : i)),
    { maxLength: 6 },
  ),
  mitigations: fc.array(text, { maxLength: 3 }),
  tlp: fc.constantFrom(...TLPS),
  createdAt: fc.constant('2025-04-01T09:00:00.000Z'),
  updatedAt: fc.constantFrom('2025-04-01T09:00:00.000Z', '2025-05-01T00:00:00.123Z'),
  publishedAt: fc.constant('2025-04-01T11:00:00Z'),
});

describe('a CVE id exports as a vulnerability the standard accepts', () => {
  it.each([
    ['cve-2026-1234', 'CVE-2026-1234'],
    ['CVE-2024-0001234', 'CVE-2024-1234'],
    ['ＣＶＥ－２０２６－１２３４５', 'CVE-2026-12345'],
  ])('%s', (value, id) => {
    const [stored] = normaliseIndicators([{ type: 'vulnerability', value, description: "説明 'x' \\" }]);
    expect(stored?.value).toBe(id);
    const bundle = sharesToStix([share({ indicators: [stored as Indicator] })], author, ID_KEY);
    expect(stixBundleErrors(bundle)).toEqual([]);
    expect(bundle.objects.find((o) => o.type === 'vulnerability')).toMatchObject({
      name: id,
      external_references: [{ source_name: 'cve', external_id: id }],
    });
  });
});

describe('random shares', () => {
  it('export to bundles whose every object and pattern the standard accepts', () => {
    fc.assert(
      fc.property(fc.array(randomShare, { minLength: 1, maxLength: 3 }), (shares) => {
        expect(stixBundleErrors(sharesToStix(shares, author, ID_KEY))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
