import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import * as tar from 'tar';
import { type DatabaseHandle, openDatabase } from '../db/database.js';

// A backup is one gzip-compressed tar file that an operator can list with `tar -tzf`:
//   renraku-backup.json   what it is: format, dialect, time, the last migration applied, each file's SHA-256
//   database.sqlite       SQLite: a consistent copy (VACUUM INTO: one read transaction, writers go on)
//   database.pgdump       PostgreSQL: pg_dump's custom format (one snapshot, writers go on)
//   secrets/<name>        the keys kept in files: the audit log's HMAC key, the anchors' signing key, SSO's
//   anchors/<file>        the signed anchors of the audit chain, and their public keys
// The anchors are copied before the database, so that none names a row the copy lacks (`audit verify` would
// call that a cut tail). A key given in the environment is not in the backup: the manifest says so.

const MANIFEST = 'renraku-backup.json';
const FORMAT = 'renraku-backup';
const VERSION = 1;

export type BackupDialect = 'sqlite' | 'postgres';

/** A key or secret kept in a file, by the name it has in the backup. */
export interface SecretFile {
  name: 'audit.key' | 'audit-signing.key' | 'sso.key';
  /** Where this deployment keeps it (backup reads it when present; restore writes it there if absent). */
  path: string;
}

export interface BackupTarget {
  /** The configured database: a postgres:// URL, or none for the embedded SQLite file in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  secrets: SecretFile[];
  /** The anchor folder, or undefined when anchors go to no file. */
  anchorDir: string | undefined;
  /** Keys that come from the environment (not files): named in the manifest as not included. */
  secretsInEnvironment: string[];
}

export interface BackupManifest {
  format: typeof FORMAT;
  version: typeof VERSION;
  dialect: BackupDialect;
  createdAt: string;
  /** The newest migration the database had: a restore into a newer Renraku migrates on from there. */
  migration: string | null;
  files: { path: string; bytes: number; sha256: string }[];
  notIncluded: string[];
}

/** A refusal: the operator gave something that cannot be backed up or restored (a CLI error, exit 2). */
export class BackupError extends Error {}

const dialectOf = (target: BackupTarget): BackupDialect =>
  target.databaseUrl && /^postgres(ql)?:\/\//.test(target.databaseUrl) ? 'postgres' : 'sqlite';

const sqliteFileOf = (target: BackupTarget) => join(target.dataDir, 'renraku.sqlite');

const sha256Of = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A PostgreSQL client program: the one on PATH (Debian's wrapper picks the right version), else the newest. */
export function findPostgresTool(name: 'pg_dump' | 'pg_restore'): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean))
    if (existsSync(join(dir, name))) return join(dir, name);
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', name)))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin', name) : undefined;
}

/**
 * The URL without its password, and the password for PGPASSWORD: a password in a program's arguments is
 * readable by every user of the machine (ps).
 */
function connectionOf(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return {
    url: parsed.toString(),
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
  };
}

async function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv) {
  const path = findPostgresTool(tool);
  if (!path)
    throw new BackupError(
      `${tool} was not found: install PostgreSQL's client programs (Debian: apt-get install postgresql-client)`,
    );
  try {
    await promisify(execFile)(path, args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr?.trim();
    throw new BackupError(`${tool} failed: ${stderr || (e as Error).message}`);
  }
}

async function lastMigration(handle: DatabaseHandle): Promise<string | null> {
  try {
    const row = await handle.db
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .orderBy('name' as never, 'desc')
      .limit(1)
      .executeTakeFirst();
    return (row as { name?: string } | undefined)?.name ?? null;
  } catch {
    return null;
  }
}

/** Writes a backup of the running deployment to `to`, which must not exist. */
export async function takeBackup(
  target: BackupTarget,
  to: string,
  now: Date,
): Promise<{ file: string; manifest: BackupManifest; bytes: number }> {
  const file = resolve(to);
  if (existsSync(file)) throw new BackupError(`${file} already exists: name a new file`);
  if (!existsSync(dirname(file))) throw new BackupError(`the folder ${dirname(file)} does not exist`);
  const dialect = dialectOf(target);
  if (dialect === 'sqlite' && !existsSync(sqliteFileOf(target)))
    throw new BackupError(`no database in ${target.dataDir}: nothing to back up`);

  const work = mkdtempSync(join(tmpdir(), 'renraku-backup-'));
  try {
    // 1. What lives in files, anchors first (see the top of this file).
    const copied: string[] = [];
    if (target.anchorDir && existsSync(target.anchorDir)) {
      mkdirSync(join(work, 'anchors'), { mode: 0o700 });
      for (const name of readdirSync(target.anchorDir)) {
        const from = join(target.anchorDir, name);
        if (!statSync(from).isFile()) continue;
        copyFileSync(from, join(work, 'anchors', name));
        copied.push(`anchors/${name}`);
      }
    }
    mkdirSync(join(work, 'secrets'), { mode: 0o700 });
    for (const secret of target.secrets) {
      if (!existsSync(secret.path)) continue;
      copyFileSync(secret.path, join(work, 'secrets', secret.name));
      copied.push(`secrets/${secret.name}`);
    }

    // 2. The database, as one snapshot.
    let migration: string | null;
    let databaseFile: string;
    if (dialect === 'sqlite') {
      databaseFile = 'database.sqlite';
      const source = new SQLite(sqliteFileOf(target), { fileMustExist: true });
      try {
        source.pragma('busy_timeout = 5000');
        source.prepare('vacuum into ?').run(join(work, databaseFile));
      } finally {
        source.close();
      }
      const copy = openDatabase({ dataDir: work, sqliteFile: join(work, databaseFile) });
      migration = await lastMigration(copy);
      await copy.destroy();
      // Opening in WAL mode leaves side files; the copy is complete without them.
      for (const side of ['-wal', '-shm']) rmSync(join(work, `${databaseFile}${side}`), { force: true });
    } else {
      databaseFile = 'database.pgdump';
      const handle = openDatabase({ databaseUrl: target.databaseUrl, dataDir: target.dataDir, poolSize: 1 });
      migration = await lastMigration(handle).finally(() => handle.destroy());
      const { url, env } = connectionOf(target.databaseUrl as string);
      await runTool(
        'pg_dump',
        [
          '--format=custom',
          '--no-owner',
          '--no-privileges',
          `--file=${join(work, databaseFile)}`,
          `--dbname=${url}`,
        ],
        env,
      );
    }

    // 3. The manifest, then the archive, written beside the target and renamed into place when complete.
    const files = [databaseFile, ...copied].map((path) => ({
      path,
      bytes: statSync(join(work, path)).size,
      sha256: sha256Of(join(work, path)),
    }));
    const manifest: BackupManifest = {
      format: FORMAT,
      version: VERSION,
      dialect,
      createdAt: now.toISOString(),
      migration,
      files,
      notIncluded: target.secretsInEnvironment,
    };
    writeFileSync(join(work, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    const partial = `${file}.partial-${process.pid}`;
    await tar.create({ gzip: true, file: partial, cwd: work, portable: true }, [
      MANIFEST,
      ...files.map((f) => f.path),
    ]);
    chmodSync(partial, 0o600);
    renameSync(partial, file);
    return { file, manifest, bytes: statSync(file).size };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

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

/** Restores a backup into this deployment, whose database must be empty (no file; no table). */
export async function restoreBackup(
  target: BackupTarget,
  from: string,
): Promise<{ manifest: BackupManifest; restored: string[] }> {
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
      const handle = openDatabase({ databaseUrl: target.databaseUrl, dataDir: target.dataDir, poolSize: 1 });
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
    return { manifest, restored };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
