import type { DatabaseHandle, Executor } from './database.js';

/**
 * News that rows kept in memory (a body's contacts, its notification rules) have changed, so that copies of
 * them can be dropped. A unit says what it changes (`Unit.changed`); once it commits, this process hears it at
 * once, and on PostgreSQL every other node hears it through a NOTIFY sent in the same transaction (the event
 * bus listens for it). A node that does not hear the others (PostgreSQL, its listening connection down) keeps
 * no copies. On SQLite, a commit by another process is noticed by the file's data version before copies are used.
 */
export interface Changes {
  /** Calls `fn` after every commit that changed `topic`, on any node, and whenever news may have been missed. */
  on(topic: string, fn: () => void): () => void;
  /** Whether copies may be kept now (for a reader in transaction `db`: for the rest of that transaction). */
  trusted(db?: Executor): boolean;
  /** Whether this transaction changed `topic` (its copies are not the committed state: read the rows). */
  changedIn(tx: Executor, topic: string): boolean;
}

/** For the transaction and the listener: what they tell the copies. */
export interface ChangesFeed extends Changes {
  /** The transaction `tx` changes `topic` (not yet committed). */
  mark(tx: Executor, topic: string): void;
  /** `topic` changed and is committed (null: anything may have changed). */
  heard(topic: string | null): void;
  /** Whether this node hears the others now (PostgreSQL's listener); hearing again drops every copy. */
  hearing(on: boolean): void;
}

/** The channel of the NOTIFY that tells other nodes what changed. */
export const CHANGES_CHANNEL = 'renraku_changes';

const feeds = new WeakMap<DatabaseHandle, ChangesFeed>();

/** The news of changes of one database, shared by everything in this process that uses it. */
export function changesOf(handle: DatabaseHandle): ChangesFeed {
  const existing = feeds.get(handle);
  if (existing) return existing;
  const listeners = new Map<string, Set<() => void>>();
  const marked = new WeakMap<Executor, Set<string>>();
  // On SQLite this process hears its own changes; another process writing to the file (the CLI, a second
  // server) says nothing, but moves the file's data version: then anything may have changed. PostgreSQL must
  // first listen.
  let listening = handle.dialect === 'sqlite';
  const version = handle.dataVersion;
  let seen = version?.();
  // Once a transaction has looked, no other process commits to the file until it ends (SQLite has one writer
  // and a transaction reads one snapshot): the data version is read once per transaction, not per lookup.
  const looked = new WeakSet<Executor>();
  const tell = (topic: string | null) => {
    const fns =
      topic === null ? [...listeners.values()].flatMap((s) => [...s]) : [...(listeners.get(topic) ?? [])];
    for (const fn of fns) {
      try {
        fn();
      } catch {
        // Dropping a copy does not fail; one listener's bug must not stop the others, nor the commit's answers.
      }
    }
  };
  const feed: ChangesFeed = {
    on(topic, fn) {
      const set = listeners.get(topic) ?? new Set();
      listeners.set(topic, set);
      set.add(fn);
      return () => set.delete(fn);
    },
    trusted(db) {
      const inTransaction = db?.isTransaction === true;
      if (version && !(inTransaction && looked.has(db))) {
        if (inTransaction) looked.add(db);
        const now = version();
        if (now !== seen) {
          seen = now;
          tell(null);
        }
      }
      return listening;
    },
    changedIn: (tx, topic) => marked.get(tx)?.has(topic) ?? false,
    mark(tx, topic) {
      const set = marked.get(tx) ?? new Set();
      marked.set(tx, set);
      set.add(topic);
    },
    heard: tell,
    hearing(on) {
      listening = handle.dialect === 'sqlite' || on;
      tell(null);
    },
  };
  feeds.set(handle, feed);
  return feed;
}

/**
 * A copy of rows that rarely change, by key, read in batches and dropped whenever `topic` changes. A read that
 * started before a change is returned but not kept; a transaction that changed the topic reads the rows.
 */
export function keptCopies<K, V>(
  changes: Changes,
  topic: string,
  read: (db: Executor, keys: K[]) => Promise<Map<K, V>>,
) {
  let copies = new Map<K, V>();
  let generation = 0;
  changes.on(topic, () => {
    generation++;
    copies = new Map();
  });
  return {
    /** The values of these keys (a key without one is absent), from the copies where they are kept. */
    async get(db: Executor, keys: K[]): Promise<Map<K, V>> {
      if (!changes.trusted(db) || changes.changedIn(db, topic)) return read(db, keys);
      const found = new Map<K, V>();
      const missing: K[] = [];
      for (const k of keys) {
        if (copies.has(k)) found.set(k, copies.get(k) as V);
        else missing.push(k);
      }
      if (missing.length === 0) return found;
      const started = generation;
      const kept = copies;
      const read_ = await read(db, missing);
      for (const k of missing) {
        const v = read_.get(k);
        if (v !== undefined) found.set(k, v);
        if (started === generation && changes.trusted(db) && v !== undefined) kept.set(k, v);
      }
      return found;
    },
  };
}
