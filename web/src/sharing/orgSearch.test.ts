import { describe, expect, it } from 'vitest';
import type { Org } from '../admin/admin.api.js';
import { filterGroups, foldForSearch, groupsOf, slugsOf, withSlugs } from './orgSearch.js';

const org = (slug: string, kind: Org['kind'], nameJa: string, parent: string | null = null): Org =>
  ({ slug, kind, nameJa, nameEn: `${slug} English`, parent, aliases: [] }) as unknown as Org;

const ORGS = [
  org('center', 'center', 'センター'),
  org('mofa', 'ministry', '外務省'),
  org('gaimu-kikan', 'agency', 'ガイム機構', 'mofa'),
  org('mic', 'ministry', '総務省'),
  org('nict', 'agency', '情報通信研究機構', 'mic'),
  org('stat', 'agency', '統計センター', 'mic'),
];
const groups = groupsOf(ORGS);
const shown = (query: string) => slugsOf(filterGroups(groups, query));

describe('the recipient search', () => {
  it('folds half-width katakana, full-width letters and case, and ignores zero-width characters', () => {
    expect(foldForSearch('ｶﾞｲﾑ')).toBe('ガイム');
    expect(foldForSearch('ＭＩＣ')).toBe('mic');
    expect(foldForSearch('ｶ\u200Bﾞｲ\uFEFFﾑ')).toBe('ガイム');
    expect(foldForSearch('Straße')).toBe(foldForSearch('STRASSE'));
  });

  it('finds an agency typed in half-width katakana, under its ministry', () => {
    expect(shown('ｶﾞｲﾑ')).toEqual(['mofa', 'gaimu-kikan']);
    expect(shown('ガ\u200Dイム')).toEqual(['mofa', 'gaimu-kikan']);
  });

  it('shows a matching ministry with all its agencies, by name or slug', () => {
    expect(shown('総務')).toEqual(['mic', 'nict', 'stat']);
    expect(shown('ＭＩＣ')).toEqual(['mic', 'nict', 'stat']);
    expect(shown('  ')).toEqual(['mofa', 'gaimu-kikan', 'mic', 'nict', 'stat']);
    expect(shown('no such body')).toEqual([]);
  });

  it('never offers the center as a recipient', () => {
    expect(shown('センター')).toEqual(['mic', 'stat']);
  });

  it('adds slugs once, in the order chosen, and takes them away', () => {
    expect(withSlugs(['stat'], ['mic', 'nict', 'stat'], true)).toEqual(['stat', 'mic', 'nict']);
    expect(withSlugs(['stat', 'mic', 'mofa'], ['mic', 'nict', 'stat'], false)).toEqual(['mofa']);
  });
});
