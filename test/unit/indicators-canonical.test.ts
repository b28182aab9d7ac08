import { describe, expect, it } from 'vitest';
import { canonicalIndicator, refang } from '../../src/features/indicators/indicators.canonical.js';
import { extractIndicators } from '../../src/features/indicators/indicators.extract.js';
import type { IndicatorType } from '../../src/features/indicators/indicators.types.js';

// [type asked, as typed, type stored, value stored, display]
const VALID: [IndicatorType, string, IndicatorType, string, string?][] = [
  ['ipv4', '192.0.2.1', 'ipv4', '192.0.2.1'],
  ['ipv4', '１９２．０．２．１', 'ipv4', '192.0.2.1'],
  ['ipv4', ' 198.51.100.7 ', 'ipv4', '198.51.100.7'],
  ['ipv4', '198[.]51[.]100[.]7', 'ipv4', '198.51.100.7'],
  ['ipv4', '::ffff:192.0.2.1', 'ipv4', '192.0.2.1'],
  ['ipv6', '::FFFF:192.0.2.1', 'ipv4', '192.0.2.1'],
  ['ipv6', '::ffff:c000:201', 'ipv4', '192.0.2.1'],
  ['ipv6', '2001:DB8:0:0:0:0:0:1', 'ipv6', '2001:db8::1'],
  ['ipv6', '2001:0db8:0000:0000:0001:0000:0000:0001', 'ipv6', '2001:db8::1:0:0:1'],
  ['ipv6', '[2001:db8::1]', 'ipv6', '2001:db8::1'],
  ['ipv6', '２００１：ｄｂ８：：１', 'ipv6', '2001:db8::1'],
  ['cidr', '192.0.2.0/24', 'cidr', '192.0.2.0/24'],
  ['cidr', '2001:DB8::/32', 'cidr', '2001:db8::/32'],
  ['cidr', '::ffff:192.0.2.0/120', 'cidr', '192.0.2.0/24'],
  ['cidr', '192.0.2.1/32', 'ipv4', '192.0.2.1'],
  ['cidr', '2001:db8::1/128', 'ipv6', '2001:db8::1'],
  ['domain', 'Evil.Example.COM.', 'domain', 'evil.example.com'],
  ['domain', '例え.JP', 'domain', 'xn--r8jz45g.jp', '例え.jp'],
  ['domain', 'xn--r8jz45g.jp', 'domain', 'xn--r8jz45g.jp', '例え.jp'],
  ['domain', 'ｅｖｉｌ．ｅｘａｍｐｌｅ．ｃｏｍ', 'domain', 'evil.example.com'],
  ['domain', 'evil[.]example(dot)com', 'domain', 'evil.example.com'],
  ['domain', 'evil[dot]example (.) com', 'domain', 'evil.example.com'],
  ['domain', '_dmarc.example.com', 'domain', '_dmarc.example.com'],
  [
    'url',
    'HTTPS://Evil.Example.COM:443/a/./b/../c/%7e%41%3a?Q=%2f#Frag',
    'url',
    'https://evil.example.com/a/c/~A%3A?Q=%2F#Frag',
  ],
  ['url', 'hxxp://evil[.]example/x', 'url', 'http://evil.example/x'],
  ['url', 'hxxps[:]//evil[.]example:8443/', 'url', 'https://evil.example:8443/'],
  ['url', 'http://evil.example', 'url', 'http://evil.example/'],
  ['url', 'http://evil.example/%2e%2e/etc', 'url', 'http://evil.example/etc'],
  [
    'url',
    'https://例え.JP/パス?q=日本語 space',
    'url',
    'https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9?q=%E6%97%A5%E6%9C%AC%E8%AA%9E%20space',
    'https://例え.jp/パス?q=日本語%20space',
  ],
  ['url', 'http://[2001:DB8::1]:80/', 'url', 'http://[2001:db8::1]/'],
  // A bare % is a %: the one value, whether typed bare or encoded.
  [
    'url',
    'https://evil.example/100%_done?x=%zz&y=%4',
    'url',
    'https://evil.example/100%25_done?x=%25zz&y=%254',
  ],
  [
    'url',
    'https://evil.example/100%25_done?x=%25zz&y=%254',
    'url',
    'https://evil.example/100%25_done?x=%25zz&y=%254',
  ],
  ['email', 'John.Doe@Example.COM', 'email', 'John.Doe@example.com'],
  ['email', '担当者@例え.jp', 'email', '担当者@xn--r8jz45g.jp', '担当者@例え.jp'],
  ['email', 'attacker[@]evil[.]example', 'email', 'attacker@evil.example'],
  ['email', 'attacker[at]evil(dot)example', 'email', 'attacker@evil.example'],
  ['email', 'user＠ＥＸＡＭＰＬＥ．ｃｏｍ', 'email', 'user@example.com'],
  ['md5', 'D41D8CD98F00B204E9800998ECF8427E', 'md5', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['sha1', 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709', 'sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  [
    'sha256',
    'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855'.toLowerCase(),
    'sha256',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  ],
  ['sha512', 'A'.repeat(128), 'sha512', 'a'.repeat(128)],
  ['cve', 'cve-2024-3400', 'cve', 'CVE-2024-3400'],
  ['cve', 'CVE-2021-44228', 'cve', 'CVE-2021-44228'],
  ['cve', 'CVE-2024-0001234', 'cve', 'CVE-2024-1234'],
  ['cve', 'ＣＶＥ－２０２４－３４００', 'cve', 'CVE-2024-3400'],
  ['asn', 'as64496', 'asn', 'AS64496'],
  ['asn', '64496', 'asn', 'AS64496'],
  ['asn', 'AS1.10', 'asn', 'AS65546'],
  ['asn', 'AS4294967295', 'asn', 'AS4294967295'],
  ['filename', '請求書.pdf.exe', 'filename', '請求書.pdf.exe'],
  ['filename', 'Invoice.EXE', 'filename', 'Invoice.EXE'],
  [
    'user-agent',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
    'user-agent',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
  ],
  ['other', 'ｍｕｔｅｘ Global\\x', 'other', 'ｍｕｔｅｘ Global\\x'],
];

// [type, as typed, code]
const INVALID: [IndicatorType, string, string][] = [
  ['ipv4', '256.1.1.1', 'indicators.invalid_value'],
  ['ipv4', '010.0.0.1', 'indicators.invalid_value'],
  ['ipv4', '0x7f.0.0.1', 'indicators.invalid_value'],
  ['ipv4', '1.2.3', 'indicators.invalid_value'],
  ['ipv4', '192.0.2.1\u200b', 'indicators.invisible_characters'],
  ['ipv4', '192.0.2.1\u202e', 'indicators.invisible_characters'],
  ['ipv4', '192.0.2.1\u0000', 'indicators.control_characters'],
  ['ipv6', '1::2::3', 'indicators.invalid_value'],
  ['ipv6', 'fe80::1%eth0', 'indicators.invalid_value'],
  ['cidr', '192.0.2.5/24', 'indicators.cidr_host_bits'],
  ['cidr', '2001:db8::1/32', 'indicators.cidr_host_bits'],
  ['cidr', '192.0.2.0/33', 'indicators.invalid_value'],
  ['cidr', '192.0.2.0/024', 'indicators.invalid_value'],
  ['cidr', '192.0.2.0', 'indicators.invalid_value'],
  ['domain', 'localhost', 'indicators.invalid_value'],
  ['domain', '192.0.2.1', 'indicators.invalid_value'],
  ['domain', 'a..example', 'indicators.invalid_value'],
  ['domain', '-evil.example', 'indicators.invalid_value'],
  ['domain', 'evil example.com', 'indicators.invalid_value'],
  ['domain', `${'a'.repeat(64)}.example`, 'indicators.invalid_value'],
  ['domain', 'e\u200dvil.example', 'indicators.invisible_characters'],
  ['url', 'evil.example/path', 'indicators.invalid_value'],
  ['url', 'javascript://alert(1)', 'indicators.invalid_value'],
  ['url', 'file:///etc/passwd', 'indicators.invalid_value'],
  ['url', 'http://exa mple.com/', 'indicators.invalid_value'],
  ['url', `http://evil.example/${'a'.repeat(2100)}`, 'indicators.too_long'],
  ['email', 'no-at.example', 'indicators.invalid_value'],
  ['email', 'a b@example.com', 'indicators.invalid_value'],
  ['email', 'user@localhost', 'indicators.invalid_value'],
  ['md5', 'd41d8cd98f00b204e9800998ecf8427', 'indicators.hash_length'],
  ['sha1', 'd41d8cd98f00b204e9800998ecf8427e', 'indicators.hash_length'],
  ['sha256', 'g'.repeat(64), 'indicators.invalid_value'],
  ['cve', 'CVE-24-1234', 'indicators.invalid_value'],
  ['cve', 'CVE-2024-123', 'indicators.invalid_value'],
  ['cve', 'CVE-1990-1234', 'indicators.invalid_value'],
  ['asn', 'AS4294967296', 'indicators.invalid_value'],
  ['asn', 'AS-1', 'indicators.invalid_value'],
  ['asn', 'AS70000.1', 'indicators.invalid_value'],
  ['filename', 'C:\\Users\\x\\mal.exe', 'indicators.invalid_value'],
  ['filename', '..', 'indicators.invalid_value'],
  ['filename', 'mal\u202egpj.exe', 'indicators.invisible_characters'],
  ['user-agent', 'Mozilla\n/5.0', 'indicators.control_characters'],
  ['other', '   ', 'indicators.empty'],
  ['other', 'x'.repeat(5000), 'indicators.too_long'],
];

describe('canonical indicators', () => {
  it.each(VALID)('%s %j is stored as %s %j', (type, raw, storedType, value, display) => {
    const result = canonicalIndicator(type, raw);
    expect(result).toEqual({ ok: true, indicator: { type: storedType, value, display: display ?? value } });
  });

  it.each(VALID)('%s %j: canonical(canonical(x)) = canonical(x)', (type, raw) => {
    const once = canonicalIndicator(type, raw);
    if (!once.ok) throw new Error(once.problem.message);
    const again = canonicalIndicator(once.indicator.type, once.indicator.value);
    expect(again).toEqual(once);
    // The display form, typed back in, is the same value too.
    const fromDisplay = canonicalIndicator(once.indicator.type, once.indicator.display);
    expect(fromDisplay.ok && fromDisplay.indicator.value).toBe(once.indicator.value);
  });

  it.each(INVALID)('%s %j is refused with %s', (type, raw, code) => {
    const result = canonicalIndicator(type, raw);
    expect(result.ok ? 'accepted' : result.problem.code).toBe(code);
  });

  it('names the network of a CIDR with host bits set', () => {
    const result = canonicalIndicator('cidr', '10.1.2.3/16');
    expect(!result.ok && result.problem.message).toContain('10.1.0.0/16');
  });

  it('refangs the defanged forms advisories use', () => {
    expect(refang('hxxp://a[.]b(.)c{.}d[dot]e(dot)f/x')).toBe('http://a.b.c.d.e.f/x');
    expect(refang('HXXPS[:]//x[.]example')).toBe('https://x.example');
    expect(refang('u[@]x[.]example, v[at]y(dot)example, w (at) z [dot] example')).toBe(
      'u@x.example, v@y.example, w@z.example',
    );
    expect(refang('FXP://x[/]y')).toBe('ftp://x/y');
  });

  it('skips normalisation for printable ASCII only where it changes nothing', () => {
    // The fast path's premise: no printable ASCII character is changed by NFKC or NFC, nor is a format character.
    for (let code = 0x20; code <= 0x7e; code++) {
      const c = String.fromCharCode(code);
      expect(c.normalize('NFKC')).toBe(c);
      expect(c.normalize('NFC')).toBe(c);
      expect(/\p{Cf}/u.test(c)).toBe(false);
    }
    // And what lies outside it is still normalised or refused.
    expect(canonicalIndicator('domain', 'ＥＸＡＭＰＬＥ.jp')).toMatchObject({
      ok: true,
      indicator: { value: 'example.jp' },
    });
    expect(canonicalIndicator('domain', 'exa\u200bmple.jp')).toMatchObject({
      ok: false,
      problem: { code: 'indicators.invisible_characters' },
    });
    expect(canonicalIndicator('domain', 'example.jp\u0007')).toMatchObject({
      ok: false,
      problem: { code: 'indicators.control_characters' },
    });
    expect(canonicalIndicator('other', 'a\tb')).toMatchObject({
      ok: false,
      problem: { code: 'indicators.control_characters' },
    });
  });
});

describe('extraction from pasted text', () => {
  const text = [
    '攻撃元は hxxps://evil[.]example/パス?q=1 です。C2サーバ：１９８．５１．１００．７、203.0.113.9 と 2001:DB8::1。',
    '送信元 attacker[@]evil(dot)example、ドメイン 例え.jp と bad-domain[.]example[.]com、ｅｖｉｌ．ｅｘａｍｐｌｅ．ｏｒｇ。',
    'ハッシュ D41D8CD98F00B204E9800998ECF8427E と 0123456789abcdef0123456789abcdef01（長さ違い）',
    '10:30:00 に検知。CVE-2024-3400 を悪用。AS64496 経由。添付 invoice.pdf.exe を開いた。',
    '重複: 198.51.100.7 ::ffff:198.51.100.7 d41d8cd98f00b204e9800998ecf8427e 2001:db8:0::1',
    '誤り: 10.0.0.5/24 999.1.1.1 正しい網 192.0.2.0/24 ゼロ幅 bad\u200b.example.net',
  ].join('\n');
  const { candidates, untyped } = extractIndicators(text);
  const pairs = candidates.map((c) => `${c.type} ${c.value}`);

  it('finds every typed value once, in canonical form, whatever its writing', () => {
    expect(pairs.sort()).toEqual(
      [
        'url https://evil.example/%E3%83%91%E3%82%B9?q=1',
        'email attacker@evil.example',
        'cidr 192.0.2.0/24',
        'ipv6 2001:db8::1',
        'ipv4 198.51.100.7',
        'ipv4 203.0.113.9',
        'md5 d41d8cd98f00b204e9800998ecf8427e',
        'cve CVE-2024-3400',
        'asn AS64496',
        'filename invoice.pdf.exe',
        'domain bad-domain.example.com',
        'domain evil.example.org',
        'domain xn--r8jz45g.jp',
        'domain bad.example.net',
      ].sort(),
    );
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(candidates.find((c) => c.type === 'domain' && c.value === 'xn--r8jz45g.jp')?.display).toBe(
      '例え.jp',
    );
  });

  it('says what looked like an indicator but is not one, and not the clock time', () => {
    expect(untyped.map((u) => u.text).sort()).toEqual(
      ['0123456789abcdef0123456789abcdef01', '10.0.0.5/24', '999.1.1.1'].sort(),
    );
    expect(untyped.find((u) => u.text === '10.0.0.5/24')?.reason).toContain('10.0.0.0/24');
  });

  it('offers what it finds as values the report accepts unchanged', () => {
    for (const c of candidates) {
      const again = canonicalIndicator(c.type, c.found);
      expect(again.ok && again.indicator.value, c.found).toBe(c.value);
    }
  });

  it('finds nothing in plain Japanese prose', () => {
    expect(extractIndicators('本日10時30分、職員が不審なメールを開封した。被害は確認中。')).toEqual({
      candidates: [],
      untyped: [],
    });
  });
});
