import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// Consent given by a young account — one created, or given its role, fewer than RENRAKU_CONSENT_MIN_ACCOUNT_AGE_DAYS
// ago — is the trace an account made for the occasion leaves. It is not refused: it is flagged on the share, for
// the center and the consenting body, and in the audit entry.

const DAY = 86_400_000;

interface ConsentOnShare {
  status: string;
  standing: boolean;
  youngAccount: boolean;
}
interface Share {
  id: string;
  status: string;
  consentByYoungAccount?: boolean;
  consents?: ConsentOnShare[];
}

describe.each(DIALECTS)('consent by a young account on %s', (dialect) => {
  let t: TestApp;
  let center: TestOrg;
  let analyst: TestUser;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    center = await t.org('center');
    analyst = await t.user(center, 'center-analyst');
  });
  afterAll(() => t?.close());

  /** A ministry with a reporter and an officer made now, and a share of its incident awaiting consent. */
  async function body() {
    const ministry = await t.org('ministry');
    const reporter = await t.user(ministry, 'reporter');
    const officer = await t.user(ministry, 'security-officer');
    return { ministry, reporter, officer };
  }
  async function share(reporter: TestUser, content?: object, incident: object = {}) {
    const filed = await t.fileIncident(reporter, { title: `事案 ${++n}`, summary: `概要 ${n}`, ...incident });
    const res = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [filed.id],
        content: content ?? { title: `共有 ${n}`, body: '本文' },
        audience: { kind: 'all' },
        tlp: 'TLP:GREEN',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Share;
  }
  const approve = async (officer: TestUser, shareId: string) => {
    const request = await t.handle.db
      .selectFrom('consent_requests')
      .select('id')
      .where('share_id', '=', shareId)
      .executeTakeFirstOrThrow();
    const res = await t.request(officer, {
      method: 'POST',
      url: `/api/v1/consent-requests/${request.id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(res.statusCode, res.body).toBe(200);
    return { requestId: request.id, answer: res.json() as { youngAccount: boolean } };
  };
  const asCenter = async (id: string) =>
    (await t.request(analyst, { method: 'GET', url: `/api/v1/shares/${id}` })).json() as Share;
  const asBody = async (officer: TestUser, id: string) =>
    (await t.request(officer, { method: 'GET', url: `/api/v1/shares/${id}` })).json() as Share;
  const auditOf = async (requestId: string) =>
    JSON.parse(
      (
        await t.handle.db
          .selectFrom('audit_log')
          .select('detail')
          .where('subject_id', '=', requestId)
          .where('action', 'like', 'consent.%approve')
          .executeTakeFirstOrThrow()
      ).detail,
    ) as Record<string, unknown>;

  it('flags an approval by an account made days ago, on the share, for the center and the body, and in the audit', async () => {
    const { reporter, officer } = await body();
    const recipient = await t.user(await t.org('ministry'), 'reporter');
    t.clock.advance(t.config.consentMinAccountAgeDays * DAY - 60_000);
    const s = await share(reporter);
    const { requestId, answer } = await approve(officer, s.id);
    expect(answer.youngAccount).toBe(true);
    for (const seen of [await asCenter(s.id), await asBody(officer, s.id)]) {
      expect(seen).toMatchObject({ status: 'published', consentByYoungAccount: true });
      expect(seen.consents).toEqual([expect.objectContaining({ status: 'approved', youngAccount: true })]);
    }
    expect(await auditOf(requestId)).toMatchObject({ youngAccount: true });
    // Recipients see the approved content, not who consented nor how old its account is.
    const received = await t.request(recipient, { method: 'GET', url: `/api/v1/shares/${s.id}` });
    expect(received.statusCode).toBe(200);
    expect(received.json()).not.toHaveProperty('consentByYoungAccount');
    expect(received.json()).not.toHaveProperty('consents');
  });

  it('does not flag an account older than the age', async () => {
    const { reporter, officer } = await body();
    t.clock.advance(t.config.consentMinAccountAgeDays * DAY + 60_000);
    const s = await share(reporter);
    const { requestId, answer } = await approve(officer, s.id);
    expect(answer.youngAccount).toBe(false);
    expect(await asCenter(s.id)).toMatchObject({ status: 'published', consentByYoungAccount: false });
    expect(await auditOf(requestId)).not.toHaveProperty('youngAccount');
  });

  it('counts a role granted recently as young, for that role', async () => {
    const { ministry, reporter, officer } = await body();
    const promoted = await t.user(ministry, 'reporter');
    t.clock.advance(30 * DAY);
    // An old account, a new role: its consent as an officer is young.
    const res = await t.request(officer, {
      method: 'PATCH',
      url: `/api/v1/users/${promoted.id}`,
      payload: { role: 'security-officer' },
    });
    expect(res.statusCode, res.body).toBe(200);
    t.clock.advance(DAY);
    const s = await share(reporter);
    expect((await approve(promoted, s.id)).answer.youngAccount).toBe(true);
    expect(await asCenter(s.id)).toMatchObject({ consentByYoungAccount: true });
  });

  it('flags a standing consent given by a young account, and every share it approves', async () => {
    const { reporter, officer } = await body();
    const rule = await t.request(officer, {
      method: 'POST',
      url: '/api/v1/standing-consents',
      payload: { tlp: 'TLP:GREEN', audience: { kind: 'all' }, scope: 'indicators-only', anonymised: false },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    expect(rule.json()).toMatchObject({ youngAccount: true });
    // Long after, the rule still carries the age of the account that gave it.
    t.clock.advance(60 * DAY);
    // A report at TLP:GREEN: a standing consent never approves a share looser than its source.
    const s = await share(
      reporter,
      {
        title: '観測された通信先',
        body: '以下の指標を観測しました。',
        indicators: [{ type: 'domain-name', value: `evil-${n}.example` }],
      },
      { tlp: 'TLP:GREEN' },
    );
    expect(s).toMatchObject({ status: 'published', consentByYoungAccount: true });
    expect(s.consents).toEqual([expect.objectContaining({ standing: true, youngAccount: true })]);
  });

  it('flags nothing when the age is 0', async () => {
    const t2 = await startTestApp(dialect, { config: { consentMinAccountAgeDays: 0 } });
    try {
      const c = await t2.org('center');
      const a = await t2.user(c, 'center-analyst');
      const m = await t2.org('ministry');
      const r = await t2.user(m, 'reporter');
      const o = await t2.user(m, 'security-officer');
      const incident = await t2.fileIncident(r);
      const created = await t2.request(a, {
        method: 'POST',
        url: '/api/v1/shares',
        payload: {
          sourceIncidentIds: [incident.id],
          content: { title: '共有', body: '本文' },
          audience: { kind: 'all' },
          tlp: 'TLP:GREEN',
        },
      });
      const request = await t2.handle.db
        .selectFrom('consent_requests')
        .select('id')
        .executeTakeFirstOrThrow();
      const answer = await t2.request(o, {
        method: 'POST',
        url: `/api/v1/consent-requests/${request.id}/decision`,
        payload: { decision: 'approve' },
      });
      expect(answer.json()).toMatchObject({ youngAccount: false });
      const seen = await t2.request(a, { method: 'GET', url: `/api/v1/shares/${created.json().id}` });
      expect(seen.json()).toMatchObject({ status: 'published', consentByYoungAccount: false });
    } finally {
      await t2.close();
    }
  });
});
