import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function findBin(name: string): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    for (const v of readdirSync(root).sort((a, b) => Number(b) - Number(a))) {
      const p = join(root, v, 'bin', name);
      if (existsSync(p)) return p;
    }
  }
  const which = spawnSync('which', [name], { encoding: 'utf8' });
  if (which.status === 0) return which.stdout.trim();
  throw new Error(
    'PostgreSQL is needed: install it (apt-get install postgresql) or give the URL of a server to use.',
  );
}

/** A TCP port on loopback that nothing listens on now. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

/**
 * A throw-away PostgreSQL cluster from the installed binaries, on loopback, removed by `stop`. `durable: false`
 * turns fsync off, for tests; the benchmark keeps PostgreSQL's default durability.
 */
export async function startThrowawayPostgres(options: {
  durable: boolean;
  maxConnections?: number;
  /** A settings file the cluster's postgresql.conf includes (readable by the postgres user). */
  include?: string;
}) {
  const initdb = findBin('initdb');
  const pgCtl = findBin('pg_ctl');
  const dir = mkdtempSync(join(tmpdir(), 'renraku-pg-'));
  chmodSync(dir, 0o777);
  // PostgreSQL refuses to run as root; run it as the postgres user the package created.
  const run = (cmd: string, args: string[]) =>
    process.getuid?.() === 0
      ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' })
      : execFileSync(cmd, args, { stdio: 'pipe' });
  const data = join(dir, 'data');
  run(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
  if (options.include) appendFileSync(join(data, 'postgresql.conf'), `\ninclude '${options.include}'\n`);
  const port = await freePort();
  const settings = [
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}`,
    // An included settings file keeps its own unless the caller says otherwise.
    options.include && options.maxConnections === undefined
      ? ''
      : `-c max_connections=${options.maxConnections ?? 300}`,
    options.durable ? '' : '-c fsync=off',
  ].join(' ');
  run(pgCtl, ['-D', data, '-l', join(dir, 'log'), '-w', '-o', settings, 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(pgCtl, ['-D', data, '-m', options.durable ? 'fast' : 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
