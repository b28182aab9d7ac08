import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { buildServices } from './services.js';

/**
 * The OpenAPI document of this build, as the server serves it at /api/openapi.json, made without a server or a
 * database of its own (an empty SQLite file that is thrown away; nothing is migrated or read).
 */
export async function openapiDocument(): Promise<unknown> {
  const dataDir = mkdtempSync(join(tmpdir(), 'renraku-openapi-'));
  const config = loadConfig({}, { dataDir, logLevel: 'silent' });
  const services = buildServices(config, { auditKey: Buffer.alloc(32) });
  try {
    const app = await buildApp(services, { logger: false });
    await app.ready();
    const document = app.swagger();
    await app.close();
    return document;
  } finally {
    await services.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
