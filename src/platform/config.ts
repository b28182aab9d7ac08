import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { STATEMENT_CACHE_SIZE } from './db/pg-statements.js';

/** One configuration entry: where it comes from, its default, how it is parsed, and what it means. */
export interface Setting<T> {
  env: string;
  doc: string;
  default: T;
  parse: (raw: string) => T;
}

export const text = (env: string, def: string, doc: string): Setting<string> => ({
  env,
  doc,
  default: def,
  parse: (raw) => raw,
});
export const optionalText = (env: string, doc: string): Setting<string | undefined> => ({
  env,
  doc,
  default: undefined,
  parse: (raw) => (raw === '' ? undefined : raw),
});
export const integer = (
  env: string,
  def: number,
  doc: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): Setting<number> => ({
  env,
  doc,
  default: def,
  parse: (raw) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`${env} must be an integer in [${min}, ${max}]`);
    return n;
  },
});
export const flag = (env: string, def: boolean, doc: string): Setting<boolean> => ({
  env,
  doc,
  default: def,
  parse: (raw) => {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    throw new Error(`${env} must be true or false`);
  },
});

export const oneOf = <const T extends readonly string[]>(
  env: string,
  values: T,
  def: T[number],
  doc: string,
): Setting<T[number]> => ({
  env,
  doc: `${doc} One of: ${values.join(', ')}.`,
  default: def,
  parse: (raw) => {
    if (!values.includes(raw)) throw new Error(`${env} must be one of ${values.join(', ')}`);
    return raw as T[number];
  },
});

const timeZone = (env: string, def: string, doc: string): Setting<string> => ({
  env,
  doc,
  default: def,
  parse: (raw) => {
    try {
      return new Intl.DateTimeFormat('en', { timeZone: raw }).resolvedOptions().timeZone;
    } catch {
      throw new Error(`${env} must be an IANA time zone such as Asia/Tokyo`);
    }
  },
});

const smtpUrl = (env: string, doc: string): Setting<string | undefined> => ({
  env,
  doc,
  default: undefined,
  parse: (raw) => {
    if (raw === '') return undefined;
    if (!/^smtps?:\/\/[^/]/.test(raw)) throw new Error(`${env} must be an smtp:// or smtps:// URL`);
    return raw;
  },
});

const emailList = (env: string, doc: string): Setting<string[] | undefined> => ({
  env,
  doc,
  default: undefined,
  parse: (raw) => {
    const list = raw
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== '');
    for (const a of list)
      if (!/^[^\s@,<>]+@[^\s@,<>]+\.[^\s@,<>]+$/.test(a) || a.length > 254)
        throw new Error(`${env} must be e-mail addresses separated by commas`);
    return list.length ? list : undefined;
  },
});

const httpsUrl = (env: string, doc: string): Setting<string | undefined> => ({
  env,
  doc,
  default: undefined,
  parse: (raw) => {
    if (raw === '') return undefined;
    if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol))
      throw new Error(`${env} must be an https:// URL`);
    return raw;
  },
});

const secretText = (env: string, doc: string, minLength: number): Setting<string | undefined> => ({
  env,
  doc,
  default: undefined,
  parse: (raw) => {
    if (raw === '') return undefined;
    if (raw.length < minLength || /\s/.test(raw))
      throw new Error(`${env} must be at least ${minLength} characters, without spaces`);
    return raw;
  },
});

const hostPort = (env: string, doc: string): Setting<{ host: string; port: number } | undefined> => ({
  env,
  doc,
  default: undefined,
  parse: (raw) => {
    if (raw === '') return undefined;
    const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]+)):(\d{1,5})$/.exec(raw);
    const port = Number(m?.[3]);
    if (!m || port > 65535) throw new Error(`${env} must be host:port, e.g. 127.0.0.1:9464 or [::1]:9464`);
    return { host: (m[1] ?? m[2]) as string, port };
  },
});

const portList = (env: string, def: number[], doc: string): Setting<number[]> => ({
  env,
  doc,
  default: def,
  parse: (raw) => {
    const ports = raw
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map(Number);
    if (ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535))
      throw new Error(`${env} must be port numbers separated by commas`);
    return [...new Set([443, ...ports])];
  },
});

const MFA_ROLES = [
  'reporter',
  'security-officer',
  'center-analyst',
  'center-coordinator',
  'admin',
  'auditor',
] as const;

const roleList = (env: string, def: readonly string[], doc: string): Setting<readonly string[]> => ({
  env,
  doc,
  default: def,
  parse: (raw) => {
    if (/^\s*none\s*$/i.test(raw)) return [];
    const roles = raw
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    const unknown = roles.filter((r) => !(MFA_ROLES as readonly string[]).includes(r));
    if (roles.length === 0 || unknown.length > 0)
      throw new Error(`${env} must be "none" or roles separated by commas (${MFA_ROLES.join(', ')})`);
    return roles;
  },
});

/** Hops (a number) or proxy addresses and networks (CIDR), as Fastify's trustProxy takes them. */
const trustProxy = (env: string, doc: string): Setting<number | string[] | undefined> => ({
  env,
  doc,
  default: undefined,
  parse: (raw) => {
    if (raw.trim() === '') return undefined;
    if (/^\d+$/.test(raw.trim())) {
      const hops = Number(raw);
      if (hops < 1 || hops > 10) throw new Error(`${env} as a hop count must be from 1 to 10`);
      return hops;
    }
    const entries = raw
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    for (const entry of entries) {
      const [address, bits, extra] = entry.split('/');
      const family = isIP(address ?? '');
      const max = family === 4 ? 32 : 128;
      if (!family || extra !== undefined || (bits !== undefined && !/^\d+$/.test(bits)) || Number(bits) > max)
        throw new Error(`${env} must be a hop count or addresses / CIDR networks separated by commas`);
    }
    return entries;
  },
});

/**
 * The platform's settings, documented where they are declared. Each feature declares its own beside its code
 * (`src/features/<x>/<x>.config.ts`); `src/config.ts` assembles them all, and the README table lists them all.
 */
export const platformSettings = {
  dataDir: text('RENRAKU_DATA_DIR', './data', 'Folder of the embedded SQLite database and the audit key.'),
  databaseUrl: optionalText(
    'DATABASE_URL',
    'postgres://… switches storage from embedded SQLite to PostgreSQL.',
  ),
  databaseStatementCache: integer(
    'DATABASE_STATEMENT_CACHE',
    STATEMENT_CACHE_SIZE,
    'PostgreSQL: statements each connection keeps prepared (the texts it runs most); 0 behind a pooler in transaction mode that cannot carry them (PgBouncer before 1.21).',
    0,
    10_000,
  ),
  host: text('HOST', '127.0.0.1', 'Address the HTTP server listens on (0.0.0.0 to serve other machines).'),
  port: integer('PORT', 8080, 'HTTP port.', 0, 65535),
  publicUrl: optionalText(
    'RENRAKU_PUBLIC_URL',
    'External URL of the web app, used in links (default http://HOST:PORT).',
  ),
  bodyLimitBytes: integer('RENRAKU_BODY_LIMIT', 1_048_576, 'Largest accepted request body, in bytes.', 1024),
  auditKey: optionalText(
    'RENRAKU_AUDIT_KEY',
    'HMAC key of the audit chain; default: generated once into DATA_DIR/audit.key. Set it on every node with PostgreSQL.',
  ),
  workerIntervalMs: integer(
    'RENRAKU_WORKER_INTERVAL_MS',
    5000,
    'How often background work (review deadlines, consent deadlines and reminders, escalations) is looked for, in ms.',
    10,
  ),
  idempotencyTtlHours: integer(
    'RENRAKU_IDEMPOTENCY_TTL_HOURS',
    72,
    'How long a POST with an Idempotency-Key is remembered for its retries, in hours.',
    1,
  ),
  timeZone: timeZone(
    'RENRAKU_TIME_ZONE',
    'Asia/Tokyo',
    'IANA time zone of calendar days and of the fiscal year (April to March) in statistics.',
  ),
  webhookAllowLoopback: flag(
    'RENRAKU_WEBHOOK_ALLOW_LOOPBACK',
    false,
    'Accept webhook URLs on this machine (http:// or https:// to 127.0.0.1, localhost, [::1]): for tests and local receivers, never in production.',
  ),
  smtpUrl: smtpUrl(
    'RENRAKU_SMTP_URL',
    'SMTP server of notification e-mail, smtp://user:pass@host:587 (STARTTLS when offered) or smtps://host:465; unset, e-mail stays queued (a warning is logged).',
  ),
  mailFrom: text('RENRAKU_MAIL_FROM', 'renraku@localhost', 'Sender address of notification e-mail.'),
  outboxClaimSeconds: integer(
    'RENRAKU_OUTBOX_CLAIM_SECONDS',
    60,
    'How long a node holds an outbox item it is sending; a node that dies holding it leaves it to the others (or to itself, restarted) after this. A send is abandoned at three quarters of it.',
    10,
    3600,
  ),
  logLevel: text('LOG_LEVEL', 'info', 'pino log level (fatal, error, warn, info, debug, trace, silent).'),
  demo: flag('RENRAKU_DEMO', false, 'Load the demo government when the database is empty.'),
  // The audit chain's keys and anchors, metrics, webhook ports and input bounds (see README, Security).
  auditKeyFile: optionalText(
    'RENRAKU_AUDIT_KEY_FILE',
    'File holding the HMAC key of the audit chain, kept apart from the data (RENRAKU_AUDIT_KEY wins over it); it must exist.',
  ),
  auditSigningKeyFile: optionalText(
    'RENRAKU_AUDIT_SIGNING_KEY_FILE',
    'Ed25519 private key (PEM) that signs the audit anchors; generated on first start when absent (default DATA_DIR/audit-signing.key).',
  ),
  auditAnchorDir: optionalText(
    'RENRAKU_AUDIT_ANCHOR_DIR',
    'Folder of the append-only anchor file (audit-anchors.jsonl) and the public key (audit-signing.pub); off for none (default DATA_DIR/anchors).',
  ),
  auditAnchorRows: integer(
    'RENRAKU_AUDIT_ANCHOR_ROWS',
    1000,
    'Anchor the audit chain once this many rows were added since the last anchor…',
    1,
  ),
  auditAnchorMinutes: integer(
    'RENRAKU_AUDIT_ANCHOR_MINUTES',
    10,
    '…or once its oldest unanchored row is this many minutes old, whichever comes first.',
    1,
    24 * 60,
  ),
  auditSealIntervalMs: integer(
    'RENRAKU_AUDIT_SEAL_INTERVAL_MS',
    200,
    'PostgreSQL: how often the server that leads the sealing of the audit chain seals rows other nodes wrote unsealed, and how often the other servers ask to take over the lead, in ms.',
    10,
    60_000,
  ),
  auditUnsealedMaxSeconds: integer(
    'RENRAKU_AUDIT_UNSEALED_MAX_SECONDS',
    60,
    'PostgreSQL: audit verify fails when an audit row has stayed unsealed (outside the hash chain) longer than this, in seconds.',
    1,
  ),
  auditAnchorEmails: emailList(
    'RENRAKU_AUDIT_ANCHOR_EMAILS',
    "Auditors' e-mail addresses (comma-separated) that receive every anchor, through the outbox.",
  ),
  auditAnchorWebhook: httpsUrl(
    'RENRAKU_AUDIT_ANCHOR_WEBHOOK',
    'URL that receives every anchor as a signed JSON POST, through the outbox (public https, as body webhooks).',
  ),
  auditAnchorWebhookSecret: optionalText(
    'RENRAKU_AUDIT_ANCHOR_WEBHOOK_SECRET',
    "HMAC key of the anchor webhook's X-Renraku-Signature (the anchor carries its own Ed25519 signature).",
  ),
  metricsToken: secretText(
    'RENRAKU_METRICS_TOKEN',
    'Bearer token that /metrics requires (at least 32 characters); without it or RENRAKU_METRICS_LISTEN, /metrics is not served.',
    32,
  ),
  metricsListen: hostPort(
    'RENRAKU_METRICS_LISTEN',
    'Serve /metrics on this separate address (e.g. 127.0.0.1:9464) instead of the public port.',
  ),
  webhookPorts: portList(
    'RENRAKU_WEBHOOK_PORTS',
    [443],
    'Ports webhook URLs may use, comma-separated; 443 is always allowed.',
  ),
  mfaRequiredRoles: roleList(
    'RENRAKU_MFA_REQUIRED_ROLES',
    ['security-officer', 'center-analyst', 'center-coordinator', 'admin', 'auditor'],
    'Roles that must use a second factor (TOTP or a passkey), separated by commas, or none; a user of such a role without one can only enrol one after the password.',
  ),
  trustProxy: trustProxy(
    'RENRAKU_TRUST_PROXY',
    'Reverse proxies whose X-Forwarded-For names the client: a hop count, or their addresses / CIDR networks separated by commas; unset, the connecting address is the client.',
  ),
  passwordHashMemoryKiB: integer(
    'RENRAKU_PASSWORD_HASH_MEMORY_KIB',
    65_536,
    'Memory argon2id spends on hashing one password, in KiB (64 MiB; the least allowed is 8 MiB). Each hash records its own cost, so raising it leaves existing passwords valid.',
    8_192,
    4_194_304,
  ),
  passwordHashPasses: integer(
    'RENRAKU_PASSWORD_HASH_PASSES',
    3,
    'Passes of argon2id over that memory (its time cost), with 4 lanes.',
    1,
    20,
  ),
} satisfies Record<string, Setting<unknown>>;

/** The values a set of settings gives. */
export type SettingsOf<S extends Record<string, Setting<unknown>>> = { [K in keyof S]: S[K]['default'] };

/** One slice of the configuration, typed by its settings: what a part that needs only these is given. */
export function sliceOf<S extends Record<string, Setting<unknown>>>(
  settings: S,
  config: SettingsOf<S>,
): SettingsOf<S> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(settings)) out[key] = config[key as keyof S];
  return out as SettingsOf<S>;
}

/**
 * The whole configuration: the platform's settings here; each feature's are added at the edge, in
 * `src/config.ts`, so that the platform imports no feature.
 */
export interface Config extends SettingsOf<typeof platformSettings> {}

/**
 * Reads the configuration once from the given environment, by every setting given (all of them: `loadConfig`
 * in `src/config.ts`), then runs each slice's checks across its settings; throws a clear message on a bad value.
 */
export function readConfig(
  settings: Record<string, Setting<unknown>>,
  env: Record<string, string | undefined>,
  overrides: Partial<Config>,
  checks: readonly ((config: Config) => void)[] = [],
): Config {
  const out: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(settings)) {
    const raw = env[setting.env];
    out[key] = raw === undefined ? setting.default : setting.parse(raw);
  }
  const config = { ...(out as unknown as Config), ...overrides };
  config.dataDir = resolve(config.dataDir);
  for (const check of checks) check(config);
  return config;
}

/**
 * The audit HMAC key: RENRAKU_AUDIT_KEY, else RENRAKU_AUDIT_KEY_FILE (which must exist: a mistyped path must
 * not start a new key, under which the chain would no longer verify), else generated once into the data folder.
 */
export function resolveAuditKey(config: Config): Buffer {
  const found = findAuditKey(config);
  if (found) return found;
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const file = join(config.dataDir, 'audit.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
}

/** The audit HMAC key where one is configured or kept, without ever creating one (verification). */
export function findAuditKey(config: Config, options: { explicitOnly?: boolean } = {}): Buffer | undefined {
  if (config.auditKey) return Buffer.from(config.auditKey, 'utf8');
  if (config.auditKeyFile) {
    if (!existsSync(config.auditKeyFile))
      throw new Error(`RENRAKU_AUDIT_KEY_FILE ${config.auditKeyFile} does not exist`);
    const key = readFileSync(config.auditKeyFile, 'utf8').trim();
    if (key.length < 16) throw new Error(`RENRAKU_AUDIT_KEY_FILE ${config.auditKeyFile} holds no usable key`);
    return Buffer.from(key, 'utf8');
  }
  const file = join(config.dataDir, 'audit.key');
  if (options.explicitOnly || !existsSync(file)) return undefined;
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
}

/** Where the Ed25519 key that signs audit anchors is kept. */
export const auditSigningKeyPath = (config: Config): string =>
  resolve(config.auditSigningKeyFile ?? join(config.dataDir, 'audit-signing.key'));

/** The folder of the anchor file and the public key, or undefined when anchors go to no file. */
export const auditAnchorDirOf = (config: Config): string | undefined =>
  config.auditAnchorDir === 'off'
    ? undefined
    : resolve(config.auditAnchorDir ?? join(config.dataDir, 'anchors'));

export function publicUrl(config: Config): string {
  const loopback = ['127.0.0.1', '0.0.0.0', '::1', '::'].includes(config.host);
  return config.publicUrl ?? `http://${loopback ? 'localhost' : config.host}:${config.port}`;
}
