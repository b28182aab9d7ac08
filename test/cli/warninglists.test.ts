import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.js';
import { cliWorkspace } from '../support/cli.js';
import { DIALECTS } from '../support/databases.js';

// `renraku warninglist import FILE`: a MISP warninglist file becomes a list; the same name again takes a newer
// version; anything that is not such a file is refused with what is wrong and exit status 2, changing nothing.
describe.each(DIALECTS)('renraku warninglist import on %s', { timeout: 180_000 }, (dialect) => {
  const { dataDir, env, renraku, ok, asProcess } = cliWorkspace(dialect, 'warninglists');

  const file = (name: string, content: unknown) => {
    const path = join(dataDir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const misp = (version: number, list: string[], extra: Record<string, unknown> = {}) => ({
    name: 'List of known Office 365 URLs',
    version,
    description: 'Office 365 URLs and IP address ranges',
    type: 'hostname',
    list,
    matching_attributes: ['hostname', 'domain', 'url', 'domain|ip'],
    ...extra,
  });
  const stored = async () => {
    const handle = openDatabase({ databaseUrl: env.DATABASE_URL, dataDir });
    try {
      const lists = await handle.db
        .selectFrom('warninglists')
        .select(['id', 'name', 'version', 'match_type', 'applies_to', 'origin'])
        .where('origin', '=', 'imported')
        .execute();
      const entries = await handle.db
        .selectFrom('warninglist_entries')
        .select('value')
        .where('list_id', 'in', lists.map((l) => l.id).concat(['-']))
        .orderBy('value')
        .execute();
      const audit = await handle.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'warninglist.import')
        .execute();
      return { lists, entries: entries.map((e) => e.value), audits: audit.length };
    } finally {
      await handle.destroy();
    }
  };

  it('imports a list, leaves it as it is for the same version, and takes a newer one by name', async () => {
    await ok(['migrate']);
    const first = await ok([
      'warninglist',
      'import',
      file('v1.json', misp(20240101, ['Outlook.Office365.COM.', '*.sharepoint.com'])),
    ]);
    expect(first).toBe('created List of known Office 365 URLs version 20240101 (hostname, 2 entries)\n');
    let s = await stored();
    expect(s.lists).toEqual([
      expect.objectContaining({
        version: 20240101,
        match_type: 'hostname',
        applies_to: '["ipv4","ipv6","cidr","domain","url"]',
      }),
    ]);
    expect(s.entries).toEqual(['outlook.office365.com', 'sharepoint.com']);

    expect(
      await ok(['warninglist', 'import', file('v1-again.json', misp(20240101, ['other.example']))]),
    ).toBe('List of known Office 365 URLs is already at version 20240101: unchanged\n');
    expect((await stored()).entries).toEqual(['outlook.office365.com', 'sharepoint.com']);

    expect(
      await ok([
        'warninglist',
        'import',
        file('v2.json', misp(20240601, ['office.com', 'ｏｆｆｉｃｅ．ｃｏｍ'])),
      ]),
    ).toBe('updated List of known Office 365 URLs version 20240601 (hostname, 1 entries)\n');
    s = await stored();
    expect(s.lists).toEqual([expect.objectContaining({ version: 20240601 })]);
    expect(s.entries).toEqual(['office.com']);
    expect(s.audits).toBe(2);

    const older = await renraku(['warninglist', 'import', file('v0.json', misp(20230101, ['x.example']))]);
    expect(older).toMatchObject({ code: 2, stdout: '' });
    expect(older.stderr).toBe(
      'error: warninglists.not_newer: The list is at version 20240601: version 20230101 is older, and changes nothing.\n',
    );
  });

  it('refuses what is not a MISP warning list, naming what is wrong, and changes nothing', async () => {
    const before = await stored();
    const refused: [unknown, string][] = [
      ['{"name": "x", ', 'error: warninglists.invalid_file: Not a MISP warning list: it is not JSON'],
      [[1, 2], 'error: warninglists.invalid_file: Not a MISP warning list: it is not a JSON object.'],
      [
        { ...misp(1, ['a.example']), type: 'regex' },
        'error: warninglists.regex_refused: Regular-expression lists are not run',
      ],
      [
        { ...misp(1, ['a.example']), type: 'exact' },
        "error: warninglists.unknown_match_type: The match type 'exact'",
      ],
      [
        { ...misp(1, ['a.example']), version: '1' },
        "error: warninglists.invalid_file: Not a MISP warning list: 'version'",
      ],
      [
        { ...misp(1, ['a.example']), list: 'a.example' },
        "error: warninglists.invalid_file: Not a MISP warning list: 'list'",
      ],
      [{ ...misp(1, ['a.example']), name: 'New\u200Blist' }, 'error: warninglists.invalid_name'],
      [
        { ...misp(1, ['ok.example', 'not a host']), name: 'New' },
        'error: warninglists.invalid_entry: list[1]: ',
      ],
      [
        { ...misp(1, ['ok.example', 7 as unknown as string]), name: 'New' },
        'error: warninglists.invalid_entry: list[1]: an entry is a string',
      ],
      [
        { ...misp(1, ['10.0.0.0/33']), name: 'New', type: 'cidr' },
        'error: warninglists.invalid_entry: list[0]: an ipv4 prefix length is at most 32',
      ],
    ];
    for (const [content, message] of refused) {
      const r = await renraku(['warninglist', 'import', file('bad.json', content)]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.startsWith(message), r.stderr).toBe(true);
    }
    const missing = await renraku(['warninglist', 'import', join(dataDir, 'none.json')]);
    expect(missing).toMatchObject({ code: 2, stderr: `error: cannot read ${join(dataDir, 'none.json')}\n` });
    expect(await stored()).toEqual(before);
    // The exit status of a real process.
    const real = asProcess(['warninglist', 'import', file('bad.json', 'not json')]);
    expect(real.code).toBe(2);
    expect(real.stderr).toContain('warninglists.invalid_file');
  });
});
