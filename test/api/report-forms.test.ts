import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

const CONTACT = { name: '連絡 太郎', phone: '03-1234-5678', email: 'taro@agency.example.go.jp' };

describe.each(DIALECTS)("the fields of the ministries' report forms on %s", (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
  });
  afterAll(async () => t?.close());

  const addReport = (user: TestUser, id: string, payload: Record<string, unknown>) =>
    t.request(user, { method: 'POST', url: `/api/v1/incidents/${id}/reports`, payload });
  const read = async (user: TestUser, id: string) =>
    (await t.request(user, { method: 'GET', url: `/api/v1/incidents/${id}` })).json();

  it('a quick report may carry them; the incident shows them, the others null', async () => {
    const filed = await t.fileIncident(g.agencyReporter, {
      responseStatus: '該当端末をネットワークから切り離した。',
      contactPerson: CONTACT,
      policeReport: { reported: false },
    });
    expect(filed).toMatchObject({
      responseStatus: '該当端末をネットワークから切り離した。',
      cause: null,
      nextSteps: null,
      contactPerson: CONTACT,
      policeReport: { reported: false },
      ppcReport: null,
    });
  });

  it('a follow-up keeps what it leaves out, replaces what it gives, and clears what it sets to null', async () => {
    const filed = await t.fileIncident(g.agencyReporter, {
      category: 'ransomware',
      severity: 'high',
      responseStatus: '調査中',
      cause: '不明',
      contactPerson: CONTACT,
    });
    const update = await addReport(g.agencyReporter, filed.id, {
      kind: 'update',
      text: '原因を特定した。',
      cause: 'VPN 機器の脆弱性の悪用',
      nextSteps: 'VPN 機器を更新する。',
      severity: null,
      policeReport: { reported: true, date: '2026-11-25' },
    });
    expect(update.statusCode, update.body).toBe(201);
    expect(update.json()).toMatchObject({
      category: 'ransomware',
      severity: null,
      responseStatus: '調査中',
      cause: 'VPN 機器の脆弱性の悪用',
      nextSteps: 'VPN 機器を更新する。',
      contactPerson: CONTACT,
      policeReport: { reported: true, date: '2026-11-25' },
    });
    const cleared = await addReport(g.agencyReporter, filed.id, {
      kind: 'update',
      text: '担当者を外す。',
      contactPerson: null,
      cause: null,
    });
    expect(cleared.json()).toMatchObject({
      contactPerson: null,
      cause: null,
      nextSteps: 'VPN 機器を更新する。',
    });
  });

  it('after a final report saying no personal data was involved, the incident says so (not 個人情報あり)', async () => {
    const filed = await t.fileIncident(g.agencyReporter, {
      impact: { personalData: { involved: true, approxPersons: 1200 }, informationLeaked: true },
    });
    const final = await addReport(g.agencyReporter, filed.id, {
      kind: 'final',
      text: '調査の結果、個人情報の漏えいはなかった。',
      impact: { personalData: { involved: false }, informationLeaked: false },
      ppcReport: { reported: false },
      nextSteps: '再発防止策を実施済み。',
    });
    expect(final.statusCode, final.body).toBe(201);
    const incident = await read(g.analyst, filed.id);
    expect(incident.status).toBe('final');
    expect(incident.impact).toEqual({ personalData: { involved: false }, informationLeaked: false });
    expect(incident).toMatchObject({ ppcReport: { reported: false }, nextSteps: '再発防止策を実施済み。' });
  });

  it('the new texts are searched like the rest of the reports', async () => {
    const filed = await t.fileIncident(g.agencyReporter, { cause: '委託先の設定不備による露出' });
    const res = await t.request(g.agencyReporter, {
      method: 'GET',
      url: '/api/v1/incidents',
      query: { q: '委託先の設定不備' },
    });
    expect(res.json().items.map((i: { id: string }) => i.id)).toEqual([filed.id]);
  });

  it.each([
    ['a date that is no date', { policeReport: { reported: true, date: '2026-13-45' } }],
    ['a date with a time', { ppcReport: { reported: true, date: '2026-11-25T10:00:00Z' } }],
    ['reported as text', { policeReport: { reported: 'yes' } }],
    ['a contact e-mail that is not one', { contactPerson: { name: 'a', email: 'not-an-address' } }],
    ['a phone number with letters', { contactPerson: { name: 'a', phone: 'call me' } }],
    ['a contact without a name', { contactPerson: { phone: '03-1234-5678' } }],
    ['a contact with a field of its own', { contactPerson: { name: 'a', password: 'x' } }],
    ['a blank cause', { cause: '   ' }],
    ['null in a quick report', { cause: null }],
  ])('refuses %s with 400 and files nothing', async (_, fields) => {
    const before = await t.count('incidents');
    const res = await t.request(g.agencyReporter, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: t.quickReport(fields),
    });
    expectProblem(res, 400, 'request.validation_failed');
    expect(await t.count('incidents')).toBe(before);
  });

  it('refuses a bad field in a follow-up and adds no report', async () => {
    const filed = await t.fileIncident(g.agencyReporter);
    const res = await addReport(g.agencyReporter, filed.id, {
      kind: 'update',
      text: 'x',
      contactPerson: { name: '   ' },
    });
    expect(res.statusCode).toBe(400);
    expect((await read(g.agencyReporter, filed.id)).reportCount).toBe(1);
  });
});
