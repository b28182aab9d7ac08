import { describe, expect, it } from 'vitest';
import { amberAdds, stillClients, type TreeOrg } from './amberClients.js';
import { buildRedShare, buildShare, orgRef } from './share.fixture.js';
import { stricterOf } from './stricter.js';

// A ministry m1 with agencies a1 and a2; a ministry m2 with agency b1.
const TREE: TreeOrg[] = [
  { slug: 'center', parent: null },
  { slug: 'm1', parent: null },
  { slug: 'a1', parent: 'm1' },
  { slug: 'a2', parent: 'm1' },
  { slug: 'm2', parent: null },
  { slug: 'b1', parent: 'm2' },
];
const amberShare = () =>
  buildShare({ tlp: 'TLP:AMBER' }, [
    orgRef('m1'),
    orgRef('a1', 'agency'),
    orgRef('a2', 'agency'),
    orgRef('m2'),
  ]);

describe('agencies that stay recipients as a ministry’s clients under TLP:AMBER', () => {
  it('names an unticked agency whose ministry stays ticked, with its ministry', () => {
    const share = amberShare();
    const s = { ...stricterOf(share), kept: ['m1', 'a2', 'm2'] };
    expect(stillClients(share, s, TREE)).toEqual([{ agency: 'a1', ministry: 'm1' }]);
  });

  it('names none once the ministry is unticked too, or under TLP:AMBER+STRICT', () => {
    const share = amberShare();
    expect(stillClients(share, { ...stricterOf(share), kept: ['a2', 'm2'] }, TREE)).toEqual([]);
    const strict = { ...stricterOf(share), kept: ['m1', 'm2'], tlp: 'TLP:AMBER+STRICT' as const };
    expect(stillClients(share, strict, TREE)).toEqual([]);
  });

  it('names none while everything is ticked, while the tree is unknown, or for named people', () => {
    const share = amberShare();
    expect(stillClients(share, stricterOf(share), TREE)).toEqual([]);
    expect(stillClients(share, { ...stricterOf(share), kept: ['m1'] }, [])).toEqual([]);
    const red = buildRedShare({ 'x@a1.test': 'a1' });
    expect(stillClients(red, { ...stricterOf(red), kept: [] }, TREE)).toEqual([]);
  });
});

describe('TLP:AMBER chosen for a share asked under a looser TLP', () => {
  it('would add the agencies of its ministries that were not asked', () => {
    expect(amberAdds(buildShare({ tlp: 'TLP:GREEN' }, [orgRef('m1'), orgRef('a1', 'agency')]), TREE)).toEqual(
      ['a2'],
    );
  });

  it('adds nobody when every agency was asked already, when no ministry is asked, or under TLP:AMBER', () => {
    const all = [orgRef('m1'), orgRef('a1', 'agency'), orgRef('a2', 'agency')];
    expect(amberAdds(buildShare({ tlp: 'TLP:CLEAR' }, all), TREE)).toEqual([]);
    expect(amberAdds(buildShare({ tlp: 'TLP:GREEN' }, [orgRef('a1', 'agency')]), TREE)).toEqual([]);
    expect(amberAdds(amberShare(), TREE)).toEqual([]);
  });
});
