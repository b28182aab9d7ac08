import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

// A backup is one gzip-compressed tar file that an operator can list with `tar -tzf`:
//   renraku-backup.json   what it is: format, dialect, time, the last migration applied, each file's SHA-256
//   database.sqlite       SQLite: a consistent copy (VACUUM INTO: one read transaction, writers go on)
//   database.pgdump       PostgreSQL: pg_dump's custom format (one snapshot, writers go on)
//   secrets/<name>        the keys kept in files: the audit log's HMAC key, the anchors' signing key, SSO's
//   anchors/<file>        the signed anchors of the audit chain, and their public keys
// The anchors are copied before the database, so that none names a row the copy lacks (`audit verify` would
// call that a cut tail). A key given in the environment is not in the backup: the manifest says so.

export const MANIFEST = 'renraku-backup.json';
export const FORMAT = 'renraku-backup';
export const VERSION = 1;

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
  /** PostgreSQL: named statements per connection (DATABASE_STATEMENT_CACHE); the default when absent. */
  statementCache?: number;
  secrets: SecretFile[];
  /** The anchor folder, or undefined when anchors go to no file. */
  anchorDir: string | undefined;
  /** Keys that come from the environment (not files): named in the manifest as not included. */
  secretsInEnvironment: string[];
  /**
   * The audit HMAC key of the deployment, read when asked (after a restore has put its files back), if there
   * is one: a restore seals with it the audit rows the copy holds unsealed.
   */
  auditKey?: () => Buffer | undefined;
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

export const dialectOf = (target: BackupTarget): BackupDialect =>
  target.databaseUrl && /^postgres(ql)?:\/\//.test(target.databaseUrl) ? 'postgres' : 'sqlite';

export const sqliteFileOf = (target: BackupTarget) => join(target.dataDir, 'renraku.sqlite');

export const sha256Of = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

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
export function connectionOf(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return {
    url: parsed.toString(),
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
  };
}

export async function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv) {
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
