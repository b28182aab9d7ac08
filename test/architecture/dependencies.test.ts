import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { breaksRule, importsOf, violations } from './dependency-rule.js';

const root = resolve(import.meta.dirname, '../..');

describe('the dependency rule of the layers', () => {
  it('is kept by every file under src', () => {
    // A violation: reach the other feature through what it publishes, or move the code where it belongs.
    expect(violations(root)).toEqual([]);
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
});
