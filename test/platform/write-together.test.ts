import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/platform/db/database.js';
import { insertQuery } from '../../src/platform/db/insert.js';
import { writeTogether } from '../../src/platform/db/together.js';
import { type GroupWork, inTransaction, writeAtCommit } from '../../src/platform/db/transaction.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

// Writes sent together (one statement on PostgreSQL): each with its own values however many parameters come
// before it, a row referencing one written by an earlier write of the same call, and all or nothing.

const org = (n: number) => ({
  id: `org-${n}`,
  slug: `together-${n}`,
  kind: 'agency' as const,
  name_ja: `機関${n}`,
  name_en: `Body ${n}`,
  review_mode: 0,
  created_at: '2026-12-07T00:00:00.000Z',
  aliases: '[]',
  domains: '[]',
});
const user = (n: number, orgN: number) => ({
  id: `user-${n}`,
  org_id: `org-${orgN}`,
  email: `user-${n}@together.test`,
  role: 'reporter',
  display_name: `利用者${n}`,
  locale: 'ja',
  created_at: '2026-12-07T00:00:00.000Z',
});

describe.each(DIALECTS)('writes sent together on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(dialect);
  });
  afterAll(async () => handle?.destroy());

  it('writes every row with its own values, a reference to a row written before it included', async () => {
    await handle.db.transaction().execute((tx) =>
      writeTogether(tx, dialect, [
        // 9 values each: the second write's $1 is the call's $10, the third's the call's $19.
        insertQuery(tx, 'orgs', [org(1)]),
        insertQuery(tx, 'orgs', [org(2)]),
        insertQuery(tx, 'users', [user(1, 1), user(2, 2)]),
      ]),
    );
    const users = await handle.db
      .selectFrom('users')
      .select(['id', 'org_id', 'email'])
      .orderBy('id')
      .execute();
    expect(users).toEqual([
      { id: 'user-1', org_id: 'org-1', email: 'user-1@together.test' },
      { id: 'user-2', org_id: 'org-2', email: 'user-2@together.test' },
    ]);
    const orgs = await handle.db
      .selectFrom('orgs')
      .select(['id', 'slug', 'name_en'])
      .where('id', 'in', ['org-1', 'org-2'])
      .orderBy('id')
      .execute();
    expect(orgs).toEqual([
      { id: 'org-1', slug: 'together-1', name_en: 'Body 1' },
      { id: 'org-2', slug: 'together-2', name_en: 'Body 2' },
    ]);
  });

  it('writes nothing when one of them fails', async () => {
    await expect(
      handle.db.transaction().execute((tx) =>
        writeTogether(tx, dialect, [
          insertQuery(tx, 'orgs', [org(3)]),
          // A body that does not exist.
          insertQuery(tx, 'users', [user(3, 99)]),
        ]),
      ),
    ).rejects.toThrow();
    expect(await handle.db.selectFrom('orgs').select('id').where('id', '=', 'org-3').execute()).toEqual([]);
  });

  it('keeps a commit group’s own writes for its commit, and writes a unit’s own at once', async () => {
    const seen: { before: number; inUnit: number } = { before: -1, inUnit: -1 };
    const count = async (ids: string[]) =>
      (await handle.db.selectFrom('orgs').select('id').where('id', 'in', ids).execute()).length;
    const work: GroupWork<number> = {
      async run(tx, items) {
        await writeAtCommit(tx, [
          insertQuery(
            tx,
            'orgs',
            items.map(({ item }) => org(item)),
          ),
        ]);
        // Kept: not in the transaction yet.
        seen.before = (await tx.selectFrom('orgs').select('id').where('id', '=', 'org-10').execute()).length;
      },
    };
    const gathering = inTransaction(handle, async (unit) => {
      unit.gather(work, 10);
      unit.gather(work, 11);
    });
    const failing = inTransaction(handle, async (unit) => {
      // A unit's own write goes at once, and is rolled back with the unit.
      await writeAtCommit(unit.tx, [insertQuery(unit.tx, 'orgs', [org(12)])]);
      seen.inUnit = (
        await unit.tx.selectFrom('orgs').select('id').where('id', '=', 'org-12').execute()
      ).length;
      throw new Error('the unit fails');
    });
    // Queued together: the failing unit runs in the group of the first, after it, in its own savepoint.
    await expect(failing).rejects.toThrow('the unit fails');
    await gathering;
    expect(seen).toEqual({ before: 0, inUnit: 1 });
    expect(await count(['org-10', 'org-11'])).toBe(2);
    expect(await count(['org-12'])).toBe(0);
  });

  it('writes at once outside a commit group', async () => {
    await writeAtCommit(handle.db, [insertQuery(handle.db, 'orgs', [org(13)])]);
    expect(
      (await handle.db.selectFrom('orgs').select('id').where('id', '=', 'org-13').execute()).length,
    ).toBe(1);
  });
});
