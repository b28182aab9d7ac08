// `npm start` builds only what changed since the last build (`npm ci` builds already): the server (tsc) and the
// web app (vite) each rebuild when one of their inputs differs in content from the build on disk, and only then.
// Contents, not modification times: a checkout, a copy or a clock change moves times without changing code.
// The digest of each part's inputs is written beside its output after a build that succeeded; a missing output
// or digest means build. `--force` builds both (npm ci's prepare), and records the digests.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const COMMON = ['package.json', 'package-lock.json', 'tsconfig.json'];

/** The two parts of the build: what each reads, what it writes, where its digest is kept, how to build it. */
export const PARTS = [
  {
    name: 'server',
    inputs: [...COMMON, 'tsconfig.build.json', 'src'],
    output: 'dist/cli/main.js',
    stamp: 'dist/.server-inputs',
    command: (root) => [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  },
  {
    name: 'web app',
    inputs: [...COMMON, 'web'],
    // The server's files the last build bundled (schemas, vocabularies, canonical forms: see web/vite.config.ts).
    bundled: 'dist/.web-sources.json',
    output: 'dist/web/index.html',
    stamp: 'dist/.web-inputs',
    command: (root) => [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
    ],
  },
];

/** Every file under these paths, sorted, as paths from the project's root. */
function files(root, paths) {
  const out = [];
  const visit = (path) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else out.push(relative(root, path));
  };
  for (const p of paths) visit(join(root, p));
  return out.sort();
}

/** The files a part's last build bundled from elsewhere (listed by that build), or none. */
export function bundledFiles(root, part) {
  if (!part.bundled || !existsSync(join(root, part.bundled))) return [];
  try {
    const list = JSON.parse(readFileSync(join(root, part.bundled), 'utf8'));
    return Array.isArray(list) ? list.filter((f) => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

/** The digest of a part's inputs: their paths and contents. */
export function digest(root, part) {
  const hash = createHash('sha256');
  for (const file of files(root, [...part.inputs, ...bundledFiles(root, part)]))
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0');
  return hash.digest('hex');
}

/** The parts whose output is missing or was built from other inputs than those on disk now. */
export function staleParts(root) {
  return PARTS.filter((part) => {
    const stamp = join(root, part.stamp);
    const built = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
    return !existsSync(join(root, part.output)) || built !== digest(root, part);
  });
}

/** Records that a part was built from the inputs on disk now (after its build succeeded). */
export function recordBuilt(root, part, wanted = digest(root, part)) {
  writeFileSync(join(root, part.stamp), `${wanted}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const stale = process.argv.includes('--force') ? PARTS : staleParts(root);
  for (const part of PARTS) {
    if (!stale.includes(part)) {
      process.stdout.write(`renraku: the ${part.name} is built and up to date\n`);
      continue;
    }
    // The digest of what is built is taken before the build: an edit during it is built next time.
    const wanted = digest(root, part);
    process.stdout.write(`renraku: building the ${part.name}…\n`);
    execFileSync(process.execPath, part.command(root), { cwd: root, stdio: 'inherit' });
    recordBuilt(root, part, wanted);
  }
}
