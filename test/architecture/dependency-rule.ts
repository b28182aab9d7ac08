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

/**
 * Imports that break the rule today and are being removed (each feature publishing a small read interface):
 * this list only shrinks. A new entry is a new violation: fix it instead.
 */
export const KNOWN_VIOLATIONS: readonly Violation[] = [
  'src/features/campaigns/campaigns.bodies.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/campaigns/campaigns.mail.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/campaigns/campaigns.recipients.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/campaigns/campaigns.reminders.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/campaigns/campaigns.usecases.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/campaigns/checks.link.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/campaigns/checks.presenter.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/campaigns/checks.usecases.ts -> src/features/contacts/contacts.repository.ts',
  'src/features/campaigns/checks.usecases.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/changes/changes.mail.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/changes/changes.notify.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/changes/changes.presenter.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/changes/changes.usecases.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/contacts/contacts.changes.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/contacts/contacts.deps.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/contacts/contacts.routes.ts -> src/features/changes/changes.repository.ts',
  'src/features/contacts/contacts.usecases.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/contacts/contacts.webhook.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/dashboard/dashboard.usecases.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/demo/demo.usecases.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/incidents/incidents.list.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/incidents/incidents.usecases.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/mfa/mfa.reset.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/mfa/mfa.reset.ts -> src/features/users/users.repository.ts',
  'src/features/notifications/notifications.escalation.ts -> src/features/contacts/contacts.repository.ts',
  'src/features/notifications/notifications.escalation.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/notifications/notifications.link.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/notifications/notifications.notify.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/notifications/notifications.planner.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/notifications/notifications.presenter.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/notifications/notifications.routes.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/notifications/notifications.subject.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/notifications/notifications.usecases.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/routing/routing.usecases.ts -> src/features/incidents/incidents.repository.ts',
  'src/features/sharing/consent.routes.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/sharing/consent.usecases.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/sharing/sharing.compose.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/sharing/sharing.guard.ts -> src/features/incidents/incidents.repository.ts',
  'src/features/sharing/sharing.presenter.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/sharing/sharing.publication.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/sharing/sharing.reads.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/sharing/sharing.routes.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/sharing/sharing.sources.ts -> src/features/incidents/incidents.repository.ts',
  'src/features/sharing/sharing.sources.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/sharing/standing.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/sso/sso.admin.routes.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/sso/sso.admin.usecases.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/sso/sso.changes.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/sso/sso.routes.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/sso/sso.scope.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/sso/sso.signin.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/sso/sso.signin.ts -> src/features/users/users.repository.ts',
  'src/features/users/sessions.routes.ts -> src/features/mfa/mfa.repository.ts',
  'src/features/users/sessions.usecases.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/users/users.changes.ts -> src/features/orgs/orgs.repository.ts',
  'src/features/users/users.usecases.ts -> src/features/orgs/orgs.repository.ts',
];

/** The violations that are not known, and the known ones that are gone (to take off the list). */
export function check(root: string) {
  const now = violations(root);
  return {
    added: now.filter((v) => !KNOWN_VIOLATIONS.includes(v)),
    gone: KNOWN_VIOLATIONS.filter((v) => !now.includes(v)),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const { added, gone } = check(root);
  for (const v of added) console.error(`dependency rule broken: ${v}`);
  for (const v of gone) console.error(`no longer broken, take it off KNOWN_VIOLATIONS: ${v}`);
  if (added.length > 0 || gone.length > 0) process.exit(1);
}
