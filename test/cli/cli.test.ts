import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { buildServices } from '../../src/services.js';
import { renrakuInProcess, runRenraku } from '../support/cli.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

// Most commands run in this process (renrakuInProcess); those whose standard input or loading only a process
// shows run as a new Node process (runRenraku), 1.5–3 s each. A commander refusal and a broken audit chain answer
// alike in this process (in-process.test.ts); their exit statuses as processes are in in-process.test.ts,
// contacts.test.ts and audit.test.ts.
describe.each(DIALECTS)('renraku CLI on %s', { timeout: 180_000 }, (dialect) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'renraku-cli-'));
  let env: Record<string, string>;
  let destroy: () => Promise<void> = async () => {};

  beforeAll(async () => {
    env = { RENRAKU_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    if (dialect === 'postgres') {
      const handle = await createTestDatabase('postgres', { migrate: false });
      env.DATABASE_URL = handle.url;
      destroy = () => handle.destroy();
    }
  });
  afterAll(async () => destroy());

  const renraku = (args: string[], input?: string) => renrakuInProcess(env, args, input);
  const asProcess = (args: string[], input?: string) => runRenraku(env, args, input);

  it('migrates, builds a chain of bodies and people, and issues a token that works', async () => {
    expect(asProcess(['migrate']).code).toBe(0);
    expect((await renraku(['migrate'])).stdout).toContain('up to date');
    const center = [
      'org',
      'add',
      '--kind',
      'center',
      '--slug',
      'nco',
      '--name-ja',
      '国家サイバー統括室',
      '--name-en',
      'NCO',
    ];
    expect((await renraku(center)).code).toBe(0);
    expect(
      (
        await renraku([
          'org',
          'add',
          '--kind',
          'ministry',
          '--slug',
          'meti',
          '--name-ja',
          '経済産業省',
          '--name-en',
          'METI',
        ])
      ).code,
    ).toBe(0);
    const agency = [
      'org',
      'add',
      '--kind',
      'agency',
      '--slug',
      'ipa',
      '--name-ja',
      '情報処理推進機構',
      '--name-en',
      'IPA',
      '--parent',
      'meti',
    ];
    expect((await renraku(agency)).code).toBe(0);
    const review = await renraku([
      'org',
      'routing',
      '--slug',
      'meti',
      '--review',
      'on',
      '--deadline-minutes',
      '30',
    ]);
    expect(review.stdout).toContain('meti reviews agency reports (deadline 30 min)');
    const week = await renraku([
      'org',
      'routing',
      '--slug',
      'meti',
      '--review',
      'on',
      '--deadline-minutes',
      '10080',
    ]);
    expect(week.code).not.toBe(0);
    expect(week.stderr).toContain('orgs.review_deadline_too_long');
    expect((await renraku(['org', 'routing', '--slug', 'ipa', '--review', 'on'])).stderr).toContain(
      'orgs.review_mode_ministry_only',
    );
    expect((await renraku(['org', 'routing', '--slug', 'meti', '--review', 'off'])).stdout).toContain(
      'meti forwards at once',
    );
    const user = asProcess(
      [
        'user',
        'add',
        '--org',
        'ipa',
        '--role',
        'reporter',
        '--email',
        'Reporter@ipa.example',
        '--password-stdin',
      ],
      'correct horse battery staple\n',
    );
    expect(user.code).toBe(0);
    const token = await renraku(['token', 'create', '--email', 'reporter@ipa.example', '--name', 'soc']);
    expect(token.code).toBe(0);
    const lines = token.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const secret = lines.at(-1) ?? '';
    expect(secret).toMatch(/^rk_[A-Za-z0-9_-]{40,}$/);

    // The same configuration, read by a server: the token authenticates and the password logs in.
    const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
    const services = buildServices(config, {
      handle: openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }),
    });
    const app = await buildApp(services, { logger: false });
    try {
      const me = await app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({
        email: 'reporter@ipa.example',
        role: 'reporter',
        org: { slug: 'ipa' },
      });
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: 'reporter@ipa.example', password: 'correct horse battery staple' },
      });
      expect(login.statusCode).toBe(200);
    } finally {
      await app.close();
      await services.close();
    }
    const verified = await renraku(['audit', 'verify']);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/intact: \d+ rows/);
  });

  it('refuses bad input with a code and a non-zero exit', async () => {
    const orphan = await renraku([
      'org',
      'add',
      '--kind',
      'agency',
      '--slug',
      'orphan',
      '--name-ja',
      'x',
      '--name-en',
      'x',
    ]);
    expect(orphan.code).not.toBe(0);
    expect(orphan.stderr).toContain('orgs.invalid_parent');
    const badRole = await renraku([
      'user',
      'add',
      '--org',
      'ipa',
      '--role',
      'root',
      '--email',
      'x@ipa.example',
    ]);
    expect(badRole.code).not.toBe(0);
    const centerRole = await renraku([
      'user',
      'add',
      '--org',
      'ipa',
      '--role',
      'admin',
      '--email',
      'a@ipa.example',
    ]);
    expect(centerRole.stderr).toContain('users.role_not_allowed_here');
    const unknown = await renraku(['token', 'create', '--email', 'nobody@ipa.example']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stdout).toBe('');
  });

  it('audit verify exits non-zero and names the row changed behind its back', async () => {
    const handle = openDatabase({ databaseUrl: env.DATABASE_URL, dataDir });
    try {
      const row = await handle.db
        .selectFrom('audit_log')
        .select('seq')
        .orderBy('seq')
        .offset(2)
        .limit(1)
        .executeTakeFirstOrThrow();
      await handle.db
        .updateTable('audit_log')
        .set({ detail: '{"forged":true}' })
        .where('seq', '=', row.seq)
        .execute();
      const result = await renraku(['audit', 'verify']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`seq=${row.seq}`);
    } finally {
      await handle.destroy();
    }
  });
});
