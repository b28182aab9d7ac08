import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';

// Vitest global setup: the CLI tests run `renraku` as a user does, a new Node process per command. Compiling
// the TypeScript sources in every one of those processes (tsx) cost seconds a command; the CLI is compiled
// once per run instead, into one file that loads the installed packages as the built CLI does. So are the
// nodes the crash tests start and kill (exercise-node.ts, outbox-node.ts): started with tsx, each took about
// 2.5 s to be ready, compiled 1 s.

declare module 'vitest' {
  export interface ProvidedContext {
    cliPath: string;
    /** test/support/exercise-node.ts, compiled. */
    exerciseNodePath: string;
    /** test/support/outbox-node.ts, compiled. */
    outboxNodePath: string;
  }
}

const root = resolve(import.meta.dirname, '../..');

export default async function buildCli(project: TestProject) {
  // One level below the project, as dist/app.js is: the server finds dist/web, Node finds node_modules.
  const dir = join(root, 'test-results');
  mkdirSync(dir, { recursive: true });
  const compile = async (entry: string, name: string) => {
    const outfile = join(dir, `${name}-${process.pid}.mjs`);
    await build({
      entryPoints: [join(root, entry)],
      outfile,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'inline',
      logLevel: 'warning',
    });
    return outfile;
  };
  const outfiles = await Promise.all([
    compile('src/cli/main.ts', 'renraku-cli'),
    compile('test/support/exercise-node.ts', 'exercise-node'),
    compile('test/support/outbox-node.ts', 'outbox-node'),
  ]);
  const [cli, exerciseNode, outboxNode] = outfiles as [string, string, string];
  project.provide('cliPath', cli);
  project.provide('exerciseNodePath', exerciseNode);
  project.provide('outboxNodePath', outboxNode);
  return () => {
    for (const file of outfiles) rmSync(file, { force: true });
  };
}
