import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

// Vitest global setup: the browser tests drive the built web app that the server serves from dist/web, so
// build it once per run when it is missing or older than its sources (web/, and the server's files it bundles).

const root = resolve(import.meta.dirname, '../..');
const webDir = join(root, 'web');
const outDir = join(root, 'dist', 'web');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The server's files the last build bundled (see web/vite.config.ts), newest first: a change there rebuilds. */
function newestBundled(): number {
  const list = join(root, 'dist', '.web-sources.json');
  if (!existsSync(list)) return Number.POSITIVE_INFINITY;
  let newest = 0;
  for (const file of JSON.parse(readFileSync(list, 'utf8')) as string[]) {
    const path = join(root, file);
    newest = Math.max(newest, existsSync(path) ? statSync(path).mtimeMs : Number.POSITIVE_INFINITY);
  }
  return newest;
}

export default async function buildWeb() {
  const index = join(outDir, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(newestSource(webDir), newestBundled())) return;
  // Build beside and swap, so that a server started meanwhile never sees a half-written folder for long.
  const staging = `${outDir}.build-${process.pid}`;
  // Vitest runs with NODE_ENV=test, which would make Vite bundle React's development build: the tests must
  // drive what ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(webDir, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: staging, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  try {
    rmSync(outDir, { recursive: true, force: true });
    renameSync(staging, outDir);
  } catch (error) {
    // Another test run built the same sources at the same moment; its output is as good as ours.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(index)) throw error;
  }
}
