import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './throwaway-postgres.js';

// The database suite runs on SQLite and on PostgreSQL. With RENRAKU_TEST_POSTGRES_URL set (CI does), tests use
// that server; otherwise a throw-away PostgreSQL cluster is started from the installed binaries and removed after.

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const given = process.env.RENRAKU_TEST_POSTGRES_URL;
  if (given) {
    project.provide('postgresUrl', given);
    return;
  }
  const cluster = await startThrowawayPostgres({ durable: false });
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
