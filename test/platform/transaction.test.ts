import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { newId } from '../../src/platform/ids.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

describe.each(DIALECTS)('units of work on %s', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(dialect);
  });
  afterEach(async () => t?.close());

  const orgCount = () => t.count('orgs');

  /** One unit: adds a body and an audit entry; fails after writing when told to. */
  const unitOfWork = (i: number, fail: boolean, effects: string[]) =>
    inTransaction(t.handle, async (unit) => {
      await unit.tx
        .insertInto('orgs')
        .values({
          id: newId(),
          slug: `unit-${i}`,
          kind: 'ministry',
          name_ja: `単位 ${i}`,
          name_en: `unit ${i}`,
          parent_id: null,
          review_mode: 0,
          review_deadline_minutes: null,
          created_at: t.clock.now().toISOString(),
          aliases: '[]',
        })
        .execute();
      await t.services.audit.append(
        unit,
        {
          actorUserId: null,
          actorOrgId: null,
          action: 'test.unit',
          subjectType: 'org',
          subjectId: `unit-${i}`,
        },
        t.clock.now(),
      );
      unit.afterCommit(() => effects.push(`unit-${i}`));
      if (fail) throw new Error(`unit ${i} refused`);
      return i;
    });

  it('commits concurrent units together, rolls back only the ones that fail, and sends only what committed', async () => {
    const before = await orgCount();
    const effects: string[] = [];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => unitOfWork(i, i % 3 === 0, effects)),
    );
    const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [i] : []));
    expect(failed).toEqual([0, 3, 6, 9, 12, 15, 18]);
    for (const i of failed)
      expect((outcomes[i] as PromiseRejectedResult).reason.message).toBe(`unit ${i} refused`);
    expect(await orgCount()).toBe(before + 13);
    expect(effects.sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => i)
        .filter((i) => i % 3 !== 0)
        .map((i) => `unit-${i}`)
        .sort(),
    );
    const audited = await t.handle.db
      .selectFrom('audit_log')
      .select('subject_id')
      .where('action', '=', 'test.unit')
      .execute();
    expect(audited.map((r) => r.subject_id).sort()).toEqual(effects.sort());
    expect((await t.services.audit.verify(t.handle.db)).ok).toBe(true);
  });

  it('answers a unit only once its change is visible to everyone', async () => {
    const effects: string[] = [];
    const results = await Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        await unitOfWork(100 + i, false, effects);
        // A fresh read outside any transaction must already see the unit's row.
        return t.handle.db
          .selectFrom('orgs')
          .select('slug')
          .where('slug', '=', `unit-${100 + i}`)
          .executeTakeFirst();
      }),
    );
    expect(results.map((r) => r?.slug)).toEqual([100, 101, 102, 103, 104].map((i) => `unit-${i}`));
  });

  it('a unit whose chain writes fail writes nothing, nor does any unit that shared its commit', async () => {
    const effects: string[] = [];
    const broken = inTransaction(t.handle, async (unit) => {
      unit.beforeCommit(async () => {
        throw new Error('chain write failed');
      });
      unit.afterCommit(() => effects.push('broken'));
    });
    const others = [200, 201, 202].map((i) => unitOfWork(i, false, effects));
    const [first, ...rest] = await Promise.allSettled([broken, ...others]);
    expect(first?.status).toBe('rejected');
    // Units that shared the failed commit fail with it; those committed apart succeed. Either way, all or nothing.
    for (const [k, outcome] of rest.entries()) {
      const slug = `unit-${200 + k}`;
      const row = await t.handle.db
        .selectFrom('orgs')
        .select('slug')
        .where('slug', '=', slug)
        .executeTakeFirst();
      expect(Boolean(row), slug).toBe(outcome.status === 'fulfilled');
      expect(effects.includes(slug), slug).toBe(outcome.status === 'fulfilled');
    }
    expect(effects).not.toContain('broken');
    await expect(unitOfWork(203, false, effects)).resolves.toBe(203);
    expect((await t.services.audit.verify(t.handle.db)).ok).toBe(true);
  });
});
