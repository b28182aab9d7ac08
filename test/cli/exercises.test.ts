import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliWorkspace } from '../support/cli.js';
import { DIALECTS } from '../support/databases.js';

// `renraku exercise …` from the operator's console: run a scenario file (checked, created, started, followed
// until every inject is played), list, show, pause/resume/end; a bad scenario names its problems and stores
// nothing; only center coordinators run exercises. Every command runs in this process (renrakuInProcess).
describe.each(DIALECTS)('renraku exercise on %s', { timeout: 360_000 }, (dialect) => {
  const {
    dataDir: dir,
    renraku,
    ok,
    government,
    person,
  } = cliWorkspace(dialect, 'exercises', { RENRAKU_WORKER_INTERVAL_MS: '200' });
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('runs a YAML scenario to its end, lists and shows it, and refuses bad ones and other roles', async () => {
    await government([
      ['center', 'nco'],
      ['ministry', 'meti'],
      ['agency', 'ipa', 'meti'],
    ] as const);
    await person('nco', 'center-coordinator', 'coord@nco.example.jp');
    await person('nco', 'center-analyst', 'analyst@nco.example.jp');

    const good = file(
      'drill.yaml',
      [
        'name: CLIの訓練',
        'injects:',
        '  - { at: T+0, kind: declare, name: 訓練事態, description: 想定, level: caution, tlp: TLP:AMBER,',
        '      scope: { kind: bodies, bodies: [ { slug: meti, withAgencies: true } ] } }',
        '  - { at: 1, kind: report, body: ipa, title: 不審な通信, summary: 訓練の速報 }',
        '  - { at: T+2s, kind: note, text: 記録 }',
      ].join('\n'),
    );
    const run = (await await ok(['exercise', 'run', good, '--as', 'coord@nco.example.jp', '--follow']))
      .trim()
      .split('\n');
    const number = run[0] ?? '';
    expect(number).toMatch(/^X-\d{4}-001$/);
    expect(run.slice(1, 4).map((l) => l.split('\t').slice(0, 3).join(' '))).toEqual([
      '1 declare played',
      '2 report played',
      '3 note played',
    ]);
    expect(run[4]).toBe(`${number}\trunning`);
    expect(await ok(['exercise', 'list', '--as', 'coord@nco.example.jp'])).toContain(
      `${number}\trunning\t3/3\tCLIの訓練`,
    );
    expect(await ok(['exercise', 'show', number, '--as', 'coord@nco.example.jp'])).toMatch(
      /1\tT\+0s\tdeclare\tplayed/,
    );
    expect(await ok(['exercise', 'pause', number, '--as', 'coord@nco.example.jp'])).toBe(
      `${number}\tpaused\n`,
    );
    expect(await ok(['exercise', 'resume', number, '--as', 'coord@nco.example.jp'])).toBe(
      `${number}\trunning\n`,
    );
    expect(await ok(['exercise', 'end', number, '--as', 'coord@nco.example.jp'])).toBe(`${number}\tended\n`);
    const again = await renraku(['exercise', 'end', number, '--as', 'coord@nco.example.jp']);
    expect([again.code, again.stderr]).toEqual([2, expect.stringContaining('exercises.not_live')]);

    const bad = file(
      'bad.yaml',
      [
        'name: 悪い訓練',
        'injects:',
        '  - { at: T+0, kind: note, text: x }',
        '  - { at: T-5m, kind: note, text: y }',
      ].join('\n'),
    );
    const refused = await renraku(['exercise', 'run', bad, '--as', 'coord@nco.example.jp']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('inject 0 kind');
    expect(refused.stderr).toContain('inject 1 at: An inject cannot come before the start.');
    const analyst = await renraku(['exercise', 'run', good, '--as', 'analyst@nco.example.jp']);
    expect([analyst.code, analyst.stderr]).toEqual([2, expect.stringContaining('auth.forbidden')]);
    expect(
      (await await ok(['exercise', 'list', '--as', 'coord@nco.example.jp'])).trim().split('\n'),
    ).toHaveLength(1);
  });
});
