import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renrakuInProcess } from '../support/cli.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

// `renraku situation request …`: a coordinator issues a request to bodies in scope and lists them with the count
// per state; a ministry's person lists only what reaches it; a past due time or a body out of scope is refused
// and issues nothing. Every command is a new Node process.
describe.each(DIALECTS)('renraku situation request on %s', { timeout: 360_000 }, (dialect) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'renraku-cli-requests-'));
  let env: Record<string, string>;
  let destroy: () => Promise<void> = async () => {};

  beforeAll(async () => {
    env = { RENRAKU_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    if (dialect === 'postgres') {
      const handle = await createTestDatabase('postgres', { migrate: false });
      env.DATABASE_URL = handle.url;
      destroy = () => handle.destroy();
    }
  });
  afterAll(async () => destroy());

  const renraku = (args: string[]) => renrakuInProcess(env, args);
  const ok = async (args: string[]) => {
    const r = await renraku(args);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };

  it('issues and lists requests; refuses a past due time and a body out of scope', async () => {
    await ok(['migrate']);
    for (const [kind, slug, parent] of [
      ['center', 'nco'],
      ['ministry', 'meti'],
      ['agency', 'ipa', 'meti'],
      ['ministry', 'mof'],
    ] as [string, string, string?][])
      await ok([
        'org',
        'add',
        '--kind',
        kind,
        '--slug',
        slug,
        '--name-ja',
        slug,
        '--name-en',
        slug,
        ...(parent ? ['--parent', parent] : []),
      ]);
    await ok([
      'user',
      'add',
      '--org',
      'nco',
      '--role',
      'center-coordinator',
      '--email',
      'coord@nco.example.jp',
    ]);
    await ok(['user', 'add', '--org', 'mof', '--role', 'security-officer', '--email', 'so@mof.example.jp']);
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
