import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';

// Vitest global setup: the CLI tests run `renraku` as a user does, a new Node process per command. Compiling
// the TypeScript sources in every one of those processes (tsx) cost seconds a command; the CLI is compiled
// once per run instead, into one file that loads the installed packages as the built CLI does.

declare module 'vitest' {
  export interface ProvidedContext {
    cliPath: string;
  }
}

const root = resolve(import.meta.dirname, '../..');

export default async function buildCli(project: TestProject) {
  // One level below the project, as dist/app.js is: the server finds dist/web, Node finds node_modules.
  const dir = join(root, 'test-results');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `renraku-cli-${process.pid}.mjs`);
  await build({
    entryPoints: [join(root, 'src', 'cli', 'main.ts')],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  project.provide('cliPath', outfile);
  return () => rmSync(outfile, { force: true });
}
