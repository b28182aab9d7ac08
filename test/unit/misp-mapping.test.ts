import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readMispEvent } from '../../src/features/sharing/sharing.import.misp.js';
import {
  MISP_ATTRIBUTE_OF,
  type MispShare,
  mispEventUuid,
  mispHashes,
  mispManifest,
  shareToMispEvent,
  tlpOfTag,
  tlpTag,
} from '../../src/features/sharing/sharing.misp.js';
import { TLPS } from '../../src/features/sharing/sharing.terms.js';
import { isAppError } from '../../src/platform/errors.js';

// MISP exchange (issue 14, point 9): our kinds onto MISP's types and categories and back, TLP tags both ways,
// stable uuids and moving timestamps, and a hostile event refused or read without harm.

const share = (over: Partial<MispShare> = {}): MispShare => ({
  id: 'share-1',
  title: '注意喚起',
  body: '本文',
  indicators: [],
  mitigations: [],
  tlp: 'TLP:AMBER',
  updatedAt: '2026-12-01T00:00:00.000Z',
  publishedAt: '2026-12-01T00:00:00.000Z',
  ...over,
});
const author = { id: 'center', name: 'National Center' };
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('MISP export', () => {
  it.each([
    ['ipv4-addr', '198.51.100.7', 'ip-dst', 'Network activity'],
    ['ipv4-addr', '198.51.100.0/24', 'ip-dst', 'Network activity'],
    ['ipv6-addr', '2001:db8::1', 'ip-dst', 'Network activity'],
    ['domain-name', 'evil.example', 'domain', 'Network activity'],
    ['url', 'https://evil.example/a', 'url', 'Network activity'],
    ['email-addr', 'a@evil.example', 'email-src', 'Payload delivery'],
    ['file-md5', 'd41d8cd98f00b204e9800998ecf8427e', 'md5', 'Payload delivery'],
    ['file-sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', 'sha1', 'Payload delivery'],
    [
      'file-sha256',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'sha256',
      'Payload delivery',
    ],
    ['file-sha512', 'c'.repeat(128), 'sha512', 'Payload delivery'],
    ['file-name', '請求書.exe', 'filename', 'Payload delivery'],
    ['autonomous-system', 'AS64496', 'AS', 'Network activity'],
    ['vulnerability', 'CVE-2026-1234', 'vulnerability', 'External analysis'],
    ['user-agent', "Mozilla/5.0 'x' 「試験」", 'user-agent', 'Network activity'],
    ['observable', '保守用アカウント svc_maint', 'text', 'Other'],
  ] as const)('exports a %s %s as %s in %s', (type, value, mispType, category) => {
    const event = shareToMispEvent(share({ indicators: [{ type, value }] }), author);
    expect(event.Attribute).toEqual([
      expect.objectContaining({ type: mispType, category, value, to_ids: true, distribution: '5' }),
    ]);
  });

  it('maps every kind of report indicator onto a MISP type valid for its category', () => {
    expect(MISP_ATTRIBUTE_OF).toMatchObject({
      sha512: { type: 'sha512', category: 'Payload delivery' },
      filename: { type: 'filename', category: 'Payload delivery' },
      cve: { type: 'vulnerability', category: 'External analysis' },
      asn: { type: 'AS', category: 'Network activity' },
      'user-agent': { type: 'user-agent', category: 'Network activity' },
      other: { type: 'text', category: 'Other' },
    });
  });

  it('keeps the uuids of an event and its attributes across exports, and moves its timestamps with the share', () => {
    const first = shareToMispEvent(
      share({ indicators: [{ type: 'domain-name', value: 'a.example' }] }),
      author,
    );
    const edited = shareToMispEvent(
      share({
        title: '更新',
        indicators: [{ type: 'domain-name', value: 'a.example' }],
        updatedAt: '2026-12-02T00:00:00.000Z',
        publishedAt: '2026-12-02T00:00:05.000Z',
      }),
      author,
    );
    expect(edited.uuid).toBe(first.uuid);
    expect(edited.uuid).toBe(mispEventUuid('share-1'));
    expect(edited.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(edited.Attribute[0]?.uuid).toBe(first.Attribute[0]?.uuid);
    expect(first.timestamp).toBe(String(Date.parse('2026-12-01T00:00:00Z') / 1000));
    expect(edited.timestamp).toBe(String(Date.parse('2026-12-02T00:00:05Z') / 1000));
    expect(edited.publish_timestamp).toBe(String(Date.parse('2026-12-02T00:00:05Z') / 1000));
    expect(mispEventUuid('share-2')).not.toBe(first.uuid);
  });

  it.each(TLPS.map((t) => [t]))('tags %s, and reads the tag back', (tlp) => {
    const tag = tlpTag(tlp);
    expect(shareToMispEvent(share({ tlp }), author).Tag).toEqual([{ name: tag }]);
    expect(tlpOfTag(tag)).toBe(tlp);
  });

  it.each([
    ['tlp:white', 'TLP:CLEAR'],
    ['TLP:WHITE', 'TLP:CLEAR'],
    [' tlp:amber+strict ', 'TLP:AMBER+STRICT'],
    ['tlp:ex:chr', null],
    ['tlp:amber strict', null],
    ['pap:red', null],
    ['tlp:red\u200b', null],
  ] as const)('reads the tag %j as %s', (tag, tlp) => {
    expect(tlpOfTag(tag)).toBe(tlp);
  });

  it('writes the body and each mitigation as event reports, and the feed’s manifest and hashes', () => {
    const event = shareToMispEvent(
      share({ indicators: [{ type: 'domain-name', value: 'a.example' }], mitigations: ['遮断する。'] }),
      author,
    );
    expect(event.EventReport.map((r) => [r.name, r.content])).toEqual([
      ['注意喚起', '本文'],
      ['Mitigation 1', '遮断する。'],
    ]);
    expect(mispManifest([event])).toEqual({
      [event.uuid]: {
        info: '注意喚起',
        date: '2026-12-01',
        analysis: '2',
        threat_level_id: '4',
        timestamp: event.timestamp,
        Orgc: event.Orgc,
        Tag: [{ name: 'tlp:amber' }],
      },
    });
    expect(mispHashes([event])).toBe(
      `${createHash('md5').update('a.example').digest('hex')},${event.uuid}\n`,
    );
  });
});

function refusal(value: unknown) {
  try {
    readMispEvent(value);
  } catch (e) {
    if (isAppError(e)) return { status: e.status, code: e.code, ...e.detail };
    throw e;
  }
  throw new Error('read without a refusal');
}

describe('MISP events read for import', () => {
  const event = (Attribute: unknown[], extra: Record<string, unknown> = {}) => ({
    Event: { uuid: uuid(1), info: 'イベント', Attribute, ...extra },
  });

  it.each([
    ['ip-dst', '198.51.100.7', 'ipv4', '198.51.100.7'],
    ['ip-src', '2001:DB8::1', 'ipv6', '2001:db8::1'],
    ['ip-dst', '198.51.100.0/24', 'cidr', '198.51.100.0/24'],
    ['domain', 'EVIL.example', 'domain', 'evil.example'],
    ['hostname', 'www.evil.example', 'domain', 'www.evil.example'],
    ['url', 'https://Evil.example/a', 'url', 'https://evil.example/a'],
    ['email-dst', 'a@Evil.example', 'email', 'a@evil.example'],
    ['md5', 'D41D8CD98F00B204E9800998ECF8427E', 'md5', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['sha512', 'A'.repeat(128), 'sha512', 'a'.repeat(128)],
    ['filename', '請求書.exe', 'filename', '請求書.exe'],
    ['vulnerability', 'cve-2024-3400', 'cve', 'CVE-2024-3400'],
    ['AS', '64496', 'asn', 'AS64496'],
    ['user-agent', 'Mozilla/5.0 evil', 'user-agent', 'Mozilla/5.0 evil'],
    ['text', 'メモ', 'other', 'メモ'],
    ['other', '保守用アカウント', 'other', '保守用アカウント'],
  ])('reads a %s %s as %s %s', (type, value, kind, canonical) => {
    const r = readMispEvent(event([{ uuid: uuid(2), type, category: 'Network activity', value }]));
    expect(r.indicators.map((i) => [i.type, i.value])).toEqual([[kind, canonical]]);
    expect(r.notImported).toEqual([]);
  });

  it('reads a composite filename|hash as both, takes the strictest TLP tag, and reads a bare event too', () => {
    const r = readMispEvent({
      uuid: uuid(1).toUpperCase(),
      info: 'bare',
      Tag: [{ name: 'tlp:white' }, { name: 'misp-galaxy:x' }],
      Attribute: [
        { type: 'filename|md5', value: `b.exe|${'F'.repeat(32)}`, Tag: [{ name: 'tlp:amber' }] },
        { type: 'filename|md5', value: `a|b.exe|${'f'.repeat(32)}` },
      ],
      Object: [{ name: 'file', Attribute: [{ type: 'sha1', value: 'e'.repeat(40) }] }],
    });
    expect(r.sourceId).toBe(uuid(1));
    expect(r.tlp).toBe('TLP:AMBER');
    expect(r.indicators.map((i) => [i.type, i.value])).toEqual([
      ['filename', 'b.exe'],
      ['md5', 'f'.repeat(32)],
      ['filename', 'a'],
      ['sha1', 'e'.repeat(40)],
    ]);
    // Split at the first '|': 'b.exe|fff…' is no MD5, and is named rather than guessed at.
    expect(r.notImported.map((x) => x.code)).toEqual(['indicators.invalid_value']);
  });

  it('names what it leaves out: deleted, unknown types, invalid values, invisible characters', () => {
    const r = readMispEvent(
      event([
        { uuid: uuid(2), type: 'domain', value: 'gone.example', deleted: true },
        { uuid: uuid(3), type: 'regkey', value: 'HKLM\\Run' },
        { uuid: uuid(4), type: 'ip-dst|port', value: '198.51.100.7|443' },
        { uuid: uuid(5), type: 'domain', value: 'ev\u200bil.example' },
        { uuid: uuid(6), type: 'ip-dst', value: '10.0.0.5/24' },
        { uuid: uuid(7), type: 'md5', value: 12345 },
      ]),
    );
    expect(r.indicators).toEqual([]);
    expect(r.notImported.map((x) => [x.id, x.code])).toEqual([
      [uuid(2), 'imports.deleted'],
      [uuid(3), 'imports.unsupported_type'],
      [uuid(4), 'imports.unsupported_type'],
      [uuid(5), 'indicators.invisible_characters'],
      [uuid(6), 'indicators.cidr_host_bits'],
      [uuid(7), 'indicators.hash_length'],
    ]);
  });

  it.each([
    ['not an object', 'x', 'The body is not a JSON object.'],
    ['an Event that is a list', { Event: [] }, 'Event: not an object'],
    ['no uuid', { Event: { info: 'x' } }, 'Event.uuid: missing or not a UUID'],
    ['no info', { Event: { uuid: uuid(1) } }, 'Event.info: missing or not a string'],
    ['Attribute not a list', { Event: { uuid: uuid(1), info: 'x', Attribute: {} } }, 'Attribute: not a list'],
    ['Object not a list', { Event: { uuid: uuid(1), info: 'x', Object: 'x' } }, 'Event.Object: not a list'],
  ])('refuses %s', (_what, value, reason) => {
    expect(refusal(value)).toMatchObject({
      status: 422,
      code: 'imports.invalid_misp',
      offenders: [{ reason }],
    });
  });

  it('refuses an event with more attributes than it reads', () => {
    const many = Array.from({ length: 10_001 }, () => ({ type: 'text', value: 'x' }));
    expect(refusal(event(many))).toMatchObject({ status: 422, code: 'imports.too_large' });
  });

  it('never reads what an attribute only inherits', () => {
    const inherited = Object.create({ type: 'domain', value: 'evil.example' });
    expect(refusal(event([inherited]))).toMatchObject({
      code: 'imports.invalid_misp',
      offenders: [{ index: 0, reason: 'type: missing; value: missing or not a string' }],
    });
  });
});
