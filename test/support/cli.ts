import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { CliExit, type CliIo } from '../../src/cli/cli.support.js';
import { runCli } from '../../src/cli/program.js';
import type { DialectName } from '../../src/platform/db/database.js';
import { createTestDatabase } from './databases.js';
import { TEST_PASSWORD_HASH_ENV } from './harness.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment a command sees: only this one besides PATH and HOME, as an operator's shell would give. */
const environment = (env: Record<string, string>): Record<string, string> => {
  const { PATH, HOME } = process.env;
  return { PATH: PATH ?? '', HOME: HOME ?? '', ...TEST_PASSWORD_HASH_ENV, ...env };
};

/**
 * Runs `renraku ARGS` as a new process with only this environment (besides PATH and HOME), as an operator
 * would: the CLI compiled once for the run by build-cli.ts. What only a process shows (its exit status, a
 * real pipe on standard input, the bundle and its loading) is tested this way; the rest with renrakuInProcess.
 */
export function runRenraku(env: Record<string, string>, args: string[], input?: string): CliResult {
  const r = spawnSync(process.execPath, ['--enable-source-maps', inject('cliPath'), ...args], {
    env: environment(env),
    input,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs `renraku ARGS` as runRenraku does, with the same environment and standard input, but in this process:
 * the program that src/cli/main.ts runs, given its environment, streams and exit through src/cli's io seam.
 * A command then costs its own work only (20–50 ms measured), not a Node start-up and the loading of the whole
 * application (2–5 s a command as a process on CI's two loaded cores). test/cli/in-process.test.ts shows both ways answer
 * alike.
 */
export async function renrakuInProcess(
  env: Record<string, string>,
  args: string[],
  input?: string,
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    env: environment(env),
    stdin: (async function* () {
      if (input !== undefined) yield Buffer.from(input, 'utf8');
    })(),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    exitCode: undefined,
    exit: (code) => {
      throw new CliExit(code);
    },
  };
  const code = await runCli([process.execPath, 'renraku', ...args], io);
  return { code, stdout, stderr };
}

/**
 * A CLI test file's workspace on one dialect: a data folder, on PostgreSQL a database of its own (created before
 * the file's tests, dropped after), and its commands — in this process (`renraku`, `ok` expecting success) or as
 * a new process (`asProcess`). `env` is read at each call, so extra settings may be given.
 */
export function cliWorkspace(dialect: DialectName, name: string, settings: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), `renraku-cli-${name}-`));
  const env: Record<string, string> = { RENRAKU_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...settings };
  let destroy: () => Promise<void> = async () => {};
  beforeAll(async () => {
    if (dialect !== 'postgres') return;
    const handle = await createTestDatabase('postgres', { migrate: false });
    env.DATABASE_URL = handle.url;
    destroy = () => handle.destroy();
  });
  afterAll(async () => destroy());

  const renraku = (args: string[]) => renrakuInProcess(env, args);
  const ok = async (args: string[]): Promise<string> => {
    const r = await renraku(args);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };
  /** Migrates, then adds these bodies ([kind, slug, parent slug]), each named by its slug in both languages. */
  const government = async (bodies: readonly (readonly [string, string, string?])[]) => {
    await ok(['migrate']);
    for (const [kind, slug, parent] of bodies)
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
  };
  /** Adds a person of this role to the body of this slug. */
  const person = (org: string, role: string, email: string) =>
    ok(['user', 'add', '--org', org, '--role', role, '--email', email]);
  return {
    dataDir,
    env,
    renraku,
    ok,
    government,
    person,
    asProcess: (args: string[], input?: string) => runRenraku(env, args, input),
  };
}
