import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../platform/access/roles.js';
import { claimValues } from './sso.claims.js';
import { type Mapping, resolveMapping } from './sso.mapping.js';

const m = (value: string, orgId: string, role: Mapping['role'], provision = true): Mapping => ({
  claim: 'groups',
  value,
  orgId,
  role,
  provision,
});

describe('resolveMapping', () => {
  const mappings = [
    m('csirt', 'meti', 'security-officer'),
    m('staff', 'meti', 'reporter'),
    m('ipa-staff', 'ipa', 'reporter', false),
    m('analysts', 'nco', 'center-analyst'),
    m('coordinators', 'nco', 'center-coordinator'),
    m('auditors', 'nco', 'auditor'),
  ];

  it('gives the one body and role the groups map to', () => {
    expect(resolveMapping(mappings, { groups: ['staff'] })).toEqual({
      kind: 'mapped',
      orgId: 'meti',
      role: 'reporter',
      provision: true,
    });
    expect(resolveMapping(mappings, { groups: ['nothing'] })).toEqual({ kind: 'none' });
    expect(resolveMapping(mappings, {})).toEqual({ kind: 'none' });
  });

  it('lets a role that includes another win, and refuses roles that do not include one another', () => {
    expect(resolveMapping(mappings, { groups: ['staff', 'csirt'] })).toMatchObject({
      role: 'security-officer',
    });
    expect(resolveMapping(mappings, { groups: ['analysts', 'coordinators'] })).toMatchObject({
      role: 'center-coordinator',
    });
    expect(resolveMapping(mappings, { groups: ['analysts', 'auditors'] })).toEqual({ kind: 'ambiguous' });
  });

  it('refuses groups of several bodies, unless narrowed to the body of a linked account', () => {
    expect(resolveMapping(mappings, { groups: ['staff', 'ipa-staff'] })).toEqual({ kind: 'ambiguous' });
    expect(resolveMapping(mappings, { groups: ['staff', 'ipa-staff'] }, 'ipa')).toEqual({
      kind: 'mapped',
      orgId: 'ipa',
      role: 'reporter',
      provision: false,
    });
  });

  it('matches the exact text only: no case folding, no width folding, no invisible characters', () => {
    for (const near of ['CSIRT', 'ｃｓｉｒｔ', 'csirt\u200b', ' csirt', 'csirt '])
      expect(resolveMapping(mappings, { groups: [near] })).toEqual({ kind: 'none' });
  });

  it('never maps to a body or a role that no matching mapping names', () => {
    const role = fc.constantFrom(...ROLES);
    const mapping = fc.record({
      claim: fc.constantFrom('groups', 'roles'),
      value: fc.constantFrom('a', 'b', 'c', 'd'),
      orgId: fc.constantFrom('x', 'y'),
      role,
      provision: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(mapping, { maxLength: 8 }),
        fc.record({
          groups: fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e')),
          roles: fc.constantFrom('a', 'e'),
        }),
        fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
        (all, claims, narrow) => {
          const r = resolveMapping(all, claims, narrow);
          if (r.kind !== 'mapped') return;
          const matching = all.filter(
            (x) => x.orgId === r.orgId && x.role === r.role && claimValues(claims, x.claim).includes(x.value),
          );
          expect(matching.length).toBeGreaterThan(0);
          if (narrow) expect(r.orgId).toBe(narrow);
          expect(r.provision).toBe(matching.some((x) => x.provision));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('claimValues', () => {
  it('reads a claim by its whole name first, then as a dotted path, and only its strings', () => {
    const claims = {
      groups: ['a', 1, null, 'b'],
      'https://example.com/roles': ['c'],
      realm_access: { roles: ['d'] },
      tid: 'tenant',
      nested: { deeper: { list: ['e'] } },
    };
    expect(claimValues(claims, 'groups')).toEqual(['a', 'b']);
    expect(claimValues(claims, 'https://example.com/roles')).toEqual(['c']);
    expect(claimValues(claims, 'realm_access.roles')).toEqual(['d']);
    expect(claimValues(claims, 'tid')).toEqual(['tenant']);
    expect(claimValues(claims, 'nested.deeper.list')).toEqual(['e']);
    expect(claimValues(claims, 'missing.path')).toEqual([]);
    expect(claimValues(claims, 'groups.length')).toEqual([]);
    expect(claimValues(claims, '__proto__.constructor')).toEqual([]);
  });
});
