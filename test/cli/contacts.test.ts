import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.js';
import { renrakuInProcess, runRenraku } from '../support/cli.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

// Most commands run in this process (renrakuInProcess); a refusal of each kind (the application's, commander's)
// also runs as a new Node process (runRenraku, 1.5–3 s each) for its exit status.
describe.each(DIALECTS)('renraku contact add on %s', { timeout: 180_000 }, (dialect) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'renraku-cli-contacts-'));
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

  const renraku = (args: string[]) => renrakuInProcess(env, args);
  const asProcess = (args: string[]) => runRenraku(env, args);

  it('adds contacts to a body in escalation order, audited', async () => {
    expect((await renraku(['migrate'])).code).toBe(0);
    for (const [kind, slug] of [
      ['center', 'nco'],
      ['ministry', 'meti'],
    ] as [string, string][])
      expect(
        (await renraku(['org', 'add', '--kind', kind, '--slug', slug, '--name-ja', slug, '--name-en', slug]))
          .code,
      ).toBe(0);
    const lead = await renraku([
      'contact',
      'add',
      '--org',
      'meti',
      '--email',
      'CSIRT@meti.example.jp',
      '--role',
      'csirt-lead',
      '--availability',
      'business-hours',
      '--locale',
      'en',
    ]);
    expect(lead.code, lead.stderr).toBe(0);
    expect(lead.stdout).toBe('added csirt@meti.example.jp (csirt-lead) to meti at escalation order 1\n');
    const duty = await renraku([
      'contact',
      'add',
      '--org',
      'meti',
      '--email',
      'duty@meti.example.jp',
      '--role',
      'duty-officer',
      '--order',
      '1',
      '--name',
      '当番',
    ]);
    expect(duty.code, duty.stderr).toBe(0);
    expect(duty.stdout).toContain('at escalation order 1');

    const handle = openDatabase({ databaseUrl: env.DATABASE_URL, dataDir });
    try {
      const rows = await handle.db
        .selectFrom('contacts')
        .select(['name', 'email', 'role', 'escalation_order', 'availability', 'locale', 'time_zone'])
        .orderBy('escalation_order')
        .execute();
      expect(rows).toEqual([
        {
          name: '当番',
          email: 'duty@meti.example.jp',
          role: 'duty-officer',
          escalation_order: 1,
          availability: '24/7',
          locale: 'ja',
          time_zone: 'Asia/Tokyo',
        },
        {
          name: 'csirt@meti.example.jp',
          email: 'csirt@meti.example.jp',
          role: 'csirt-lead',
          escalation_order: 2,
          availability: 'business-hours',
          locale: 'en',
          time_zone: 'Asia/Tokyo',
        },
      ]);
      const audit = await handle.db
        .selectFrom('audit_log')
        .select(['action', 'actor_user_id'])
        .where('action', 'like', 'contact.%')
        .execute();
      expect(audit).toEqual([
        { action: 'contact.create', actor_user_id: null },
        { action: 'contact.create', actor_user_id: null },
      ]);
    } finally {
      await handle.destroy();
    }
    expect((await renraku(['audit', 'verify'])).code).toBe(0);
  });

  it('refuses bad input with a code and a non-zero exit, adding nothing', async () => {
    const base = ['contact', 'add', '--org', 'meti', '--email', 'x@meti.example.jp', '--role', 'deputy'];
    const unknownOrg = asProcess([
      'contact',
      'add',
      '--org',
      'nowhere',
      '--email',
      'x@y.jp',
      '--role',
      'deputy',
    ]);
    expect(unknownOrg.code).not.toBe(0);
    expect(unknownOrg.stderr).toContain('orgs.not_found');
    for (const bad of [
      ['--role', 'boss'],
      ['--email', 'not-an-address'],
      ['--availability', 'sometimes'],
      ['--locale', 'fr'],
      ['--order', '0'],
      ['--name', ' '],
    ]) {
      const args = [...base];
      const at = args.indexOf(bad[0] as string);
      if (at >= 0) args.splice(at, 2, ...bad);
      else args.push(...bad);
      // commander's refusal of an option's value, as a process once: its exit status is commander's own.
      const r = bad[0] === '--role' ? asProcess(args) : await renraku(args);
      expect(r.code, bad.join(' ')).not.toBe(0);
      expect(r.stdout).toBe('');
    }
    const handle = openDatabase({ databaseUrl: env.DATABASE_URL, dataDir });
    try {
      const n = await handle.db
        .selectFrom('contacts')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(2);
    } finally {
      await handle.destroy();
    }
  });
});
