import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

// The dependency rule of the layers (README, "How the code is laid out"):
//   platform ← features ← composition root (services.ts) ← app.ts, server.ts, cli
// - nothing under src/platform/ imports a feature or the composition root;
// - a feature reaches another only through what it publishes: never through its repository
//   (`*.repository.ts`) or its table types (`*.table.ts`);
// - no file queries a table it does not own: a table belongs to the feature whose `x.table.ts` declares it, or to
//   the platform (`src/platform/<area>/<area>.table.ts`); the migrations, which make the schema, name them all;
// - a feature queries even its own tables in its repositories only.
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

/** Who owns the tables a file may query: its feature, `platform`, or null (the migrations, which name them all). */
export function ownerOf(path: string): string | null {
  if (path.startsWith('src/platform/db/migrations/')) return null;
  if (path.startsWith('src/platform/')) return 'platform';
  return featureOf(path) ?? 'root';
}

/** The tables an `x.table.ts` declares: the members of its `…Tables` interface. */
export function tablesDeclaredIn(text: string): string[] {
  const source = ts.createSourceFile('x.table.ts', text, ts.ScriptTarget.Latest);
  return source.statements
    .filter(
      (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text.endsWith('Tables'),
    )
    .flatMap((s) => s.members.flatMap((m) => (m.name && ts.isIdentifier(m.name) ? [m.name.text] : [])));
}

/** Each table's owner (a feature's name, or `platform`), from the `*.table.ts` files under `src`. */
export function tableOwners(root: string): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of sourceFiles(root, 'src').filter((f) => f.endsWith('.table.ts'))) {
    const owner = ownerOf(file);
    if (owner === null || owner === 'root') continue;
    for (const table of tablesDeclaredIn(readFileSync(join(root, file), 'utf8'))) owners.set(table, owner);
  }
  return owners;
}

/** The Kysely calls whose first argument names a table (`'t'`, `'t as a'`, or a list of them). */
const TABLE_CALLS = new Set([
  'selectFrom',
  'insertInto',
  'replaceInto',
  'updateTable',
  'deleteFrom',
  'mergeInto',
  'innerJoin',
  'leftJoin',
  'rightJoin',
  'fullJoin',
  'join',
  'table',
]);

/** A table named in raw SQL: `from t`, `join t`, `into t`, `update t`. */
const RAW_TABLE = /\b(?:from|join|into|update)\s+"?([a-z_][a-z0-9_]*)"?/gi;

/** The table names a source file uses in queries, each with its line, in order. */
export function tablesQueriedIn(text: string): { table: string; line: number }[] {
  const source = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);
  const found: { table: string; line: number }[] = [];
  const add = (table: string, node: ts.Node) =>
    found.push({ table, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
  const named = (arg: ts.Expression | undefined): ts.StringLiteralLike[] => {
    if (arg === undefined) return [];
    if (ts.isStringLiteralLike(arg)) return [arg];
    if (ts.isArrayLiteralExpression(arg)) return arg.elements.flatMap((e) => named(e));
    return [];
  };
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      TABLE_CALLS.has(node.expression.name.text)
    )
      for (const literal of named(node.arguments[0])) add(literal.text.trim().split(/\s+/)[0] ?? '', literal);
    // The platform's insert of rows of one shape: `insertRows(db, 't', rows)`.
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'insertRows'
    )
      for (const literal of named(node.arguments[1])) add(literal.text.trim(), literal);
    if (ts.isTaggedTemplateExpression(node) && /^sql(\.\w+)?$/.test(node.tag.getText(source))) {
      const t = node.template;
      const parts = ts.isNoSubstitutionTemplateLiteral(t)
        ? [t.text]
        : [t.head.text, ...t.templateSpans.map((s) => s.literal.text)];
      for (const part of parts) for (const m of part.matchAll(RAW_TABLE)) add((m[1] ?? '').toLowerCase(), t);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * Queries of another owner's table that are known and kept for now, as `file -> table`, each with its reason.
 * An entry that no longer matches anything is reported too, so that the list only shrinks.
 */
export const ALLOWED_FOREIGN_TABLES: Record<string, string> = {
  'src/features/sharing/sharing.fingerprints.repository.ts -> incidents':
    'the guard keeps its mark in incidents.fingerprinted_seq under a partial index (0014); to move with it',
  'src/platform/access/visibility.ts -> consent_requests':
    'the one visibility module decides who may see what over the reader tables (README)',
  'src/platform/access/visibility.ts -> incident_readers':
    'the one visibility module decides who may see what over the reader tables (README)',
  'src/platform/access/visibility.ts -> incidents':
    'the one visibility module decides who may see what over the reader tables (README)',
  'src/platform/access/visibility.ts -> share_readers':
    'the one visibility module decides who may see what over the reader tables (README)',
  'src/platform/access/visibility.ts -> shares':
    'the one visibility module decides who may see what over the reader tables (README)',
  'src/platform/access/visibility.ts -> situation_bodies':
    'the one visibility module decides who may see what over the reader tables (README)',
  'src/platform/access/visibility.ts -> situations':
    'the one visibility module decides who takes part in an exercise (sees one of its open situations)',
};

/** The queries in `file` (its text) that name a table another owner declares, as `file:line -> table (owner)`. */
export function foreignTables(
  file: string,
  text: string,
  owners: Map<string, string>,
  allowed: Record<string, string> = {},
): Violation[] {
  const own = ownerOf(file);
  if (own === null || !QUERY_HINT.test(text)) return [];
  return tablesQueriedIn(text).flatMap(({ table, line }) => {
    const owner = owners.get(table);
    if (owner === undefined || owner === own || `${file} -> ${table}` in allowed) return [];
    return [`${file}:${line} -> ${table} (${owner})`];
  });
}

/**
 * The files of a feature that may query its own tables: its repositories (`*.repository.ts`, or
 * `x.<part>.repository.ts` beside a large one). Its use-cases, workers and published reads (`*.reads.ts`,
 * `orgs.directory.ts`), which other features call, ask repository functions.
 */
const QUERYING_FILE = /\.repository\.ts$/;

/** The queries of its own tables that `file` (its text) makes outside a repository, as `file:line -> table (owner)`. */
export function queriesOutsideRepository(
  file: string,
  text: string,
  owners: Map<string, string>,
): Violation[] {
  const own = featureOf(file);
  if (own === null || QUERYING_FILE.test(file) || !QUERY_HINT.test(text)) return [];
  return tablesQueriedIn(text).flatMap(({ table, line }) =>
    owners.get(table) === own ? [`${file}:${line} -> ${table} (${own}) outside a repository`] : [],
  );
}

/** A cheap test before parsing: files without any of these name no table. */
const QUERY_HINT =
  /selectFrom|insertInto|insertRows|replaceInto|updateTable|deleteFrom|mergeInto|[jJ]oin\(|sql[`.]|\.table\(/;

/**
 * Every import under `src` that breaks the rule, every query of another owner's table, and every query of a
 * repository-only feature's table outside its repository, sorted.
 */
export function violations(root: string): Violation[] {
  const found: Violation[] = [];
  const owners = tableOwners(root);
  const used = new Set<string>();
  for (const file of sourceFiles(root, 'src')) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const to of importsOf(root, file, text)) if (breaksRule(file, to)) found.push(`${file} -> ${to}`);
    found.push(...foreignTables(file, text, owners, ALLOWED_FOREIGN_TABLES));
    found.push(...queriesOutsideRepository(file, text, owners));
    for (const v of foreignTables(file, text, owners)) used.add(v.replace(/:\d+ -> (\S+) .*$/, ' -> $1'));
  }
  for (const entry of Object.keys(ALLOWED_FOREIGN_TABLES))
    if (!used.has(entry)) found.push(`${entry}: allowed but no longer found; remove it from the list`);
  return found.sort();
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const found = violations(root);
  for (const v of found) console.error(`dependency rule broken: ${v}`);
  if (found.length > 0) process.exit(1);
}
