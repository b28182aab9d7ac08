import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import * as tar from 'tar';
import { anchorsRepository } from '../audit/anchor.repository.js';
import { createAuditLog } from '../audit/audit.js';
import { createAuditSealer } from '../audit/audit.sealer.js';
import { openDatabase } from '../db/database.js';
import { migrationsFor } from '../db/migrations/registry.js';
import {
  BackupError,
  type BackupManifest,
  type BackupTarget,
  connectionOf,
  dialectOf,
  FORMAT,
  MANIFEST,
  runTool,
  sha256Of,
  sqliteFileOf,
  VERSION,
} from './backup.format.js';

// Restoring a backup into an empty deployment (the file's layout: backup.format.ts).

const ALLOWED =
  /^(renraku-backup\.json|database\.sqlite|database\.pgdump|secrets\/(audit\.key|audit-signing\.key|sso\.key)|anchors\/[A-Za-z0-9_-][A-Za-z0-9._-]*)$/;

/** Unpacks a backup into a new folder and checks it: only the files a backup has, each as its manifest says. */
async function unpack(from: string): Promise<{ dir: string; manifest: BackupManifest }> {
  const file = resolve(from);
  if (!existsSync(file)) throw new BackupError(`no backup file ${file}`);
  const dir = mkdtempSync(join(tmpdir(), 'renraku-restore-'));
  try {
    const refused: string[] = [];
    try {
      await tar.extract({
        file,
        cwd: dir,
        strict: true,
        // Regular files of the known names only: no links, no folders of other names, nothing outside.
        filter: (path, entry) => {
          const name = path.replace(/^\.\//, '');
          const type = 'type' in entry ? entry.type : 'File';
          const ok = (type === 'File' || type === 'OldFile') && ALLOWED.test(name);
          if (!ok && type !== 'Directory') refused.push(name);
          return ok;
        },
      });
    } catch (e) {
      throw new BackupError(`${basename(file)} is not a Renraku backup (${(e as Error).message})`);
    }
    if (refused.length > 0)
      throw new BackupError(
        `${basename(file)} holds files a backup does not have: ${refused.slice(0, 5).join(', ')}`,
      );
    if (!existsSync(join(dir, MANIFEST))) throw new BackupError(`${basename(file)} has no ${MANIFEST}`);
    let manifest: BackupManifest;
    try {
      manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as BackupManifest;
    } catch {
      throw new BackupError(`${MANIFEST} is not JSON`);
    }
    if (manifest.format !== FORMAT || manifest.version !== VERSION || !Array.isArray(manifest.files))
      throw new BackupError(`${basename(file)} is not a backup this Renraku reads (format ${VERSION})`);
    for (const f of manifest.files) {
      if (typeof f.path !== 'string' || !ALLOWED.test(f.path) || !existsSync(join(dir, f.path)))
        throw new BackupError(`the backup lacks ${String(f.path)}, which its manifest lists`);
      if (sha256Of(join(dir, f.path)) !== f.sha256)
        throw new BackupError(`${f.path} does not match its checksum: the backup is damaged`);
    }
    const listed = new Set(manifest.files.map((f) => f.path));
    const database = manifest.dialect === 'postgres' ? 'database.pgdump' : 'database.sqlite';
    if (!listed.has(database)) throw new BackupError(`the backup has no ${database}`);
    return { dir, manifest };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * What a restore did with the audit rows the copy held unsealed (PostgreSQL: rows committed while the backup
 * was taken, before a sealer gave them their place in the chain): sealed them, or left them for the server.
 */
export interface RestoredSealing {
  sealed: number;
  /** Rows left unsealed, and why: the server seals them when it starts. */
  waiting: number;
  reason?: 'older-schema' | 'no-audit-key';
}

/**
 * Seals what the restored copy holds unsealed, as the sealer of the deployment it came from would have: nothing
 * else runs on the new database yet, and `audit verify` fails on rows left unsealed past the bound. Only a copy
 * at this Renraku's own schema: an older one is sealed by the server after it migrates.
 */
async function sealRestored(target: BackupTarget, manifest: BackupManifest): Promise<RestoredSealing> {
  const handle = openDatabase({
    databaseUrl: target.databaseUrl,
    dataDir: target.dataDir,
    poolSize: 2,
    statementCache: target.statementCache,
  });
  try {
    const { count } = await anchorsRepository.unsealed(handle.db);
    if (count === 0) return { sealed: 0, waiting: 0 };
    if (manifest.migration !== Object.keys(migrationsFor('postgres')).at(-1))
      return { sealed: 0, waiting: count, reason: 'older-schema' };
    const key = target.auditKey?.();
    if (!key) return { sealed: 0, waiting: count, reason: 'no-audit-key' };
    const sealer = createAuditSealer({ handle, audit: createAuditLog(key), intervalMs: 60_000 });
    try {
      const sealed = await sealer.sealNow();
      return { sealed, waiting: count - sealed };
    } finally {
      await sealer.stop();
    }
  } finally {
    await handle.destroy();
  }
}

/** Restores a backup into this deployment, whose database must be empty (no file; no table). */
export async function restoreBackup(
  target: BackupTarget,
  from: string,
): Promise<{ manifest: BackupManifest; restored: string[]; sealing: RestoredSealing }> {
  const dialect = dialectOf(target);
  const { dir, manifest } = await unpack(from);
  try {
    if (manifest.dialect !== dialect)
      throw new BackupError(
        `the backup is of a ${manifest.dialect} database and this deployment uses ${dialect}: restore it into a ${manifest.dialect} one`,
      );
    const restored: string[] = [];
    // Refusals first, before anything is written.
    if (dialect === 'sqlite') {
      const file = sqliteFileOf(target);
      if (existsSync(file) || existsSync(`${file}-wal`))
        throw new BackupError(`${file} exists: restore into an empty data folder`);
    } else {
      const handle = openDatabase({
        databaseUrl: target.databaseUrl,
        dataDir: target.dataDir,
        poolSize: 1,
        statementCache: target.statementCache,
      });
      try {
        const { rows } = await sql<{ n: string | number }>`
          select count(*) as n from information_schema.tables where table_schema = current_schema()`.execute(
          handle.db,
        );
        if (Number(rows[0]?.n ?? 0) > 0)
          throw new BackupError('the database is not empty: restore into a new, empty database');
      } finally {
        await handle.destroy();
      }
    }
    const secrets = manifest.files.filter((f) => f.path.startsWith('secrets/'));
    for (const f of secrets) {
      const secret = target.secrets.find((s) => `secrets/${s.name}` === f.path);
      if (!secret) continue;
      if (existsSync(secret.path) && sha256Of(secret.path) !== f.sha256)
        throw new BackupError(
          `${secret.path} exists and holds another key: move it away or restore into an empty data folder`,
        );
    }
    const anchors = manifest.files.filter((f) => f.path.startsWith('anchors/'));
    if (anchors.length > 0 && !target.anchorDir)
      throw new BackupError('the backup has audit anchors and RENRAKU_AUDIT_ANCHOR_DIR is off: set a folder');
    if (target.anchorDir && existsSync(target.anchorDir))
      for (const f of anchors) {
        const at = join(target.anchorDir, f.path.slice('anchors/'.length));
        if (existsSync(at) && sha256Of(at) !== f.sha256)
          throw new BackupError(
            `${at} exists and differs from the backup's: restore into an empty anchor folder`,
          );
      }

    // The database.
    mkdirSync(target.dataDir, { recursive: true, mode: 0o700 });
    if (dialect === 'sqlite') {
      const file = sqliteFileOf(target);
      const check = new SQLite(join(dir, 'database.sqlite'), { readonly: true, fileMustExist: true });
      const integrity = check.pragma('integrity_check', { simple: true });
      check.close();
      if (integrity !== 'ok')
        throw new BackupError(`the backup's database fails SQLite's integrity check: ${integrity}`);
      copyFileSync(join(dir, 'database.sqlite'), `${file}.restoring`);
      chmodSync(`${file}.restoring`, 0o600);
      renameSync(`${file}.restoring`, file);
    } else {
      const { url, env } = connectionOf(target.databaseUrl as string);
      await runTool(
        'pg_restore',
        [
          '--no-owner',
          '--no-privileges',
          '--exit-on-error',
          '--single-transaction',
          `--dbname=${url}`,
          join(dir, 'database.pgdump'),
        ],
        env,
      );
    }
    restored.push(manifest.dialect === 'postgres' ? 'database (pg_restore)' : 'database');
    // Then the files.
    for (const f of secrets) {
      const secret = target.secrets.find((s) => `secrets/${s.name}` === f.path);
      if (!secret || existsSync(secret.path)) continue;
      mkdirSync(dirname(secret.path), { recursive: true, mode: 0o700 });
      copyFileSync(join(dir, f.path), secret.path);
      chmodSync(secret.path, 0o600);
      restored.push(secret.path);
    }
    if (target.anchorDir && anchors.length > 0) {
      mkdirSync(target.anchorDir, { recursive: true, mode: 0o700 });
      for (const f of anchors) {
        const at = join(target.anchorDir, f.path.slice('anchors/'.length));
        if (!existsSync(at)) copyFileSync(join(dir, f.path), at);
      }
      restored.push(target.anchorDir);
    }
    const sealing = dialect === 'postgres' ? await sealRestored(target, manifest) : { sealed: 0, waiting: 0 };
    return { manifest, restored, sealing };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
