import { describe, expect, it } from 'vitest';
import { cliWorkspace } from '../support/cli.js';
import { DIALECTS } from '../support/databases.js';

// `renraku policy coverage`: the fiscal year's coverage per body as CSV (with a BOM, for spreadsheets) or JSON,
// the whole government for the operator, or what one person sees with --as; a year not yet begun is refused.

describe.each(DIALECTS)('renraku policy coverage on %s', { timeout: 360_000 }, (dialect) => {
  const { renraku, ok, government, person } = cliWorkspace(dialect, 'policies');

  it('prints every body’s coverage, or what --as sees, and refuses a future year', async () => {
    await government([
      ['center', 'nco'],
      ['ministry', 'meti'],
      ['agency', 'ipa', 'meti'],
      ['ministry', 'mof'],
    ] as const);
    await person('ipa', 'security-officer', 'so@ipa.example.jp');
    const csv = await ok(['policy', 'coverage', '--format', 'csv']);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^fiscal_year,body,kind,parent,/);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[1])
        .sort(),
    ).toEqual(['ipa', 'meti', 'mof']);
    expect(lines.find((l) => l.split(',')[1] === 'ipa')?.split(',')[3]).toBe('meti');
    const mine = JSON.parse(
      await ok(['policy', 'coverage', '--format', 'json', '--as', 'so@ipa.example.jp']),
    ) as {
      items: { org: { slug: string }; clause: unknown }[];
    };
    expect(mine.items.map((r) => r.org.slug)).toEqual(['ipa']);
    expect(mine.items[0]?.clause).toBeNull();
    const future = await renraku(['policy', 'coverage', '--fy', '2199']);
    expect(future.code).not.toBe(0);
    expect(future.stderr).toContain('policies.future_fiscal_year');
  });
});
