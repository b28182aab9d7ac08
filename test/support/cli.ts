import { spawnSync } from 'node:child_process';
import { inject } from 'vitest';
import { CliExit, type CliIo } from '../../src/cli/cli.support.js';
import { runCli } from '../../src/cli/program.js';
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
