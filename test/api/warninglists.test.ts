import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warningListed } from '../../src/features/warninglists/warninglists.reads.js';
import { changeWarninglist } from '../../src/features/warninglists/warninglists.usecases.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { actorOf } from '../support/actors.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// Warning lists (issue 14, point 2): shipped, edited by the center, matched on canonical forms, shown as flags on
// an incident's indicators, and read by correlation through warningListed.

interface ListOut {
  id: string;
  name: string;
  revision: number;
  enabled: boolean;
  entryCount: number;
  origin: string;
  matchType: string;
}

describe.each(DIALECTS)('warning lists on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let admin: TestUser;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    admin = await t.user(g.center, 'admin');
  });
  afterAll(async () => t?.close());

  const lists = async () =>
    (await t.request(g.analyst, { method: 'GET', url: '/api/v1/warninglists' })).json().lists as ListOut[];
  const byName = async (name: string) => (await lists()).find((l) => l.name === name) as ListOut;
  const change = (id: string, body: object) =>
    t.request(g.analyst, { method: 'PATCH', url: `/api/v1/warninglists/${id}`, payload: body });
  const flagsOf = async (indicators: { type: string; value: string }[]) => {
    const incident = await t.fileIncident(g.agencyReporter, { indicators });
    const res = await t.request(g.agencyReporter, { method: 'GET', url: `/api/v1/incidents/${incident.id}` });
    return (res.json().indicators as { value: string; warningLists: string[] }[]).map((i) => i.warningLists);
  };

  it('ships the special-purpose ranges, public resolvers, largest domains and the bodies’ own domains', async () => {
    const all = await lists();
    expect(all.map((l) => [l.name, l.origin, l.matchType, l.enabled])).toEqual(
      expect.arrayContaining([
        ['IPv4 special-purpose addresses', 'shipped', 'cidr', true],
        ['IPv6 special-purpose addresses', 'shipped', 'cidr', true],
        ['Public DNS resolvers', 'shipped', 'cidr', true],
        ['Largest domains', 'shipped', 'hostname', true],
        ["Bodies' own domains", 'bodies', 'hostname', true],
      ]),
    );
    const v4 = all.find((l) => l.name === 'IPv4 special-purpose addresses') as ListOut;
    const detail = (
      await t.request(g.analyst, { method: 'GET', url: `/api/v1/warninglists/${v4.id}` })
    ).json();
    expect(detail.entries).toEqual(expect.arrayContaining(['10.0.0.0/8', '100.64.0.0/10', '192.0.2.0/24']));
    expect(detail.list.entryCount).toBe(detail.entries.length);
  });

  it('flags an incident’s indicators by canonical form, for whoever reads the incident', async () => {
    const flags = await flagsOf([
      { type: 'ipv6', value: '::ffff:10.1.2.3' },
      { type: 'domain', value: 'WWW.Google.COM.' },
      { type: 'domain', value: 'ｍａｉｌ．ｇｏｏｇｌｅ．ｃｏｍ' },
      { type: 'url', value: 'hxxps://docs.google[.]com/x' },
      { type: 'ipv4', value: '8.8.8.8' },
      { type: 'ipv6', value: '2001:db8::5' },
      { type: 'domain', value: 'google.com.evil.example' },
      { type: 'ipv4', value: '203.0.114.1' },
    ]);
    expect(flags).toEqual([
      ['IPv4 special-purpose addresses'],
      ['Largest domains'],
      ['Largest domains'],
      ['Largest domains'],
      ['Public DNS resolvers'],
      ['IPv6 special-purpose addresses'],
      [],
      [],
    ]);
  });

  it('flags the bodies’ own domains once the administrator records them, on every read after', async () => {
    const before = await flagsOf([{ type: 'email', value: 'someone@mail.meti.example.jp' }]);
    expect(before).toEqual([[]]);
    const set = await t.request(admin, {
      method: 'PUT',
      url: `/api/v1/orgs/${g.ministry.slug}/domains`,
      payload: { domains: ['METI.example.JP'] },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(await flagsOf([{ type: 'email', value: 'someone@mail.meti.example.jp' }])).toEqual([
      ["Bodies' own domains"],
    ]);
    const own = await byName("Bodies' own domains");
    expect(own.entryCount).toBe(1);
    const refused = await change(own.id, { revision: own.revision, add: ['other.example.jp'] });
    expectProblem(refused, 422, 'warninglists.entries_elsewhere');
  });

  it('lets the center make a list, add and remove entries, and turn it off; matching follows at once', async () => {
    const made = await t.request(g.analyst, {
      method: 'POST',
      url: '/api/v1/warninglists',
      payload: {
        name: 'Our scanners',
        description: 'The center’s own scanning hosts',
        source: 'NCO operations',
        matchType: 'cidr',
        appliesTo: ['ipv4', 'cidr'],
        entries: ['198.51.100.0/25', '::ffff:198.51.100.200'],
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    const list = made.json() as ListOut;
    expect(made.headers.location).toBe(`/api/v1/warninglists/${list.id}`);
    expect(list).toMatchObject({ origin: 'center', entryCount: 2, revision: 1, enabled: true });

    const probe = [
      { type: 'ipv4', value: '203.0.113.77' },
      { type: 'ipv4', value: '198.51.100.200' },
    ];
    expect(await warningListed(t.handle.db, probe)).toEqual(new Set([0, 1]));

    const added = await change(list.id, { revision: 1, add: ['203.0.113.77'], remove: ['198.51.100.200'] });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toMatchObject({ revision: 2, entryCount: 2 });
    const stale = await change(list.id, { revision: 1, enabled: false });
    expectProblem(stale, 409, 'warninglists.stale');

    // 198.51.100.200 is documentation space: still flagged by the shipped list.
    const flags = await flagsOf([{ type: 'ipv4', value: '198.51.100.200' }]);
    expect(flags).toEqual([['IPv4 special-purpose addresses']]);

    const off = await change(list.id, { revision: 2, enabled: false });
    expect(off.json()).toMatchObject({ enabled: false, revision: 3 });
    const ipv4 = await byName('IPv4 special-purpose addresses');
    const shippedOff = await change(ipv4.id, { revision: ipv4.revision, enabled: false });
    expect(shippedOff.statusCode).toBe(200);
    expect(await warningListed(t.handle.db, probe)).toEqual(new Set());
    await change(ipv4.id, { revision: ipv4.revision + 1, enabled: true });
    expect(await warningListed(t.handle.db, probe)).toEqual(new Set([0, 1]));

    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id'])
      .where('action', 'like', 'warninglist.%')
      .orderBy('seq')
      .execute();
    expect(audit.filter((a) => a.subject_id === list.id).map((a) => a.action)).toEqual([
      'warninglist.create',
      'warninglist.change',
      'warninglist.change',
    ]);
  });

  it('sees a change made on another node (another connection) at the next call', async () => {
    const probe = [{ type: 'domain', value: 'www.github.com' }];
    expect(await warningListed(t.handle.db, probe)).toEqual(new Set([0]));
    const other = openDatabase(
      dialect === 'postgres'
        ? { databaseUrl: t.handle.url, dataDir: tmpdir() }
        : { dataDir: dirname(t.handle.url), sqliteFile: t.handle.url },
    );
    try {
      const top = await byName('Largest domains');
      await inTransaction(other, (unit) =>
        changeWarninglist({
          unit,
          actor: actorOf(g.analyst),
          id: top.id,
          change: { revision: top.revision, remove: ['github.com'] },
          deps: { audit: t.services.audit, clock: t.clock },
        }),
      );
    } finally {
      await other.destroy();
    }
    expect(await warningListed(t.handle.db, probe)).toEqual(new Set());
  });

  it('refuses bad input with a clear 4xx and changes nothing', async () => {
    const base = {
      name: 'Bad',
      description: '',
      source: '',
      matchType: 'hostname',
      appliesTo: [],
      entries: ['good.example'],
    };
    const post = (payload: object) =>
      t.request(g.analyst, { method: 'POST', url: '/api/v1/warninglists', payload });
    const count = await t.count('warninglists');
    expectProblem(
      await post({ ...base, entries: ['ok.example', 'bad host.example'] }),
      422,
      'warninglists.invalid_entry',
    );
    expect((await post({ ...base, entries: ['ok.example', 'bad host.example'] })).json().entry).toBe(1);
    expectProblem(
      await post({ ...base, matchType: 'regex', entries: ['(a+)+$'] }),
      400,
      'request.validation_failed',
    );
    expectProblem(await post({ ...base, name: 'Bad\u200B' }), 422, 'warninglists.invalid_name');
    expectProblem(await post({ ...base, name: 'Ｌａｒｇｅｓｔ domains' }), 409, 'warninglists.name_taken');
    expectProblem(
      await post({ ...base, entries: ['e\u202Evil.example'] }),
      422,
      'warninglists.invalid_entry',
    );
    expect(await t.count('warninglists')).toBe(count);

    const top = await byName('Largest domains');
    expectProblem(
      await change(top.id, { revision: top.revision, add: ['-bad-.example'] }),
      422,
      'warninglists.invalid_entry',
    );
    expectProblem(
      await t.request(g.analyst, { method: 'GET', url: '/api/v1/warninglists/no-such-list' }),
      404,
      'warninglists.not_found',
    );
    expectProblem(
      await change('no-such-list', { revision: 1, enabled: false }),
      404,
      'warninglists.not_found',
    );
    expect((await byName('Largest domains')).revision).toBe(top.revision);
  });

  it('loads a MISP warninglist file sent by the center, a newer version over it, the same version once', async () => {
    const file = (version: number, list: string[], extra: object = {}) => ({
      name: 'MISP: cloud front ends',
      version,
      description: 'Front ends of the largest clouds',
      type: 'hostname',
      list,
      matching_attributes: ['hostname', 'domain', 'url'],
      ...extra,
    });
    const send = (payload: object, u: TestUser = g.analyst, headers: Record<string, string> = {}) =>
      t.request(u, { method: 'POST', url: '/api/v1/warninglists/import', payload, headers });

    const made = await send(file(20261101, ['CloudFront.example.', 'cdn.example']));
    expect(made.statusCode).toBe(201);
    const list = made.json().list as ListOut;
    expect(made.json().outcome).toBe('created');
    expect(made.headers.location).toBe(`/api/v1/warninglists/${list.id}`);
    expect([list.origin, list.matchType, list.entryCount]).toEqual(['imported', 'hostname', 2]);
    const read = async () =>
      (await t.request(g.analyst, { method: 'GET', url: `/api/v1/warninglists/${list.id}` })).json();
    expect((await read()).entries).toEqual(['cdn.example', 'cloudfront.example']);
    expect((await read()).list.appliesTo).toEqual(['domain', 'url']);
    expect(await flagsOf([{ type: 'url', value: 'https://x.cloudfront.example/a' }])).toEqual([
      ['MISP: cloud front ends'],
    ]);

    const same = await send(file(20261101, ['other.example']));
    expect([same.statusCode, same.json().outcome, same.json().list.revision]).toEqual([200, 'unchanged', 1]);
    const newer = await send(file(20261201, ['edge.example']));
    expect([newer.statusCode, newer.json().outcome, newer.json().list.entryCount]).toEqual([
      200,
      'updated',
      1,
    ]);
    expect((await read()).entries).toEqual(['edge.example']);
    expectProblem(await send(file(20261102, ['old.example'])), 409, 'warninglists.not_newer');

    // A retry of the same request with its Idempotency-Key answers the first outcome and loads nothing twice.
    const key = { 'idempotency-key': 'misp-import-retry-1' };
    const first = await send(file(1, ['retry.example'], { name: 'MISP: retried' }), g.analyst, key);
    const again = await send(file(1, ['retry.example'], { name: 'MISP: retried' }), g.analyst, key);
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json().list.id).toBe(first.json().list.id);
    expect((await lists()).filter((l) => l.name === 'MISP: retried')).toHaveLength(1);
  });

  it('refuses a file that is not a MISP warning list, a regex list, a bad entry, or one too large, loading nothing', async () => {
    const count = await t.count('warninglists');
    const entries = await t.count('warninglist_entries');
    const send = (payload: string | object, headers: Record<string, string> = {}) =>
      t.request(g.analyst, {
        method: 'POST',
        url: '/api/v1/warninglists/import',
        payload,
        headers: { 'content-type': 'application/json', ...headers },
      });
    const ok = { name: 'MISP: bad', version: 1, description: '', type: 'string', list: ['a.example'] };
    expectProblem(await send('{"name": '), 400, 'request.malformed_json');
    expectProblem(await send([ok]), 400, 'request.validation_failed');
    expectProblem(await send({ ...ok, version: '1' }), 422, 'warninglists.invalid_file');
    expectProblem(await send({ ...ok, list: 'a.example' }), 422, 'warninglists.invalid_file');
    expectProblem(await send({ ...ok, type: 'regex', list: ['(a+)+$'] }), 422, 'warninglists.regex_refused');
    expectProblem(await send({ ...ok, type: 'glob' }), 422, 'warninglists.unknown_match_type');
    expectProblem(
      await send({ ...ok, type: 'cidr', list: ['10.0.0.0/8', '10.0.0.999'] }),
      422,
      'warninglists.invalid_entry',
    );
    expect((await send({ ...ok, type: 'cidr', list: ['10.0.0.0/8', '10.0.0.999'] })).json().entry).toBe(1);
    expectProblem(await send({ ...ok, list: ['ok', 7] }), 422, 'warninglists.invalid_entry');
    expectProblem(await send({ ...ok, name: "Bodies' own domains" }), 422, 'warninglists.entries_elsewhere');
    expectProblem(await send({ ...ok, name: 'Ｌａｒｇｅｓｔ\u200B' }), 422, 'warninglists.invalid_name');
    expectProblem(await send('{"__proto__": {"admin": true}, "name": "x"}'), 400, 'request.malformed_json');
    expectProblem(
      await send(JSON.stringify({ ...ok, list: ['x'.repeat(1024)], pad: 'y'.repeat(16 * 1024 * 1024) })),
      413,
      'request.body_too_large',
    );
    expectProblem(
      await send(JSON.stringify(ok), { 'content-type': 'text/plain' }),
      415,
      'request.unsupported_media_type',
    );
    expect(await t.count('warninglists')).toBe(count);
    expect(await t.count('warninglist_entries')).toBe(entries);
  });
});
