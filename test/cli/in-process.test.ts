import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renrakuInProcess, runRenraku } from '../support/cli.js';

// The CLI tests run most commands in the test's own process (renrakuInProcess) and keep a few as real processes
// (runRenraku). That is sound only if both answer alike: the same status, the same output on each stream, for
// each way a run ends (a command's success, the application's refusal, the command's own, commander's, and a
// password read from standard input). The io seam does not depend on the database, so SQLite only: the files
// that use it run on both dialects.
describe('renraku in this process answers as renraku in a process of its own', () => {
  const fresh = () => ({
    RENRAKU_DATA_DIR: mkdtempSync(join(tmpdir(), 'renraku-cli-io-')),
    LOG_LEVEL: 'silent',
  });
  const env = fresh();
  const cases: { args: string[]; input?: string; code: number }[] = [
    { args: ['org', 'add', '--kind', 'agency', '--slug', 'a', '--name-ja', 'a', '--name-en', 'a'], code: 2 },
    { args: ['org', 'add', '--kind', 'planet', '--slug', 'p', '--name-ja', 'p', '--name-en', 'p'], code: 1 },
    { args: ['audit', 'verify', '--anchor', '/nonexistent/anchors.jsonl'], code: 2 },
    {
      args: [
        'user',
        'add',
        '--org',
        'nco',
        '--role',
        'admin',
        '--email',
        'a@nco.example',
        '--password-stdin',
      ],
      input: 'password\n',
      code: 2,
    },
  ];

  it('for a success, each on a database of its own', { timeout: 60_000 }, async () => {
    const inProcess = await renrakuInProcess(fresh(), ['migrate']);
    expect(inProcess).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^applied: 0001_/),
      stderr: '',
    });
    expect(runRenraku(fresh(), ['migrate'])).toEqual(inProcess);
  });

  // A refusal changes nothing, so both run on the same database.
  it('for every kind of refusal', { timeout: 180_000 }, async () => {
    for (const { args, input, code } of cases) {
      const inProcess = await renrakuInProcess(env, args, input);
      expect(inProcess.code, args.join(' ')).toBe(code);
      expect(inProcess.stderr, args.join(' ')).toMatch(/^error: /);
      expect(runRenraku(env, args, input), args.join(' ')).toEqual(inProcess);
    }
  });
});
