import fc from 'fast-check';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  indicatorPattern,
  mitigationName,
  type StixAuthor,
  type StixBundle,
  type StixObject,
  type StixShare,
  sharesToStix,
  stixString,
  TLP_2_EXTENSION_ID,
  TLP_MARKING_IDS,
} from './sharing.stix.js';
import { type Indicator, TLPS, type Tlp } from './sharing.terms.js';

/** A deployment's secret namespace of indicator ids (migration 0040). */
const ID_KEY = '6f1d8a52-2c4b-4f0e-9a51-3c7e2b9d0f17';

const author: StixAuthor = {
  id: '0190c4a2-0000-7000-8000-000000000001',
  name: 'National Cyber Incident Center',
};

const share = (over: Partial<StixShare> = {}): StixShare => ({
  id: '0190c4a2-0000-7000-8000-0000000000aa',
  kind: 'advisory',
  title: 'Phishing wave against ministries',
  body: 'Mails impersonating the tax office carry a loader.',
  indicators: [
    { type: 'ipv4-addr', value: '203.0.113.7', description: 'C2 server' },
    { type: 'domain-name', value: 'tax-office.example' },
    { type: 'file-sha256', value: 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' },
  ],
  mitigations: ['Block the address at the perimeter.\nThen review proxy logs.', 'Warn the staff.'],
  tlp: 'TLP:AMBER',
  createdAt: '2025-04-01T09:00:00.000Z',
  updatedAt: '2025-04-01T10:30:00.000Z',
  publishedAt: '2025-04-01T11:00:00.000Z',
  ...over,
});

const byType = <T extends StixObject['type']>(bundle: StixBundle, type: T) =>
  bundle.objects.filter((o): o is Extract<StixObject, { type: T }> => o.type === type);
const only = <T>(items: T[]): T => {
  expect(items).toHaveLength(1);
  return items[0] as T;
};

// Identifier form of the OASIS STIX 2.1 JSON schemas (common/identifier.json): type--RFC 4122 UUID.
const IDENTIFIER =
  /^([a-z][a-z0-9-]+[a-z0-9])--([0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/;
// Timestamp (common/timestamp.json), at the millisecond precision required of created/modified.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// StringLiteral of the STIX patterning grammar (cti-stix2-json-schemas pattern_grammar/STIXPattern.g4).
const STRING_LITERAL = /^'((?:[^'\\]|\\'|\\\\)*)'$/;
const unquote = (literal: string) => {
  const body = STRING_LITERAL.exec(literal)?.[1];
  if (body === undefined) throw new Error(`not a STIX string literal: ${literal}`);
  return body.replace(/\\([\\'])/g, '$1');
};

/** Every *_ref / *_refs value of every object, with the object that holds it. */
const references = (bundle: StixBundle) =>
  bundle.objects.flatMap((o) =>
    Object.entries(o).flatMap(([key, value]) => {
      if (key.endsWith('_ref')) return [{ from: o.id, key, to: value as string }];
      if (key.endsWith('_refs')) return (value as string[]).map((to) => ({ from: o.id, key, to }));
      return [];
    }),
  );

describe('TLP markings', () => {
  it('uses the official TLP 2.0 marking-definition ids of DESIGN.md §5', () => {
    expect(TLP_MARKING_IDS).toEqual({
      'TLP:CLEAR': 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
      'TLP:GREEN': 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
      'TLP:AMBER': 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
      'TLP:AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
      'TLP:RED': 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
    });
  });

  it('carries each TLP used once, as the object OASIS publishes (cti-stix-common-objects)', () => {
    const bundle = sharesToStix(
      [
        share({ id: 'a', tlp: 'TLP:AMBER+STRICT' }),
        share({ id: 'b', tlp: 'TLP:AMBER+STRICT' }),
        share({ id: 'c', tlp: 'TLP:CLEAR' }),
      ],
      author,
      ID_KEY,
    );
    expect(byType(bundle, 'marking-definition')).toEqual([
      {
        type: 'marking-definition',
        spec_version: '2.1',
        id: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
        created: '2022-10-01T00:00:00.000Z',
        name: 'TLP:CLEAR',
        extensions: {
          'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': {
            extension_type: 'property-extension',
            tlp_2_0: 'clear',
          },
        },
      },
      {
        type: 'marking-definition',
        spec_version: '2.1',
        id: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
        created: '2022-10-01T00:00:00.000Z',
        name: 'TLP:AMBER+STRICT',
        extensions: {
          'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': {
            extension_type: 'property-extension',
            tlp_2_0: 'amber+strict',
          },
        },
      },
    ]);
  });

  it.each(TLPS.map((t) => [t]))('names %s and its tlp_2_0 level as the extension does', (tlp: Tlp) => {
    const marking = only(byType(sharesToStix([share({ tlp })], author, ID_KEY), 'marking-definition'));
    const levels: Record<Tlp, string> = {
      'TLP:CLEAR': 'clear',
      'TLP:GREEN': 'green',
      'TLP:AMBER': 'amber',
      'TLP:AMBER+STRICT': 'amber+strict',
      'TLP:RED': 'red',
    };
    expect(marking.name).toBe(tlp);
    expect(marking.extensions[TLP_2_EXTENSION_ID]).toEqual({
      extension_type: 'property-extension',
      tlp_2_0: levels[tlp],
    });
  });

  it('marks every object of a share with its TLP', () => {
    const bundle = sharesToStix([share({ tlp: 'TLP:RED' })], author, ID_KEY);
    for (const o of bundle.objects.filter((o) => o.type !== 'identity' && o.type !== 'marking-definition')) {
      expect(o).toHaveProperty('object_marking_refs', [TLP_MARKING_IDS['TLP:RED']]);
    }
  });
});

describe('bundle structure', () => {
  const bundle = sharesToStix(
    [share(), share({ id: 'other', kind: 'share', tlp: 'TLP:GREEN' })],
    author,
    ID_KEY,
  );

  it('is a STIX 2.1 bundle: type, id, objects and no spec_version', () => {
    expect(Object.keys(bundle).sort()).toEqual(['id', 'objects', 'type']);
    expect(bundle.type).toBe('bundle');
    expect(bundle.id).toMatch(/^bundle--/);
  });

  it('gives every object an id of the form type--uuid, unique in the bundle', () => {
    for (const { id, type } of [bundle, ...bundle.objects]) {
      const [, prefix, uuid] = IDENTIFIER.exec(id) ?? [];
      expect(prefix, id).toBe(type);
      expect(isUuid(uuid as string), id).toBe(true);
    }
    const ids = bundle.objects.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses UUIDv5 for the ids it makes', () => {
    for (const o of [bundle, ...bundle.objects.filter((o) => o.type !== 'marking-definition')]) {
      expect(uuidVersion(o.id.split('--')[1] as string), o.id).toBe(5);
    }
  });

  it('resolves every reference within the bundle', () => {
    const ids = new Set(bundle.objects.map((o) => o.id));
    const refs = references(bundle);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ids.has(ref.to), `${ref.from} ${ref.key} → ${ref.to}`).toBe(true);
  });

  it('puts spec_version 2.1 and millisecond Z timestamps on every object, modified never before created', () => {
    for (const o of bundle.objects) {
      expect(o.spec_version).toBe('2.1');
      for (const key of ['created', 'modified', 'published', 'valid_from'] as const) {
        if (key in o)
          expect((o as unknown as Record<string, string>)[key], `${o.id} ${key}`).toMatch(TIMESTAMP);
      }
      if ('modified' in o) expect(o.modified >= o.created).toBe(true);
    }
  });

  it('names the author once, as an organization, and makes it the creator of every share object', () => {
    const identity = only(byType(bundle, 'identity'));
    expect(identity).toMatchObject({ name: author.name, identity_class: 'organization' });
    for (const o of bundle.objects.filter((o) => o.type !== 'marking-definition')) {
      expect(o).toHaveProperty('created_by_ref', identity.id);
    }
  });
});

// The kinds shares carry since issue 14: a CVE id, a user agent, a free observable.
const NEW_KINDS: Indicator[] = [
  { type: 'vulnerability', value: 'CVE-2026-1234', description: '至急パッチを適用' },
  { type: 'user-agent', value: "Mozilla/5.0 (compatible; Evil'Bot\\1.0)" },
  { type: 'observable', value: '保守用アカウント svc_maint' },
];

describe('a CVE id, a user agent and a free observable', () => {
  const s = share({ indicators: [...share().indicators, ...NEW_KINDS] });
  const bundle = sharesToStix([s], author, ID_KEY);

  it('make a vulnerability named by the CVE id with its cve reference, and two indicators', () => {
    const v = only(byType(bundle, 'vulnerability'));
    expect(v).toMatchObject({
      name: 'CVE-2026-1234',
      description: '至急パッチを適用',
      external_references: [{ source_name: 'cve', external_id: 'CVE-2026-1234' }],
      created_by_ref: only(byType(bundle, 'identity')).id,
      object_marking_refs: [TLP_MARKING_IDS['TLP:AMBER']],
    });
    expect(v.id).toMatch(/^vulnerability--/);
    expect(uuidVersion(v.id.split('--')[1] as string)).toBe(5);
    expect(
      byType(bundle, 'indicator')
        .map((i) => i.pattern)
        .slice(3),
    ).toEqual([
      "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'Mozilla/5.0 (compatible; Evil\\'Bot\\\\1.0)']",
      "[x-renraku-observable:value = '保守用アカウント svc_maint']",
    ]);
  });

  it('are referenced by the report in the share’s order', () => {
    const report = only(byType(bundle, 'report'));
    const ids = bundle.objects
      .filter((o) => o.type === 'indicator' || o.type === 'vulnerability' || o.type === 'course-of-action')
      .map((o) => o.id);
    expect(report.object_refs).toEqual(ids);
    expect(report.object_refs[3]).toMatch(/^vulnerability--/);
  });

  it('get ids of the share and the value only, none public: another share or deployment, other ids', () => {
    const again = sharesToStix([s], author, ID_KEY);
    const ids = (b: StixBundle) => b.objects.map((o) => o.id);
    expect(ids(again)).toEqual(ids(bundle));
    const other = sharesToStix([{ ...s, id: '0190c4a2-0000-7000-8000-0000000000bb' }], author, ID_KEY);
    const otherKey = sharesToStix([s], author, '0f6b4c1e-7a3d-4e2b-9c8a-5d1e3f7a9b20');
    const vulnId = (b: StixBundle) => only(byType(b, 'vulnerability')).id;
    expect(vulnId(other)).not.toBe(vulnId(bundle));
    expect(vulnId(otherKey)).not.toBe(vulnId(bundle));
  });
});

describe('one share', () => {
  const s = share();
  const bundle = sharesToStix([s], author, ID_KEY);

  it('becomes a report over its indicators and courses of action', () => {
    const report = only(byType(bundle, 'report'));
    const others = bundle.objects.filter((o) => o.type === 'indicator' || o.type === 'course-of-action');
    expect(report).toMatchObject({
      name: s.title,
      description: s.body,
      published: s.publishedAt,
      report_types: ['threat-report'],
      labels: ['advisory'],
      created: s.createdAt,
      modified: s.updatedAt,
    });
    expect(report.object_refs).toEqual(others.map((o) => o.id));
  });

  it('makes one malicious-activity indicator per indicator, valid from publication', () => {
    const indicators = byType(bundle, 'indicator');
    expect(indicators.map((i) => [i.name, i.description, i.pattern])).toEqual([
      ['203.0.113.7', 'C2 server', "[ipv4-addr:value = '203.0.113.7']"],
      ['tax-office.example', undefined, "[domain-name:value = 'tax-office.example']"],
      [
        'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f',
        undefined,
        "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
      ],
    ]);
    for (const i of indicators) {
      expect(i).toMatchObject({ pattern_type: 'stix', indicator_types: ['malicious-activity'] });
      expect(i.valid_from).toBe(s.publishedAt);
      expect('description' in i).toBe(i.name === '203.0.113.7');
    }
  });

  it('makes one course of action per mitigation, named by its first line', () => {
    expect(byType(bundle, 'course-of-action').map((c) => [c.name, c.description])).toEqual([
      ['Block the address at the perimeter.', s.mitigations[0]],
      ['Warn the staff.', 'Warn the staff.'],
    ]);
  });

  it('is still a valid report when it has neither indicators nor mitigations', () => {
    const bare = sharesToStix([share({ indicators: [], mitigations: [] })], author, ID_KEY);
    const identity = only(byType(bare, 'identity'));
    expect(bare.objects.map((o) => o.type)).toEqual(['identity', 'marking-definition', 'report']);
    expect(only(byType(bare, 'report')).object_refs).toEqual([identity.id]);
  });

  it('puts an indicator given twice in a share into the bundle once', () => {
    const twice = sharesToStix(
      [
        share({
          indicators: [
            { type: 'url', value: 'http://x.example/' },
            { type: 'url', value: 'http://x.example/' },
          ],
        }),
      ],
      author,
      ID_KEY,
    );
    expect(byType(twice, 'indicator')).toHaveLength(1);
    expect(only(byType(twice, 'report')).object_refs).toHaveLength(1 + 2);
  });

  it('writes timestamps in STIX form whatever ISO form they come in', () => {
    const report = only(
      byType(
        sharesToStix(
          [share({ createdAt: '2025-04-01T18:00:00+09:00', publishedAt: '2025-04-01T10:00:00Z' })],
          author,
          ID_KEY,
        ),
        'report',
      ),
    );
    expect(report.created).toBe('2025-04-01T09:00:00.000Z');
    expect(report.published).toBe('2025-04-01T10:00:00.000Z');
    expect(() => sharesToStix([share({ updatedAt: 'yesterday' })], author, ID_KEY)).toThrow(RangeError);
  });
});

describe('deterministic ids', () => {
  it('gives the same bundle for the same shares', () => {
    expect(sharesToStix([share()], author, ID_KEY)).toEqual(sharesToStix([share()], author, ID_KEY));
  });

  it('keeps the ids of a share whatever else is exported with it, and however it was edited', () => {
    const alone = sharesToStix([share()], author, ID_KEY);
    const edited = share({ title: 'Edited', updatedAt: '2025-04-02T00:00:00.000Z' });
    const withOthers = sharesToStix([share({ id: 'first' }), edited], author, ID_KEY);
    const ids = (b: StixBundle) => b.objects.map((o) => o.id);
    expect(ids(withOthers)).toEqual(expect.arrayContaining(ids(alone)));
    expect(withOthers.id).not.toBe(alone.id);
  });

  it('gives the same indicator in two shares two ids, and two authors two identities', () => {
    const indicators: Indicator[] = [{ type: 'ipv4-addr', value: '198.51.100.1' }];
    const bundle = sharesToStix(
      [share({ id: 'a', indicators }), share({ id: 'b', indicators })],
      author,
      ID_KEY,
    );
    const [a, b] = byType(bundle, 'indicator');
    expect(a?.pattern).toBe(b?.pattern);
    expect(a?.id).not.toBe(b?.id);
    const identity = (id: string) => only(byType(sharesToStix([], { ...author, id }, ID_KEY), 'identity')).id;
    expect(identity('x')).not.toBe(identity('y'));
    expect(identity('x')).toBe(identity('x'));
  });

  it('dates the identity by the author when told, else by a fixed date', () => {
    const created = (a: StixAuthor) => only(byType(sharesToStix([], a, ID_KEY), 'identity')).created;
    expect(created({ ...author, createdAt: '2024-01-02T03:04:05Z' })).toBe('2024-01-02T03:04:05.000Z');
    expect(created(author)).toBe(created(author));
  });
});

describe('patterns', () => {
  it('escapes quotes and backslashes in string literals', () => {
    expect(stixString("a'b")).toBe("'a\\'b'");
    expect(stixString('C:\\x')).toBe("'C:\\\\x'");
    // In a query WHATWG parsing percent-encodes the quote; in a path RFC 3986 allows it as typed.
    expect(indicatorPattern({ type: 'url', value: "http://x.example/it's" })).toBe(
      "[url:value = 'http://x.example/it\\'s']",
    );
  });

  it('uses the hashing-algorithm-ov keys, quoting those with a hyphen', () => {
    expect(indicatorPattern({ type: 'file-md5', value: 'm' })).toBe("[file:hashes.MD5 = 'm']");
    expect(indicatorPattern({ type: 'file-sha1', value: 's' })).toBe("[file:hashes.'SHA-1' = 's']");
    expect(indicatorPattern({ type: 'file-sha256', value: 's' })).toBe("[file:hashes.'SHA-256' = 's']");
  });

  it('reads back every string exactly', () => {
    // Biased towards the characters a literal must escape or could be broken by.
    const unit = fc.oneof(
      fc.constantFrom("'", '\\', ']', '\n'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.string({ unit }), (value) => {
        expect(unquote(stixString(value))).toBe(value);
      }),
    );
  });
});

describe('course-of-action names', () => {
  it('cuts a long first line to 120 characters without splitting one', () => {
    const name = mitigationName(`${'🛡'.repeat(130)}\nmore`, 1);
    expect(Array.from(name)).toHaveLength(120);
    expect(name.endsWith('…')).toBe(true);
    expect(name.isWellFormed()).toBe(true);
    expect(mitigationName('x'.repeat(120), 1)).toBe('x'.repeat(120));
  });

  it('skips blank leading lines and never leaves the name empty', () => {
    expect(mitigationName('\r\n  \n  Patch now  \nthen reboot', 1)).toBe('Patch now');
    expect(mitigationName(' \n ', 3)).toBe('Mitigation 3');
  });
});

describe('what leaves the center', () => {
  it('carries nothing of a share beyond what recipients see, even when handed more', () => {
    const full = {
      ...share(),
      sourceIncidentIds: ['incident-secret-1'],
      sources: [{ id: 'incident-secret-2', orgSlug: 'secret-ministry' }],
      recipients: { orgs: ['secret-agency'] },
      consents: [{ reason: 'secret-reason' }],
      status: 'published',
    } as StixShare;
    const json = JSON.stringify(sharesToStix([full], author, ID_KEY));
    for (const secret of [
      'incident-secret',
      'secret-ministry',
      'secret-agency',
      'secret-reason',
      '"status"',
    ]) {
      expect(json).not.toContain(secret);
    }
  });

  it('gives each kind of object only the properties it is meant to have', () => {
    const common = ['type', 'spec_version', 'id', 'created_by_ref', 'created', 'modified'];
    const marked = [...common, 'object_marking_refs'];
    const allowed: Record<StixObject['type'], string[]> = {
      identity: [...common, 'name', 'identity_class'],
      'marking-definition': ['type', 'spec_version', 'id', 'created', 'name', 'extensions'],
      report: [...marked, 'name', 'description', 'report_types', 'labels', 'published', 'object_refs'],
      indicator: [
        ...marked,
        'name',
        'description',
        'indicator_types',
        'pattern',
        'pattern_type',
        'valid_from',
      ],
      vulnerability: [...marked, 'name', 'description', 'external_references'],
      'course-of-action': [...marked, 'name', 'description'],
    };
    const all = share({ indicators: [...share().indicators, ...NEW_KINDS] });
    for (const o of sharesToStix([all], author, ID_KEY).objects) {
      expect(allowed[o.type], o.id).toEqual(expect.arrayContaining(Object.keys(o)));
    }
  });
});
