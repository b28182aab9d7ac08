import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { anchorsRepository } from '../../src/platform/audit/anchor.repository.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { renrakuInProcess } from '../support/cli.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';
import { startTestApp, TEST_AUDIT_KEY, TEST_PASSWORD_HASH_ENV } from '../support/harness.js';

// `renraku backup` while the server takes reports, and `renraku restore` into an empty deployment: everything
// answered before the backup began is there with its deliveries and readers, the audit chain verifies against
// the restored key and anchors, and a restore refuses what is not an untouched backup or a target that is not
// empty. The backup runs as a process of its own, so that reports are filed while it copies.

/** `renraku ARGS` as a process, without blocking this one (the reports go on being filed meanwhile). */
function renrakuProcess(env: Record<string, string>, args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      ['--enable-source-maps', inject('cliPath'), ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          ...TEST_PASSWORD_HASH_ENV,
          ...env,
        },
      },
      (error, stdout, stderr) =>
        done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.each(DIALECTS)('backup and restore on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let env: Record<string, string>;
  const root = mkdtempSync(join(tmpdir(), 'renraku-backup-test-'));
  const file = join(root, 'renraku.backup.tar.gz');
  /** Incidents answered 201 before the backup began, and all answered by the time it ended. */
  const before: string[] = [];
  const answered: string[] = [];
  let backup: { code: number; stdout: string; stderr: string };
  const cleanups: (() => Promise<void>)[] = [];

  /** A new deployment with an empty database (of this dialect unless named): its environment. */
  async function emptyDeployment(name: string, of = dialect): Promise<Record<string, string>> {
    const fresh: Record<string, string> = { RENRAKU_DATA_DIR: join(root, name), LOG_LEVEL: 'silent' };
    if (of === 'postgres') {
      const db = await createTestDatabase('postgres', { migrate: false });
      cleanups.push(() => db.destroy());
      fresh.DATABASE_URL = db.url;
    }
    return fresh;
  }

  beforeAll(async () => {
    t = await startTestApp(dialect);
    // The deployment's data folder: on SQLite the folder of its database file; the audit key in a file there.
    const dataDir = dialect === 'sqlite' ? dirname(t.handle.url) : join(root, 'source');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'audit.key'), TEST_AUDIT_KEY.toString('utf8'), { mode: 0o600 });
    env = {
      RENRAKU_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ...(dialect === 'postgres' ? { DATABASE_URL: t.handle.url } : {}),
    };
    const center = await t.org('center');
    await t.user(center, 'center-analyst');
    const ministry = await t.org('ministry');
    const reporter = await t.user(ministry, 'reporter');
    for (let i = 0; i < 5; i++) before.push((await t.fileIncident(reporter, { title: `報告 ${i}` })).id);
    // A signed anchor of the chain so far, in the deployment's anchor folder.
    const anchored = await renrakuInProcess(env, ['audit', 'anchor']);
    expect(anchored.code, anchored.stderr).toBe(0);
    answered.push(...before);

    if (dialect === 'postgres') {
      // PostgreSQL writes audit rows unsealed and seals them after commit. With the sealing stopped, a report
      // filed now is committed, answered, and in the backup unsealed: what a backup taken between a commit and
      // its sealing holds (it happened at random before; restore must seal it).
      await t.services.auditSealer.stop();
      answered.push((await t.fileIncident(reporter, { title: '封印前' })).id);
      const { count } = await anchorsRepository.unsealed(t.handle.db);
      expect(count).toBeGreaterThan(0);
    }

    let filing = true;
    const filer = (async () => {
      for (let i = 0; filing; i++) answered.push((await t.fileIncident(reporter, { title: `並行 ${i}` })).id);
    })();
    backup = await renrakuProcess(env, ['backup', '--to', file]);
    filing = false;
    await filer;
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    for (const c of cleanups.reverse()) await c();
  });

  it('writes one file, readable only by its owner, listing what it holds', async () => {
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(new RegExp(`^backup written: ${file} \\(${dialect}, \\d+ bytes`));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const names: string[] = [];
    await tar.list({ file, onReadEntry: (e) => void names.push(e.path) });
    const database = dialect === 'sqlite' ? 'database.sqlite' : 'database.pgdump';
    for (const part of ['renraku-backup.json', database, 'secrets/audit.key', 'secrets/audit-signing.key'])
      expect(names).toContain(part);
    expect(names.filter((n) => n.startsWith('anchors/')).length).toBeGreaterThan(0);
    expect(
      names.every((n) => /^(renraku-backup\.json|database\.\w+|secrets\/[\w.-]+|anchors\/[\w.-]+)$/.test(n)),
    ).toBe(true);
    // Filed while it ran: the backup did not stop the server.
    expect(answered.length).toBeGreaterThan(before.length);
  });

  it('refuses to write over a file', async () => {
    const r = await renrakuInProcess(env, ['backup', '--to', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists');
  });

  it('restores into an empty deployment: every report answered before it began, whole, and an intact audit chain', async () => {
    const target = await emptyDeployment('restored');
    const r = await renrakuInProcess(target, ['restore', '--from', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(target.RENRAKU_DATA_DIR as string, 'audit.key'), 'utf8')).toBe(
      TEST_AUDIT_KEY.toString('utf8'),
    );
    expect(statSync(join(target.RENRAKU_DATA_DIR as string, 'audit.key')).mode & 0o777).toBe(0o600);
    // The rows the copy held unsealed are sealed by the restore, with the restored key: nothing is left waiting.
    if (dialect === 'postgres') expect(r.stdout).toMatch(/^sealed \d+ audit rows the backup held/m);
    expect(r.stderr).not.toContain('not sealed');
    const verified = await renrakuInProcess(target, ['audit', 'verify']);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^audit log intact: \d+ rows; anchored through row \d+/);
    expect(verified.stdout).not.toContain('not sealed yet');

    const handle = openDatabase({
      databaseUrl: target.DATABASE_URL,
      dataDir: target.RENRAKU_DATA_DIR as string,
      poolSize: 1,
    });
    try {
      const rows = await handle.db
        .selectFrom('incidents')
        .select((eb) => [
          'incidents.id',
          eb
            .selectFrom('deliveries')
            .whereRef('deliveries.incident_id', '=', 'incidents.id')
            .select(eb.fn.countAll().as('n'))
            .as('deliveries'),
          eb
            .selectFrom('incident_readers')
            .whereRef('incident_readers.incident_id', '=', 'incidents.id')
            .select(eb.fn.countAll().as('n'))
            .as('readers'),
        ])
        .execute();
      const ids = rows.map((row) => row.id);
      for (const id of before) expect(ids).toContain(id);
      // Nothing the server never answered; every incident whole (routed to the ministry and the center).
      for (const id of ids) expect(answered).toContain(id);
      for (const row of rows) {
        expect(Number(row.deliveries), row.id).toBeGreaterThan(0);
        expect(Number(row.readers), row.id).toBeGreaterThan(0);
      }
    } finally {
      await handle.destroy();
    }

    // Restored, it is no longer empty: a second restore changes nothing and says why.
    const again = await renrakuInProcess(target, ['restore', '--from', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      dialect === 'sqlite' ? /exists: restore into an empty data folder/ : /not empty/,
    );
    expect((await renrakuInProcess(target, ['audit', 'verify'])).code).toBe(0);
  });

  /** The backup unpacked into a folder, to make altered copies of it. */
  async function unpacked(): Promise<string> {
    const dir = mkdtempSync(join(root, 'unpacked-'));
    await tar.extract({ file, cwd: dir });
    return dir;
  }

  it('refuses a damaged backup, a file it does not hold, a link, and what is not a backup at all', async () => {
    const dir = await unpacked();
    const database = dialect === 'sqlite' ? 'database.sqlite' : 'database.pgdump';
    const manifest = JSON.parse(readFileSync(join(dir, 'renraku-backup.json'), 'utf8')) as {
      files: { path: string }[];
    };
    const cases: [string, () => Promise<void>, RegExp][] = [
      [
        'a changed database',
        async () => {
          const bytes = readFileSync(join(dir, database));
          bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
          writeFileSync(join(dir, 'changed'), bytes);
        },
        /does not match its checksum: the backup is damaged/,
      ],
      [
        'an extra file',
        async () => writeFileSync(join(dir, 'extra.sh'), 'echo owned'),
        /holds files a backup does not have: extra\.sh/,
      ],
      [
        'a link',
        async () => symlinkSync('/etc/passwd', join(dir, 'link')),
        /holds files a backup does not have/,
      ],
    ];
    for (const [what, alter, problem] of cases) {
      await alter();
      const altered = join(root, `${what.replaceAll(' ', '-')}.tar.gz`);
      const entries =
        what === 'a changed database'
          ? ['renraku-backup.json', ...manifest.files.map((f) => f.path).filter((p) => p !== database)]
          : [
              'renraku-backup.json',
              ...manifest.files.map((f) => f.path),
              what === 'a link' ? 'link' : 'extra.sh',
            ];
      if (what === 'a changed database') {
        // The changed bytes under the database's own name.
        const stage = mkdtempSync(join(root, 'stage-'));
        await tar.extract({ file, cwd: stage });
        writeFileSync(join(stage, database), readFileSync(join(dir, 'changed')));
        await tar.create({ gzip: true, file: altered, cwd: stage }, [...entries, database]);
      } else await tar.create({ gzip: true, file: altered, cwd: dir }, entries);
      const target = await emptyDeployment(`target-${what.replaceAll(' ', '-')}`);
      const r = await renrakuInProcess(target, ['restore', '--from', altered]);
      expect(r.code, what).toBe(2);
      expect(r.stderr, what).toMatch(problem);
      // Nothing written: the data folder holds no database and no key.
      expect(existsSync(join(target.RENRAKU_DATA_DIR as string, 'audit.key')), what).toBe(false);
      expect(existsSync(join(target.RENRAKU_DATA_DIR as string, 'renraku.sqlite')), what).toBe(false);
      if (target.DATABASE_URL) {
        const handle = openDatabase({ databaseUrl: target.DATABASE_URL, dataDir: root, poolSize: 1 });
        const tables = await handle.db.introspection.getTables();
        await handle.destroy();
        expect(tables, what).toEqual([]);
      }
    }
    const notOne = join(root, 'not-a-backup.tar.gz');
    writeFileSync(notOne, 'just text');
    const r = await renrakuInProcess(await emptyDeployment('target-text'), ['restore', '--from', notOne]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a Renraku backup');
  });

  // PostgreSQL only: SQLite writes every audit row sealed.
  if (dialect === 'postgres')
    it('says so when it cannot seal what the copy holds unsealed: a backup without the audit key', async () => {
      const dir = await unpacked();
      const manifest = JSON.parse(readFileSync(join(dir, 'renraku-backup.json'), 'utf8')) as {
        files: { path: string }[];
      };
      manifest.files = manifest.files.filter((f) => f.path !== 'secrets/audit.key');
      writeFileSync(join(dir, 'renraku-backup.json'), JSON.stringify(manifest));
      const keyless = join(root, 'keyless.tar.gz');
      await tar.create({ gzip: true, file: keyless, cwd: dir }, [
        'renraku-backup.json',
        ...manifest.files.map((f) => f.path),
      ]);
      const target = await emptyDeployment('target-keyless');
      const r = await renrakuInProcess(target, ['restore', '--from', keyless]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(/^sealed/m);
      expect(r.stderr).toMatch(
        /warning: \d+ audit rows are not sealed into the chain yet \(no audit key: set RENRAKU_AUDIT_KEY as it was\)/,
      );
      // With the key set as the warning says, verify names what waits for the server's sealer.
      const verified = await renrakuInProcess(
        { ...target, RENRAKU_AUDIT_KEY: TEST_AUDIT_KEY.toString('utf8') },
        ['audit', 'verify'],
      );
      expect(verified.code).toBe(1);
      expect(verified.stderr).toMatch(/audit row\(s\) are not sealed into the chain/);
    });

  it('refuses to restore into a deployment of the other dialect', async () => {
    const other = dialect === 'sqlite' ? 'postgres' : 'sqlite';
    const target = await emptyDeployment('target-dialect', other);
    const r = await renrakuInProcess(target, ['restore', '--from', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`the backup is of a ${dialect} database and this deployment uses ${other}`);
    expect(existsSync(join(target.RENRAKU_DATA_DIR as string, 'audit.key'))).toBe(false);
  });
});
