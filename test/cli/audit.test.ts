import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { publicKeyPem } from '../../src/platform/audit/anchor.keys.js';
import { createAuditLog } from '../../src/platform/audit/audit.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { buildServices } from '../../src/services.js';
import { renrakuInProcess, runRenraku } from '../support/cli.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

const HMAC_KEY = 'cli-audit-key-0123456789abcdef0123456789';
// Commands run in this process (renrakuInProcess: the same status and streams as a process of its own, shown by
// in-process.test.ts); one, the broken chain's exit status 1 that a scheduled check acts on, also runs as a Node
// process of its own on each dialect, which on a loaded machine takes seconds.
const SLOW = 240_000;

describe.each(DIALECTS)('renraku audit on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  // Last made, first undone: the services close their connections before their database is dropped.
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  /**
   * A deployment as production should have it: the data folder holds the database only; the HMAC key, the
   * signing key and the anchors live elsewhere (here, sibling folders standing for other machines).
   */
  async function deployment() {
    const root = mkdtempSync(join(tmpdir(), 'renraku-cli-audit-'));
    const secrets = join(root, 'secrets');
    mkdirSync(secrets, { mode: 0o700 });
    writeFileSync(join(secrets, 'audit.key'), `${HMAC_KEY}\n`, { mode: 0o600 });
    const env: Record<string, string> = {
      RENRAKU_DATA_DIR: join(root, 'data'),
      RENRAKU_AUDIT_KEY_FILE: join(secrets, 'audit.key'),
      RENRAKU_AUDIT_SIGNING_KEY_FILE: join(secrets, 'audit-signing.key'),
      RENRAKU_AUDIT_ANCHOR_DIR: join(root, 'worm'),
      LOG_LEVEL: 'silent',
    };
    // A copy of the run's migrated template (migrating from nothing, tested in migrations.test.ts, took seconds).
    if (dialect === 'postgres') {
      const handle = await createTestDatabase('postgres');
      env.DATABASE_URL = handle.url;
      cleanups.push(() => handle.destroy());
    } else {
      mkdirSync(env.RENRAKU_DATA_DIR as string);
      copyFileSync(inject('sqliteTemplate'), join(env.RENRAKU_DATA_DIR as string, 'renraku.sqlite'));
    }
    const services = buildServices(loadConfig(env));
    cleanups.push(() => services.close());
    expect(await migrateToLatest(services.handle)).toEqual([]);
    const addRows = (n: number) =>
      inTransaction(services.handle, async (unit) => {
        for (let i = 0; i < n; i++)
          await services.audit.append(
            unit,
            { actorUserId: null, actorOrgId: null, action: 'test.row', subjectType: 'test', subjectId: null },
            new Date(),
          );
      });
    const db = services.handle.db;
    return { root, env, services, db, addRows };
  }

  const renraku = (env: Record<string, string>, args: string[]) => renrakuInProcess(env, args);
  const asProcess = (env: Record<string, string>, args: string[]) => runRenraku(env, args);

  it(
    'deleting the newest rows fails verify (exit 1), naming the rows and the anchor',
    async () => {
      const d = await deployment();
      await d.addRows(12);
      expect(await renraku(d.env, ['audit', 'anchor'])).toMatchObject({
        code: 0,
        stdout: 'anchor #1 covers rows 1..12\n',
      });
      expect(await renraku(d.env, ['audit', 'verify'])).toMatchObject({ code: 0 });
      await d.db.deleteFrom('audit_log').where('seq', '>', 9).execute();
      // The chain alone, which is all that verify checked before anchors, finds nothing wrong.
      expect(await d.services.audit.verify(d.db)).toMatchObject({ ok: true });
      const r = asProcess(d.env, ['audit', 'verify']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^audit log BROKEN at row seq=10 \(anchor #1\): the audit log ends at row 9, but anchor #1 of \S+ covers rows through 12: rows 10\.\.12 were deleted\n$/,
      );
    },
    SLOW,
  );

  it(
    'deleting every row fails verify',
    async () => {
      const d = await deployment();
      await d.addRows(3);
      expect((await renraku(d.env, ['audit', 'anchor'])).code).toBe(0);
      await d.db.deleteFrom('audit_log').execute();
      const r = await renraku(d.env, ['audit', 'verify']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /anchor #1\): the audit log is empty, but anchor #1 .* covers rows 1\.\.3: every row/,
      );
    },
    SLOW,
  );

  it(
    'rewriting the chain with the HMAC key fails verify',
    async () => {
      const d = await deployment();
      await d.addRows(6);
      expect((await renraku(d.env, ['audit', 'anchor'])).code).toBe(0);
      const hashOf = createAuditLog(Buffer.from(HMAC_KEY)).hashOf;
      let prev = '0'.repeat(64);
      for (const row of await d.db.selectFrom('audit_log').selectAll().orderBy('seq').execute()) {
        const detail = row.seq === 2 ? '{"who":"someone else"}' : row.detail;
        const hash = hashOf(prev, { ...row, seq: row.seq as number, detail });
        await d.db
          .updateTable('audit_log')
          .set({ detail, prev_hash: prev, hash })
          .where('seq', '=', row.seq)
          .execute();
        prev = hash;
      }
      expect(await d.services.audit.verify(d.db)).toMatchObject({ ok: true });
      const r = await renraku(d.env, ['audit', 'verify']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /at row seq=6 \(anchor #1\): differs from anchor #1 of .*: the chain was rewritten/,
      );
    },
    SLOW,
  );

  it(
    'lets an auditor holding only the anchor file and the public key check, with no secret at all',
    async () => {
      const d = await deployment();
      await d.addRows(4);
      expect((await renraku(d.env, ['audit', 'anchor'])).code).toBe(0);
      const published = await renraku(d.env, ['audit', 'public-key']);
      expect(published.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
      expect(published.stderr).toMatch(/^audit anchor signing key [0-9a-f]{16}\n$/);

      // The auditor's machine: the database URL (SQLite: a copy of the file), the anchors and the public key.
      const desk = mkdtempSync(join(tmpdir(), 'renraku-auditor-'));
      writeFileSync(join(desk, 'renraku.pub'), published.stdout);
      copyFileSync(join(d.root, 'worm', 'audit-anchors.jsonl'), join(desk, 'anchors.jsonl'));
      const auditorEnv: Record<string, string> = {
        RENRAKU_DATA_DIR: join(d.root, 'data'),
        LOG_LEVEL: 'silent',
      };
      if (d.env.DATABASE_URL) auditorEnv.DATABASE_URL = d.env.DATABASE_URL;
      const check = () =>
        renraku(auditorEnv, [
          'audit',
          'verify',
          '--anchor',
          join(desk, 'anchors.jsonl'),
          '--public-key',
          join(desk, 'renraku.pub'),
        ]);
      const ok = await check();
      expect(ok).toMatchObject({ code: 0 });
      expect(ok.stdout).toMatch(
        /^audit log intact: 4 rows; anchored through row 4 by anchor #1 of .*, 0 rows since\n$/,
      );
      expect(ok.stderr).toMatch(/warning: no audit key here/);
      expect(existsSync(join(d.root, 'data', 'audit.key'))).toBe(false);

      // A key that is not the deployment's: the anchors no longer count as signed.
      const otherKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' });
      writeFileSync(join(desk, 'other.pub'), otherKey);
      const stranger = await renraku(auditorEnv, [
        'audit',
        'verify',
        '--anchor',
        join(desk, 'anchors.jsonl'),
        '--public-key',
        join(desk, 'other.pub'),
      ]);
      expect(stranger.code).toBe(1);
      expect(stranger.stderr).toMatch(
        /anchor #1 \(the database\) is signed by key [0-9a-f]{16}, which is not trusted/,
      );

      await d.db.deleteFrom('audit_log').where('seq', '=', 4).execute();
      const broken = await check();
      expect(broken.code).toBe(1);
      expect(broken.stderr).toMatch(/rows 4\.\.4 were deleted/);
    },
    SLOW,
  );

  it(
    'keeps the keys and the anchors out of the data folder, and refuses a key file that is not there',
    async () => {
      const d = await deployment();
      await d.addRows(2);
      expect((await renraku(d.env, ['audit', 'anchor'])).code).toBe(0);
      const data = join(d.root, 'data');
      expect(existsSync(data) ? readdirSync(data).filter((f) => /key|anchor/.test(f)) : []).toEqual([]);
      expect(readdirSync(join(d.root, 'worm')).sort()).toEqual(['audit-anchors.jsonl', 'audit-signing.pub']);
      expect(readdirSync(join(d.root, 'secrets')).sort()).toEqual(['audit-signing.key', 'audit.key']);

      const missing = await renraku(
        { ...d.env, RENRAKU_AUDIT_KEY_FILE: join(d.root, 'secrets', 'audit.kee') },
        ['audit', 'verify'],
      );
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/RENRAKU_AUDIT_KEY_FILE .*audit\.kee does not exist/);
      expect(existsSync(join(d.root, 'secrets', 'audit.kee'))).toBe(false);
    },
    SLOW,
  );

  it(
    'rotates the signing key; the first public key alone still checks the anchors signed since',
    async () => {
      const d = await deployment();
      const first = join(d.root, 'first.pub');
      writeFileSync(first, publicKeyPem(d.services.anchoring.signingKey().publicKey));
      await d.addRows(3);
      expect((await renraku(d.env, ['audit', 'anchor'])).code).toBe(0);
      const rotated = await renraku(d.env, ['audit', 'rotate-signing-key']);
      expect(rotated.code).toBe(0);
      expect(rotated.stdout).toMatch(
        /^the audit anchors are now signed with key [0-9a-f]{16} from anchor #2\n-----BEGIN/,
      );
      await d.addRows(3);
      expect((await renraku(d.env, ['audit', 'anchor'])).stdout).toBe('anchor #3 covers rows 1..6\n');
      const r = await renraku(d.env, ['audit', 'verify', '--public-key', first]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/intact: 6 rows; anchored through row 6 by anchor #3/);
    },
    SLOW,
  );
});
