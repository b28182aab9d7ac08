import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { anchorFileIn, readAnchorLines } from '../platform/audit/anchor.file.js';
import {
  knownKeys,
  loadOrCreateSigningKey,
  publicKeyPem,
  readPublicKeys,
} from '../platform/audit/anchor.keys.js';
import { anchorSettingsOf } from '../platform/audit/anchoring.js';
import { createAuditLog } from '../platform/audit/audit.js';
import { verifyAuditLog } from '../platform/audit/audit.verify.js';
import { type Config, findAuditKey } from '../platform/config.js';
import { openDatabase } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { CliError, type CliIo, withServices } from './cli.support.js';

/** audit verify, anchor, public-key, rotate-signing-key: the audit log and its signed anchors. */
export function auditCommands(program: Command, io: CliIo): void {
  const audit = program.command('audit').description('The audit log');
  audit
    .command('verify')
    .description(
      'Check the hash chain against the newest signed anchor; exits 1 naming the first bad row or anchor. With --public-key, as an auditor: only the keys given are trusted, and the HMAC key only if set explicitly',
    )
    .option(
      '--anchor <file>',
      'an anchor file to check against (default: the one in RENRAKU_AUDIT_ANCHOR_DIR)',
    )
    .option(
      '--public-key <file>',
      "the anchors' public key(s), PEM (default: the ones this deployment keeps)",
    )
    .action(async (o: { anchor?: string; publicKey?: string }) => {
      const config = loadConfig(io.env);
      const handle = openDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        statementCache: config.databaseStatementCache,
      });
      try {
        const auditor = o.publicKey !== undefined;
        if (!auditor) await migrateToLatest(handle);
        const settings = anchorSettingsOf(config);
        const key = findAuditKey(config, { explicitOnly: auditor });
        if (!key && !auditor)
          throw new CliError(
            'no audit key: set RENRAKU_AUDIT_KEY or RENRAKU_AUDIT_KEY_FILE, or give --public-key to check against the anchors only',
          );
        const trustedKeys = o.publicKey ? readPublicKeys(o.publicKey) : knownKeys(settings);
        if (o.publicKey && trustedKeys.length === 0)
          throw new CliError(`no Ed25519 public key in ${o.publicKey}`);
        const anchorFile = o.anchor ?? (settings.dir ? anchorFileIn(settings.dir) : undefined);
        if (o.anchor && !existsSync(o.anchor)) throw new CliError(`no anchor file ${o.anchor}`);
        const result = await verifyAuditLog({
          db: handle.db,
          hmac: key ? createAuditLog(key).hashOf : undefined,
          file: anchorFile
            ? { label: anchorFile, lines: readAnchorLines(anchorFile), gaps: o.anchor !== undefined }
            : undefined,
          trustedKeys,
          unsealed: { now: new Date(), maxSeconds: config.auditUnsealedMaxSeconds },
        });
        if (result.ok) {
          const through = result.anchor
            ? `; anchored through row ${result.anchor.seq} by anchor #${result.anchor.n} of ${result.anchor.at}, ${result.unanchoredRows} rows since`
            : '';
          const unsealed = result.unsealedRows > 0 ? `; ${result.unsealedRows} rows not sealed yet` : '';
          io.stdout.write(`audit log intact: ${result.rows} rows${through}${unsealed}\n`);
          for (const w of result.warnings) io.stderr.write(`warning: ${w}\n`);
        } else {
          const where = result.seq !== null ? ` at row seq=${result.seq}` : '';
          const anchor = result.anchor !== null ? ` (anchor #${result.anchor})` : '';
          io.stderr.write(`audit log BROKEN${where}${anchor}: ${result.problem}\n`);
          io.exitCode = 1;
        }
      } finally {
        await handle.destroy();
      }
    });

  audit
    .command('anchor')
    .description('Sign an anchor of the audit chain now, if rows were added since the last one, and file it')
    .action(() =>
      withServices(async (services) => {
        const outcome = await services.anchoring.anchorIfDue({ force: true });
        await services.anchoring.mirror();
        if (outcome.anchor)
          io.stdout.write(`anchor #${outcome.anchor.n} covers rows 1..${outcome.anchor.seq}\n`);
        else if (outcome.reason === 'refused') throw new CliError(outcome.detail ?? 'anchoring refused');
        else io.stdout.write('nothing new to anchor\n');
        // The anchor's e-mail and webhook wait in the outbox for the server to send them.
      }, io),
    );

  audit
    .command('public-key')
    .description(
      "Print the public key of the anchors' signing key (created if there is none yet), for auditors",
    )
    .action(() => {
      const key = anchoringKey(loadConfig(io.env));
      io.stderr.write(`audit anchor signing key ${key.id}\n`);
      io.stdout.write(publicKeyPem(key.publicKey));
    });

  audit
    .command('rotate-signing-key')
    .description(
      'Replace the signing key: an anchor signed with the old key announces the new one. --old-key-lost: start a new key unannounced (give auditors its public key)',
    )
    .option('--old-key-lost', 'the old key is lost or compromised')
    .action((o: { oldKeyLost?: boolean }) =>
      withServices(async (services) => {
        const anchor = await services.anchoring.rotateKey({ oldKeyLost: o.oldKeyLost === true });
        const key = services.anchoring.signingKey();
        io.stdout.write(
          `the audit anchors are now signed with key ${key.id}${anchor ? ` from anchor #${anchor.n}` : ''}\n`,
        );
        io.stdout.write(publicKeyPem(key.publicKey));
      }, io),
    );
}

const anchoringKey = (config: Config) => loadOrCreateSigningKey(anchorSettingsOf(config).signingKeyFile);
