import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATORS_ONLY_BODY } from '../../src/features/sharing/sharing.terms.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// Consent-gated sharing through the API: drafting, consent and its stricter terms, standing consent, receiving,
// acknowledging, withdrawing, editing, deadlines and export.

type Share = {
  id: string;
  status: string;
  view: string;
  title: string;
  body: string;
  tlp: string;
  revision?: number;
  indicators: { type: string; value: string }[];
  recipients?: { orgs: { slug: string }[] };
  consents?: { id: string; status: string; standing: boolean }[];
  acknowledgment: { read: { by: string } | null; mitigationApplied: { by: string } | null } | null;
};

describe.each(DIALECTS)('sharing on %s', (dialect) => {
  let t: TestApp;
  let gov: Awaited<ReturnType<TestApp['government']>>;
  let other: TestOrg;
  let otherReporter: TestUser;
  let otherOfficer: TestUser;
  let otherAgency: TestOrg;
  let otherAgencyReporter: TestUser;
  let coordinator: TestUser;
  let admin: TestUser;
  let incidentId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    gov = await t.government();
    other = await t.org('ministry');
    otherAgency = await t.org('agency', { parent: other });
    otherReporter = await t.user(other, 'reporter');
    otherOfficer = await t.user(other, 'security-officer');
    otherAgencyReporter = await t.user(otherAgency, 'reporter');
    coordinator = await t.user(gov.center, 'center-coordinator');
    admin = await t.user(gov.center, 'admin');
    incidentId = (
      await t.fileIncident(gov.ministryReporter, {
        title: `${gov.ministry.slug} 日本語 の職員PCがマルウェア感染`,
        summary: '職員 山田太郎 のPC (10.1.2.3) から 203.0.113.9 へ通信。連絡先 yamada@example.go.jp',
      })
    ).id;
  });
  afterAll(() => t?.close());

  const post = (u: TestUser, url: string, payload: object) => t.request(u, { method: 'POST', url, payload });
  const get = (u: TestUser, url: string) => t.request(u, { method: 'GET', url });
  const draft = (overrides: Record<string, unknown> = {}) => ({
    sourceIncidentIds: [incidentId],
    content: {
      title: `${gov.ministry.slug} 日本語 でマルウェア感染`,
      body: '職員 山田太郎 のPC (10.1.2.3) が 203.0.113.9 と通信していた。連絡先 yamada@example.go.jp',
      indicators: [
        { type: 'ipv4-addr', value: '203.0.113.9', description: 'C2' },
        { type: 'ipv4-addr', value: '10.1.2.3' },
      ],
      mitigations: ['203.0.113.9 への通信を遮断する'],
    },
    audience: { kind: 'orgs', orgs: [other.slug] },
    tlp: 'TLP:AMBER',
    redact: { anonymiseSource: true, terms: ['山田太郎'], internalAddresses: true, personalData: true },
    ...overrides,
  });
  const create = async (overrides: Record<string, unknown> = {}) => {
    const res = await post(gov.analyst, '/api/v1/shares', draft(overrides));
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Share;
  };
  const pendingFor = async (officer: TestUser, shareId: string) => {
    const res = await get(officer, '/api/v1/consent-requests?status=pending');
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as { items: { id: string; share: Share }[] }).items;
    return items.find((i) => i.share.id === shareId);
  };
  const inbox = async (u: TestUser) =>
    ((await get(u, '/api/v1/shares?box=inbox')).json() as { items: Share[] }).items;

  it('redacts on the server, asks the reporting ministry, and shares nothing before consent', async () => {
    const share = await create();
    expect(share.status).toBe('awaiting-consent');
    expect(share.title).not.toContain(gov.ministry.slug);
    expect(share.title).toContain('ある府省庁');
    expect(share.body).not.toContain('山田太郎');
    expect(share.body).not.toContain('10.1.2.3');
    expect(share.body).not.toContain('yamada@example.go.jp');
    expect(share.body).toContain('203.0.113.9');
    expect(share.indicators.map((i) => i.value)).toEqual(['203.0.113.9']);
    // TLP:AMBER reaches the named ministry and its clients.
    expect(share.recipients?.orgs.map((o) => o.slug).sort()).toEqual([other.slug, otherAgency.slug].sort());
    expect(await inbox(otherReporter)).toEqual([]);
    expectProblem(await get(otherReporter, `/api/v1/shares/${share.id}`), 404, 'shares.not_found');
    const request = await pendingFor(gov.ministryOfficer, share.id);
    // The request shows exactly what recipients would get.
    expect(request?.share).toMatchObject({
      title: share.title,
      body: share.body,
      indicators: share.indicators,
    });
    expect(await pendingFor(gov.agencyOfficer, share.id)).toBeUndefined();
  });

  it('publishes on approval: recipients read exactly the approved content and acknowledge it', async () => {
    const share = await create({ kind: 'advisory' });
    const request = await pendingFor(gov.ministryOfficer, share.id);
    const res = await post(gov.ministryOfficer, `/api/v1/consent-requests/${request?.id}/decision`, {
      decision: 'approve',
      revision: share.revision,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'approved', share: { status: 'published' } });
    for (const u of [otherReporter, otherAgencyReporter]) {
      const got = (await get(u, `/api/v1/shares/${share.id}`)).json() as Share & Record<string, unknown>;
      expect(got).toMatchObject({
        view: 'recipient',
        title: share.title,
        body: share.body,
        tlp: 'TLP:AMBER',
      });
      expect(got).not.toHaveProperty('sources');
      expect(got).not.toHaveProperty('recipients');
    }
    const ack = await post(otherReporter, `/api/v1/shares/${share.id}/acknowledge`, { kind: 'read' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ read: { by: otherReporter.email }, mitigationApplied: null });
    // Per body, idempotent: the first reader stays recorded.
    const again = await post(otherOfficer, `/api/v1/shares/${share.id}/acknowledge`, { kind: 'read' });
    expect(again.json()).toMatchObject({ read: { by: otherReporter.email } });
    await post(otherOfficer, `/api/v1/shares/${share.id}/acknowledge`, { kind: 'mitigation-applied' });
    const board = (await get(gov.analyst, `/api/v1/shares/${share.id}/acknowledgments`)).json() as {
      items: { org: { slug: string }; readAt: string | null; mitigationAppliedBy: string | null }[];
      read: number;
      mitigated: number;
      recipients: number;
    };
    expect(board).toMatchObject({ recipients: 2, read: 1, mitigated: 1 });
    expect(board.items.find((i) => i.org.slug === other.slug)?.mitigationAppliedBy).toBe(otherOfficer.email);
    expectProblem(
      await get(otherReporter, `/api/v1/shares/${share.id}/acknowledgments`),
      404,
      'shares.not_found',
    );
  });

  it('lets a consenting body that also receives the share acknowledge it', async () => {
    const share = await create({ audience: { kind: 'all' }, tlp: 'TLP:GREEN' });
    const request = await pendingFor(gov.ministryOfficer, share.id);
    await post(gov.ministryOfficer, `/api/v1/consent-requests/${request?.id}/decision`, {
      decision: 'approve',
    });
    const seen = (await get(gov.ministryReporter, `/api/v1/shares/${share.id}`)).json() as Share;
    expect(seen).toMatchObject({ view: 'manage', acknowledgment: { read: null, mitigationApplied: null } });
    const ack = await post(gov.ministryReporter, `/api/v1/shares/${share.id}/acknowledge`, { kind: 'read' });
    expect(ack.json()).toMatchObject({ read: { by: gov.ministryReporter.email } });
    // The center drafts but never receives: it has nothing to acknowledge.
    expect(
      ((await get(gov.analyst, `/api/v1/shares/${share.id}`)).json() as Share).acknowledgment,
    ).toBeNull();
  });

  it('takes stricter terms and refuses looser ones', async () => {
    const share = await create();
    const request = await pendingFor(gov.ministryOfficer, share.id);
    const url = `/api/v1/consent-requests/${request?.id}/decision`;
    expectProblem(
      await post(gov.ministryOfficer, url, { decision: 'approve', tlp: 'TLP:GREEN' }),
      422,
      'consent.looser_terms',
    );
    expectProblem(
      await post(gov.ministryOfficer, url, { decision: 'approve', audience: { kind: 'all' } }),
      422,
      'consent.looser_terms',
    );
    expectProblem(
      await post(gov.ministryOfficer, url, {
        decision: 'approve',
        content: { title: share.title, body: `${share.body} 追加の情報` },
      }),
      422,
      'consent.looser_terms',
    );
    expectProblem(
      await post(gov.ministryOfficer, url, { decision: 'approve', revision: 99 }),
      409,
      'consent.terms_changed',
    );
    const res = await post(gov.ministryOfficer, url, {
      decision: 'approve',
      tlp: 'TLP:AMBER+STRICT',
      content: { title: share.title, body: share.body.replace('203.0.113.9', '■■■'), indicators: [] },
    });
    expect(res.statusCode, res.body).toBe(200);
    // The answer says how the terms were tightened, computed from what was asked and what was granted.
    const tightened = [
      { field: 'tlp', asked: 'TLP:AMBER', granted: 'TLP:AMBER+STRICT' },
      { field: 'recipients', asked: [other.slug, otherAgency.slug].sort(), granted: [other.slug] },
      { field: 'body', asked: share.body, granted: share.body.replace('203.0.113.9', '■■■') },
      { field: 'indicators', asked: ['ipv4-addr:203.0.113.9'], granted: [] },
      // Content sent without mitigations grants none.
      { field: 'mitigations', asked: ['203.0.113.9 への通信を遮断する'], granted: [] },
    ];
    expect(res.json().tightened).toEqual(tightened);
    // The center reads it on the share, the body that answered on its request; recipients on neither.
    const managed = (await get(gov.analyst, `/api/v1/shares/${share.id}`)).json() as {
      consents: { tightened: unknown }[];
    };
    expect(managed.consents.map((c) => c.tightened)).toEqual([tightened]);
    const reread = await get(gov.ministryOfficer, `/api/v1/consent-requests/${request?.id}`);
    expect(reread.statusCode, reread.body).toBe(200);
    expect(reread.json().tightened).toEqual(tightened);
    expect((await get(otherReporter, `/api/v1/shares/${share.id}`)).body).not.toContain('tightened');
    expectProblem(
      await get(otherReporter, `/api/v1/consent-requests/${request?.id}`),
      404,
      'consent.not_found',
    );
    // The center's live event names the tightened fields, not their values.
    const events = await t.handle.db
      .selectFrom('events')
      .select('payload')
      .where('type', '=', 'consent.decided')
      .execute();
    const event = events.map((e) => JSON.parse(e.payload)).find((p) => p.requestId === request?.id);
    expect(event).toMatchObject({
      tightened: ['tlp', 'recipients', 'body', 'indicators', 'mitigations'],
    });
    const published = (await get(otherReporter, `/api/v1/shares/${share.id}`)).json() as Share;
    expect(published).toMatchObject({ tlp: 'TLP:AMBER+STRICT', indicators: [] });
    expect(published.body).not.toContain('203.0.113.9');
    // AMBER+STRICT: the ministry only, not its agencies.
    expectProblem(await get(otherAgencyReporter, `/api/v1/shares/${share.id}`), 404, 'shares.not_found');
    expectProblem(
      await post(gov.ministryOfficer, url, { decision: 'approve' }),
      409,
      'consent.already_decided',
    );
  });

  it('ends with nothing shared on rejection or expiry', async () => {
    const rejected = await create();
    const request = await pendingFor(gov.ministryOfficer, rejected.id);
    const url = `/api/v1/consent-requests/${request?.id}/decision`;
    expectProblem(
      await post(gov.ministryOfficer, url, { decision: 'reject' }),
      400,
      'consent.reason_required',
    );
    const res = await post(gov.ministryOfficer, url, { decision: 'reject', reason: '調査中のため' });
    expect(res.json()).toMatchObject({
      status: 'rejected',
      reason: '調査中のため',
      share: { status: 'rejected' },
    });
    expect((await inbox(otherReporter)).map((s) => s.id)).not.toContain(rejected.id);

    const late = await create({ consentDueAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString() });
    const lateRequest = await pendingFor(gov.ministryOfficer, late.id);
    t.clock.advance(3_600_001);
    // Past its deadline it reads as expired, and no longer as pending, before the sweep records it.
    const read = await get(gov.ministryOfficer, `/api/v1/consent-requests/${lateRequest?.id}`);
    expect(read.json()).toMatchObject({ status: 'expired' });
    expect(await pendingFor(gov.ministryOfficer, late.id)).toBeUndefined();
    expectProblem(
      await post(gov.ministryOfficer, `/api/v1/consent-requests/${lateRequest?.id}/decision`, {
        decision: 'approve',
      }),
      409,
      'consent.expired',
    );
    const { sweepConsentDeadlines } = await import('../../src/features/sharing/consent.usecases.js');
    expect((await sweepConsentDeadlines(t.handle, t.services.sharingDeps)).expired).toBeGreaterThanOrEqual(1);
    expect(((await get(gov.analyst, `/api/v1/shares/${late.id}`)).json() as Share).status).toBe('expired');
    expect((await inbox(otherReporter)).map((s) => s.id)).not.toContain(late.id);
  });

  it('reminds the body once before the deadline', async () => {
    const share = await create({
      consentDueAt: new Date(t.clock.now().getTime() + 20 * 3_600_000).toISOString(),
    });
    const request = await pendingFor(gov.ministryOfficer, share.id);
    const { sweepConsentDeadlines } = await import('../../src/features/sharing/consent.usecases.js');
    const sweep = () => sweepConsentDeadlines(t.handle, t.services.sharingDeps);
    const reminders = async () =>
      (await t.services.events.since(0, 100_000)).filter(
        (e) => e.type === 'consent.reminder' && e.payload.requestId === request?.id,
      );
    await sweep();
    expect(await reminders()).toEqual([]);
    t.clock.advance(9 * 3_600_000);
    await sweep();
    await sweep();
    const sent = await reminders();
    expect(sent.map((e) => e.readerOrgIds)).toEqual([[gov.ministry.id]]);
  });

  it('needs consent again after an edit, and recipients lose the share meanwhile', async () => {
    const share = await create();
    const first = await pendingFor(gov.ministryOfficer, share.id);
    await post(gov.ministryOfficer, `/api/v1/consent-requests/${first?.id}/decision`, {
      decision: 'approve',
    });
    expect((await inbox(otherReporter)).map((s) => s.id)).toContain(share.id);
    const patched = await t.request(gov.analyst, {
      method: 'PATCH',
      url: `/api/v1/shares/${share.id}`,
      payload: { tlp: 'TLP:GREEN' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ status: 'awaiting-consent', tlp: 'TLP:GREEN' });
    expect((await inbox(otherReporter)).map((s) => s.id)).not.toContain(share.id);
    expectProblem(
      await post(gov.ministryOfficer, `/api/v1/consent-requests/${first?.id}/decision`, {
        decision: 'approve',
      }),
      409,
      'consent.superseded',
    );
    const second = await pendingFor(gov.ministryOfficer, share.id);
    expect(second?.id).not.toBe(first?.id);
    await post(gov.ministryOfficer, `/api/v1/consent-requests/${second?.id}/decision`, {
      decision: 'approve',
    });
    expect(((await get(otherReporter, `/api/v1/shares/${share.id}`)).json() as Share).tlp).toBe('TLP:GREEN');
  });

  it('withdraws: recipients keep only a retraction notice without content, and search finds nothing', async () => {
    const share = await create({ content: { title: '撤回テスト固有語', body: '撤回テスト本文固有語' } });
    const request = await pendingFor(gov.ministryOfficer, share.id);
    await post(gov.ministryOfficer, `/api/v1/consent-requests/${request?.id}/decision`, {
      decision: 'approve',
    });
    expectProblem(
      await post(otherOfficer, `/api/v1/shares/${share.id}/withdraw`, {}),
      404,
      'shares.not_found',
    );
    const res = await post(gov.ministryOfficer, `/api/v1/shares/${share.id}/withdraw`, { reason: '誤り' });
    expect(res.statusCode, res.body).toBe(200);
    const notice = (await inbox(otherReporter)).find((s) => s.id === share.id);
    expect(notice).toMatchObject({ view: 'retracted', status: 'withdrawn', title: '', body: '' });
    expectProblem(await get(otherReporter, `/api/v1/shares/${share.id}/stix`), 404, 'shares.not_found');
    const found = (
      await get(otherReporter, `/api/v1/shares?q=${encodeURIComponent('撤回テスト')}`)
    ).json() as {
      items: Share[];
    };
    expect(found.items).toEqual([]);
    expect(JSON.stringify((await get(otherReporter, `/api/v1/shares/${share.id}`)).json())).not.toContain(
      '固有語',
    );
    expectProblem(
      await post(gov.analyst, `/api/v1/shares/${share.id}/withdraw`, {}),
      409,
      'shares.withdrawn',
    );
  });

  it('publishes an advisory of the center’s own under TLP:GREEN or CLEAR once a second coordinator does', async () => {
    const own = await post(gov.analyst, '/api/v1/shares', {
      sourceIncidentIds: [],
      content: {
        title: '注意喚起: VPN装置の脆弱性',
        body: '修正版を適用してください。',
        mitigations: ['修正版を適用'],
      },
      audience: { kind: 'all' },
      tlp: 'TLP:CLEAR',
    });
    expect(own.statusCode, own.body).toBe(201);
    const drafted = own.json() as Share & { draftedBy: string; publishedBy: string | null };
    expect(drafted).toMatchObject({
      kind: 'advisory',
      status: 'awaiting-publication',
      draftedBy: gov.analyst.email,
      publishedBy: null,
    });
    expect((await inbox(otherAgencyReporter)).map((s) => s.id)).not.toContain(drafted.id);
    const publish = (u: TestUser, revision = drafted.revision) =>
      post(u, `/api/v1/shares/${drafted.id}/publish`, { revision });
    expectProblem(await publish(gov.analyst), 403, 'shares.publisher_not_coordinator');
    expectProblem(await publish(otherOfficer), 404, 'shares.not_found');
    expectProblem(await publish(coordinator, 99), 409, 'shares.changed');
    const res = await publish(coordinator);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'published',
      draftedBy: gov.analyst.email,
      publishedBy: coordinator.email,
    });
    expect((await inbox(otherAgencyReporter)).map((s) => s.id)).toContain(drafted.id);
    expectProblem(await publish(coordinator), 409, 'shares.not_awaiting_publication');
    // Under TLP:AMBER an advisory of the center's own goes out at once, as before.
    const amber = await post(gov.analyst, '/api/v1/shares', {
      sourceIncidentIds: [],
      content: { title: '注意喚起: 管理画面の公開', body: '管理画面を外部に公開しないでください。' },
      audience: { kind: 'orgs', orgs: [other.slug] },
      tlp: 'TLP:AMBER',
    });
    expect(amber.json()).toMatchObject({ status: 'published', publishedBy: gov.analyst.email });
  });

  it('a standing consent covers routine shares: indicators only, never looser than the incident', async () => {
    const green = (await t.fileIncident(gov.ministryReporter, { title: '定例の観測報告', tlp: 'TLP:GREEN' }))
      .id;
    const rule = await post(gov.ministryOfficer, '/api/v1/standing-consents', {
      tlp: 'TLP:GREEN',
      audience: { kind: 'all' },
      scope: 'indicators-only',
      anonymised: true,
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const routineContent = {
      title: '観測された通信先',
      body: INDICATORS_ONLY_BODY.ja,
      indicators: [{ type: 'domain-name', value: 'evil.example' }],
    };
    const routine = await create({
      sourceIncidentIds: [green],
      content: routineContent,
      audience: { kind: 'all' },
      tlp: 'TLP:GREEN',
    });
    expect(routine).toMatchObject({
      status: 'published',
      consents: [{ status: 'approved', standing: true }],
    });
    // Anything beyond the fixed sentence is not "indicators only": that goes to the officers as usual.
    const narrative = await create({
      sourceIncidentIds: [green],
      content: { ...routineContent, body: '以下の通信先を観測した。' },
      audience: { kind: 'all' },
      tlp: 'TLP:GREEN',
    });
    expect(narrative.status).toBe('awaiting-consent');
    // The incident's own label under the rule's: a TLP:AMBER report is not shared at GREEN by the rule.
    const looser = await create({ content: routineContent, audience: { kind: 'all' }, tlp: 'TLP:GREEN' });
    expect(looser.status).toBe('awaiting-consent');
    const revoked = await post(
      gov.ministryOfficer,
      `/api/v1/standing-consents/${(rule.json() as { id: string }).id}/revoke`,
      {},
    );
    expect(revoked.statusCode, revoked.body).toBe(200);
    const after = await create({
      sourceIncidentIds: [green],
      content: routineContent,
      audience: { kind: 'all' },
      tlp: 'TLP:GREEN',
    });
    expect(after.status).toBe('awaiting-consent');
  });

  it('exports published shares as STIX 2.1 with the TLP 2.0 marking', async () => {
    const share = await create();
    const request = await pendingFor(gov.ministryOfficer, share.id);
    await post(gov.ministryOfficer, `/api/v1/consent-requests/${request?.id}/decision`, {
      decision: 'approve',
    });
    const res = await get(otherReporter, `/api/v1/shares/${share.id}/stix`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/stix\+json/);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="renraku-share-${share.id}.stix.json"`,
    );
    const bundle = res.json() as {
      type: string;
      objects: { type: string; id: string; object_marking_refs?: string[] }[];
    };
    expect(bundle.type).toBe('bundle');
    const amber = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';
    expect(bundle.objects.find((o) => o.type === 'report')?.object_marking_refs).toEqual([amber]);
    expect(bundle.objects.some((o) => o.id === amber)).toBe(true);
    expect(res.body).not.toContain(incidentId);
    expect(res.body).not.toContain(gov.ministry.slug);
    const all = (await get(otherReporter, '/api/v1/shares/export.stix')).json() as {
      objects: { type: string }[];
    };
    expect(all.objects.filter((o) => o.type === 'report').length).toBeGreaterThanOrEqual(1);
    const unrelated = (await get(gov.agencyReporter, '/api/v1/shares/export.stix')).json() as {
      objects: unknown[];
    };
    expect(JSON.stringify(unrelated)).not.toContain(share.id);
  });

  it('refuses bad drafts with clear codes', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ sourceIncidentIds: ['nope'] }, 422, 'shares.unknown_source'],
      // An indicator taken from a report makes the share derived from it, whatever the analyst declares.
      [{ sourceIncidentIds: [] }, 422, 'shares.undeclared_source'],
      [{ tlp: 'TLP:RED' }, 422, 'shares.red_needs_named_users'],
      [{ audience: { kind: 'users', users: [otherReporter.email] } }, 422, 'shares.named_users_need_red'],
      [{ audience: { kind: 'orgs', orgs: ['no-such-body'] } }, 422, 'shares.unknown_org'],
      [
        { content: { title: 'x', body: 'y', indicators: [{ type: 'ipv4-addr', value: '999.1.1.1' }] } },
        400,
        'shares.invalid_indicator',
      ],
      [{ consentDueAt: '2000-01-01T00:00:00Z' }, 422, 'shares.invalid_consent_due'],
      [{ content: { title: '山田太郎', body: 'x' } }, 422, 'shares.empty_after_redaction'],
    ];
    for (const [overrides, status, code] of cases)
      expectProblem(await post(gov.analyst, '/api/v1/shares', draft(overrides)), status, code);
    expectProblem(await post(gov.ministryOfficer, '/api/v1/shares', draft()), 403, 'auth.forbidden');
    expectProblem(await post(admin, '/api/v1/shares', draft()), 403, 'auth.forbidden');
  });

  it('sends TLP:RED to the named people only', async () => {
    const share = await create({ tlp: 'TLP:RED', audience: { kind: 'users', users: [otherOfficer.email] } });
    const request = await pendingFor(gov.ministryOfficer, share.id);
    await post(gov.ministryOfficer, `/api/v1/consent-requests/${request?.id}/decision`, {
      decision: 'approve',
    });
    expect(((await get(otherOfficer, `/api/v1/shares/${share.id}`)).json() as Share).view).toBe('recipient');
    expectProblem(await get(otherReporter, `/api/v1/shares/${share.id}`), 404, 'shares.not_found');
    expect((await inbox(otherReporter)).map((s) => s.id)).not.toContain(share.id);
  });
});
