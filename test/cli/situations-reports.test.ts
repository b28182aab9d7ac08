import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliWorkspace } from '../support/cli.js';
import { DIALECTS } from '../support/databases.js';

// `renraku situation report …`: a coordinator issues 第1報 from a file and 第2報 from flags; a body in scope
// lists and shows them; bad input (no text, both texts, a reader who is no coordinator) is refused and changes
// nothing. Every command runs in this process (renrakuInProcess).
describe.each(DIALECTS)('renraku situation report on %s', { timeout: 360_000 }, (dialect) => {
  const { dataDir, renraku, ok, government, person } = cliWorkspace(dialect, 'reports');

  it('issues from a file and from flags, lists and shows; refuses bad input', async () => {
    await government([
      ['center', 'nco'],
      ['ministry', 'meti'],
      ['ministry', 'mof'],
    ] as const);
    await person('nco', 'center-coordinator', 'coord@nco.example.jp');
    await person('meti', 'security-officer', 'so@meti.example.jp');
    await person('mof', 'security-officer', 'so@mof.example.jp');
    const declared = await ok([
      'situation',
      'declare',
      '--name',
      '同時多発DDoS',
      '--level',
      'alert',
      '--scope',
      'meti',
      '--as',
      'coord@nco.example.jp',
    ]);
    const number = (/^declared (S-\d{4}-\d{3})/.exec(declared) ?? [])[1] as string;

    const file = join(dataDir, 'report.txt');
    writeFileSync(file, 'A省でサービス停止。\n復旧作業中。\n');
    const as = ['--as', 'coord@nco.example.jp'];
    const refusals = [
      await renraku(['situation', 'report', 'issue', number, '--title', '第1報', ...as]),
      await renraku([
        'situation',
        'report',
        'issue',
        number,
        '--title',
        '第1報',
        '--body',
        'x',
        '--file',
        file,
        ...as,
      ]),
      await renraku([
        'situation',
        'report',
        'issue',
        number,
        '--title',
        '第1報',
        '--body',
        'x',
        '--as',
        'so@meti.example.jp',
      ]),
      await renraku(['situation', 'report', 'issue', number, '--title', '\u200b', '--body', 'x', ...as]),
    ];
    for (const r of refusals) expect(r.code, r.stdout).not.toBe(0);
    expect(refusals[0]?.stderr).toContain('--body or --file');
    expect(refusals[3]?.stderr).toContain('text.empty');
    expect(await ok(['situation', 'report', 'list', number, ...as])).toBe('');

    expect(
      await ok([
        'situation',
        'report',
        'issue',
        number,
        '--title',
        '被害の概要',
        '--file',
        file,
        '--counts',
        'totals',
        ...as,
      ]),
    ).toMatch(/^issued 第1報 \(\S+\)\n$/);
    expect(
      await ok(['situation', 'report', 'issue', number, '--title', '続報', '--body', '拡大なし', ...as]),
    ).toMatch(/^issued 第2報/);
    const listed = await ok(['situation', 'report', 'list', number, '--as', 'so@meti.example.jp']);
    expect(
      listed
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]),
    ).toEqual(['第2報', '第1報']);
    const shown = await ok(['situation', 'report', 'show', number, '1', '--as', 'so@meti.example.jp']);
    expect(shown).toContain('第1報 被害の概要\n');
    expect(shown).toContain('A省でサービス停止。\n復旧作業中。');
    expect(shown).toContain('"unanswered":1');
    // A body out of scope sees no such situation.
    expect(
      (await renraku(['situation', 'report', 'list', number, '--as', 'so@mof.example.jp'])).stderr,
    ).toContain('situations.not_found');
  });
});
