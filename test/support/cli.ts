import { spawnSync } from 'node:child_process';
import { inject } from 'vitest';
import { TEST_PASSWORD_HASH_ENV } from './harness.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `renraku ARGS` as a new process with only this environment (besides PATH and HOME), as an operator
 * would: the CLI compiled once for the run by build-cli.ts.
 */
export function runRenraku(env: Record<string, string>, args: string[], input?: string): CliResult {
  const { PATH, HOME } = process.env;
  const r = spawnSync(process.execPath, ['--enable-source-maps', inject('cliPath'), ...args], {
    env: { PATH: PATH ?? '', HOME: HOME ?? '', ...TEST_PASSWORD_HASH_ENV, ...env },
    input,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
