import type { Unit } from '../db/transaction.js';

/**
 * One counter of failed attempts. Up to `freeFailures` attempts go through at once; after that each attempt
 * makes the next one wait, the wait doubling up to `maxDelayMs`. Failures decay (halving every `halfLifeMs`),
 * so a counter that an attacker keeps busy stays at its longest wait, while one that saw a few honest typos
 * goes back to none. The wait is always bounded: nobody is locked out for good.
 */
export interface ThrottleRule {
  key: string;
  freeFailures: number;
  maxDelayMs: number;
  halfLifeMs: number;
  /** A success clears the counter (an account's); an address's is not cleared by one user's success. */
  resetOnSuccess: boolean;
}

export type AttemptStart = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const FIRST_DELAY_MS = 1000;
// An attempt whose end was never recorded (its process died) stops counting after this long.
const PENDING_FOR_MS = 60_000;

interface Counter {
  key: string;
  failures: number;
  pending: number;
  blocked_until: string | null;
  updated_at: string;
}

// How much of a failure decay must have taken before it stops counting at the limit. Without it, failures
// seconds apart have decayed by a hair (the fifth counts as 4.9999) and the limit lets one more guess through.
// With a day's half-life, five failures take about 20 minutes to lose this much.
const REACHED_WITHIN = 0.05;

/** The wait after an attempt that brings the load (failures and attempts in flight) to `load`. */
export const delayAfter = (rule: ThrottleRule, load: number): number =>
  load < rule.freeFailures - REACHED_WITHIN
    ? 0
    : Math.min(
        rule.maxDelayMs,
        FIRST_DELAY_MS * 2 ** Math.min(40, Math.max(0, Math.round(load - rule.freeFailures))),
      );

/** Locks the counters (in key order, so that two attempts never wait on each other) and ages them. */
async function lockCounters(unit: Unit, rules: readonly ThrottleRule[], now: Date) {
  const at = now.toISOString();
  const keys = [...new Set(rules.map((r) => r.key))].sort();
  const counters = new Map<string, Counter>();
  for (const key of keys) {
    await unit.tx
      .insertInto('login_throttle')
      .values({ key, failures: 0, pending: 0, blocked_until: null, updated_at: at })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const query = unit.tx.selectFrom('login_throttle').selectAll().where('key', '=', key);
    // SQLite has one writer: the unit already excludes every other.
    const row = await (unit.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirstOrThrow();
    counters.set(key, row);
  }
  return rules.map((rule) => {
    const row = counters.get(rule.key) as Counter;
    const elapsed = Math.max(0, now.getTime() - Date.parse(row.updated_at));
    return {
      rule,
      row,
      failures: Number(row.failures) * 0.5 ** (elapsed / rule.halfLifeMs),
      pending: elapsed > PENDING_FOR_MS ? 0 : Number(row.pending),
    };
  });
}

const save = (unit: Unit, key: string, changes: Omit<Counter, 'key'>) =>
  unit.tx.updateTable('login_throttle').set(changes).where('key', '=', key).execute();

/**
 * Begins an attempt under every rule: refused while any of them makes the caller wait; otherwise counted at
 * once, as if it were to fail, so that attempts sent in parallel cannot all slip through before the first
 * failure is written. `finishAttempt` then records how it ended.
 */
export async function beginAttempt(
  unit: Unit,
  rules: readonly ThrottleRule[],
  now: Date,
): Promise<AttemptStart> {
  const counters = await lockCounters(unit, rules, now);
  const waits = counters
    .map((c) => (c.row.blocked_until ? Date.parse(c.row.blocked_until) - now.getTime() : 0))
    .filter((ms) => ms > 0);
  if (waits.length > 0) return { allowed: false, retryAfterSeconds: Math.ceil(Math.max(...waits) / 1000) };
  for (const { rule, row, failures, pending } of counters) {
    const delay = delayAfter(rule, failures + pending + 1);
    await save(unit, rule.key, {
      failures,
      pending: pending + 1,
      blocked_until: delay > 0 ? new Date(now.getTime() + delay).toISOString() : row.blocked_until,
      updated_at: now.toISOString(),
    });
  }
  return { allowed: true };
}

/** Records how an attempt begun with `beginAttempt` under the same rules ended. */
export async function finishAttempt(
  unit: Unit,
  rules: readonly ThrottleRule[],
  outcome: 'success' | 'failure',
  now: Date,
): Promise<void> {
  for (const { rule, row, failures, pending } of await lockCounters(unit, rules, now)) {
    const cleared = outcome === 'success' && rule.resetOnSuccess;
    await save(unit, rule.key, {
      failures: cleared ? 0 : failures + (outcome === 'failure' ? 1 : 0),
      pending: Math.max(0, pending - 1),
      blocked_until: cleared ? null : row.blocked_until,
      updated_at: now.toISOString(),
    });
  }
}

/** Forgets counters nobody has touched for `olderThanMs` (housekeeping). */
export async function sweepThrottle(unit: Unit, now: Date, olderThanMs: number): Promise<number> {
  const cutoff = new Date(now.getTime() - olderThanMs).toISOString();
  const result = await unit.tx
    .deleteFrom('login_throttle')
    .where('updated_at', '<', cutoff)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', now.toISOString())]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
