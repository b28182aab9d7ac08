import { describe, expect, it } from 'vitest';
import { readOptions } from '../../bench/args.js';

// The bench's options for issue 14's phases i (STIX bundle import) and t (TAXII pages).
describe('bench options', () => {
  it('takes phases i and t with their sizes, and defaults to issue 14’s', () => {
    const quick = readOptions(
      ['--phases', 'it', '--bundle-indicators', '2000', '--taxii-objects', '3000', '--samples', '20'],
      {},
    );
    expect(quick).toMatchObject({
      phases: ['i', 't'],
      bundleIndicators: 2000,
      taxiiObjects: 3000,
      samples: 20,
    });
    const full = readOptions([], {});
    expect(full.bundleIndicators).toBe(100_000);
    expect(full.taxiiObjects).toBe(100_000);
    expect(full.phases).toEqual(expect.arrayContaining(['x', 'i', 't']));
  });

  it('refuses sizes that are not positive and letters that are not phases', () => {
    expect(() => readOptions(['--bundle-indicators', '0'], {})).toThrow(/bundle-indicators/);
    expect(() => readOptions(['--taxii-objects', 'many'], {})).toThrow(/taxii-objects/);
    expect(() => readOptions(['--phases', 'iz'], {})).toThrow(/phases/);
  });
});
