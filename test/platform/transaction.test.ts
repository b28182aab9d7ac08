import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GroupWork, inTransaction, type Unit } from '../../src/platform/db/transaction.js';
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

  /** Adds a body named after `i` in the unit. */
  const addOrg = (unit: Unit, i: number) =>
    unit.tx
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
        domains: '[]',
      })
      .execute();

  /** One unit: adds a body and an audit entry; fails after writing when told to. */
  const unitOfWork = (i: number, fail: boolean, effects: string[]) =>
    inTransaction(t.handle, async (unit) => {
      await addOrg(unit, i);
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

  it('a unit alone in its group (run without a savepoint) that fails after writing leaves nothing, and the next one commits', async () => {
    const before = await orgCount();
    const effects: string[] = [];
    await expect(unitOfWork(50, true, effects)).rejects.toThrow('unit 50 refused');
    expect(await orgCount()).toBe(before);
    await expect(unitOfWork(51, false, effects)).resolves.toBe(51);
    await expect(unitOfWork(52, true, effects)).rejects.toThrow('unit 52 refused');
    expect(await orgCount()).toBe(before + 1);
    expect(effects).toEqual(['unit-51']);
    expect((await t.services.audit.verify(t.handle.db)).ok).toBe(true);
  });

  /** Units queued together (one commit group on SQLite): unit `i` adds a body, then fails if `fails(i)`, before
   * writing when `early(i)`; how often each ran is counted. */
  const batch = async (ids: number[], fails: (i: number) => boolean, early: (i: number) => boolean) => {
    const runs = new Map<number, number>();
    const effects: string[] = [];
    const outcomes = await Promise.allSettled(
      ids.map((i) =>
        inTransaction(t.handle, async (unit) => {
          runs.set(i, (runs.get(i) ?? 0) + 1);
          if (fails(i) && early(i)) throw new Error(`unit ${i} refused early`);
          await addOrg(unit, i);
          unit.afterCommit(() => effects.push(`unit-${i}`));
          if (fails(i)) throw new Error(`unit ${i} refused`);
          return i;
        }),
      ),
    );
    return { runs, effects, outcomes };
  };
  const committedSlugs = async (ids: number[]) =>
    (
      await t.handle.db
        .selectFrom('orgs')
        .select('slug')
        .where(
          'slug',
          'in',
          ids.map((i) => `unit-${i}`),
        )
        .execute()
    )
      .map((r) => r.slug)
      .sort();

  it('a unit that fails before it writes is answered alone: the others of its group run once and commit', async () => {
    const ids = [400, 401, 402, 403, 404, 405];
    const { runs, effects, outcomes } = await batch(
      ids,
      (i) => i % 2 === 1,
      () => true,
    );
    expect(outcomes.map((o) => o.status)).toEqual(ids.map((i) => (i % 2 === 1 ? 'rejected' : 'fulfilled')));
    expect([...runs.values()]).toEqual(ids.map(() => 1));
    expect(effects.sort()).toEqual(['unit-400', 'unit-402', 'unit-404']);
    expect(await committedSlugs(ids)).toEqual(['unit-400', 'unit-402', 'unit-404']);
  });

  it('a unit that fails after writing leaves none of its rows; the others commit once, each effect once', async () => {
    const ids = [500, 501, 502, 503, 504, 505];
    const { runs, effects, outcomes } = await batch(
      ids,
      (i) => i === 503,
      () => false,
    );
    expect(outcomes.map((o) => o.status)).toEqual(ids.map((i) => (i === 503 ? 'rejected' : 'fulfilled')));
    expect((outcomes[3] as PromiseRejectedResult).reason.message).toBe('unit 503 refused');
    expect(effects.sort()).toEqual(['unit-500', 'unit-501', 'unit-502', 'unit-504', 'unit-505']);
    expect(await committedSlugs(ids)).toEqual(['unit-500', 'unit-501', 'unit-502', 'unit-504', 'unit-505']);
    // On SQLite a unit runs without a savepoint: those before the failed one ran again, once.
    for (const [i, n] of runs) expect(n, `unit ${i}`).toBe(dialect === 'sqlite' && i < 503 ? 2 : 1);
    // The groups right after a unit failed after writing take savepoints: a second failure costs no run again.
    const second = await batch(
      [600, 601, 602, 603],
      (i) => i === 602,
      () => false,
    );
    expect([...second.runs.values()]).toEqual([1, 1, 1, 1]);
    expect(await committedSlugs([600, 601, 602, 603])).toEqual(['unit-600', 'unit-601', 'unit-603']);
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

  it('hands gathered work once per commit group, with the items of the units that committed, before their chain writes', async () => {
    const runs: { items: number[]; units: number }[] = [];
    const order: string[] = [];
    const work: GroupWork<number> = {
      async run(tx, items) {
        runs.push({ items: items.map((i) => i.item), units: new Set(items.map((i) => i.unit)).size });
        // Work may write in the group's transaction and add to a unit's chain writes.
        for (const { unit, item } of items) {
          await t.services.audit.append(
            unit,
            {
              actorUserId: null,
              actorOrgId: null,
              action: 'test.gathered',
              subjectType: 'org',
              subjectId: `g-${item}`,
            },
            t.clock.now(),
          );
          unit.beforeCommit(async () => {
            order.push(`chain-${item}`);
          });
        }
        order.push(`work-${items.length}`);
        // In the group's transaction: it sees what the units wrote.
        const seen = await tx.selectFrom('orgs').select('slug').execute();
        expect(seen.map((r) => r.slug)).toEqual(
          expect.arrayContaining(items.filter((i) => i.item < 1000).map((i) => `unit-${i.item}`)),
        );
      },
    };
    const outcomes = await Promise.allSettled(
      [310, 311, 312, 313, 314, 315].map((i) =>
        inTransaction(t.handle, async (unit: Unit) => {
          await addOrg(unit, i);
          unit.gather(work, i);
          unit.gather(work, i + 1000);
          if (i % 2 === 1) throw new Error(`unit ${i} refused`);
        }),
      ),
    );
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : o.status))).toEqual([
      'fulfilled',
      'Error: unit 311 refused',
      'fulfilled',
      'Error: unit 313 refused',
      'fulfilled',
      'Error: unit 315 refused',
    ]);
    // Every committed item once, each unit's in its order; nothing of a rolled-back unit.
    const handed = runs.flatMap((r) => r.items);
    expect([...handed].sort()).toEqual([1310, 1312, 1314, 310, 312, 314]);
    for (const i of [310, 312, 314]) expect(handed.indexOf(i + 1000)).toBe(handed.indexOf(i) + 1);
    // Units that queued together share one run (SQLite's single writer puts them in one group; PostgreSQL
    // spreads a queue over parallel groups).
    if (dialect === 'sqlite') expect(runs).toEqual([{ items: handed, units: 3 }]);
    // The work ran before the chain writes it added, which then ran too.
    for (const i of [310, 1310, 312, 1312, 314, 1314]) expect(order.indexOf(`chain-${i}`)).toBeGreaterThan(0);
    expect(order[0]).toMatch(/^work-/);
    const audited = await t.handle.db
      .selectFrom('audit_log')
      .select('subject_id')
      .where('action', '=', 'test.gathered')
      .execute();
    expect(audited.map((r) => r.subject_id).sort()).toEqual([
      'g-1310',
      'g-1312',
      'g-1314',
      'g-310',
      'g-312',
      'g-314',
    ]);
    expect((await t.services.audit.verify(t.handle.db)).ok).toBe(true);
  });
});
