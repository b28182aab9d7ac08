import pg from 'pg';
import { startThrowawayPostgres } from '../test/support/throwaway-postgres.js';

/** A throw-away cluster with PostgreSQL's default durability (fsync on): the bench measures durable writes. */
export const startCluster = () => startThrowawayPostgres({ durable: true, maxConnections: 200 });

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
    };
  });
