import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditQuery } from '../../src/platform/audit/audit.query.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { parseCsv } from '../support/csv.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

interface Entry {
  id: number;
  seq: number;
  at: string;
  action: string;
  actorUserId: string | null;
  actorEmail: string | null;
  actorOrgSlug: string | null;
  subjectType: string;
  subjectId: string | null;
  detail: unknown;
}

describe.each(DIALECTS)('reading and exporting the audit log on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let auditor: TestUser;
  let incidentId: string;
  let start: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    auditor = await t.user(g.center, 'auditor');
    t.clock.advance(60_000);
    start = t.clock.now().toISOString();
    incidentId = (await t.fileIncident(g.agencyReporter)).id;
    t.clock.advance(60_000);
    await t.request(g.analyst, { method: 'GET', url: `/api/v1/incidents/${incidentId}` });
    await t.request(g.ministryOfficer, { method: 'GET', url: '/api/v1/incidents' });
  });
  afterAll(async () => t?.close());

  const read = async (query: Record<string, string>, who = auditor) => {
    const res = await t.request(who, { method: 'GET', url: '/api/v1/audit', query });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Entry[] }).items;
  };
  const exportCsv = (query: Record<string, string> = {}, who = auditor) =>
    t.request(who, { method: 'GET', url: '/api/v1/audit/export.csv', query });

  it('names the actor by e-mail and body', async () => {
    const [create] = await read({ action: 'incident.create' });
    expect(create).toMatchObject({
      action: 'incident.create',
      actorUserId: g.agencyReporter.id,
      actorEmail: g.agencyReporter.email,
      actorOrgSlug: g.agency.slug,
      subjectType: 'incident',
      subjectId: incidentId,
      detail: { kind: 'quick' },
    });
    // Bodies were created from the command line: no actor.
    const [org] = await read({ action: 'org.create', limit: '1' });
    expect(org).toMatchObject({ actorUserId: null, actorEmail: null, actorOrgSlug: null });
  });

  it('filters by action, action prefix, actor, subject and time, together', async () => {
    expect((await read({ action: 'incident.' })).map((e) => e.action)).toEqual([
      'incident.list',
      'incident.read',
      'incident.create',
    ]);
    expect(await read({ action: 'incident' })).toEqual([]);
    const byActor = await read({ actor: g.analyst.email.toUpperCase() });
    // The harness creates users from the command line, so reading is the analyst's only act so far.
    expect(byActor.map((e) => e.action)).toEqual(['incident.read']);
    expect(await read({ actor: 'nobody@example.test' })).toEqual([]);
    const subject = await read({ subjectType: 'incident', subjectId: incidentId });
    expect(subject.map((e) => e.action)).toEqual(['incident.read', 'incident.create']);
    const period = await read({ from: start, to: new Date(Date.parse(start) + 60_000).toISOString() });
    expect(period.map((e) => e.action)).toEqual(['incident.create']);
    expect(await read({ action: 'incident.', actor: g.ministryOfficer.email })).toHaveLength(1);
    // A zone offset is the same instant.
    expect(await read({ from: start.replace('Z', '+00:00'), action: 'incident.' })).toHaveLength(3);
  });

  it('pages with before and limit, newest first', async () => {
    const all = await read({ limit: '500' });
    // Each read adds its own row: page from where the first read stood.
    const first = await read({ limit: '2', before: String((all[0]?.id ?? 0) + 1) });
    expect(first).toEqual(all.slice(0, 2));
    const second = await read({ limit: '2', before: String(first[1]?.id) });
    expect(second).toEqual(all.slice(2, 4));
  });

  it('records every read of the log: who read which filter and which page', async () => {
    const newest = async () =>
      t.handle.db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
    const page = await read({ action: 'incident.', actor: g.analyst.email.toUpperCase(), limit: '20' });
    const row = await newest();
    expect(row).toMatchObject({
      action: 'audit.read',
      actor_user_id: auditor.id,
      actor_org_id: g.center.id,
      subject_type: 'audit',
      subject_id: null,
    });
    expect(JSON.parse(row.detail)).toEqual({
      filter: { action: 'incident.', actor: g.analyst.email.toUpperCase() },
      limit: 20,
    });
    expect(page.map((e) => e.seq)).not.toContain(row.seq);
    // The next read sees the one before it, as any other row.
    const [latest] = await read({ limit: '1' });
    expect(latest).toMatchObject({ seq: row.seq, action: 'audit.read', actorEmail: auditor.email });
    const paged = await read({ before: String(row.id), limit: '5', from: start });
    expect(JSON.parse((await newest()).detail)).toEqual({
      filter: { from: start },
      before: row.id,
      limit: 5,
    });
    expect(paged).toHaveLength(5);

    // A refused read writes nothing.
    const count = await t.count('audit_log');
    expectProblem(await t.request(g.analyst, { method: 'GET', url: '/api/v1/audit' }), 403, 'auth.forbidden');
    expect(await t.count('audit_log')).toBe(count);
    expect(await t.services.audit.verify(t.handle.db)).toMatchObject({ ok: true });
  });

  it('exports CSV: BOM, header, CRLF, RFC 4180 quoting, the filters of the list', async () => {
    const res = await exportCsv({ action: 'incident.' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="renraku-audit-2026-11-25.csv"');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(res.body.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual([
      'seq',
      'at',
      'actor_email',
      'actor_org',
      'action',
      'subject_type',
      'subject_id',
      'detail',
      'hash',
    ]);
    const listed = (await read({ action: 'incident.' })).reverse();
    expect(rows.slice(1).map((r) => [Number(r[0]), r[2], r[3], r[4], JSON.parse(r[7] as string)])).toEqual(
      listed.map((e) => [e.seq, e.actorEmail ?? '', e.actorOrgSlug ?? '', e.action, e.detail]),
    );
    expect(res.body).toContain('"{""kind"":""quick""}"');
  });

  it('exports every matching row, page after page, and audits the export', async () => {
    await inTransaction(t.handle, async (unit) => {
      for (let i = 0; i < 2100; i++)
        await t.services.audit.append(
          unit,
          {
            actorUserId: g.analyst.id,
            actorOrgId: g.center.id,
            action: 'incident.read',
            subjectType: 'incident',
            subjectId: `bulk-${i}`,
            detail: { n: i },
          },
          t.clock.now(),
        );
    });
    const before = await t.count('audit_log');
    const res = await exportCsv({ actor: g.analyst.email });
    const rows = parseCsv(res.body.replace(/^\uFEFF/, '')).slice(1);
    expect(rows).toHaveLength(2100 + 1);
    const seqs = rows.map((r) => Number(r[0]));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);

    const [exported] = await t.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', before - 1)
      .where('action', '=', 'audit.export')
      .execute();
    expect(exported).toMatchObject({ actor_user_id: auditor.id, subject_type: 'audit' });
    expect(JSON.parse(exported?.detail ?? '{}')).toEqual({ filter: { actor: g.analyst.email } });
    // The export's own row is in an unfiltered export.
    const all = parseCsv((await exportCsv()).body.replace(/^\uFEFF/, ''));
    expect(all.at(-1)?.[4]).toBe('audit.export');
  });

  it('reads pages of the given size, oldest first', async () => {
    const through = await auditQuery.head(t.handle.db);
    const pages: number[][] = [];
    for await (const page of auditQuery.all(
      t.handle.db,
      { action: 'incident.create' },
      through,
      t.services.auditActors,
      1,
    ))
      pages.push(page.map((r) => r.id));
    expect(pages).toHaveLength(1);
    const small: number[] = [];
    for await (const page of auditQuery.all(
      t.handle.db,
      { action: 'user.' },
      through,
      t.services.auditActors,
      2,
    )) {
      expect(page.length).toBeLessThanOrEqual(2);
      small.push(...page.map((r) => r.id));
    }
    expect(small).toEqual((await read({ action: 'user.', limit: '500' })).map((e) => e.id).reverse());
  });

  it.each([
    ['an action in capitals', { action: 'INCIDENT.' }],
    ['a wildcard in the action', { action: 'incident.%' }],
    ['an action of two dots', { action: 'incident..' }],
    ['an actor that is not an e-mail', { actor: 'analyst' }],
    ['a time that is not one', { from: 'yesterday' }],
    ['an unknown parameter', { q: 'x' }],
    ['a limit over 500', { limit: '501' }],
    ['a zero before', { before: '0' }],
  ] as [string, Record<string, string>][])('refuses %s', async (_name, query) => {
    expectProblem(
      await t.request(auditor, { method: 'GET', url: '/api/v1/audit', query }),
      400,
      'request.validation_failed',
    );
    if (!('limit' in query) && !('before' in query))
      expectProblem(await exportCsv(query), 400, 'request.validation_failed');
  });

  it('exports with Japanese headers and times in Japan on request, the same rows, the options audited', async () => {
    const plain = parseCsv((await exportCsv({ action: 'incident.create' })).body.replace(/^\uFEFF/, ''));
    const res = await exportCsv({ action: 'incident.create', lang: 'ja', tz: 'Asia/Tokyo' });
    expect(res.statusCode, res.body).toBe(200);
    const rows = parseCsv(res.body.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual([
      '連番',
      '日時',
      '操作者',
      '操作者の組織',
      '操作',
      '対象の種類',
      '対象ID',
      '詳細',
      'ハッシュ',
    ]);
    expect(rows.length).toBe(plain.length);
    for (const [i, row] of rows.slice(1).entries()) {
      const utc = plain[i + 1] as string[];
      // The same instant, as the wall clock in Tokyo (UTC+9, no summer time) with its offset.
      expect(row[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$/);
      expect(Date.parse(row[1] as string)).toBe(
        Date.parse(utc[1] as string) - (Date.parse(utc[1] as string) % 1000),
      );
      expect([row[0], ...row.slice(2)]).toEqual([utc[0], ...utc.slice(2)]);
    }
    const [entry] = await read({ action: 'audit.export', limit: '1' });
    expect(entry?.detail).toMatchObject({ lang: 'ja', tz: 'Asia/Tokyo' });
    const english = parseCsv((await exportCsv({ lang: 'en', tz: 'UTC' })).body.replace(/^\uFEFF/, ''));
    expect(english[0]?.[1]).toBe('at');
    expect(english[1]?.[1]).toMatch(/\+00:00$/);
  });

  it.each([
    ['an unknown language', { lang: 'fr' }, 'request.validation_failed'],
    ['an unknown time zone', { tz: 'Asia/Atlantis' }, 'export.unknown_time_zone'],
    ['a path for a time zone', { tz: '../../etc/passwd' }, 'request.validation_failed'],
  ] as [string, Record<string, string>, string][])(
    'refuses %s for the export',
    async (_name, query, code) => {
      expectProblem(await exportCsv(query), 400, code);
    },
  );

  it('the export takes no paging parameters', async () => {
    for (const query of [{ limit: '10' }, { before: '5' }] as Record<string, string>[])
      expectProblem(await exportCsv(query), 400, 'request.validation_failed');
  });
});
