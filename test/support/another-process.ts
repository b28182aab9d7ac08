import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { changesOf } from '../../src/platform/db/changes.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { buildServices, type Services } from '../../src/services.js';
import type { TestDialect } from './databases.js';
import { TEST_AUDIT_KEY, type TestApp } from './harness.js';

// Another Renraku process on a test app's database, in this process: on PostgreSQL a second node (a pool of its
// own, which the test app hears of by NOTIFY); on SQLite a second connection to the file (as the CLI or a second
// server writes it), which the test app notices by the file's data version when it next uses its copies.

/** Services of another process on the test app's database (no server); close them. */
export function otherServices(t: TestApp, dialect: TestDialect): Services {
  const handle =
    dialect === 'postgres'
      ? openDatabase({ databaseUrl: t.handle.url, dataDir: t.config.dataDir })
      : openDatabase({ dataDir: t.config.dataDir, sqliteFile: t.handle.url });
  return buildServices(t.config, { clock: t.clock, handle, auditKey: TEST_AUDIT_KEY });
}

export interface OtherServer {
  app: FastifyInstance;
  /**
   * Resolves once the test app has heard that a unit of the other changed `topic` (ask before the change): on
   * PostgreSQL by NOTIFY; on SQLite at once, since the data version is read when copies are next used.
   */
  heard(topic: string): Promise<void>;
  close(): Promise<void>;
}

/** A second server on the test app's database, its live events started. */
export async function otherServer(t: TestApp, dialect: TestDialect): Promise<OtherServer> {
  const services = otherServices(t, dialect);
  const app = await buildApp(services, { logger: false });
  await services.events.start();
  return {
    app,
    heard: (topic) =>
      dialect === 'sqlite'
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const off = changesOf(t.handle).on(topic, () => {
              off();
              resolve();
            });
          }),
    close: async () => {
      await app.close();
      await services.close();
    },
  };
}
