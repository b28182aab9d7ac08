import { describe, expect, it } from 'vitest';
import { anonymousName, type Redaction, redactContent } from './sharing.redaction.js';
import { type Indicator, REDACTION_MARK as M, type ShareContent } from './sharing.terms.js';

const content = (over: Partial<ShareContent> = {}): ShareContent => ({
  title: '',
  body: '',
  indicators: [],
  mitigations: [],
  ...over,
});
/** The body as redacted, with the counts. */
const body = (text: string, r: Redaction) => {
  const out = redactContent(content({ body: text }), r);
  return { text: out.content.body, applied: out.applied };
};
const redacted = (text: string, r: Redaction) => body(text, r).text;

describe('anonymous names', () => {
  it('names each kind of body neutrally in both languages', () => {
    expect(anonymousName('ministry', 'ja')).toBe('ある府省庁');
    expect(anonymousName('agency', 'ja')).toBe('ある独立行政法人等');
    expect(anonymousName('center', 'ja')).toBe('センター');
    expect(anonymousName('ministry', 'en')).toBe('a ministry');
    expect(anonymousName('agency', 'en')).toBe('an agency');
    expect(anonymousName('center', 'en')).toBe('the center');
  });
});

describe('source names', () => {
  const sourceNames = [
    { text: 'Ministry of Testing', replacement: 'a ministry' },
    { text: 'Ministry of Testing Agency', replacement: 'an agency' },
    { text: 'テスト省', replacement: 'ある府省庁' },
    { text: '   ', replacement: 'never' },
    { text: '', replacement: 'never' },
  ];

  it('replaces every name, the longest first, whatever its case or spacing', () => {
    const out = body(
      'MINISTRY OF TESTING reported; the ministry of testing agency too; テスト省 confirmed. Ministry  of\nTesting.',
      { sourceNames },
    );
    expect(out.text).toBe('a ministry reported; the an agency too; ある府省庁 confirmed. a ministry.');
    expect(out.applied).toEqual([{ kind: 'source', count: 4 }]);
  });

  it('applies to the title, the mitigations and indicator descriptions, not to indicator values', () => {
    const indicator: Indicator = {
      type: 'domain-name',
      value: 'testing.example',
      description: 'テスト省 C2',
    };
    const out = redactContent(
      content({ title: 'テスト省の件', mitigations: ['Ask Ministry of Testing'], indicators: [indicator] }),
      { sourceNames },
    );
    expect(out.content.title).toBe('ある府省庁の件');
    expect(out.content.mitigations).toEqual(['Ask a ministry']);
    expect(out.content.indicators).toEqual([{ ...indicator, description: 'ある府省庁 C2' }]);
  });

  it('ignores a name that a replacement contains, which replacing could never remove', () => {
    expect(
      redacted('府省 and X省', { sourceNames: [...sourceNames, { text: '府省', replacement: 'Y' }] }),
    ).toBe('府省 and X省');
  });

  it('replaces a name that reappears across a replacement and the text after it', () => {
    const names = [{ text: 'Ministry of X', replacement: 'a ministry' }];
    const out = body('Ministry of X of X', { sourceNames: names });
    expect(out.text).toBe('a a ministry');
    expect(body(out.text, { sourceNames: names }).applied).toEqual([]);
  });
});

describe('terms', () => {
  it('marks every occurrence regardless of case and width, the longest first', () => {
    const out = body('Yamada Taro, YAMADA and ｙａｍａｄａ met 山田太郎 and 山田.', {
      terms: ['yamada', 'Yamada Taro', '山田', '山田太郎'],
    });
    expect(out.text).toBe(`${M}, ${M} and ${M} met ${M} and ${M}.`);
    expect(out.applied).toEqual([{ kind: 'term', count: 5 }]);
  });

  it('treats regex syntax in terms as text', () => {
    const terms = ['a.b', '(x)', '[', '\\', '$1', '*+?', '^', 'c|d', '{2}', '-', '/'];
    expect(redacted('axb a.b (x) x [ \\ $1 *+? ^ c|d c {2} - / ok', { terms })).toBe(
      `axb ${M} ${M} x ${M} ${M} ${M} ${M} ${M} ${M} c ${M} ${M} ${M} ok`,
    );
  });

  it('ignores empty terms and the mark itself, and cuts a term at a mark', () => {
    expect(body('keep ■ this', { terms: ['', '  ', '■', M] })).toEqual({ text: 'keep ■ this', applied: [] });
    expect(redacted('abc■def abc def', { terms: ['abc■def'] })).toBe(`${M}■${M} ${M} ${M}`);
  });

  it('finds a term spelled with other spacing', () => {
    expect(redacted('Yamada\n  Taro', { terms: ['Yamada Taro'] })).toBe(M);
  });

  it('drops an indicator whose value contains a term and counts it once', () => {
    const out = redactContent(
      content({
        indicators: [
          { type: 'domain-name', value: 'mail.victim-corp.example' },
          { type: 'domain-name', value: 'evil.example', description: 'phished Victim-Corp staff' },
        ],
      }),
      { terms: ['VICTIM-CORP'] },
    );
    expect(out.content.indicators).toEqual([
      { type: 'domain-name', value: 'evil.example', description: `phished ${M} staff` },
    ]);
    expect(out.applied).toEqual([{ kind: 'term', count: 2 }]);
  });
});

describe('internal addresses', () => {
  const internal = [
    '10.1.2.3',
    '10.0.0.0/8',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.10',
    '127.0.0.1',
    '169.254.10.20',
    '100.64.0.1',
    '100.127.255.254',
    '10[.]20[.]30[.]40',
    'fd12:3456:789a::1',
    'fc00::1',
    'FE80::1',
    'fe80::1ff:fe23:4567:890a',
    'febf::1',
    '::1',
    'fs01.corp',
    'dc01.ad.example.internal',
    'printer.lan',
    'nas.local',
    'wiki.intra',
    'pc-12.localdomain',
    'router.home.arpa',
    'MAIL.CORP',
    'host[.]corp',
  ];
  const external = [
    '203.0.113.5',
    '8.8.8.8',
    '172.32.0.1',
    '172.15.0.1',
    '192.169.0.1',
    '100.128.0.1',
    '100.63.0.1',
    '11.0.0.1',
    '1.2.3',
    '10.0.19041.1',
    '1.10.0.0.1',
    '300.1.2.3',
    '2001:db8::1',
    'fec0::1',
    '12:30:45',
    'std::vector',
    'corp.example.com',
    'intranet.example.jp',
    'example.local.example.com',
    'localhost',
    'the .local suffix',
    'Acme.corporation',
  ];

  it.each(internal)('marks %s', (address) => {
    for (const around of [(a: string) => a, (a: string) => `接続元${a}から`, (a: string) => `(${a}).`]) {
      const out = body(around(address), { internalAddresses: true });
      expect(out.text).toBe(around(M));
      expect(out.applied).toEqual([{ kind: 'internal-address', count: 1 }]);
    }
  });

  it.each(external)('leaves %s alone', (text) => {
    expect(body(`see ${text} now`, { internalAddresses: true })).toEqual({
      text: `see ${text} now`,
      applied: [],
    });
  });

  describe("hosts under the source bodies' own domains", () => {
    const domains = { internalAddresses: true, internalDomains: ['example.go.jp'] } as const;
    it.each([
      'fs01.example.go.jp',
      'FS01.Example.GO.JP',
      'ｆｓ０１．ｅｘａｍｐｌｅ．ｇｏ．ｊｐ',
      'fs01[.]example[.]go[.]jp',
      'mail.dc-2.example.go.jp',
      'example.go.jp',
    ])('marks %s', (host) => {
      for (const around of [
        (a: string) => a,
        (a: string) => `接続先${a}が`,
        (a: string) => `https://${a}/share/x`,
        (a: string) => `(${a}).`,
      ]) {
        const out = body(around(host), domains);
        expect(out.text).toBe(around(M));
        expect(out.applied).toEqual([{ kind: 'internal-address', count: 1 }]);
      }
    });

    it.each(['notexample.go.jp', 'example.go.jp.evil.com', 'example.go.jpx', 'fs01.example.co.jp', 'go.jp'])(
      'leaves %s alone',
      (text) => {
        expect(body(`see ${text} now`, domains)).toEqual({ text: `see ${text} now`, applied: [] });
      },
    );

    it('marks nothing of them unless internal addresses are redacted', () => {
      expect(body('fs01.example.go.jp', { internalDomains: ['example.go.jp'] })).toEqual({
        text: 'fs01.example.go.jp',
        applied: [],
      });
    });

    it('an address at the domain loses its domain; redacting again changes nothing', () => {
      const once = redacted('from taro@fs01.example.go.jp today', domains);
      expect(once).toBe(`from taro@${M} today`);
      expect(redacted(once, domains)).toBe(once);
    });
  });

  it('keeps what surrounds an address: ports, zones, ranges, labels', () => {
    expect(redacted('http://10.0.0.1:8080/x [fd00::1]:443 fe80::1%eth0', { internalAddresses: true })).toBe(
      `http://${M}:8080/x [${M}]:443 ${M}%eth0`,
    );
    expect(redacted('10.0.0.1-10.0.0.255, IP:fd00::1, at fd00::1: done', { internalAddresses: true })).toBe(
      `${M}-${M}, IP:${M}, at ${M}: done`,
    );
  });

  it('drops indicators whose value is internal and keeps the others untouched', () => {
    const indicators: Indicator[] = [
      { type: 'ipv4-addr', value: '192.168.0.5' },
      { type: 'ipv6-addr', value: 'fd00::5' },
      { type: 'domain-name', value: 'dc.corp' },
      { type: 'url', value: 'http://10.0.0.8/payload' },
      { type: 'email-addr', value: 'admin@mail.internal' },
      { type: 'ipv4-addr', value: '203.0.113.9', description: 'beacons to 10.0.0.7 and 192.0.2.1' },
      { type: 'file-sha256', value: 'a'.repeat(64) },
    ];
    const out = redactContent(content({ indicators }), { internalAddresses: true });
    expect(out.content.indicators).toEqual([
      { type: 'ipv4-addr', value: '203.0.113.9', description: `beacons to ${M} and 192.0.2.1` },
      indicators[6],
    ]);
    expect(out.applied).toEqual([{ kind: 'internal-address', count: 6 }]);
  });
});

describe('personal data', () => {
  const personal = [
    'taro.yamada@example.go.jp',
    'Hanako+cert@Mail.Example.COM',
    '03-1234-5678',
    '045-123-4567',
    '0466-12-3456',
    '090-1234-5678',
    '09012345678',
    '0312345678',
    '0120-123-456',
    '0800-123-4567',
    '050-1234-5678',
    '(03)1234-5678',
    '03(1234)5678',
    '03 1234 5678',
    '+81 3 1234 5678',
    '+81-90-1234-5678',
    '+81-(0)3-1234-5678',
    '+81312345678',
    '０３－１２３４－５６７８',
    '123456789012',
    '1234 5678 9012',
  ];
  const notPersonal = [
    '2026-11-25',
    'CVE-2024-12345',
    'JVNDB-2024-000123',
    '123e4567-e89b-12d3-a456-426614174000',
    'd41d8cd98f00b204e9800998ecf8427e',
    'INC0312345678',
    '0001234567',
    '031234567',
    '0312345678901',
    '1234567890123',
    '12345678901',
    '10.0.0.1',
    '@handle',
    'user@localhost',
  ];

  it.each(personal)('marks %s', (text) => {
    for (const around of [(a: string) => a, (a: string) => `連絡先：${a}まで`, (a: string) => `TEL ${a}.`]) {
      const out = body(around(text), { personalData: true });
      expect(out.text).toBe(around(M));
      expect(out.applied).toEqual([{ kind: 'personal-data', count: 1 }]);
    }
  });

  it.each(notPersonal)('leaves %s alone', (text) => {
    expect(body(`see ${text} now`, { personalData: true })).toEqual({ text: `see ${text} now`, applied: [] });
  });

  it('never rewrites indicator values: an email-addr indicator is the attacker', () => {
    const indicators: Indicator[] = [
      { type: 'email-addr', value: 'attacker@evil.example', description: 'reply to soc@victim.example' },
    ];
    const out = redactContent(content({ body: 'from attacker@evil.example', indicators }), {
      personalData: true,
    });
    expect(out.content.body).toBe(`from ${M}`);
    expect(out.content.indicators).toEqual([{ ...indicators[0], description: `reply to ${M}` }]);
    expect(out.applied).toEqual([{ kind: 'personal-data', count: 2 }]);
  });

  it('marks a whole address at an internal host as personal data', () => {
    expect(body('taro@pc.corp', { personalData: true, internalAddresses: true })).toEqual({
      text: M,
      applied: [{ kind: 'personal-data', count: 1 }],
    });
  });
});

describe('the whole redaction', () => {
  const input = content({
    title: 'テスト省 incident: Yamada at 10.0.0.1',
    body: 'Call 03-1234-5678 or yamada@example.jp. Host fs01.corp.',
    indicators: [{ type: 'ipv4-addr', value: '10.0.0.9' }],
    mitigations: ['Patch 192.168.0.1', 'Tell Yamada'],
  });
  const all: Redaction = {
    sourceNames: [{ text: 'テスト省', replacement: 'ある府省庁' }],
    terms: ['yamada'],
    internalAddresses: true,
    personalData: true,
  };

  it('changes nothing when nothing is asked', () => {
    expect(redactContent(input, {})).toEqual({ content: input, applied: [] });
  });

  it('counts each kind, in a fixed order, and leaves the input as it was', () => {
    const copy = structuredClone(input);
    const out = redactContent(input, all);
    expect(input).toEqual(copy);
    expect(out.content).toEqual({
      title: `ある府省庁 incident: ${M} at ${M}`,
      body: `Call ${M} or ${M}. Host ${M}.`,
      indicators: [],
      mitigations: [`Patch ${M}`, `Tell ${M}`],
    });
    expect(out.applied).toEqual([
      { kind: 'source', count: 1 },
      { kind: 'term', count: 2 },
      { kind: 'internal-address', count: 4 },
      { kind: 'personal-data', count: 2 },
    ]);
  });

  it('is idempotent', () => {
    const once = redactContent(input, all).content;
    expect(redactContent(once, all)).toEqual({ content: once, applied: [] });
  });

  it('redacts a 20,000-character body quickly', () => {
    const chunk =
      '攻撃者は10.0.0.1と203.0.113.5から fs01.corp に侵入し、taro@example.jp (03-1234-5678) に連絡。 ';
    const long = chunk.repeat(Math.ceil(20_000 / chunk.length)).slice(0, 20_000);
    const started = performance.now();
    const out = redactContent(content({ body: long }), { ...all, terms: ['侵入', 'taro', 'a'.repeat(30)] });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(out.content.body).not.toContain('10.0.0.1');
    expect(out.content.body).toContain('203.0.113.5');
  });

  it('stays fast on text made to make patterns backtrack', () => {
    const nasty = [
      'a.'.repeat(5_000),
      'a@'.repeat(5_000),
      '0-'.repeat(5_000),
      'f:'.repeat(5_000),
      '1.'.repeat(5_000),
    ];
    const started = performance.now();
    for (const text of nasty)
      redactContent(content({ body: text }), { internalAddresses: true, personalData: true });
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
