import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALLOWED_FOREIGN_TABLES,
  breaksRule,
  foreignTables,
  importsOf,
  ownerOf,
  queriesOutsideRepository,
  tableOwners,
  tablesDeclaredIn,
  violations,
} from './dependency-rule.js';

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

  it('knows each table’s owner from the table declarations', () => {
    const owners = tableOwners(root);
    expect(owners.get('orgs')).toBe('orgs');
    expect(owners.get('api_tokens')).toBe('users');
    expect(owners.get('incident_readers')).toBe('incidents');
    expect(owners.get('audit_log')).toBe('platform');
    expect(owners.get('outbox')).toBe('platform');
    expect(
      tablesDeclaredIn(
        'export interface XTables {\n  a_b: A;\n  c: C;\n}\nexport interface A { id: string }',
      ),
    ).toEqual(['a_b', 'c']);
    expect(ownerOf('src/features/sharing/deep/a.ts')).toBe('sharing');
    expect(ownerOf('src/platform/auth/authenticate.ts')).toBe('platform');
    expect(ownerOf('src/app.ts')).toBe('root');
    expect(ownerOf('src/platform/db/migrations/0001_reporting_chain.ts')).toBeNull();
  });

  it('catches a query of another owner’s table in every form, and lets a feature query its own', () => {
    const owners = new Map([
      ['orgs', 'orgs'],
      ['users', 'users'],
      ['incidents', 'incidents'],
      ['audit_log', 'platform'],
    ]);
    const placeholder = '$' + '{id}';
    const text = [
      "await tx.selectFrom('orgs').selectAll().execute();", // 1
      "await tx.selectFrom('orgs as o').select('o.id').execute();", // 2
      "await tx.selectFrom(['users as u', 'incidents']).execute();", // 3
      "await tx.insertInto('orgs').values(row).execute();", // 4
      "await tx.updateTable('users').set(x).execute();", // 5
      "await tx.deleteFrom('audit_log').execute();", // 6
      "q.innerJoin('orgs', 'orgs.id', 'x.org_id').leftJoin('users as u', 'u.id', 'x.u').join('orgs', (j) => j);", // 7
      'await sql`select id from orgs for update`.execute(tx);', // 8
      `await sql\`select 1 from incidents\n  join USERS on users.id = ${placeholder}\`.execute(tx);`, // 9
      "await tx.selectFrom('incidents').selectAll().execute();", // 11: its own
      "['a', 'b'].join(', ');", // 12: no table
    ].join('\n');
    expect(foreignTables('src/features/incidents/x.ts', text, owners)).toEqual([
      'src/features/incidents/x.ts:1 -> orgs (orgs)',
      'src/features/incidents/x.ts:2 -> orgs (orgs)',
      'src/features/incidents/x.ts:3 -> users (users)',
      'src/features/incidents/x.ts:4 -> orgs (orgs)',
      'src/features/incidents/x.ts:5 -> users (users)',
      'src/features/incidents/x.ts:6 -> audit_log (platform)',
      'src/features/incidents/x.ts:7 -> orgs (orgs)',
      'src/features/incidents/x.ts:7 -> users (users)',
      'src/features/incidents/x.ts:7 -> orgs (orgs)',
      'src/features/incidents/x.ts:8 -> orgs (orgs)',
      'src/features/incidents/x.ts:9 -> users (users)',
    ]);
    // The platform and the files beside the composition root own no feature's table; the migrations name them all.
    expect(foreignTables('src/platform/auth/a.ts', "db.selectFrom('users')", owners)).toEqual([
      'src/platform/auth/a.ts:1 -> users (users)',
    ]);
    expect(foreignTables('src/platform/auth/a.ts', "db.selectFrom('audit_log')", owners)).toEqual([]);
    expect(foreignTables('src/app.ts', "db.selectFrom('orgs')", owners)).toEqual([
      'src/app.ts:1 -> orgs (orgs)',
    ]);
    expect(foreignTables('src/platform/db/migrations/0099_x.ts', "db.selectFrom('orgs')", owners)).toEqual(
      [],
    );
    // The platform's insert of rows of one shape names its table second.
    expect(
      foreignTables('src/features/incidents/x.ts', "await insertRows(tx, 'users', rows);", owners),
    ).toEqual(['src/features/incidents/x.ts:1 -> users (users)']);
    expect(
      foreignTables('src/features/incidents/x.ts', "await insertRows(tx, 'incidents', rows);", owners),
    ).toEqual([]);
    // An allowed entry is let through for its file and table only.
    const allowed = { 'src/features/incidents/x.ts -> users': 'reason' };
    expect(foreignTables('src/features/incidents/x.ts', text, owners, allowed)).not.toContainEqual(
      expect.stringContaining('-> users'),
    );
    expect(foreignTables('src/features/incidents/x.ts', text, owners, allowed)).toHaveLength(7);
  });

  it('keeps the queries of a feature’s own tables in its repositories', () => {
    const owners = new Map([
      ['users', 'users'],
      ['sessions', 'users'],
      ['orgs', 'orgs'],
      ['notifications', 'notifications'],
    ]);
    const text = [
      "await tx.selectFrom('users').selectAll().execute();", // 1
      "await tx.deleteFrom('sessions as s').execute();", // 2
      'await sql`update sessions set stage = 1`.execute(tx);', // 3
      "q.innerJoin('users', 'users.id', 'x.user_id');", // 4
      "await tx.selectFrom('orgs').execute();", // 5: another owner's, which foreignTables reports
      "['a', 'b'].join(', ');", // 6: no table
    ].join('\n');
    expect(queriesOutsideRepository('src/features/users/users.update.ts', text, owners)).toEqual([
      'src/features/users/users.update.ts:1 -> users (users) outside a repository',
      'src/features/users/users.update.ts:2 -> sessions (users) outside a repository',
      'src/features/users/users.update.ts:3 -> sessions (users) outside a repository',
      'src/features/users/users.update.ts:4 -> users (users) outside a repository',
    ]);
    // Its repositories query; its published read interface asks them; so does every feature.
    expect(queriesOutsideRepository('src/features/users/tokens.repository.ts', text, owners)).toEqual([]);
    expect(queriesOutsideRepository('src/features/users/users.reads.ts', text, owners)).toHaveLength(4);
    const escalation = 'src/features/notifications/notifications.escalation.ts';
    expect(queriesOutsideRepository(escalation, "db.selectFrom('notifications')", owners)).toEqual([
      `${escalation}:1 -> notifications (notifications) outside a repository`,
    ]);
    // A repository beside a large one (`x.<part>.repository.ts`) queries too.
    expect(
      queriesOutsideRepository(
        'src/features/orgs/orgs.directory.repository.ts',
        "db.selectFrom('orgs')",
        owners,
      ),
    ).toEqual([]);
    expect(
      queriesOutsideRepository('src/features/orgs/orgs.directory.ts', "db.selectFrom('orgs')", owners),
    ).toEqual(['src/features/orgs/orgs.directory.ts:1 -> orgs (orgs) outside a repository']);
  });

  it('gives a reason for every query of another owner’s table still allowed', () => {
    for (const [entry, reason] of Object.entries(ALLOWED_FOREIGN_TABLES)) {
      expect(entry).toMatch(/^src\/\S+\.ts -> [a-z_]+$/);
      expect(reason.length).toBeGreaterThan(10);
    }
  });
});
