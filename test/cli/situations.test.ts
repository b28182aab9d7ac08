import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.js';
import { cliWorkspace } from '../support/cli.js';
import { DIALECTS } from '../support/databases.js';

// `renraku situation …` from the operator's console: declare as a named coordinator (the bodies in scope are
// notified as from the API), list, show the roll-call summary, stand down; bad input is refused and changes
// nothing. Commands run in this process (renrakuInProcess: refusals answer alike there, in-process.test.ts); the
// stand-down also runs as a new Node process (runRenraku) for its exit status.
describe.each(DIALECTS)('renraku situation on %s', { timeout: 360_000 }, (dialect) => {
  const { dataDir, env, renraku, ok, government, person, asProcess } = cliWorkspace(dialect, 'situations');

  it('declares, lists, shows and stands down; refuses unknown bodies, levels and non-coordinators', async () => {
    await government([
      ['center', 'nco'],
      ['ministry', 'meti'],
      ['agency', 'ipa', 'meti'],
      ['ministry', 'mof'],
    ] as const);
    await person('nco', 'center-coordinator', 'coord@nco.example.jp');
    await person('nco', 'center-analyst', 'analyst@nco.example.jp');
    await ok([
      'contact',
      'add',
      '--org',
      'meti',
      '--email',
      'duty@meti.example.jp',
      '--role',
      'duty-officer',
    ]);
    await ok(['contact', 'add', '--org', 'mof', '--email', 'duty@mof.example.jp', '--role', 'duty-officer']);

    const declaration = (extra: string[]) => [
      'situation',
      'declare',
      '--name',
      '同時多発DDoS',
      '--level',
      'alert',
      '--tlp',
      'TLP:GREEN',
      ...extra,
    ];
    const declare = (extra: string[]) => renraku(declaration(extra));
    const refusals = [
      await declare(['--scope', 'meti,nope', '--as', 'coord@nco.example.jp']),
      await declare(['--scope', 'meti']),
      await declare(['--scope', 'meti', '--as', 'analyst@nco.example.jp']),
      await renraku([
        'situation',
        'declare',
        '--name',
        'x',
        '--level',
        'red',
        '--scope',
        'all',
        '--as',
        'coord@nco.example.jp',
      ]),
    ];
    for (const r of refusals) expect(r.code, r.stdout).not.toBe(0);
    expect(refusals[0]?.stderr).toContain('unknown bodies: nope');
    expect(refusals[1]?.stderr).toContain('--as');
    expect(refusals[2]?.stderr).toContain('situations.');
    expect(refusals[3]?.stderr).toContain('unknown level red');
    expect(await ok(['situation', 'list'])).toBe('');

    const declared = await declare(['--scope', 'meti', '--with-agencies', '--as', 'coord@nco.example.jp']);
    expect(declared.code, declared.stderr).toBe(0);
    const m = /^declared (S-\d{4}-\d{3}) \(([^)]+)\): 2 bodies in scope\n$/.exec(declared.stdout);
    expect(m, declared.stdout).not.toBeNull();
    const [, number, id] = m as unknown as [string, string, string];

    const list = await ok(['situation', 'list']);
    expect(list).toMatch(new RegExp(`^${number}\topen\talert\tTLP:GREEN\t\\S+\t同時多発DDoS\n$`));
    for (const key of [number, id]) {
      const shown = await ok(['situation', 'show', key]);
      expect(shown).toContain(`${number} 同時多発DDoS\nstate: open\nlevel: alert\n`);
      expect(shown).toContain('in scope: 2\n');
      expect(shown).toContain('none: 0  investigating: 0  affected: 0  unanswered: 2\n');
      expect(shown).toContain('unanswered: ipa, meti\n');
    }
    expect((await renraku(['situation', 'show', 'S-1999-001'])).stderr).toContain('no situation S-1999-001');

    // The body in scope was notified; the one outside was not.
    const handle = openDatabase({ databaseUrl: env.DATABASE_URL, dataDir });
    try {
      const notices = await handle.db
        .selectFrom('notifications')
        .select(['email', 'event', 'ack_requested'])
        .where('subject_type', '=', 'situation')
        .execute();
      expect(notices).toEqual([
        { email: 'duty@meti.example.jp', event: 'situation.declared', ack_requested: 1 },
      ]);
    } finally {
      await handle.destroy();
    }

    expect((await renraku(['situation', 'stand-down', number])).code).not.toBe(0);
    const stoodDown = asProcess(['situation', 'stand-down', number, '--as', 'coord@nco.example.jp']);
    expect(stoodDown.code, stoodDown.stderr).toBe(0);
    expect(stoodDown.stdout).toBe(`stood down ${number}\n`);
    expect(await ok(['situation', 'show', number])).toContain('state: closed\n');
    expect(await ok(['situation', 'list', '--state', 'open'])).toBe('');
    const again = await renraku(['situation', 'stand-down', number, '--as', 'coord@nco.example.jp']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('situations.stood_down');
  });
});
