import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig, settings } from '../config.js';
import { CONTACT_ROLES, type ContactRole } from '../features/contacts/contacts.schemas.js';
import { createContact } from '../features/contacts/contacts.usecases.js';
import { loadDemo } from '../features/demo/demo.usecases.js';
import { DEMO_PASSWORD, demoEmail } from '../features/demo/government.js';
import { configureRouting, createOrg } from '../features/orgs/orgs.usecases.js';
import { indexPendingReports } from '../features/sharing/sharing.fingerprints.js';
import { personalWords } from '../features/users/passwords.strength.js';
import { createToken } from '../features/users/tokens.usecases.js';
import { createUser, preparePassword } from '../features/users/users.create.js';
import { usersReads } from '../features/users/users.reads.js';
import { isRole } from '../platform/access/roles.js';
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
import { type Config, findAuditKey, publicUrl } from '../platform/config.js';
import { openDatabase } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { inTransaction } from '../platform/db/transaction.js';
import { isAppError } from '../platform/errors.js';
import { startServer } from '../server.js';
import { buildServices, type Services } from '../services.js';

async function withServices<T>(fn: (services: Services, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const services = buildServices(config);
  try {
    await migrateToLatest(services.handle);
    await indexPendingReports(services.handle);
    return await fn(services, config);
  } finally {
    await services.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const kind = (v: string) => {
  if (v !== 'center' && v !== 'ministry' && v !== 'agency')
    throw new InvalidArgumentError('center, ministry or agency');
  return v;
};
const role = (v: string) => {
  if (!isRole(v)) throw new InvalidArgumentError('a role of DESIGN §3');
  return v;
};

const program = new Command('renraku')
  .description('Renraku (連絡): cyber-attack reporting from agencies and ministries to the national center')
  .addHelpText(
    'after',
    `\nConfiguration (environment):\n${Object.values(settings)
      .map((s) => `  ${s.env.padEnd(34)} ${s.doc}`)
      .join('\n')}`,
  );

program
  .command('serve')
  .description('Start the server (applies migrations first)')
  .option('--demo', 'load the demo government if the database is empty')
  .action(async (opts: { demo?: boolean }) => {
    const config = loadConfig();
    let demoLoaded = false;
    const server = await startServer(config, {
      prepare: async (services, app) => {
        if ((opts.demo || config.demo) && (await loadDemo(services))) {
          app.log.info('loaded the demo government');
          demoLoaded = true;
        }
      },
    }).catch((e: unknown) => {
      // Taken between bin/renraku.js's check and the listen: the same words.
      if ((e as { code?: string }).code !== 'EADDRINUSE') throw e;
      process.stderr.write(
        `Renraku cannot start: port ${config.port} on ${config.host} is already in use. Choose another port with PORT, e.g.  PORT=${config.port + 1} npm start\n`,
      );
      process.exit(1);
    });
    // Said only once the server listens: "ready" means a browser can connect.
    if (demoLoaded) printDemoLogins(config);
    else process.stdout.write(`Renraku is ready at ${publicUrl(config)}\n`);
    const shutdown = async () => {
      await server.close();
      process.exit(0);
    };
    process.once('SIGTERM', () => void shutdown());
    process.once('SIGINT', () => void shutdown());
  });

function printDemoLogins(config: Config) {
  const url = publicUrl(config);
  process.stdout.write(
    [
      '',
      `Renraku is ready at ${url}  (demo password for every account: ${DEMO_PASSWORD})`,
      `  agency reporter (IPA):         ${demoEmail('reporter', 'ipa')}`,
      `  ministry security officer:     ${demoEmail('security-officer', 'meti')}`,
      `  review-mode ministry (MEXT):   ${demoEmail('security-officer', 'mext')}`,
      `  its agency JAXA, reporter:     ${demoEmail('reporter', 'jaxa')}`,
      `  center analyst:                ${demoEmail('center-analyst', 'nco')}`,
      `  administrator:                 ${demoEmail('admin', 'nco')}`,
      `  auditor:                       ${demoEmail('auditor', 'nco')}`,
      '  Every body has reporter@<slug>… and security-officer@<slug>.demo.renraku.example.',
      '',
    ].join('\n'),
  );
}

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(async () => {
    const config = loadConfig();
    const services = buildServices(config);
    try {
      const applied = await migrateToLatest(services.handle);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'up to date\n');
      const indexed = await indexPendingReports(services.handle);
      if (indexed > 0) process.stdout.write(`indexed the reports of ${indexed} incidents for sharing\n`);
    } finally {
      await services.close();
    }
  });

program
  .command('demo')
  .description('Load the demo government into an empty database')
  .action(() =>
    withServices(async (services, config) => {
      if (await loadDemo(services)) printDemoLogins(config);
      else process.stdout.write('the database is not empty; nothing loaded\n');
    }),
  );

const org = program.command('org').description('Bodies of the organization tree');
org
  .command('add')
  .description('Add a body')
  .requiredOption('--kind <kind>', 'center, ministry or agency', kind)
  .requiredOption('--slug <slug>', 'short identifier, e.g. meti')
  .requiredOption('--name-ja <name>', 'Japanese name')
  .requiredOption('--name-en <name>', 'English name')
  .option('--parent <slug>', 'supervising ministry (for an agency)')
  .option('--review', 'review agency reports before they go to the center (ministry)')
  .option(
    '--alias <name>',
    'another name of the body (METI, 経産省), hidden by anonymisation; repeatable',
    (v: string, all: string[]) => [...all, v],
    [] as string[],
  )
  .action(
    (o: {
      kind: 'center' | 'ministry' | 'agency';
      slug: string;
      nameJa: string;
      nameEn: string;
      parent?: string;
      review?: boolean;
      alias: string[];
    }) =>
      withServices(async (services) => {
        const row = await inTransaction(services.handle, (unit) =>
          createOrg({
            unit,
            actor: null,
            input: {
              kind: o.kind,
              slug: o.slug,
              nameJa: o.nameJa,
              nameEn: o.nameEn,
              parent: o.parent,
              reviewMode: o.review,
              aliases: o.alias,
            },
            audit: services.audit,
            clock: services.clock,
          }),
        );
        process.stdout.write(`added ${row.kind} ${row.slug}\n`);
      }),
  );

org
  .command('routing')
  .description("Choose whether a ministry reviews its agencies' reports before they go to the center")
  .requiredOption('--slug <slug>', 'the ministry')
  .requiredOption('--review <on|off>', 'on: review first; off: forward at once', (v) => {
    if (v !== 'on' && v !== 'off') throw new InvalidArgumentError('on or off');
    return v;
  })
  .option('--deadline-minutes <n>', 'how long the ministry has before the report goes on by itself', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 7 * 24 * 60) throw new InvalidArgumentError('1 to 10080');
    return n;
  })
  .action((o: { slug: string; review: 'on' | 'off'; deadlineMinutes?: number }) =>
    withServices(async (services) => {
      const row = await inTransaction(services.handle, (unit) =>
        configureRouting({
          unit,
          actor: null,
          slug: o.slug,
          reviewMode: o.review === 'on',
          reviewDeadlineMinutes: o.deadlineMinutes,
          audit: services.audit,
          clock: services.clock,
          maxReviewDeadlineMinutes: services.config.reviewDeadlineMaxMinutes,
        }),
      );
      const minutes = row.review_deadline_minutes ?? services.config.reviewDeadlineMinutes;
      process.stdout.write(
        row.review_mode
          ? `${row.slug} reviews agency reports (deadline ${minutes} min)\n`
          : `${row.slug} forwards at once\n`,
      );
    }),
  );

const user = program.command('user').description('People');
user
  .command('add')
  .description('Add a user to a body')
  .requiredOption('--org <slug>', 'the body')
  .requiredOption(
    '--role <role>',
    'reporter, security-officer, center-analyst, center-coordinator, admin or auditor',
    role,
  )
  .requiredOption('--email <email>', 'login e-mail')
  .option('--name <name>', 'display name')
  .option('--password-stdin', 'read the password from standard input')
  .action((o: { org: string; role: 'reporter'; email: string; name?: string; passwordStdin?: boolean }) =>
    withServices(async (services) => {
      const passwordHash = await preparePassword(o.passwordStdin ? await readStdin() : undefined, {
        inputs: await personalWords(services.handle.db, {
          email: o.email,
          displayName: o.name,
          orgSlug: o.org,
        }),
        locale: 'en',
        minScore: services.config.passwordMinScore,
      });
      const row = await inTransaction(services.handle, (unit) =>
        createUser({
          unit,
          actor: null,
          input: { org: o.org, role: o.role, email: o.email, displayName: o.name },
          deps: services.userDeps,
          passwordHash,
        }),
      );
      process.stdout.write(`added ${row.email} (${row.role}) to ${o.org}\n`);
    }),
  );

const contact = program.command('contact').description("A body's contact structure");
const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: string): T => {
    if (!(values as readonly string[]).includes(v)) throw new InvalidArgumentError(values.join(', '));
    return v as T;
  };
contact
  .command('add')
  .description("Add a contact to a body's structure (last in the escalation order unless --order)")
  .requiredOption('--org <slug>', 'the body')
  .requiredOption('--email <email>', 'where the contact is reached', (v) => {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) || v.length > 254)
      throw new InvalidArgumentError('an e-mail address');
    return v;
  })
  .requiredOption('--role <role>', CONTACT_ROLES.join(', '), oneOf(CONTACT_ROLES))
  .option('--order <n>', 'place in the escalation order, 1 first', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('1 to 1000');
    return n;
  })
  .option('--name <name>', 'person or desk (default: the e-mail)', (v) => {
    if (!/\S/.test(v) || /[\r\n]/.test(v) || v.length > 200)
      throw new InvalidArgumentError('one line of text');
    return v;
  })
  .option('--locale <locale>', 'language of its notifications: ja or en', oneOf(['ja', 'en'] as const))
  .option(
    '--availability <when>',
    '24/7, or business-hours (weekdays 09:00-18:00 in RENRAKU_TIME_ZONE, Japanese holidays off)',
    oneOf(['24/7', 'business-hours'] as const),
  )
  .action(
    (o: {
      org: string;
      email: string;
      role: ContactRole;
      order?: number;
      name?: string;
      locale?: 'ja' | 'en';
      availability?: '24/7' | 'business-hours';
    }) =>
      withServices(async (services) => {
        const w = await inTransaction(services.handle, (unit) =>
          createContact({
            unit,
            actor: null,
            slug: o.org,
            input: {
              name: o.name ?? o.email.toLowerCase(),
              role: o.role,
              email: o.email,
              order: o.order,
              locale: o.locale,
              availability: o.availability,
            },
            deps: services.contactDeps,
          }),
        );
        process.stdout.write(
          `added ${w.contact.email} (${w.contact.role}) to ${w.org.slug} at escalation order ${w.contact.escalation_order}\n`,
        );
      }),
  );

const token = program.command('token').description('API tokens');
token
  .command('create')
  .description('Create an API token; it is printed once, alone on the last line')
  .requiredOption('--email <email>', 'the user the token acts as')
  .option('--name <name>', 'what the token is for', 'cli')
  .action((o: { email: string; name: string }) =>
    withServices(async (services) => {
      const userId = await usersReads.idByEmail(services.handle.db, o.email.toLowerCase());
      if (!userId) throw new CliError(`no user ${o.email}`);
      const t = await inTransaction(services.handle, (unit) =>
        createToken({
          unit,
          actor: null,
          userId,
          name: o.name,
          deps: services.userDeps,
        }),
      );
      process.stderr.write(`token ${t.id} for ${o.email}; it is shown only now:\n`);
      process.stdout.write(`${t.secret}\n`);
    }),
  );

const audit = program.command('audit').description('The audit log');
audit
  .command('verify')
  .description(
    'Check the hash chain against the newest signed anchor; exits 1 naming the first bad row or anchor. With --public-key, as an auditor: only the keys given are trusted, and the HMAC key only if set explicitly',
  )
  .option('--anchor <file>', 'an anchor file to check against (default: the one in RENRAKU_AUDIT_ANCHOR_DIR)')
  .option('--public-key <file>', "the anchors' public key(s), PEM (default: the ones this deployment keeps)")
  .action(async (o: { anchor?: string; publicKey?: string }) => {
    const config = loadConfig();
    const handle = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
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
      });
      if (result.ok) {
        const through = result.anchor
          ? `; anchored through row ${result.anchor.seq} by anchor #${result.anchor.n} of ${result.anchor.at}, ${result.unanchoredRows} rows since`
          : '';
        process.stdout.write(`audit log intact: ${result.rows} rows${through}\n`);
        for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      } else {
        const where = result.seq !== null ? ` at row seq=${result.seq}` : '';
        const anchor = result.anchor !== null ? ` (anchor #${result.anchor})` : '';
        process.stderr.write(`audit log BROKEN${where}${anchor}: ${result.problem}\n`);
        process.exitCode = 1;
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
        process.stdout.write(`anchor #${outcome.anchor.n} covers rows 1..${outcome.anchor.seq}\n`);
      else if (outcome.reason === 'refused') throw new CliError(outcome.detail ?? 'anchoring refused');
      else process.stdout.write('nothing new to anchor\n');
      // The anchor's e-mail and webhook wait in the outbox for the server to send them.
    }),
  );

audit
  .command('public-key')
  .description(
    "Print the public key of the anchors' signing key (created if there is none yet), for auditors",
  )
  .action(() => {
    const key = anchoringKey(loadConfig());
    process.stderr.write(`audit anchor signing key ${key.id}\n`);
    process.stdout.write(publicKeyPem(key.publicKey));
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
      process.stdout.write(
        `the audit anchors are now signed with key ${key.id}${anchor ? ` from anchor #${anchor.n}` : ''}\n`,
      );
      process.stdout.write(publicKeyPem(key.publicKey));
    }),
  );

const anchoringKey = (config: Config) => loadOrCreateSigningKey(anchorSettingsOf(config).signingKeyFile);

class CliError extends Error {}

program.parseAsync(process.argv).catch((e: unknown) => {
  if (isAppError(e)) process.stderr.write(`error: ${e.code}: ${e.message}\n`);
  else if (e instanceof CliError) process.stderr.write(`error: ${e.message}\n`);
  else process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = process.exitCode || 2;
});
