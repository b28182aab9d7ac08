import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

const MAX = 4096;
const INCIDENT_MAX = 10_000;

describe.each(DIALECTS)('attachments of reports on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  beforeAll(async () => {
    t = await startTestApp(dialect, {
      config: { attachmentMaxBytes: MAX, attachmentIncidentMaxBytes: INCIDENT_MAX },
    });
    g = await t.government();
  });
  afterAll(async () => t?.close());

  const upload = (
    u: TestUser | null,
    incidentId: string,
    name: string | null,
    bytes: Buffer | string,
    opts: { type?: string; report?: number | string; method?: string } = {},
  ) => {
    const query = new URLSearchParams();
    if (name !== null) query.set('name', name);
    if (opts.report !== undefined) query.set('report', String(opts.report));
    return t.request(u, {
      method: (opts.method ?? 'POST') as 'POST',
      url: `/api/v1/incidents/${incidentId}/attachments?${query}`,
      payload: bytes,
      headers: { 'content-type': opts.type ?? 'application/octet-stream' },
    });
  };
  const list = (u: TestUser, incidentId: string) =>
    t.request(u, { method: 'GET', url: `/api/v1/incidents/${incidentId}/attachments` });
  const stored = () => t.count('attachments');
  const lastAudit = () =>
    t.handle.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();

  it('stores an upload with its SHA-256, size, declared type and NFC name, linked to the latest report', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    await t.request(g.agencyReporter, {
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/reports`,
      payload: { kind: 'update', text: 'ログを添付します。' },
    });
    const bytes = Buffer.from('2026-11-25 03:00 DENY 203.0.113.7 → fs01\n');
    // The name arrives decomposed (NFD: か + combining dakuten) and is stored composed.
    const res = await upload(
      g.agencyReporter,
      incident.id,
      'ファイアウォールのログ.txt'.normalize('NFD'),
      bytes,
      {
        type: 'text/plain; charset=utf-8',
      },
    );
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      incidentId: incident.id,
      reportSeq: 2,
      fileName: 'ファイアウォールのログ.txt'.normalize('NFC'),
      mediaType: 'text/plain',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      uploader: { orgId: g.agency.id, orgSlug: g.agency.slug },
    });
    expect(res.headers.location).toBe(`/api/v1/incidents/${incident.id}/attachments/${body.id}`);
    expect(await lastAudit()).toMatchObject({
      action: 'attachment.upload',
      actor_user_id: g.agencyReporter.id,
      subject_type: 'attachment',
      subject_id: body.id,
    });
    expect(JSON.parse((await lastAudit()).detail)).toMatchObject({ sha256: body.sha256, reportSeq: 2 });

    // An earlier report may be named.
    const first = await upload(g.agencyOfficer, incident.id, 'quick.pdf', 'x', { report: 1 });
    expect(first.statusCode).toBe(201);
    expect(first.json().reportSeq).toBe(1);

    const listed = await list(g.analyst, incident.id);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((a: { fileName: string }) => a.fileName)).toEqual([
      body.fileName,
      'quick.pdf',
    ]);
    expect(await lastAudit()).toMatchObject({ action: 'attachment.list', subject_id: incident.id });
  });

  it('downloads as an attachment that is never rendered, with the Japanese name encoded, and audits it', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const html = '<html><script>alert(document.cookie)</script></html>';
    const up = await upload(g.agencyReporter, incident.id, '身代金要求 "note" (1).html', html, {
      type: 'text/html',
    });
    expect(up.statusCode).toBe(201);
    for (const reader of [g.agencyReporter, g.ministryOfficer, g.analyst]) {
      const res = await t.request(reader, { method: 'GET', url: up.json().downloadUrl });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(html);
      expect(res.headers).toMatchObject({
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename="_____ _note_ (1).html"; filename*=UTF-8''${encodeURIComponent('身代金要求 "note" ').replace(/'/g, '%27')}%281%29.html`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "sandbox; default-src 'none'",
        'cache-control': 'private, no-store',
        'x-content-sha256': up.json().sha256,
      });
      expect(await lastAudit()).toMatchObject({
        action: 'attachment.download',
        actor_user_id: reader.id,
        subject_id: up.json().id,
      });
    }
  });

  it('keeps binary bytes exactly', async () => {
    const incident = await t.fileIncident(g.ministryReporter);
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256));
    const up = await upload(g.ministryReporter, incident.id, 'sample.zip', bytes, {
      type: 'application/zip',
    });
    expect(up.statusCode).toBe(201);
    const res = await t.request(g.ministryReporter, { method: 'GET', url: up.json().downloadUrl });
    expect(res.rawPayload.equals(bytes)).toBe(true);
  });

  it('refuses every bad upload with a clear 4xx and stores nothing', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const before = await stored();
    const audit = await t.count('audit_log');
    const bad: [Promise<Awaited<ReturnType<typeof upload>>>, number, string][] = [
      [
        upload(g.agencyReporter, incident.id, 'big.bin', Buffer.alloc(MAX + 1, 1)),
        413,
        'attachments.too_large',
      ],
      [upload(g.agencyReporter, incident.id, 'empty.txt', ''), 400, 'attachments.empty'],
      [upload(g.agencyReporter, incident.id, null, 'x'), 400, 'request.validation_failed'],
      [upload(g.agencyReporter, incident.id, '../../etc/passwd', 'x'), 400, 'attachments.invalid_name'],
      [upload(g.agencyReporter, incident.id, 'logs/a.txt', 'x'), 400, 'attachments.invalid_name'],
      [upload(g.agencyReporter, incident.id, 'C:\\a.txt', 'x'), 400, 'attachments.invalid_name'],
      [upload(g.agencyReporter, incident.id, 'ａ／ｂ.txt', 'x'), 400, 'attachments.invalid_name'],
      [upload(g.agencyReporter, incident.id, '..', 'x'), 400, 'attachments.invalid_name'],
      [upload(g.agencyReporter, incident.id, 'a\u0085b.txt', 'x'), 400, 'attachments.invalid_name'],
      [upload(g.agencyReporter, incident.id, 'a\u0001b.txt', 'x'), 400, 'request.control_characters'],
      [upload(g.agencyReporter, incident.id, 'invoice\u202Etxt.exe', 'x'), 400, 'attachments.invalid_name'],
      [upload(g.agencyReporter, incident.id, 'a\u200Bb.txt', 'x'), 400, 'attachments.invalid_name'],
      [upload(g.agencyReporter, incident.id, ' lead.txt', 'x'), 400, 'attachments.invalid_name'],
      [
        upload(g.agencyReporter, incident.id, `${'あ'.repeat(201)}.txt`, 'x'),
        400,
        'attachments.invalid_name',
      ],
      [
        upload(g.agencyReporter, incident.id, 'a.txt', 'x', { type: 'not a type' }),
        415,
        'request.unsupported_media_type',
      ],
      [upload(g.agencyReporter, incident.id, 'a.txt', 'x', { report: 9 }), 400, 'attachments.unknown_report'],
      [
        upload(g.agencyReporter, incident.id, 'a.txt', 'x', { report: 'one' }),
        400,
        'request.validation_failed',
      ],
      [
        upload(g.agencyReporter, incident.id, 'a.txt', 'x', { method: 'PUT' }),
        405,
        'http.method_not_allowed',
      ],
      // Another body that reads the incident (the ministry, the center) does not attach to it.
      [upload(g.ministryOfficer, incident.id, 'a.txt', 'x'), 403, 'auth.forbidden'],
      [upload(g.analyst, incident.id, 'a.txt', 'x'), 403, 'auth.forbidden'],
      [upload(null, incident.id, 'a.txt', 'x'), 401, 'auth.unauthenticated'],
    ];
    for (const [res, status, code] of bad) expectProblem(await res, status, code);
    expect(await stored()).toBe(before);
    expect(await t.count('audit_log')).toBe(audit);
  });

  it('refuses an upload that would take the incident past its total, and takes one that fits', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    for (let i = 0; i < 2; i++)
      expect(
        (await upload(g.agencyReporter, incident.id, `part${i}.bin`, Buffer.alloc(MAX, 2))).statusCode,
      ).toBe(201);
    const before = await stored();
    const over = await upload(
      g.agencyReporter,
      incident.id,
      'part2.bin',
      Buffer.alloc(INCIDENT_MAX - 2 * MAX + 1),
    );
    expectProblem(over, 413, 'attachments.incident_full');
    expect(await stored()).toBe(before);
    const fits = await upload(
      g.agencyReporter,
      incident.id,
      'part2.bin',
      Buffer.alloc(INCIDENT_MAX - 2 * MAX),
    );
    expect(fits.statusCode).toBe(201);
  });

  it('keeps the incident under its total when uploads race: exactly as many as fit are taken', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const before = await stored();
    // Six at once, each MAX bytes: two fit under INCIDENT_MAX, whichever order the database takes them in.
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        upload(g.agencyReporter, incident.id, `race${i}.bin`, Buffer.alloc(MAX, i)),
      ),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([201, 201, 413, 413, 413, 413]);
    for (const refused of answers.filter((a) => a.statusCode === 413))
      expectProblem(refused, 413, 'attachments.incident_full');
    expect(await stored()).toBe(before + 2);
    const held = await t.handle.db
      .selectFrom('attachments')
      .where('incident_id', '=', incident.id)
      .select((eb) => eb.fn.sum<number | string>('size').as('total'))
      .executeTakeFirstOrThrow();
    expect(Number(held.total)).toBeLessThanOrEqual(INCIDENT_MAX);
  });
});
