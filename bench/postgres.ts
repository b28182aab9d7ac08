import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { startThrowawayPostgres } from '../test/support/throwaway-postgres.js';

/**
 * A throw-away cluster with PostgreSQL's default durability (fsync on): the bench measures durable writes. With
 * `include`, the cluster reads that settings file too (memory, WAL: see bench/postgresql-server.conf).
 */
export const startCluster = (include?: string) =>
  startThrowawayPostgres({ durable: true, maxConnections: 200, ...(include ? { include } : {}) });

async function admin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new empty database on the server of `url`; returns its URL and a function that drops it. */
export async function createDatabase(url: string, name: string) {
  await admin(url, (c) => c.query(`create database ${name}`));
  const own = new URL(url);
  own.pathname = `/${name}`;
  return {
    url: own.toString(),
    drop: () => admin(url, (c) => c.query(`drop database if exists ${name} with (force)`)),
  };
}

/** The server's version and its durability settings, for the record. */
export const describeServer = (url: string) =>
  admin(url, async (c) => {
    const row = async (q: string) => (await c.query(q)).rows[0] as Record<string, string>;
    return {
      version: (await row('show server_version')).server_version,
      fsync: (await row('show fsync')).fsync,
      synchronousCommit: (await row('show synchronous_commit')).synchronous_commit,
      sharedBuffers: (await row('show shared_buffers')).shared_buffers,
      maxWalSize: (await row('show max_wal_size')).max_wal_size,
    };
  });

const ticks = (stat: string, from: number, count: number) =>
  stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .slice(from, from + count)
    .reduce((sum, f) => sum + Number(f), 0);

/** The postmaster's pid of the cluster at `url` when it runs on this machine (a backend's parent), else undefined. */
export const postmasterOf = (url: string): Promise<number | undefined> =>
  admin(url, async (c) => {
    const pid = (await c.query('select pg_backend_pid() as pid')).rows[0]?.pid;
    try {
      // Read while connected: the backend ends with the connection.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return undefined;
    }
  });

/**
 * The CPU time a local cluster has used so far, in ms: its postmaster's, its live children's (backends,
 * checkpointer, autovacuum…), and what the postmaster has reaped of those that ended. Linux /proc only.
 */
export function clusterCpuMs(postmaster: number): number | undefined {
  try {
    // utime, stime, cutime, cstime: the 14th to 17th fields, in clock ticks (100 per second on Linux).
    let sum = ticks(readFileSync(`/proc/${postmaster}/stat`, 'utf8'), 11, 4);
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster)
          sum += ticks(stat, 11, 2);
      } catch {
        // Ended meanwhile: counted by the postmaster's reaped time once it is reaped.
      }
    }
    return sum * 10;
  } catch {
    return undefined;
  }
}
