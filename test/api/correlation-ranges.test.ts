import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  correlationRepository,
  RANGES_PER_STATEMENT,
} from '../../src/features/correlation/correlation.repository.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

// Correlation's range scans (containment: the values inside a network or under a domain, an address's point
// range) go to SQLite as one statement of constant text per chunk of ranges (a subquery correlated with each
// range). Whatever the number of ranges — one, a few, a chunk and one more, many chunks — each range finds
// exactly the stored values of its realm whose key lies in it, the first `bound` in key order, as a naive model
// over the same rows says; on both dialects.

const KEYS = 3000;
const CHUNK = RANGES_PER_STATEMENT;
const COUNTS = [1, 2, 8, 9, 32, 33, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 7, 1234];

function generator(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return Math.floor((((x ^ (x >>> 14)) >>> 0) / 4294967296) * n);
  };
}

describe.each(DIALECTS)('correlation’s range scans on %s', (dialect) => {
  let t: TestApp;
  const int = generator(Number(process.env.RENRAKU_TEST_SEED ?? 14));
  const hex = (n: number) => Array.from({ length: n }, () => int(16).toString(16)).join('');
  /** The stored keys of the real realm, in key order (unique: the model's order is then the only one). */
  let stored: string[] = [];
  /** Each stored value's key. */
  const keyOf = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const g = await t.government();
    const incident = (await t.fileIncident(g.ministryReporter)).id;
    const keys = new Set<string>();
    while (keys.size < KEYS) keys.add(`a${hex(6)}`);
    const rows = [...keys].map((key, n) => ({
      incident_id: incident,
      type: 'ipv4',
      value: `v${n}`,
      // Every fifth in an exercise's realm, which a scan of the real realm never finds.
      realm: n % 5 === 0 ? 'exercise-1' : '',
      org_id: g.ministry.id,
      display: `v${n}`,
      match_key: key,
      created_at: new Date(0).toISOString(),
    }));
    for (let i = 0; i < rows.length; i += 500)
      await t.handle.db
        .insertInto('correlation_keys')
        .values(rows.slice(i, i + 500))
        .execute();
    for (const r of rows) keyOf.set(r.value, r.match_key);
    stored = rows
      .filter((r) => r.realm === '')
      .map((r) => r.match_key)
      .sort();
  });
  afterAll(async () => t?.close());

  /** A random range: a stored key's point, a narrow or a wide one, one that holds nothing, one upside down. */
  function range(): { from: string; to: string } {
    const k = int(6);
    const at = stored[int(stored.length)] as string;
    if (k === 0) return { from: at, to: at };
    if (k === 1) return { from: `a${hex(2)}`, to: `a${hex(2)}` };
    if (k === 2) return { from: 'a', to: 'b' };
    if (k === 3) return { from: `a${hex(3)}`, to: `a${hex(3)}\uffff` };
    if (k === 4) return { from: 'z', to: 'zz' };
    return { from: at, to: `${at.slice(0, 4)}` };
  }

  const model = (r: { from: string; to: string }, bound: number) =>
    stored.filter((key) => key >= r.from && key <= r.to).slice(0, bound);

  it('finds in each range what the model finds, for any number of ranges', async () => {
    for (const count of COUNTS)
      for (const bound of [3, 40]) {
        const ranges = Array.from({ length: count }, range);
        const rows = await correlationRepository.inRanges(t.handle.db, dialect, '', ranges, bound);
        const got: string[][] = ranges.map(() => []);
        for (const row of rows) {
          expect(row.range, `${count} ranges`).toBeLessThan(count);
          got[row.range]?.push(row.value);
        }
        ranges.forEach((r, k) => {
          const found = (got[k] ?? []).map((v) => keyOf.get(v) as string).sort();
          expect(found, `${count} ranges, bound ${bound}, range ${k} ${JSON.stringify(r)}`).toEqual(
            model(r, bound),
          );
        });
      }
  }, 300_000);

  it('finds nothing for no range, and nothing of another realm', async () => {
    expect(await correlationRepository.inRanges(t.handle.db, dialect, '', [], 10)).toEqual([]);
    const all = await correlationRepository.inRanges(
      t.handle.db,
      dialect,
      'exercise-1',
      [{ from: 'a', to: 'b' }],
      KEYS,
    );
    expect(all).toHaveLength(KEYS / 5);
    expect(new Set(all.map((r) => Number(r.value.slice(1)) % 5))).toEqual(new Set([0]));
  });
});
