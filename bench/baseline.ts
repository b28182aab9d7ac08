import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import type { BenchDialect } from './args.js';

interface QuickReport {
  title: string;
  summary: string;
  detectedAt: string;
}

const TABLE = `create table if not exists reports (
  id text primary key, title text not null, summary text not null, detected_at text not null,
  body text not null, created_at text not null)`;

/**
 * The floor Renraku is compared with: Fastify, the same JSON body, one row per request in the same storage with
 * the same durability (SQLite WAL + synchronous=FULL, or PostgreSQL's defaults), and nothing else.
 */
export async function buildBaseline(
  dialect: BenchDialect,
  where: { dataDir: string; databaseUrl?: string | undefined },
): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  let insert: (row: string[]) => Promise<void> | void;
  let closeDb: () => Promise<void>;
  if (dialect === 'sqlite') {
    const db = new SQLite(join(where.dataDir, 'baseline.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(TABLE);
    const statement = db.prepare('insert into reports values (?, ?, ?, ?, ?, ?)');
    insert = (row) => {
      statement.run(row);
    };
    closeDb = async () => {
      db.close();
    };
  } else {
    // The same pool size Renraku opens by default.
    const pool = new pg.Pool({ connectionString: where.databaseUrl, max: 10 });
    await pool.query(TABLE);
    insert = async (row) => {
      await pool.query('insert into reports values ($1, $2, $3, $4, $5, $6)', row);
    };
    closeDb = () => pool.end();
  }

  const app = Fastify({ logger: false });
  app.post('/api/v1/incidents', async (request, reply) => {
    const body = request.body as QuickReport;
    const id = randomUUID();
    await insert([
      id,
      body.title,
      body.summary,
      body.detectedAt,
      JSON.stringify(body),
      new Date().toISOString(),
    ]);
    reply.status(201);
    return { id };
  });
  return {
    app,
    async close() {
      await app.close();
      await closeDb();
    },
  };
}
