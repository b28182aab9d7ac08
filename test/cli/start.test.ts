import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain script of the project, without types.
import { PARTS, recordBuilt, staleParts } from '../../scripts/build-if-changed.mjs';

// What `npm start` does before the server: it builds only what changed, and a port already taken stops it at
// once with the way to choose another.

const root = resolve(import.meta.dirname, '../..');

describe('starting on a port that is taken', () => {
  let holder: Server;
  let port: number;

  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((done) => holder.listen({ host: '127.0.0.1', port: 0 }, done));
    port = (holder.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((done) => holder.close(() => done())));

  it('says so, names PORT, and exits non-zero before loading the server', () => {
    const started = Date.now();
    const r = spawnSync(process.execPath, [join(root, 'bin', 'renraku.js'), 'serve', '--demo'], {
      env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(r.stderr).toContain(`PORT=${port + 1} npm start`);
    // Nothing of the server ran: no log line, no "ready", no database, well before a server could start.
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('building only what changed', () => {
  const project = mkdtempSync(join(tmpdir(), 'renraku-build-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), text);
  };
  const stale = () => (staleParts(project) as { name: string }[]).map((p) => p.name);
  const built = () => {
    for (const part of PARTS) {
      write(part.output, 'built');
      recordBuilt(project, part);
    }
  };

  beforeAll(() => {
    for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'])
      write(f, '{}');
    write('src/app.ts', 'export const a = 1;');
    write('web/index.html', '<!doctype html>');
    write('web/src/main.tsx', 'export {};');
  });

  it('builds both parts when nothing was built, and neither once both are built from what is on disk', () => {
    expect(stale()).toEqual(['server', 'web app']);
    built();
    expect(stale()).toEqual([]);
  });

  it('a changed source rebuilds its part only; a shared input both; a new file counts', () => {
    built();
    write('src/app.ts', 'export const a = 2;');
    expect(stale()).toEqual(['server']);
    built();
    write('web/src/new.ts', 'export {};');
    expect(stale()).toEqual(['web app']);
    built();
    write('package-lock.json', '{"lockfileVersion":3}');
    expect(stale()).toEqual(['server', 'web app']);
  });

  it('a touched file with the same content builds nothing; a missing output builds its part', () => {
    built();
    const later = new Date(Date.now() + 3_600_000);
    utimesSync(join(project, 'src/app.ts'), later, later);
    expect(stale()).toEqual([]);
    write('src/app.ts', 'export const a = 2;');
    expect(stale()).toEqual([]);
    rmSync(join(project, 'dist/web/index.html'));
    expect(stale()).toEqual(['web app']);
  });

  it('a server file the web app bundled (as its last build listed) rebuilds the web app too', () => {
    write('src/vocabulary.ts', 'export const SEVERITIES = [];');
    write('src/other.ts', 'export {};');
    write('dist/.web-sources.json', JSON.stringify(['src/vocabulary.ts']));
    built();
    write('src/vocabulary.ts', "export const SEVERITIES = ['low'];");
    expect(stale()).toEqual(['server', 'web app']);
    built();
    write('src/other.ts', 'export const b = 1;');
    expect(stale()).toEqual(['server']);
  });
});
