import { describe, expect, it } from 'vitest';
import type { Org } from '../admin/admin.api.js';
import { askedCount, NO_SCOPE, scopeInput } from './scope.js';

const org = (slug: string, kind: string, parent: string | null = null): Org => ({
  slug,
  kind,
  nameJa: slug,
  nameEn: slug,
  parent,
  reviewMode: false,
  reviewDeadlineMinutes: null,
  aliases: [],
  domains: [],
});

const ORGS = [
  org('nco', 'center'),
  org('meti', 'ministry'),
  org('ipa', 'agency', 'meti'),
  org('nedo', 'agency', 'meti'),
  org('mext', 'ministry'),
  org('jaxa', 'agency', 'mext'),
];

describe('how many bodies a declaration asks (as the server resolves the scope)', () => {
  it('every body but the center; the ministries alone', () => {
    expect(askedCount({ ...NO_SCOPE, kind: 'all' }, ORGS)).toBe(5);
    expect(askedCount({ ...NO_SCOPE, kind: 'ministries' }, ORGS)).toBe(2);
  });

  it('named bodies, with the agencies of named ministries only when asked, each once', () => {
    const named = { kind: 'bodies' as const, orgs: ['meti', 'ipa', 'jaxa'], withAgencies: true };
    expect(askedCount(named, ORGS)).toBe(4);
    expect(askedCount({ ...named, withAgencies: false }, ORGS)).toBe(3);
    expect(askedCount({ ...named, orgs: [] }, ORGS)).toBe(0);
  });

  it('sends named bodies by slug, "with agencies" only for a ministry', () => {
    expect(scopeInput({ kind: 'bodies', orgs: ['meti', 'jaxa'], withAgencies: true }, ORGS)).toEqual({
      kind: 'bodies',
      bodies: [
        { orgSlug: 'meti', withAgencies: true },
        { orgSlug: 'jaxa', withAgencies: false },
      ],
    });
    expect(scopeInput({ kind: 'ministries', orgs: ['meti'], withAgencies: true }, ORGS)).toEqual({
      kind: 'ministries',
    });
  });
});
