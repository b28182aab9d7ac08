import { describe, expect, it } from 'vitest';
import { type Changes, changesOf, keptCopies } from './changes.js';
import type { DatabaseHandle, Executor } from './database.js';

// The copies kept by keptCopies: read once, dropped on news of a change, never kept from a read that a change
// overtook, and not used by a transaction that made the change itself or by a node that hears nothing.

const tx = (name: string) => ({ name }) as unknown as Executor;
const handle = (dialect: 'sqlite' | 'postgres') => ({ dialect }) as unknown as DatabaseHandle;

function counted(changes: Changes) {
  const rows = new Map([['a', 1]]);
  let reads = 0;
  let hold: Promise<void> | undefined;
  const copies = keptCopies(changes, 'things', async (_db, keys: string[]) => {
    reads++;
    const seen = new Map(keys.flatMap((k) => (rows.has(k) ? [[k, rows.get(k) as number]] : [])));
    await hold;
    return seen;
  });
  return {
    copies,
    rows,
    reads: () => reads,
    holdReads(p: Promise<void> | undefined) {
      hold = p;
    },
  };
}

describe('copies of rows that rarely change', () => {
  it('are read once, then dropped when a commit says the topic changed', async () => {
    const feed = changesOf(handle('sqlite'));
    const c = counted(feed);
    expect((await c.copies.get(tx('t1'), ['a'])).get('a')).toBe(1);
    c.rows.set('a', 2);
    expect((await c.copies.get(tx('t2'), ['a'])).get('a')).toBe(1);
    expect(c.reads()).toBe(1);
    feed.heard('things');
    expect((await c.copies.get(tx('t3'), ['a'])).get('a')).toBe(2);
    expect(c.reads()).toBe(2);
  });

  it('keep nothing from a read that a change overtook', async () => {
    const feed = changesOf(handle('sqlite'));
    const c = counted(feed);
    let release = () => {};
    c.holdReads(new Promise<void>((r) => (release = r)));
    const slow = c.copies.get(tx('t1'), ['a']);
    c.rows.set('a', 2);
    feed.heard('things');
    release();
    expect((await slow).get('a')).toBe(1);
    c.holdReads(undefined);
    expect((await c.copies.get(tx('t2'), ['a'])).get('a')).toBe(2);
  });

  it('are not used by the transaction that changes the topic', async () => {
    const feed = changesOf(handle('sqlite'));
    const c = counted(feed);
    await c.copies.get(tx('t1'), ['a']);
    const writer = tx('writer');
    feed.mark(writer, 'things');
    c.rows.set('a', 2);
    expect((await c.copies.get(writer, ['a'])).get('a')).toBe(2);
    // Others see the committed state until the commit drops the copies.
    expect((await c.copies.get(tx('t2'), ['a'])).get('a')).toBe(1);
  });

  it('are not kept on PostgreSQL while the node does not hear the others, and dropped when it does again', async () => {
    const feed = changesOf(handle('postgres'));
    const c = counted(feed);
    expect(feed.trusted()).toBe(false);
    await c.copies.get(tx('t1'), ['a']);
    await c.copies.get(tx('t2'), ['a']);
    expect(c.reads()).toBe(2);
    feed.hearing(true);
    await c.copies.get(tx('t3'), ['a']);
    await c.copies.get(tx('t4'), ['a']);
    expect(c.reads()).toBe(3);
    feed.hearing(false);
    c.rows.set('a', 2);
    expect((await c.copies.get(tx('t5'), ['a'])).get('a')).toBe(2);
    expect(c.reads()).toBe(4);
  });
});
