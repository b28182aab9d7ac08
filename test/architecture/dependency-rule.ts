import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

// The dependency rule of the layers (README, "How the code is laid out"):
//   platform ← features ← composition root (services.ts) ← app.ts, server.ts, cli
// - nothing under src/platform/ imports a feature or the composition root;
// - a feature reaches another only through what it publishes: never through its repository
//   (`*.repository.ts`) or its table types (`*.table.ts`).
// Written by folder, so that new features and files fall under it without a change here. Run by the test of
// this folder and by `npm run check` (`tsx test/architecture/dependency-rule.ts`).

/** One import that breaks the rule, as `importer -> imported` (paths from the repository root, with `/`). */
export type Violation = string;

const posix = (path: string) => path.split(sep).join('/');

/** The feature folder a path lies in (`src/features/<name>/…`), or null. */
const featureOf = (path: string) => /^src\/features\/([^/]+)\//.exec(path)?.[1] ?? null;

/** Whether an import of `to` from `from` breaks the rule; both are paths from the repository root. */
export function breaksRule(from: string, to: string): boolean {
  if (from.startsWith('src/platform/')) return to.startsWith('src/features/') || to === 'src/services.ts';
  const own = featureOf(from);
  const other = featureOf(to);
  if (own === null || other === null || own === other) return false;
  return /\.(repository|table)\.ts$/.test(to);
}

/** The files a source file imports (relative imports only, resolved to `.ts` paths from the root). */
export function importsOf(root: string, file: string, text: string): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => posix(relative(root, resolve(root, dirname(file), name))).replace(/\.js$/, '.ts'));
}

function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(root, path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** Every import under `src` that breaks the rule, sorted. */
export function violations(root: string): Violation[] {
  const found: Violation[] = [];
  for (const file of sourceFiles(root, 'src'))
    for (const to of importsOf(root, file, readFileSync(join(root, file), 'utf8')))
      if (breaksRule(file, to)) found.push(`${file} -> ${to}`);
  return found.sort();
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const found = violations(root);
  for (const v of found) console.error(`dependency rule broken: ${v}`);
  if (found.length > 0) process.exit(1);
}
