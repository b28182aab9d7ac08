import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { BackupError, type BackupTarget } from '../platform/backup/backup.format.js';
import { takeBackup } from '../platform/backup/backup.js';
import { restoreBackup } from '../platform/backup/backup.restore.js';
import { auditAnchorDirOf, auditSigningKeyPath, type Config, findAuditKey } from '../platform/config.js';
import { CliError, type CliIo } from './cli.support.js';

/** What of this deployment a backup holds, from its configuration. */
function targetOf(config: Config): BackupTarget {
  const inEnvironment: string[] = [];
  if (config.auditKey) inEnvironment.push('the audit key (RENRAKU_AUDIT_KEY)');
  return {
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    statementCache: config.databaseStatementCache,
    secrets: [
      ...(config.auditKey
        ? []
        : [
            {
              name: 'audit.key' as const,
              path: resolve(config.auditKeyFile ?? join(config.dataDir, 'audit.key')),
            },
          ]),
      { name: 'audit-signing.key', path: auditSigningKeyPath(config) },
      { name: 'sso.key', path: resolve(config.ssoKeyFile ?? join(config.dataDir, 'sso.key')) },
    ],
    anchorDir: auditAnchorDirOf(config),
    secretsInEnvironment: inEnvironment,
    auditKey: () => findAuditKey(config),
  };
}

const refusing = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (e) {
    if (e instanceof BackupError) throw new CliError(e.message);
    throw e;
  }
};

/** backup, restore: a consistent copy of a running deployment, and a new deployment from one. */
export function backupCommands(program: Command, io: CliIo): void {
  program
    .command('backup')
    .description(
      'Write a consistent backup of the database and the keys kept in files to FILE (a .tar.gz), while the server runs',
    )
    .requiredOption('--to <file>', 'the backup file to write (must not exist)')
    .action(async (o: { to: string }) => {
      const config = loadConfig(io.env);
      const { file, manifest, bytes } = await refusing(() => takeBackup(targetOf(config), o.to, new Date()));
      io.stdout.write(
        `backup written: ${file} (${manifest.dialect}, ${bytes} bytes, ${manifest.files.length} files, migration ${manifest.migration ?? 'none'})\n`,
      );
      for (const what of manifest.notIncluded)
        io.stderr.write(
          `warning: ${what} is not in the backup: keep it with the backup, a restore needs it\n`,
        );
    });

  program
    .command('restore')
    .description(
      "Restore a backup into this deployment, whose database must be empty (a new data folder, or a new PostgreSQL database); the server migrates it on from the backup's version when it starts",
    )
    .requiredOption('--from <file>', 'the backup file to read')
    .action(async (o: { from: string }) => {
      const config = loadConfig(io.env);
      const { manifest, restored, sealing } = await refusing(() => restoreBackup(targetOf(config), o.from));
      io.stdout.write(
        `restored the backup of ${manifest.createdAt} (${manifest.dialect}, migration ${manifest.migration ?? 'none'}): ${restored.join(', ')}\n`,
      );
      if (sealing.sealed > 0)
        io.stdout.write(
          `sealed ${sealing.sealed} audit rows the backup held committed but not yet sealed into the chain\n`,
        );
      if (sealing.waiting > 0)
        io.stderr.write(
          `warning: ${sealing.waiting} audit rows are not sealed into the chain yet (${sealing.reason === 'no-audit-key' ? 'no audit key: set RENRAKU_AUDIT_KEY as it was' : 'the backup is of an older schema'}): the server seals them when it starts; audit verify fails until then\n`,
        );
      for (const what of manifest.notIncluded)
        io.stderr.write(
          `warning: ${what} was not in the backup: set it as it was before starting the server\n`,
        );
    });
}
