// Renraku nodes as an operator runs them (`renraku serve`, each a process of its own) and nginx from Debian in
// front of them, for the tests and benches of several nodes on one database and of a server killed mid-load.
// Whoever starts one stops it (stop/kill), also on failure.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_AUDIT_KEY, TEST_PASSWORD_HASH_ENV } from './harness.js';
import { freePort } from './throwaway-postgres.js';

export interface ServerNode {
  child: ChildProcess;
  port: number;
  origin: string;
  exited: Promise<void>;
  /** SIGKILL: the process dies where it stands. */
  kill(): Promise<void>;
  /** SIGTERM: the server closes as on a deployment's restart. */
  stop(): Promise<void>;
}

export interface NodeOptions {
  /** The compiled command line (vitest's `cliPath`, or dist/cli/main.js). */
  cliPath: string;
  /** PostgreSQL; SQLite in `dataDir` when absent. */
  databaseUrl?: string | undefined;
  dataDir: string;
  smtpUrl: string;
  /** More settings (RENRAKU_*), over the defaults below. */
  env?: Record<string, string>;
  /**
   * false: none of the tests' settings below (audit key, outbox claims, anchors, log level…), only `env` — a node
   * as an operator's environment file starts it. The port is still chosen here; `dataDir` and `smtpUrl` are
   * then the caller's to put in `env`.
   */
  testDefaults?: boolean;
}

/** Starts `renraku serve` on a free loopback port and resolves once it says it is ready. */
export async function startNode(options: NodeOptions): Promise<ServerNode> {
  const port = await freePort();
  const base: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    // Hashing passwords at the production cost would make every test log-in slow; nothing else depends on it.
    ...TEST_PASSWORD_HASH_ENV,
  };
  const env: Record<string, string | undefined> =
    options.testDefaults === false
      ? { ...base, ...options.env, PORT: String(port) }
      : {
          ...base,
          RENRAKU_AUDIT_KEY: TEST_AUDIT_KEY.toString('utf8'),
          RENRAKU_SMTP_URL: options.smtpUrl,
          // A killed node's claims on outbox items expire after this, not the default minute: tests wait for them.
          RENRAKU_OUTBOX_CLAIM_SECONDS: '10',
          RENRAKU_AUDIT_ANCHOR_DIR: 'off',
          RENRAKU_DATA_DIR: options.dataDir,
          HOST: '127.0.0.1',
          PORT: String(port),
          LOG_LEVEL: 'silent',
          ...options.env,
        };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const child = spawn(process.execPath, ['--enable-source-maps', options.cliPath, 'serve'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('Renraku is ready at')) resolve();
      });
      void exited.then(() => reject(new Error(`the server exited before it was ready: ${out}`)));
    });
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  const signal = (name: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return {
    child,
    port,
    origin: `http://127.0.0.1:${port}`,
    exited,
    kill: signal('SIGKILL'),
    stop: signal('SIGTERM'),
  };
}

export interface Nginx {
  origin: string;
  port: number;
  /** The address nginx connects to the nodes from (its `proxy_bind`): the one address nodes trust. */
  proxyAddress: string;
  /** nginx's master process (its worker is a child of it). */
  pid: number | undefined;
  /** nginx's error log so far. */
  errors(): string;
  stop(): Promise<void>;
}

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'];

/**
 * nginx from Debian as the nodes' reverse proxy, in the foreground as a child process, with its configuration,
 * logs, pid and temporary files in a scratch folder: round robin over `upstreams` (loopback ports), the live
 * stream passed through unbuffered, the client's address appended to X-Forwarded-For, and connections to the
 * nodes made from `proxyAddress` (127.0.0.2), so that a node can trust nginx and nobody else on loopback.
 * Each answer says which node served it (X-Renraku-Upstream), for tests that must know.
 */
export async function startNginx(upstreams: number[], proxyAddress = '127.0.0.2'): Promise<Nginx> {
  const port = await freePort();
  const nginx = await runNginx(
    () => `  upstream renraku {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=0;`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 20m;
    location / {
      proxy_pass http://renraku;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_bind ${proxyAddress};
      # The live stream: every event as it comes, and a stream open for as long as the client holds it.
      proxy_buffering off;
      proxy_read_timeout 1h;
      add_header X-Renraku-Upstream $upstream_addr always;
    }
  }
`,
    `http://127.0.0.1:${port}/healthz`,
  );
  return { origin: `http://127.0.0.1:${port}`, port, proxyAddress, ...nginx };
}

/**
 * Debian's nginx in the foreground, with `http(dir)` as its http context (the server blocks; `dir` is a scratch
 * folder for anything the configuration writes) and everything else in that folder; ready once `readyUrl` answers
 * at all (the upstreams may not be up yet). `fetchReady` reaches it (e.g. over TLS with a test's CA).
 */
export async function runNginx(
  http: (dir: string) => string,
  readyUrl: string,
  fetchReady: (url: string) => Promise<unknown> = fetch,
): Promise<{ pid: number | undefined; errors(): string; stop(): Promise<void> }> {
  const binary = NGINX.find((p) => existsSync(p));
  if (!binary) throw new Error('nginx is needed: apt-get install nginx');
  const dir = mkdtempSync(join(tmpdir(), 'renraku-nginx-'));
  // nginx's workers drop root for nobody: they must write their temporary files here.
  chmodSync(dir, 0o777);
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(join(dir, sub));
    chmodSync(join(dir, sub), 0o777);
  }
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${http(dir)}
}
`,
  );
  const child = spawn(binary, ['-c', conf, '-p', dir, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errors = () => {
    const log = join(dir, 'error.log');
    return stderr + (existsSync(log) ? readFileSync(log, 'utf8') : '');
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready once it answers on its port (any answer: the nodes may not be up yet).
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      const why = errors();
      await stop();
      throw new Error(`nginx exited: ${why}`);
    }
    try {
      await fetchReady(readyUrl);
      break;
    } catch {
      if (Date.now() > deadline) {
        const why = errors();
        await stop();
        throw new Error(`nginx did not answer: ${why}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { pid: child.pid, errors, stop };
}
