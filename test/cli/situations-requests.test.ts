import { describe, expect, it } from 'vitest';
import { cliWorkspace } from '../support/cli.js';
import { DIALECTS } from '../support/databases.js';

// `renraku situation request …`: a coordinator issues a request to bodies in scope and lists them with the count
// per state; a ministry's person lists only what reaches it; a past due time or a body out of scope is refused
// and issues nothing. Every command runs in this process (renrakuInProcess).
describe.each(DIALECTS)('renraku situation request on %s', { timeout: 360_000 }, (dialect) => {
  const { renraku, ok, government, person } = cliWorkspace(dialect, 'requests');

  it('issues and lists requests; refuses a past due time and a body out of scope', async () => {
    await government([
      ['center', 'nco'],
      ['ministry', 'meti'],
      ['agency', 'ipa', 'meti'],
      ['ministry', 'mof'],
    ] as const);
    await person('nco', 'center-coordinator', 'coord@nco.example.jp');
    await person('mof', 'security-officer', 'so@mof.example.jp');
    const declared = await ok([
      'situation',
      'declare',
      '--name',
      '同時多発DDoS',
      '--level',
      'alert',
      '--scope',
      'meti,mof',
      '--with-agencies',
      '--as',
      'coord@nco.example.jp',
    ]);
    const number = /^declared (S-\d{4}-\d{3})/.exec(declared)?.[1] as string;
    const create = (extra: string[]) =>
      renraku([
        'situation',
        'request',
        'create',
        number,
        '--title',
        'ログの保全',
        '--as',
        'coord@nco.example.jp',
        ...extra,
      ]);
    const past = await create(['--due', '2000-01-01T00:00:00Z', '--to', 'ipa']);
    expect(past.code).not.toBe(0);
    expect(past.stderr).toContain('situations.request_due_past');
    const outside = await create(['--due-in', '60', '--to', 'nco']);
    expect(outside.stderr).toContain('situations.request_unknown_body');
    const neither = await create(['--to', 'ipa']);
    expect(neither.stderr).toContain('--due');
    const issued = await create(['--due-in', '60', '--to', 'ipa']);
    expect(issued.code, issued.stderr).toBe(0);
    expect(issued.stdout).toMatch(/^issued R-1 \([^)]+\): 1 bodies, due \S+\n$/);
    expect((await create(['--due-in', '90', '--to', 'ministries'])).stdout).toMatch(
      /^issued R-2 .*: 2 bodies/,
    );
    const all = await ok(['situation', 'request', 'list', number, '--as', 'coord@nco.example.jp']);
    expect(
      all
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]),
    ).toEqual(['R-1', 'R-2']);
    expect(all).toContain('issued:1 acknowledged:0 in_progress:0 done:0\toverdue:-\tログの保全');
    // mof is addressed by R-2 only; it never learns of R-1, addressed to another ministry's agency.
    const mof = await ok(['situation', 'request', 'list', number, '--as', 'so@mof.example.jp']);
    expect(
      mof
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]),
    ).toEqual(['R-2']);
    expect(mof).toContain('issued:1 acknowledged:0');
  });
});
