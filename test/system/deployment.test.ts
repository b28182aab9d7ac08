import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApp, TEST_AUDIT_KEY, type TestApp } from '../support/harness.js';
import { runNginx, type ServerNode, startNode } from '../support/nodes.js';
import { type SmtpReceiver, startSmtpReceiver, waitUntil } from '../support/smtp.js';
import { openStream } from '../support/sse.js';
import { freePort, startThrowawayPostgres } from '../support/throwaway-postgres.js';

// The deployment the README points to (issue 16, point 7), each example file of deploy/ exercised as far as this
// machine allows: the systemd unit checked by systemd's own verifier; a node started with the environment file
// (only addresses, paths and secrets replaced; its key files made by the openssl commands it prints); the nginx
// configuration run as written in front of that node with a certificate of the test's own (TLS, HTTP/2, the
// redirect, the live stream, the client's address, the body limit); PostgreSQL started with the settings file.

const root = resolve(import.meta.dirname, '../..');
const deploy = (file: string) => readFileSync(join(root, 'deploy', file), 'utf8');

/** `text` with `from` replaced by `to`, failing when `from` is not there: the example and this test move together. */
function replaced(text: string, from: string | RegExp, to: string): string {
  expect(text, `deploy/ no longer has ${String(from)}`).toMatch(
    typeof from === 'string' ? new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : from,
  );
  return text.replace(from, to);
}

/** KEY=VALUE lines of a systemd EnvironmentFile (comments and blank lines skipped). */
function environmentFile(text: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m?.[1]) throw new Error(`not a KEY=VALUE line: ${line}`);
    settings.set(m[1], m[2] ?? '');
  }
  return settings;
}

describe('the deployment examples of deploy/', { timeout: 120_000 }, () => {
  const cleanups: (() => unknown)[] = [];
  let scratch: string;
  let t: TestApp;
  let smtp: SmtpReceiver;
  let node: ServerNode;
  let nginx: { errors(): string; stop(): Promise<void> };
  let httpPort: number;
  let httpsPort: number;
  let tls: Agent;
  let analystHeaders: Record<string, string>;
  let reporterHeaders: Record<string, string>;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'renraku-deploy-'));
    cleanups.push(() => rmSync(scratch, { recursive: true, force: true }));
    t = await startTestApp('postgres', { start: new Date().toISOString() });
    cleanups.push(() => t.close());
    const g = await t.government();
    analystHeaders = g.analyst.headers;
    reporterHeaders = g.agencyReporter.headers;
    smtp = await startSmtpReceiver();
    cleanups.push(() => smtp.close());

    // The key files, made by the commands the environment file prints (in a folder of the test's, not /etc).
    const envText = deploy('renraku.env');
    const keys = join(scratch, 'keys');
    execFileSync('mkdir', ['-p', keys]);
    const commands = envText
      .split('\n')
      .map((l) => /^#\s+(openssl .*)$/.exec(l)?.[1])
      .filter((c): c is string => c !== undefined);
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const c of commands) execFileSync('sh', ['-c', c.replaceAll('/etc/renraku', keys)]);
    // The audit key must be the one the test's own rows were chained with (the file holds a key like it).
    expect(readFileSync(join(keys, 'audit.key'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    writeFileSync(join(keys, 'audit.key'), TEST_AUDIT_KEY.toString('utf8'));

    httpPort = await freePort();
    httpsPort = await freePort();
    let env = envText.replaceAll('/etc/renraku', keys);
    const metricsPort = await freePort();
    for (const [key, value] of Object.entries({
      HOST: '127.0.0.1',
      RENRAKU_PUBLIC_URL: `https://127.0.0.1:${httpsPort}`,
      DATABASE_URL: t.handle.url ?? '',
      RENRAKU_DATA_DIR: t.config.dataDir,
      RENRAKU_TRUST_PROXY: '127.0.0.1',
      RENRAKU_SMTP_URL: smtp.url,
      RENRAKU_METRICS_LISTEN: `127.0.0.1:${metricsPort}`,
    }))
      env = replaced(env, new RegExp(`^${key}=.*$`, 'm'), `${key}=${value}`);
    node = await startNode({
      cliPath: inject('cliPath'),
      dataDir: t.config.dataDir,
      smtpUrl: smtp.url,
      testDefaults: false,
      env: Object.fromEntries(environmentFile(env)),
    });
    cleanups.push(() => node.kill());

    // A certificate of the test's own for 127.0.0.1, and nginx with the example configuration.
    const certs = join(scratch, 'certs');
    execFileSync('mkdir', ['-p', certs]);
    execFileSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(certs, 'privkey.pem'),
      '-out',
      join(certs, 'fullchain.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ]);
    chmodSync(certs, 0o755);
    let conf = deploy('nginx/renraku.conf');
    conf = replaced(
      conf,
      /server 10\.0\.0\.11:8080 max_fails=0;\n\s*server 10\.0\.0\.12:8080 max_fails=0;/,
      `server 127.0.0.1:${node.port} max_fails=0;`,
    );
    conf = replaced(conf, 'listen 80;', `listen 127.0.0.1:${httpPort};`);
    conf = replaced(conf, 'listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`);
    conf = replaced(conf, '/etc/ssl/renraku', certs);
    conf = conf.replaceAll('/etc/ssl/renraku', certs);
    tls = new Agent({ connect: { ca: readFileSync(join(certs, 'fullchain.pem')) }, allowH2: true });
    cleanups.push(() => tls.close());
    nginx = await runNginx(
      () => conf,
      `https://127.0.0.1:${httpsPort}/healthz`,
      (url) => undiciFetch(url, { dispatcher: tls }),
    );
    const running = nginx;
    cleanups.push(() => running.stop());
  }, 120_000);

  afterAll(async () => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
  });

  const https = (path: string) => `https://127.0.0.1:${httpsPort}${path}`;

  it('the environment file names only documented settings', () => {
    const documented = new Set(
      [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map(
        (m) => m[1],
      ),
    );
    const keys = [...environmentFile(deploy('renraku.env')).keys()];
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.filter((k) => !documented.has(k))).toEqual([]);
  });

  it('the systemd unit passes systemd-analyze verify and starts the command the node runs', () => {
    const unit = deploy('systemd/renraku.service');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node \/opt\/renraku\/bin\/renraku\.js serve$/m);
    expect(existsSync(join(root, 'bin', 'renraku.js'))).toBe(true);
    expect(unit).toMatch(/^EnvironmentFile=\/etc\/renraku\/renraku\.env$/m);
    expect(unit).toMatch(/^StateDirectory=renraku$/m);
    // verify needs the program to exist: the node running this test stands in for /usr/bin/node.
    const file = join(scratch, 'renraku.service');
    writeFileSync(file, unit.replace('/usr/bin/node', process.execPath));
    const verified = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
    expect(verified.error, 'systemd-analyze is needed: apt-get install systemd').toBeUndefined();
    const complaints = `${verified.stdout}${verified.stderr}`.split('\n').filter((l) => l.includes(file));
    expect(complaints).toEqual([]);
    expect(verified.status).toBe(0);
  });

  it('plain HTTP sends to the same address over HTTPS', async () => {
    const res = await fetch(`http://127.0.0.1:${httpPort}/incidents?from=mail`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('https://127.0.0.1/incidents?from=mail');
  });

  it('HTTPS: health, one HSTS header, no version, Renraku’s own headers; /metrics closed', async () => {
    const health = await undiciFetch(https('/healthz'), { dispatcher: tls });
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    // HSTS comes from Renraku, once: nginx must not add a second, different one.
    expect(health.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(health.headers.get('server')).toBe('nginx');
    const page = await undiciFetch(https('/'), { dispatcher: tls });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const metrics = await undiciFetch(https('/metrics'), { dispatcher: tls });
    expect(metrics.status).toBe(404);
    expect(await metrics.text()).not.toContain('renraku_');
  });

  it('a live stream over TLS gets each event as it happens, while it stays open', async () => {
    const stream = await openStream(
      https('/api/v1/events'),
      analystHeaders,
      (url, init) =>
        undiciFetch(url, { ...(init as object), dispatcher: tls }) as unknown as Promise<Response>,
    );
    let ended = false;
    void stream.ended.then(() => {
      ended = true;
    });
    try {
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      const filed = await undiciFetch(https('/api/v1/incidents'), {
        dispatcher: tls,
        method: 'POST',
        headers: { ...reporterHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: `配備 ${randomUUID()}`,
          summary: '外部への不審な通信を検知した。',
          detectedAt: new Date().toISOString(),
        }),
      });
      expect(filed.status).toBe(201);
      const id = ((await filed.json()) as { id: string }).id;
      await stream.waitFor((f) => f.data.incidentId === id, 10_000);
      expect(ended).toBe(false);
    } finally {
      await stream.close();
    }
  });

  it('the client’s address is the one nginx saw; an X-Forwarded-For the client sends is replaced', async () => {
    const from = new Agent({
      connect: { ca: readFileSync(join(scratch, 'certs', 'fullchain.pem')) },
      localAddress: '127.0.0.5',
    });
    try {
      const email = `nobody-${randomUUID()}@guess.test`;
      const res = await undiciFetch(https('/api/v1/session'), {
        dispatcher: from,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' },
        body: JSON.stringify({ email, password: 'not-the-password-at-all' }),
      });
      expect(res.status).toBe(401);
      const rows = (
        await t.handle.db
          .selectFrom('audit_log')
          .select('detail')
          .where('action', '=', 'session.login_failed')
          .execute()
      )
        .map((r) => JSON.parse(r.detail) as { email?: string; address?: string })
        .filter((d) => d.email === email);
      expect(rows.map((r) => r.address)).toEqual(['127.0.0.5']);
    } finally {
      await from.close();
    }
  });

  it('a body over Renraku’s limit gets Renraku’s 413 problem, not a page of nginx', async () => {
    const res = await undiciFetch(https('/api/v1/session'), {
      dispatcher: tls,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.status, nginx.errors()).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(nginx.errors()).not.toMatch(/\[(emerg|alert|crit)\]/);
  });

  it('PostgreSQL starts with the settings file, applies every line of it, and archives its WAL', async () => {
    const archive = join(scratch, 'wal-archive');
    execFileSync('mkdir', ['-p', archive]);
    chmodSync(archive, 0o777);
    const conf = join(scratch, 'renraku-postgresql.conf');
    const text = replaced(deploy('postgresql/renraku.conf'), /\/var\/lib\/postgresql\/wal-archive/g, archive);
    writeFileSync(conf, text);
    chmodSync(conf, 0o644);
    chmodSync(scratch, 0o755);
    const pg = await startThrowawayPostgres({ durable: true, include: conf });
    const { Client } = (await import('pg')).default;
    const client = new Client({ connectionString: pg.url });
    try {
      await client.connect();
      const lines = text.split('\n').filter((l) => /^[a-z_]+\s*=/.test(l));
      const { rows } = await client.query<{ name: string; applied: boolean; error: string | null }>(
        'select name, applied, error from pg_file_settings where sourcefile = $1',
        [conf],
      );
      expect(rows).toHaveLength(lines.length);
      expect(rows.filter((r) => !r.applied || r.error)).toEqual([]);
      expect((await client.query('show fsync')).rows[0]).toEqual({ fsync: 'on' });
      // A segment of write-ahead log finished: archive_command copies it.
      await client.query('create table t (x int); insert into t values (1)');
      await client.query('select pg_switch_wal()');
      await waitUntil(() => readdirSync(archive).length > 0, 20_000, 'a WAL segment in the archive');
    } finally {
      await client.end().catch(() => undefined);
      pg.stop();
    }
  });
});
