import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { breaksRule, check, importsOf, KNOWN_VIOLATIONS } from './dependency-rule.js';

const root = resolve(import.meta.dirname, '../..');

describe('the dependency rule of the layers', () => {
  it('is kept by every file under src, apart from the known imports being removed', () => {
    const { added, gone } = check(root);
    // A new violation: reach the other feature through what it publishes, or move the code where it belongs.
    expect(added).toEqual([]);
    // Fixed: take it off KNOWN_VIOLATIONS, so that it cannot come back.
    expect(gone).toEqual([]);
  });

  it('refuses a feature reading another feature’s repository or table types, and platform reading features', () => {
    expect(breaksRule('src/features/sharing/a.ts', 'src/features/incidents/incidents.repository.ts')).toBe(
      true,
    );
    expect(breaksRule('src/features/sharing/a.ts', 'src/features/incidents/incidents.table.ts')).toBe(true);
    expect(breaksRule('src/features/new/deep/a.ts', 'src/features/orgs/sub/orgs.repository.ts')).toBe(true);
    expect(breaksRule('src/platform/access/visibility.ts', 'src/features/incidents/incidents.reads.ts')).toBe(
      true,
    );
    expect(breaksRule('src/platform/audit/audit.routes.ts', 'src/services.ts')).toBe(true);
    // Allowed: a feature's own repository, another's published interface, platform, the composition root.
    expect(breaksRule('src/features/incidents/a.ts', 'src/features/incidents/incidents.repository.ts')).toBe(
      false,
    );
    expect(breaksRule('src/features/sharing/a.ts', 'src/features/orgs/orgs.directory.ts')).toBe(false);
    expect(breaksRule('src/features/sharing/a.ts', 'src/platform/access/visibility.ts')).toBe(false);
    expect(breaksRule('src/app.ts', 'src/features/orgs/orgs.repository.ts')).toBe(false);
  });

  it('reads every kind of import: type-only, re-exports and dynamic ones, resolved from the importing file', () => {
    const text = [
      "import type { A } from '../incidents/incidents.repository.js';",
      "export { B } from './b.js';",
      "const c = await import('../../platform/db/schema.js');",
      "import fastify from 'fastify';",
    ].join('\n');
    expect(importsOf(root, 'src/features/sharing/x.ts', text)).toEqual([
      'src/features/incidents/incidents.repository.ts',
      'src/features/sharing/b.ts',
      'src/platform/db/schema.ts',
    ]);
  });

  it('lists each known violation once', () => {
    expect(new Set(KNOWN_VIOLATIONS).size).toBe(KNOWN_VIOLATIONS.length);
  });
});
