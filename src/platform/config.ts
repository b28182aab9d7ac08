import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** One configuration entry: where it comes from, its default, how it is parsed, and what it means. */
interface Setting<T> {
  env: string;
  doc: string;
  default: T;
  parse: (raw: string) => T;
}

const text = (env: string, def: string, doc: string): Setting<string> => ({
  env,
  doc,
  default: def,
  parse: (raw) => raw,
});
const optionalText = (env: string, doc: string): Setting<string | undefined> => ({
  env,
  doc,
  default: undefined,
  parse: (raw) => (raw === '' ? undefined : raw),
});
const integer = (
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
const flag = (env: string, def: boolean, doc: string): Setting<boolean> => ({
  env,
  doc,
  default: def,
  parse: (raw) => {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    throw new Error(`${env} must be true or false`);
  },
});

const oneOf = <const T extends readonly string[]>(
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

/** Every setting Renraku reads, documented where it is declared; the README table is generated from this. */
export const settings = {
  dataDir: text('RENRAKU_DATA_DIR', './data', 'Folder of the embedded SQLite database and the audit key.'),
  databaseUrl: optionalText(
    'DATABASE_URL',
    'postgres://… switches storage from embedded SQLite to PostgreSQL.',
  ),
  host: text('HOST', '127.0.0.1', 'Address the HTTP server listens on (0.0.0.0 to serve other machines).'),
  port: integer('PORT', 8080, 'HTTP port.', 0, 65535),
  publicUrl: optionalText(
    'RENRAKU_PUBLIC_URL',
    'External URL of the web app, used in links (default http://HOST:PORT).',
  ),
  bodyLimitBytes: integer('RENRAKU_BODY_LIMIT', 1_048_576, 'Largest accepted request body, in bytes.', 1024),
  reportingTargetMinutes: integer(
    'RENRAKU_REPORTING_TARGET_MINUTES',
    60,
    'Reporting target: minutes from detection to the quick report (the center receipt is measured against it too).',
    1,
  ),
  reviewDeadlineMinutes: integer(
    'RENRAKU_REVIEW_DEADLINE_MINUTES',
    60,
    'Default time a ministry in review mode has before an agency report goes to the center by itself.',
    1,
  ),
  clockSkewSeconds: integer(
    'RENRAKU_CLOCK_SKEW_SECONDS',
    300,
    'How far in the future a detection time may lie before it is refused (clock drift of reporters).',
  ),
  sessionTtlMinutes: integer(
    'RENRAKU_SESSION_TTL_MINUTES',
    480,
    'Lifetime of a browser session, in minutes.',
    1,
  ),
  cookieSecure: flag(
    'RENRAKU_COOKIE_SECURE',
    true,
    'Mark session cookies Secure (browsers accept them on localhost).',
  ),
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
  adminChangesConfirmedBy: oneOf(
    'RENRAKU_ADMIN_CHANGES_CONFIRMED_BY',
    ['body', 'second-admin'] as const,
    'body',
    "Who confirms an administrator's change to a body's people (roles) and anyone's change to a body's contacts from outside it: the body's own security officer, or a second administrator.",
  ),
  adminChangesFallback: oneOf(
    'RENRAKU_ADMIN_CHANGES_FALLBACK',
    ['second-admin', 'none'] as const,
    'second-admin',
    'Who confirms when the body has no active security officer besides the requester and the person concerned: a second administrator, or nobody (the change is then refused; the host operator uses the CLI).',
  ),
  adminChangesTtlHours: integer(
    'RENRAKU_ADMIN_CHANGES_TTL_HOURS',
    72,
    'How long a change waits for confirmation, in hours; then it expires and changes nothing.',
    1,
    24 * 30,
  ),
  consentMinAccountAgeDays: integer(
    'RENRAKU_CONSENT_MIN_ACCOUNT_AGE_DAYS',
    7,
    'Consent given by an account, or a role, younger than this many days is flagged on the share (not refused); 0 flags none.',
    0,
    365,
  ),
  sseHeartbeatMs: integer(
    'RENRAKU_SSE_HEARTBEAT_MS',
    15_000,
    'Live stream keep-alive period; at each, the caller is authenticated again (revoked access ends the stream).',
    50,
  ),
  consentFrom: oneOf(
    'RENRAKU_CONSENT_FROM',
    ['ministry', 'agency', 'both'] as const,
    'ministry',
    "Who consents to sharing an agency's report: its supervising ministry (the seed's rule), the agency, or both.",
  ),
  consentDeadlineHours: integer(
    'RENRAKU_CONSENT_DEADLINE_HOURS',
    48,
    'Default time a body has to answer a consent request, in hours; on expiry nothing is shared.',
    1,
    24 * 30,
  ),
  consentReminderHours: integer(
    'RENRAKU_CONSENT_REMINDER_HOURS',
    12,
    'How long before its deadline an unanswered consent request is recalled to the body, in hours.',
    0,
  ),
  escalationMinutes: integer(
    'RENRAKU_ESCALATION_MINUTES',
    15,
    'Minutes a contact has to acknowledge an alert before the next one in escalation order is reached (a rule may say otherwise).',
    1,
    7 * 24 * 60,
  ),
  timeZone: timeZone(
    'RENRAKU_TIME_ZONE',
    'Asia/Tokyo',
    'IANA time zone of calendar days and of the fiscal year (April to March) in statistics.',
  ),
  ssoKeyFile: optionalText(
    'RENRAKU_SSO_KEY_FILE',
    "File of the key that seals identity providers' client secrets in the database; default: generated once into DATA_DIR/sso.key. Keep it apart from database backups; give every node the same.",
  ),
  ssoSecretsDir: optionalText(
    'RENRAKU_SSO_SECRETS_DIR',
    "Folder of client secrets kept out of the database: a file named after a provider's slug holds its secret.",
  ),
  ssoFlowMinutes: integer(
    'RENRAKU_SSO_FLOW_MINUTES',
    10,
    'Minutes a single sign-on may take between leaving for the identity provider and coming back.',
    1,
    60,
  ),
  ssoAllowHttpLoopback: flag(
    'RENRAKU_SSO_ALLOW_HTTP_LOOPBACK',
    false,
    'Accept identity providers at http:// on this machine (127.0.0.1, localhost, [::1]): for tests and trials, never in production.',
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
  logLevel: text('LOG_LEVEL', 'info', 'pino log level (fatal, error, warn, info, debug, trace, silent).'),
  demo: flag('RENRAKU_DEMO', false, 'Load the demo government when the database is empty.'),
} satisfies Record<string, Setting<unknown>>;

type Settings = typeof settings;
export type Config = { [K in keyof Settings]: Settings[K]['default'] };

/** Reads the configuration once, from the given environment; throws a clear message on a bad value. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const out: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(settings) as [string, Setting<unknown>][]) {
    const raw = env[setting.env];
    out[key] = raw === undefined ? setting.default : setting.parse(raw);
  }
  const config = { ...(out as Config), ...overrides };
  config.dataDir = resolve(config.dataDir);
  return config;
}

/** The audit HMAC key: from the configuration, or generated once into the data folder. */
export function resolveAuditKey(config: Config): Buffer {
  if (config.auditKey) return Buffer.from(config.auditKey, 'utf8');
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const file = join(config.dataDir, 'audit.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
}

export function publicUrl(config: Config): string {
  const loopback = ['127.0.0.1', '0.0.0.0', '::1', '::'].includes(config.host);
  return config.publicUrl ?? `http://${loopback ? 'localhost' : config.host}:${config.port}`;
}
