import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import * as tar from 'tar';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
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

// Taking a backup of a running deployment (the file's layout: backup.format.ts).

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
      const handle = openDatabase({
        databaseUrl: target.databaseUrl,
        dataDir: target.dataDir,
        poolSize: 1,
        statementCache: target.statementCache,
      });
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
