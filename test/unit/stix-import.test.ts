import { describe, expect, it } from 'vitest';
import { kindOfPath, readPattern } from '../../src/features/sharing/sharing.import.pattern.js';
import { readStixBundle } from '../../src/features/sharing/sharing.import.stix.js';
import { isAppError } from '../../src/platform/errors.js';

// STIX 2.1 import (issue 14, point 7): the simple patterns read, everything else named as not imported; a
// bundle that breaks STIX refused with every offender; hostile values never reach a share unchecked.

describe('STIX patterns', () => {
  const read = (p: string) => readPattern(p);
  it.each([
    ["[ipv4-addr:value = '198.51.100.7']", [{ path: 'ipv4-addr:value', value: '198.51.100.7' }]],
    [
      "[domain-name:value = 'evil.example' OR url:value = 'https://evil.example/a']",
      [
        { path: 'domain-name:value', value: 'evil.example' },
        { path: 'url:value', value: 'https://evil.example/a' },
      ],
    ],
    [
      "[file:hashes.'SHA-256' = 'ab'] AND ([file:hashes.MD5 = 'cd'] OR [file:name = 'a.exe'])",
      [
        { path: "file:hashes.'SHA-256'", value: 'ab' },
        { path: 'file:hashes.MD5', value: 'cd' },
        { path: 'file:name', value: 'a.exe' },
      ],
    ],
    [
      "[url:value = 'https://e.example/a\\'b\\\\c']",
      [{ path: 'url:value', value: "https://e.example/a'b\\c" }],
    ],
    ['[autonomous-system:number = 64496]', [{ path: 'autonomous-system:number', value: '64496' }]],
    ["  [ email-addr:value='a@b.example' ]  ", [{ path: 'email-addr:value', value: 'a@b.example' }]],
  ])('reads %s', (pattern, comparisons) => {
    expect(read(pattern)).toEqual({ ok: true, comparisons });
  });

  it.each([
    ["[ipv4-addr:value != '198.51.100.7']"],
    ["[domain-name:value LIKE '%.example']"],
    ["[domain-name:value MATCHES '^a']"],
    ["[ipv4-addr:value ISSUBSET '198.51.100.0/24']"],
    ["[ipv4-addr:value IN ('a', 'b')]"],
    ["[file:name = 'a'] FOLLOWEDBY [file:name = 'b']"],
    ["[file:name = 'a'] WITHIN 300 SECONDS"],
    ["[file:name = 'a'] REPEATS 5 TIMES"],
    ["[artifact:payload_bin = b'AAAA']"],
    ["[file:name = 'a\\n']"],
    ["[file:name = 'unterminated]"],
    ["[file:name = 'a'"],
    ["file:name = 'a'"],
    ["[file:name = 'a'] OR"],
    ['[]'],
    [''],
    [`${'('.repeat(500)}[file:name = 'a']${')'.repeat(500)}`],
    [`[file:name = '${'a'.repeat(30_000)}']`],
  ])('does not read %s', (pattern) => {
    const r = read(pattern);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('imports.unsupported_pattern');
  });

  it.each([
    ['ipv4-addr:value', '198.51.100.7', 'ipv4'],
    ['ipv4-addr:value', '198.51.100.0/24', 'cidr'],
    ['ipv6-addr:value', '2001:db8::1', 'ipv6'],
    ['domain-name:value', 'a.example', 'domain'],
    ['url:value', 'https://a.example', 'url'],
    ['email-addr:value', 'a@b.example', 'email'],
    ["file:hashes.'SHA-1'", '', 'sha1'],
    ['file:hashes.SHA256', '', 'sha256'],
    ["file:hashes.'SHA-512'", '', 'sha512'],
    ['file:hashes.MD5', '', 'md5'],
    ['file:name', '', 'filename'],
    ['autonomous-system:number', '1', 'asn'],
    ["network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'", '', 'user-agent'],
    ["network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'[*]", '', 'user-agent'],
    ['x-renraku-observable:value', '', 'other'],
    ['x-other-vendor:value', '', null],
    ["file:hashes.'SSDEEP'", '', null],
    ['process:name', '', null],
    ['email-message:subject', '', null],
  ])('maps %s onto %s', (path, value, kind) => {
    expect(kindOfPath(path, value)).toBe(kind);
  });
});

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
const bundle = (objects: unknown[]) => ({ type: 'bundle', id: `bundle--${uuid(999)}`, objects });
const AMBER = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';
const RED = 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1';
const TLP1_WHITE = 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9';

function offendersOf(value: unknown) {
  try {
    readStixBundle(value);
  } catch (e) {
    if (isAppError(e)) return { status: e.status, code: e.code, ...e.detail };
    throw e;
  }
  throw new Error('read without a refusal');
}

describe('STIX bundles read for import', () => {
  it('reads indicators, observables, vulnerabilities, courses of action, the report and the strictest TLP', () => {
    const r = readStixBundle(
      bundle([
        sdo('report', 1, {
          name: '標的型メール攻撃について',
          description: '本文',
          published: at,
          object_refs: [`indicator--${uuid(2)}`],
          object_marking_refs: [AMBER],
        }),
        indicator(2, "[domain-name:value = '例え.JP' OR ipv4-addr:value = '１９８.51.100.7']", {
          object_marking_refs: [RED],
        }),
        indicator(
          3,
          "[file:hashes.'SHA-256' = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855']",
          {
            description: 'dropper',
          },
        ),
        { type: 'url', spec_version: '2.1', id: `url--${uuid(4)}`, value: 'https://Evil.Example/パス' },
        {
          type: 'file',
          spec_version: '2.1',
          id: `file--${uuid(5)}`,
          hashes: { MD5: 'D41D8CD98F00B204E9800998ECF8427E' },
          name: '請求書.exe',
        },
        sdo('vulnerability', 6, { name: 'CVE-2024-3400' }),
        sdo('course-of-action', 7, {
          name: 'Block the domain',
          description: 'Block the domain at the proxy.',
        }),
        sdo('malware', 8, { name: 'x', is_family: false }),
      ]),
    );
    expect(r.title).toBe('標的型メール攻撃について');
    expect(r.body).toBe('本文');
    expect(r.tlp).toBe('TLP:RED');
    expect(r.indicators.map((i) => [i.type, i.value])).toEqual([
      ['domain', 'xn--r8jz45g.jp'],
      ['ipv4', '198.51.100.7'],
      ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
      ['url', 'https://evil.example/%E3%83%91%E3%82%B9'],
      ['md5', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['filename', '請求書.exe'],
      ['cve', 'CVE-2024-3400'],
    ]);
    expect(r.indicators[2]?.description).toBe('dropper');
    expect(r.mitigations).toEqual(['Block the domain at the proxy.']);
    expect(r.notImported).toEqual([
      { id: `malware--${uuid(8)}`, code: 'imports.not_read', reason: expect.stringContaining('malware') },
    ]);
  });

  it('names, by object id, every pattern and value it does not import', () => {
    const r = readStixBundle(
      bundle([
        indicator(1, "[file:name = 'a'] FOLLOWEDBY [file:name = 'b']"),
        indicator(2, "[process:name = 'evil.exe']"),
        indicator(3, "[domain-name:value = 'ev\u200Bil.example']"),
        indicator(4, "[ipv4-addr:value = '10.0.0.5/24']"),
        indicator(5, '[x:y = 1]', { pattern_type: 'sigma' }),
        indicator(6, "[url:value = 'javascript:alert(1)']"),
      ]),
    );
    expect(r.indicators).toEqual([]);
    expect(r.notImported.map((n) => [n.id, n.code])).toEqual([
      [`indicator--${uuid(1)}`, 'imports.unsupported_pattern'],
      [`indicator--${uuid(2)}`, 'imports.unsupported_path'],
      [`indicator--${uuid(3)}`, 'indicators.invisible_characters'],
      [`indicator--${uuid(4)}`, 'indicators.cidr_host_bits'],
      [`indicator--${uuid(5)}`, 'imports.unsupported_pattern_type'],
      [`indicator--${uuid(6)}`, 'indicators.invalid_value'],
    ]);
    expect(r.tlp).toBeNull();
  });

  it('takes the latest version of an object, and leaves out one revoked', () => {
    const r = readStixBundle(
      bundle([
        indicator(1, "[domain-name:value = 'old.example']"),
        indicator(1, "[domain-name:value = 'new.example']", { modified: '2026-12-02T00:00:00.000Z' }),
        indicator(2, "[domain-name:value = 'gone.example']"),
        indicator(2, "[domain-name:value = 'gone.example']", {
          modified: '2026-12-02T00:00:00.000Z',
          revoked: true,
        }),
      ]),
    );
    expect(r.indicators.map((i) => i.value)).toEqual(['new.example']);
    expect(r.notImported).toEqual([
      { id: `indicator--${uuid(2)}`, code: 'imports.revoked', reason: expect.any(String) },
    ]);
  });

  it('reads TLP 1.0 markings as their 2.0 kin (WHITE is CLEAR) and marking objects by their definition', () => {
    expect(
      readStixBundle(bundle([indicator(1, "[file:name = 'a']", { object_marking_refs: [TLP1_WHITE] })])).tlp,
    ).toBe('TLP:CLEAR');
    const custom = `marking-definition--${uuid(50)}`;
    const r = readStixBundle(
      bundle([
        {
          type: 'marking-definition',
          spec_version: '2.1',
          id: custom,
          created: at,
          definition_type: 'tlp',
          definition: { tlp: 'green' },
        },
        indicator(1, "[file:name = 'a']", { object_marking_refs: [custom] }),
      ]),
    );
    expect(r.tlp).toBe('TLP:GREEN');
  });

  it.each([
    ['not an object', [], 'The body is not a JSON object.'],
    ['not a bundle', { type: 'report', id: `bundle--${uuid(1)}` }, "type: a STIX bundle has type 'bundle'"],
    ['a bad bundle id', { type: 'bundle', id: 'bundle--x' }, 'id: missing or not of the form bundle--<UUID>'],
    [
      'STIX 2.0',
      { type: 'bundle', id: `bundle--${uuid(1)}`, spec_version: '2.0', objects: [] },
      expect.stringContaining('STIX 2.0'),
    ],
    ['objects not a list', { type: 'bundle', id: `bundle--${uuid(1)}`, objects: {} }, 'objects: not a list'],
  ])('refuses %s', (_what, value, reason) => {
    expect(offendersOf(value)).toMatchObject({
      status: 422,
      code: 'imports.invalid_stix',
      offenders: [{ index: null, id: null, reason }],
    });
  });

  it('refuses a bundle with invalid objects, naming each by place and id, and reads nothing of it', () => {
    const found = offendersOf(
      bundle([
        indicator(1, "[file:name = 'fine']"),
        'a string',
        { ...indicator(2, "[file:name = 'a']"), spec_version: '2.0' },
        { ...indicator(3, "[file:name = 'a']"), id: `report--${uuid(3)}` },
        { ...indicator(4, "[file:name = 'a']"), valid_from: 'yesterday' },
        { ...sdo('report', 5, { name: 'r', published: at }), object_refs: [] },
        { ...sdo('course-of-action', 6, {}), name: { toString: 'x' } },
        { type: '__proto__', id: 'x' },
      ]),
    );
    expect(found).toMatchObject({ status: 422, code: 'imports.invalid_stix', offenderCount: 7 });
    expect((found as unknown as { offenders: unknown[] }).offenders).toEqual([
      { index: 1, id: null, reason: 'not a JSON object' },
      { index: 2, id: `indicator--${uuid(2)}`, reason: "spec_version: must be '2.1'" },
      { index: 3, id: `report--${uuid(3)}`, reason: 'id: missing or not of the form indicator--<UUID>' },
      { index: 4, id: `indicator--${uuid(4)}`, reason: 'valid_from: missing or not a STIX timestamp' },
      {
        index: 5,
        id: `report--${uuid(5)}`,
        reason: 'object_refs: missing, empty, or not a list of STIX ids',
      },
      { index: 6, id: `course-of-action--${uuid(6)}`, reason: 'name: missing; name: not a string' },
      { index: 7, id: 'x', reason: 'type: missing or not a STIX type name' },
    ]);
  });

  it('refuses a bundle of more objects than it reads', () => {
    const many = Array.from({ length: 10_001 }, (_, n) => indicator(n, "[file:name = 'a']"));
    expect(offendersOf(bundle(many))).toMatchObject({ status: 422, code: 'imports.too_large' });
  });

  it('never reads a property an object only inherits', () => {
    const polluted = JSON.parse(`{"type":"bundle","id":"bundle--${uuid(1)}"}`);
    Object.setPrototypeOf(polluted, { objects: [indicator(1, "[file:name = 'a']")] });
    expect(readStixBundle(polluted).indicators).toEqual([]);
  });
});
