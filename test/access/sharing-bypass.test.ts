import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepConsentDeadlines } from '../../src/features/sharing/consent.usecases.js';
import { stixId } from '../../src/features/sharing/sharing.stix.js';
import { mayReceive } from '../../src/platform/events/events.routes.js';
import { newId } from '../../src/platform/ids.js';
import { expectProblem } from '../api/helpers.js';
import { actorOf } from '../support/actors.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { openStream } from '../support/sse.js';

// Attempts to get around consent (DESIGN §4): reading a share before its source approved it, answering for
// another body, answering a request an edit replaced, loosening terms by a decision or by an edit after the
// approval, sharing what the center may not see, withdrawing or acknowledging what is not one's own, and
// hearing of a TLP:RED share through the live stream.

type Share = {
  id: string;
  status: string;
  view: string;
  tlp: string;
  title: string;
  body: string;
  revision?: number;
  indicators: { type: string; value: string; description?: string }[];
  mitigations: string[];
  consents?: { id: string; status: string; standing: boolean; org: { slug: string } }[];
};

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const reportId = (shareId: string) => stixId('report', shareId);

/** Calls and checks shared by both configurations. */
function sharingClient(t: TestApp) {
  let words = 0;
  const call = async (u: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await t.request(u, { method, url, ...(payload ? { payload } : {}) });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(500);
    return res;
  };
  const get = (u: TestUser, url: string) => call(u, 'GET', url);
  const post = (u: TestUser, url: string, payload: object = {}) => call(u, 'POST', url, payload);
  const patch = (u: TestUser, url: string, payload: object) => call(u, 'PATCH', url, payload);
  /** A word no other share holds, to search for. */
  const word = () => `zw${process.pid}q${++words}k`;
  const content = (w: string) => ({
    title: `${w} 標的型メールの観測`,
    body: `${w} 添付ファイルを開いた端末が 203.0.113.50 と通信した。`,
    indicators: [{ type: 'ipv4-addr', value: '203.0.113.50', description: 'C2' }],
    mitigations: ['203.0.113.50 への通信を遮断する'],
  });
  async function draft(by: TestUser, payload: Record<string, unknown>) {
    const res = await post(by, '/api/v1/shares', payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Share;
  }
  const centerView = async (analyst: TestUser, id: string) =>
    (await get(analyst, `/api/v1/shares/${id}`)).json() as Share;
  const decide = (u: TestUser, requestId: string | undefined, payload: object) =>
    post(u, `/api/v1/consent-requests/${requestId}/decision`, payload);
  const listIds = async (u: TestUser, query = '') => {
    const res = await get(u, `/api/v1/shares?limit=100&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Share[] }).items.map((i) => i.id);
  };
  const exportedReports = async (u: TestUser) => {
    const res = await get(u, '/api/v1/shares/export.stix');
    expect(res.statusCode, res.body).toBe(200);
    return new Set(
      (res.json() as { objects: { type: string; id: string }[] }).objects
        .filter((o) => o.type === 'report')
        .map((o) => o.id),
    );
  };
  const eventsOf = async (shareId: string) =>
    (await t.services.events.since(0, 1_000_000)).filter((e) => e.payload.shareId === shareId);
  /** Every way a share's content could reach someone: none may answer anything about it. */
  async function expectUnreachable(
    u: TestUser,
    share: { id: string },
    w: string,
    who: string,
    /** Events it may hear of after all: a former reader is told, without content, that the share changed. */
    mayHear: string[] = [],
  ) {
    for (const url of [
      `/api/v1/shares/${share.id}`,
      `/api/v1/shares/${share.id}/stix`,
      `/api/v1/shares/${share.id}/acknowledgments`,
    ])
      expectProblem(await get(u, url), 404, 'shares.not_found');
    expectProblem(
      await post(u, `/api/v1/shares/${share.id}/acknowledge`, { kind: 'read' }),
      404,
      'shares.not_found',
    );
    for (const box of ['inbox', 'managed', 'all'])
      expect(await listIds(u, `box=${box}`), `${who} box=${box}`).not.toContain(share.id);
    expect(await listIds(u, `q=${w}`), `${who} q`).toEqual([]);
    expect((await exportedReports(u)).has(reportId(share.id)), `${who} export`).toBe(false);
    for (const e of await eventsOf(share.id))
      if (!mayHear.includes(e.type)) expect(mayReceive(actorOf(u), e), `${who} hears ${e.type}`).toBe(false);
  }
  return {
    call,
    get,
    post,
    patch,
    word,
    content,
    draft,
    centerView,
    decide,
    listIds,
    exportedReports,
    eventsOf,
    expectUnreachable,
  };
}

describe.each(DIALECTS)('attempts to get around consent on %s', (dialect) => {
  let t: TestApp;
  let c: ReturnType<typeof sharingClient>;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let other: TestOrg;
  let otherAgency: TestOrg;
  let third: TestOrg;
  let free: TestOrg;
  let freeAgency: TestOrg;
  const u = {} as Record<
    | 'otherReporter'
    | 'otherOfficer'
    | 'otherAgencyReporter'
    | 'thirdOfficer'
    | 'freeReporter'
    | 'freeOfficer'
    | 'freeAgencyReporter'
    | 'freeAgencyOfficer'
    | 'coordinator'
    | 'centerOfficer'
    | 'admin'
    | 'auditor',
    TestUser
  >;
  /** Reports: g's ministry's (delivered to the center), g's agency's (held for review), other's, free's agency's. */
  let ministryIncident: string;
  let heldIncident: string;
  let otherIncident: string;
  let freeAgencyIncident: string;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    c = sharingClient(t);
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
    g = await t.government({ reviewMode: true });
    other = await t.org('ministry');
    otherAgency = await t.org('agency', { parent: other });
    third = await t.org('ministry');
    free = await t.org('ministry');
    freeAgency = await t.org('agency', { parent: free });
    u.otherReporter = await t.user(other, 'reporter');
    u.otherOfficer = await t.user(other, 'security-officer');
    u.otherAgencyReporter = await t.user(otherAgency, 'reporter');
    u.thirdOfficer = await t.user(third, 'security-officer');
    u.freeReporter = await t.user(free, 'reporter');
    u.freeOfficer = await t.user(free, 'security-officer');
    u.freeAgencyReporter = await t.user(freeAgency, 'reporter');
    u.freeAgencyOfficer = await t.user(freeAgency, 'security-officer');
    u.coordinator = await t.user(g.center, 'center-coordinator');
    u.centerOfficer = await t.user(g.center, 'security-officer');
    u.admin = await t.user(g.center, 'admin');
    u.auditor = await t.user(g.center, 'auditor');
    ministryIncident = (await t.fileIncident(g.ministryReporter, { title: '省の報告' })).id;
    heldIncident = (await t.fileIncident(g.agencyReporter, { title: '法人の報告 (審査待ち)' })).id;
    // TLP:GREEN: a standing consent at GREEN covers it (never an incident under a stricter label).
    otherIncident = (await t.fileIncident(u.otherReporter, { title: '他省の報告', tlp: 'TLP:GREEN' })).id;
    freeAgencyIncident = (await t.fileIncident(u.freeAgencyReporter, { title: '審査なしの法人の報告' })).id;
  });
  afterAll(async () => t?.close());

  /** A share of g's ministry's report to `other` (TLP:AMBER: other and its agency), awaiting consent. */
  async function pendingShare(overrides: Record<string, unknown> = {}) {
    const w = c.word();
    const share = await c.draft(g.analyst, {
      sourceIncidentIds: [ministryIncident],
      content: c.content(w),
      audience: { kind: 'orgs', orgs: [other.slug] },
      tlp: 'TLP:AMBER',
      ...overrides,
    });
    expect(share.status).toBe('awaiting-consent');
    return { share, w, requestId: share.consents?.[0]?.id as string };
  }
  async function publishedShare(overrides: Record<string, unknown> = {}) {
    const p = await pendingShare(overrides);
    const res = await c.decide(g.ministryOfficer, p.requestId, { decision: 'approve' });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { share: Share }).share.status).toBe('published');
    return p;
  }

  it('a recipient-to-be reaches nothing of a share before its source consents, by any path', async () => {
    const { share, w } = await pendingShare();
    for (const who of [
      'otherReporter',
      'otherOfficer',
      'otherAgencyReporter',
      'thirdOfficer',
      'admin',
      'auditor',
    ] as const)
      await c.expectUnreachable(u[who], share, w, who);
    // Nor can it act on it as if it were its manager.
    for (const who of ['otherOfficer', 'otherReporter'] as const) {
      expectProblem(
        await c.patch(u[who], `/api/v1/shares/${share.id}`, { tlp: 'TLP:CLEAR' }),
        404,
        'shares.not_found',
      );
      expectProblem(await c.post(u[who], `/api/v1/shares/${share.id}/withdraw`), 404, 'shares.not_found');
    }
    // The source body sees exactly what would go out; the center sees it; nobody else.
    expect((await c.get(g.ministryReporter, `/api/v1/shares/${share.id}`)).json()).toMatchObject({
      view: 'manage',
      title: share.title,
    });
    await c.expectUnreachable(g.agencyOfficer, share, w, 'agency of the source ministry');
  });

  it('guessed ids answer exactly like ids that do not exist', async () => {
    const { share, requestId } = await pendingShare();
    const absent = await c.get(u.otherOfficer, `/api/v1/shares/${newId()}`);
    expectProblem(absent, 404, 'shares.not_found');
    const hidden = await c.get(u.otherOfficer, `/api/v1/shares/${share.id}`);
    expect(hidden.body).toBe(absent.body);
    // A consent request's id is not a share's, nor the other way round; neither helps a stranger.
    expectProblem(await c.get(u.otherOfficer, `/api/v1/shares/${requestId}`), 404, 'shares.not_found');
    expectProblem(
      await c.get(g.ministryOfficer, `/api/v1/consent-requests/${share.id}`),
      404,
      'consent.not_found',
    );
    const absentRequest = await c.get(u.otherOfficer, `/api/v1/consent-requests/${newId()}`);
    expectProblem(absentRequest, 404, 'consent.not_found');
    expect((await c.get(u.otherOfficer, `/api/v1/consent-requests/${requestId}`)).body).toBe(
      absentRequest.body,
    );
    for (const id of ['..', '%2e%2e%2f', `${share.id}'--`, 'x'.repeat(64), `${share.id.slice(0, -1)}0`]) {
      for (const url of [`/api/v1/shares/${id}`, `/api/v1/shares/${id}/stix`]) {
        const res = await c.get(u.otherOfficer, url);
        expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(res.body, url).not.toContain(share.title);
      }
    }
  });

  it('only the asked body’s security officers answer: not another ministry, not its agency, not the center', async () => {
    // An agency report delivered to the center at once: the default mode asks its supervising ministry.
    const w = c.word();
    const share = await c.draft(g.analyst, {
      sourceIncidentIds: [freeAgencyIncident],
      content: c.content(w),
      audience: { kind: 'orgs', orgs: [other.slug] },
      tlp: 'TLP:GREEN',
    });
    expect(share.consents?.map((x) => x.org.slug)).toEqual([free.slug]);
    const requestId = share.consents?.[0]?.id;
    const before = await c.centerView(g.analyst, share.id);
    for (const who of [
      u.otherOfficer,
      g.ministryOfficer,
      u.freeAgencyOfficer,
      u.freeReporter,
      g.analyst,
      u.coordinator,
      u.centerOfficer,
      u.admin,
    ]) {
      for (const decision of [{ decision: 'approve' }, { decision: 'reject', reason: 'x' }])
        expectProblem(await c.decide(who, requestId, decision), 404, 'consent.not_found');
      expectProblem(await c.get(who, `/api/v1/consent-requests/${requestId}`), 404, 'consent.not_found');
    }
    // The agency is not asked: it neither lists the request nor sees the share.
    const agencyList = (await c.get(u.freeAgencyOfficer, '/api/v1/consent-requests')).json() as {
      items: { share: { id: string } }[];
    };
    expect(agencyList.items.map((i) => i.share.id)).not.toContain(share.id);
    await c.expectUnreachable(u.freeAgencyOfficer, share, w, 'agency whose report it is');
    expect(await c.centerView(g.analyst, share.id)).toEqual(before);
    // An idempotency key is the caller's own: replaying the officer's key replays nothing for a stranger.
    const approve = (who: TestUser) =>
      t.request(who, {
        method: 'POST',
        url: `/api/v1/consent-requests/${requestId}/decision`,
        payload: { decision: 'approve' },
        headers: { 'idempotency-key': `approve-${share.id}` },
      });
    const res = await approve(u.freeOfficer);
    expect(res.statusCode, res.body).toBe(200);
    const replayed = await approve(u.otherOfficer);
    expectProblem(replayed, 404, 'consent.not_found');
    expect(replayed.body).not.toContain(share.title);
    expect((await c.get(u.otherReporter, `/api/v1/shares/${share.id}`)).json()).toMatchObject({
      view: 'recipient',
    });
  });

  it('an edit replaces the request: the old id decides nothing, and recipients lose the share until approved again', async () => {
    const { share, w, requestId: first } = await pendingShare();
    expect(
      (await c.patch(g.analyst, `/api/v1/shares/${share.id}`, { tlp: 'TLP:AMBER+STRICT' })).statusCode,
    ).toBe(200);
    expectProblem(
      await c.decide(g.ministryOfficer, first, { decision: 'approve' }),
      409,
      'consent.superseded',
    );
    await c.expectUnreachable(u.otherReporter, share, w, 'recipient-to-be');

    // Approved, then edited: the earlier approval covers nothing any more.
    const second = (await c.centerView(g.analyst, share.id)).consents?.[0]?.id as string;
    expect((await c.decide(g.ministryOfficer, second, { decision: 'approve' })).statusCode).toBe(200);
    expect((await c.get(u.otherReporter, `/api/v1/shares/${share.id}`)).statusCode).toBe(200);
    expect(
      (await c.patch(g.analyst, `/api/v1/shares/${share.id}`, { content: c.content(`${w} 改`) })).statusCode,
    ).toBe(200);
    expectProblem(
      await c.decide(g.ministryOfficer, second, { decision: 'approve' }),
      409,
      'consent.superseded',
    );
    expectProblem(await c.get(u.otherReporter, `/api/v1/shares/${share.id}`), 404, 'shares.not_found');
    expect((await c.centerView(g.analyst, share.id)).status).toBe('awaiting-consent');
    // Withdrawn before it went out again: whoever had read it is told so, without content; nobody else.
    expect((await c.post(g.ministryOfficer, `/api/v1/shares/${share.id}/withdraw`)).statusCode).toBe(200);
    const notice = (await c.get(u.otherReporter, `/api/v1/shares/${share.id}`)).json() as Share;
    expect(notice).toMatchObject({ view: 'retracted', status: 'withdrawn', title: '', body: '' });
    expect(await c.listIds(u.otherReporter, 'box=inbox')).toContain(share.id);
    const withdrawn = (await c.eventsOf(share.id)).filter((e) => e.type === 'share.withdrawn');
    expect(withdrawn.some((e) => mayReceive(actorOf(u.otherReporter), e))).toBe(true);
    await c.expectUnreachable(u.otherAgencyReporter, share, w, 'agency under AMBER+STRICT');
  });

  it('approved, then loosened by an edit: nothing goes out until the source approves the looser terms', async () => {
    const { share, w } = await publishedShare({ tlp: 'TLP:AMBER+STRICT' });
    expect((await c.get(u.otherReporter, `/api/v1/shares/${share.id}`)).statusCode).toBe(200);
    await c.expectUnreachable(u.otherAgencyReporter, share, w, 'agency under AMBER+STRICT');
    const seqBefore = (await t.services.events.since(0, 1_000_000)).at(-1)?.seq ?? 0;

    for (const loosen of [
      { tlp: 'TLP:AMBER' },
      { audience: { kind: 'orgs', orgs: [other.slug, third.slug] } },
      { tlp: 'TLP:GREEN', audience: { kind: 'all' } },
    ]) {
      const res = await c.patch(g.analyst, `/api/v1/shares/${share.id}`, loosen);
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json() as Share).status).toBe('awaiting-consent');
      for (const who of [u.otherReporter, u.otherAgencyReporter, u.thirdOfficer, u.freeReporter])
        await c.expectUnreachable(
          who,
          share,
          w,
          `${who.role}@${who.org.slug} after ${JSON.stringify(loosen)}`,
          // The former reader heard it go out before, and hears (without content) that it was taken back; that
          // nothing went out since is checked below.
          who === u.otherReporter ? ['share.published', 'share.updated'] : [],
        );
      // Time passing publishes nothing either; the deadline only lets the request lapse.
      await sweepConsentDeadlines(t.handle, t.services.sharingDeps);
    }
    const since = (await t.services.events.since(seqBefore, 1_000_000)).filter(
      (e) => e.payload.shareId === share.id,
    );
    expect(since.filter((e) => e.type === 'share.published')).toEqual([]);

    const current = await c.centerView(g.analyst, share.id);
    const request = current.consents?.find((x) => x.status === 'pending');
    const res = await c.decide(g.ministryOfficer, request?.id, {
      decision: 'approve',
      revision: current.revision,
    });
    expect(res.statusCode, res.body).toBe(200);
    for (const who of [u.otherAgencyReporter, u.thirdOfficer, u.freeReporter])
      expect((await c.get(who, `/api/v1/shares/${share.id}`)).json()).toMatchObject({
        view: 'recipient',
        tlp: 'TLP:GREEN',
      });
  });

  it('a decision cannot widen the audience, loosen the label or add content; a refused one changes nothing', async () => {
    const { share, requestId } = await pendingShare({ tlp: 'TLP:AMBER+STRICT' });
    const before = await c.centerView(g.analyst, share.id);
    const looser: [object, number, string][] = [
      [
        { audience: { kind: 'orgs', orgs: [other.slug], includeAgencies: true } },
        422,
        'consent.looser_terms',
      ],
      [{ audience: { kind: 'orgs', orgs: [other.slug, third.slug] } }, 422, 'consent.looser_terms'],
      [{ audience: { kind: 'orgs', orgs: [third.slug] } }, 422, 'consent.looser_terms'],
      [{ audience: { kind: 'orgs', orgs: [other.slug, 'no-such-body'] } }, 422, 'shares.unknown_org'],
      [{ audience: { kind: 'all' } }, 422, 'consent.looser_terms'],
      [{ audience: { kind: 'ministries' } }, 422, 'consent.looser_terms'],
      [{ tlp: 'TLP:AMBER' }, 422, 'consent.looser_terms'],
      [{ tlp: 'TLP:CLEAR' }, 422, 'consent.looser_terms'],
      [
        { tlp: 'TLP:RED', audience: { kind: 'users', users: [u.thirdOfficer.email] } },
        422,
        'consent.looser_terms',
      ],
      [{ content: { ...share, body: `${share.body} 追加の詳細。` } }, 422, 'consent.looser_terms'],
      [{ content: { ...share, title: `${share.title} 続報` } }, 422, 'consent.looser_terms'],
      [
        {
          content: {
            ...share,
            indicators: [...share.indicators, { type: 'domain-name', value: 'new.example' }],
          },
        },
        422,
        'consent.looser_terms',
      ],
      [
        {
          content: {
            ...share,
            indicators: [{ type: 'ipv4-addr', value: '203.0.113.50', description: 'C2 と確認済み' }],
          },
        },
        422,
        'consent.looser_terms',
      ],
      [
        { content: { ...share, mitigations: [...share.mitigations, '全端末を初期化する'] } },
        422,
        'consent.looser_terms',
      ],
      ...(
        [
          { type: 'vulnerability', value: 'CVE-2026-1111' },
          { type: 'user-agent', value: 'Mozilla/5.0 DecisionBot/1.0' },
          { type: 'observable', value: '保守用アカウント svc_decision' },
        ] as const
      ).map((added): [object, number, string] => [
        { content: { ...share, indicators: [...share.indicators, added] } },
        422,
        'consent.looser_terms',
      ]),
      [{ content: { ...share, body: [...share.body].reverse().join('') } }, 422, 'consent.looser_terms'],
    ];
    for (const [terms, status, code] of looser) {
      const content = (terms as { content?: Share }).content;
      const payload = {
        decision: 'approve',
        ...terms,
        ...(content
          ? {
              content: {
                title: content.title,
                body: content.body,
                indicators: content.indicators,
                mitigations: content.mitigations,
              },
            }
          : {}),
      };
      expectProblem(await c.decide(g.ministryOfficer, requestId, payload), status, code);
      expect(await c.centerView(g.analyst, share.id), JSON.stringify(terms)).toEqual(before);
    }
    // TLP:RED names people: loosening its label is refused as looser, not as a malformed audience.
    const red = await pendingShare({
      tlp: 'TLP:RED',
      audience: { kind: 'users', users: [u.otherOfficer.email] },
    });
    const redBefore = await c.centerView(g.analyst, red.share.id);
    for (const terms of [
      { tlp: 'TLP:AMBER+STRICT' },
      { tlp: 'TLP:CLEAR' },
      { tlp: 'TLP:AMBER', audience: { kind: 'orgs', orgs: [other.slug] } },
      { audience: { kind: 'users', users: [u.otherOfficer.email, u.otherReporter.email] } },
      { audience: { kind: 'users', users: [u.thirdOfficer.email] } },
    ]) {
      expectProblem(
        await c.decide(g.ministryOfficer, red.requestId, { decision: 'approve', ...terms }),
        422,
        'consent.looser_terms',
      );
      expect(await c.centerView(g.analyst, red.share.id), JSON.stringify(terms)).toEqual(redBefore);
    }
    // Stricter is fine: a narrower audience, a stricter label, text cut or marked.
    const res = await c.decide(g.ministryOfficer, requestId, {
      decision: 'approve',
      tlp: 'TLP:RED',
      audience: { kind: 'users', users: [u.otherOfficer.email] },
      content: { title: share.title, body: share.body.replace('203.0.113.50', '■■■'), indicators: [] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await c.get(u.otherOfficer, `/api/v1/shares/${share.id}`)).json()).toMatchObject({
      view: 'recipient',
      tlp: 'TLP:RED',
      indicators: [],
      mitigations: [],
    });
    expectProblem(await c.get(u.otherReporter, `/api/v1/shares/${share.id}`), 404, 'shares.not_found');
  });

  it('the center cannot share what it does not see, nor put two bodies’ reports in one request', async () => {
    const draft = (sources: string[]) =>
      c.post(g.analyst, '/api/v1/shares', {
        sourceIncidentIds: sources,
        content: c.content(c.word()),
        audience: { kind: 'all' },
        tlp: 'TLP:GREEN',
      });
    const before = await t.count('shares');
    // Held for the ministry's review: not delivered to the center, so not the center's to share.
    expectProblem(await draft([heldIncident]), 422, 'shares.unknown_source');
    expectProblem(await draft([ministryIncident, heldIncident]), 422, 'shares.unknown_source');
    expectProblem(await draft([newId()]), 422, 'shares.unknown_source');
    expectProblem(
      await draft([ministryIncident, otherIncident]),
      422,
      'shares.sources_need_separate_consent',
    );
    expectProblem(
      await draft([freeAgencyIncident, otherIncident]),
      422,
      'shares.sources_need_separate_consent',
    );
    expect(await t.count('shares')).toBe(before);
    // Only the center drafts.
    for (const who of [g.ministryOfficer, u.otherOfficer, u.admin, u.centerOfficer])
      expectProblem(
        await c.post(who, '/api/v1/shares', {
          sourceIncidentIds: [],
          content: c.content(c.word()),
          audience: { kind: 'all' },
          tlp: 'TLP:GREEN',
        }),
        403,
        'auth.forbidden',
      );
    // Once the ministry forwards it, the center may ask: its consent is the ministry's, like its own report's.
    expect((await c.post(g.ministryOfficer, `/api/v1/incidents/${heldIncident}/forward`)).statusCode).toBe(
      200,
    );
    const both = await draft([ministryIncident, heldIncident]);
    expect(both.statusCode, both.body).toBe(201);
    expect((both.json() as Share).consents?.map((x) => x.org.slug)).toEqual([g.ministry.slug]);
  });

  it('only the center or an officer of a consenting body withdraws', async () => {
    const { share } = await publishedShare();
    for (const who of [u.otherOfficer, u.otherReporter, g.agencyOfficer, u.thirdOfficer, u.admin, u.auditor])
      expectProblem(await c.post(who, `/api/v1/shares/${share.id}/withdraw`), 404, 'shares.not_found');
    for (const who of [g.ministryReporter, u.centerOfficer])
      expectProblem(await c.post(who, `/api/v1/shares/${share.id}/withdraw`), 403, 'auth.forbidden');
    expect((await c.get(u.otherReporter, `/api/v1/shares/${share.id}`)).json()).toMatchObject({
      view: 'recipient',
    });
    expect((await c.post(g.ministryOfficer, `/api/v1/shares/${share.id}/withdraw`)).statusCode).toBe(200);
    // A withdrawn share is not brought back by an answer, nor by an edit.
    const requestId = (await c.centerView(g.analyst, share.id)).consents?.[0]?.id;
    expectProblem(
      await c.decide(g.ministryOfficer, requestId, { decision: 'approve' }),
      409,
      'shares.withdrawn',
    );
    expectProblem(
      await c.patch(g.analyst, `/api/v1/shares/${share.id}`, { tlp: 'TLP:RED' }),
      409,
      'shares.withdrawn',
    );
  });

  it('only a recipient acknowledges, and only an advisory asks whether its mitigation was applied', async () => {
    const { share } = await pendingShare();
    for (const who of [u.otherReporter, u.thirdOfficer, g.analyst, u.admin])
      expectProblem(
        await c.post(who, `/api/v1/shares/${share.id}/acknowledge`, { kind: 'read' }),
        404,
        'shares.not_found',
      );
    const requestId = share.consents?.[0]?.id;
    expect((await c.decide(g.ministryOfficer, requestId, { decision: 'approve' })).statusCode).toBe(200);
    for (const who of [u.thirdOfficer, g.analyst, u.coordinator, u.admin, u.auditor, g.agencyReporter])
      expectProblem(
        await c.post(who, `/api/v1/shares/${share.id}/acknowledge`, { kind: 'read' }),
        404,
        'shares.not_found',
      );
    expectProblem(
      await c.post(u.otherReporter, `/api/v1/shares/${share.id}/acknowledge`, { kind: 'mitigation-applied' }),
      422,
      'shares.not_an_advisory',
    );
    expectProblem(
      await c.post(u.thirdOfficer, `/api/v1/shares/${share.id}/acknowledge`, { kind: 'mitigation-applied' }),
      404,
      'shares.not_found',
    );
    const ack = await c.post(u.otherAgencyReporter, `/api/v1/shares/${share.id}/acknowledge`, {
      kind: 'read',
    });
    expect(ack.json()).toMatchObject({ read: { by: u.otherAgencyReporter.email }, mitigationApplied: null });
    // A consenting body that also receives the share acknowledges it like any recipient.
    const all = await publishedShare({ audience: { kind: 'all' }, tlp: 'TLP:GREEN', kind: 'advisory' });
    const own = await c.post(g.ministryReporter, `/api/v1/shares/${all.share.id}/acknowledge`, {
      kind: 'mitigation-applied',
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ mitigationApplied: { by: g.ministryReporter.email } });
    const board = (await c.get(g.analyst, `/api/v1/shares/${all.share.id}/acknowledgments`)).json() as {
      items: { org: { slug: string }; mitigationAppliedBy: string | null }[];
    };
    expect(board.items.find((i) => i.org.slug === g.ministry.slug)?.mitigationAppliedBy).toBe(
      g.ministryReporter.email,
    );
    // Once withdrawn, nothing is acknowledged any more.
    expect((await c.post(g.analyst, `/api/v1/shares/${share.id}/withdraw`)).statusCode).toBe(200);
    expectProblem(
      await c.post(u.otherReporter, `/api/v1/shares/${share.id}/acknowledge`, { kind: 'read' }),
      404,
      'shares.not_found',
    );
  });

  it('a recipient disabled after publication reads nothing more with its token', async () => {
    const reader = await t.user(other, 'reporter');
    const { share } = await publishedShare();
    expect((await c.get(reader, `/api/v1/shares/${share.id}`)).statusCode).toBe(200);
    const admin = await c.patch(u.admin, `/api/v1/users/${reader.id}`, { disabled: true });
    expect(admin.statusCode, admin.body).toBe(200);
    for (const url of [
      `/api/v1/shares/${share.id}`,
      '/api/v1/shares',
      `/api/v1/shares/${share.id}/stix`,
      '/api/v1/shares/export.stix',
    ]) {
      const res = await t.request(reader, { method: 'GET', url });
      expectProblem(res, 401, 'auth.unauthenticated');
      expect(res.body).not.toContain(share.title);
    }
    expectProblem(
      await t.request(reader, {
        method: 'POST',
        url: `/api/v1/shares/${share.id}/acknowledge`,
        payload: { kind: 'read' },
      }),
      401,
      'auth.unauthenticated',
    );
  });

  it('search never finds the text of a withdrawn share for its former recipients', async () => {
    const { share, w } = await publishedShare();
    expect(await c.listIds(u.otherReporter, `q=${w}`)).toEqual([share.id]);
    expect(
      (await c.post(g.analyst, `/api/v1/shares/${share.id}/withdraw`, { reason: '誤報' })).statusCode,
    ).toBe(200);
    for (const who of [u.otherReporter, u.otherOfficer, u.otherAgencyReporter]) {
      for (const q of [w, w.slice(0, 4), '203.0.113.50', '標的型', `${w} 標的型`]) {
        const res = await c.get(who, `/api/v1/shares?q=${encodeURIComponent(q)}`);
        expect(
          (res.json() as { items: Share[] }).items.map((i) => i.id),
          q,
        ).not.toContain(share.id);
      }
      const notice = (await c.get(who, `/api/v1/shares/${share.id}`)).json() as Share;
      expect(notice).toMatchObject({
        view: 'retracted',
        title: '',
        body: '',
        indicators: [],
        mitigations: [],
      });
      expect(JSON.stringify(notice)).not.toContain(w);
      expect(await c.listIds(who, 'box=inbox')).toContain(share.id);
    }
    // Its managers still find it: they read it before it went out.
    expect(await c.listIds(g.analyst, `q=${w}`)).toEqual([share.id]);
    expect(await c.listIds(g.ministryOfficer, `q=${w}`)).toEqual([share.id]);
  });

  it('another user’s cursor is only a position: it pages nothing the caller may not see', async () => {
    await pendingShare();
    await publishedShare();
    const mine = await c.listIds(u.otherReporter, 'box=all');
    const first = (await c.get(g.analyst, '/api/v1/shares?limit=1')).json() as { nextCursor: string };
    expect(first.nextCursor).toBeTruthy();
    const replayed = await c.listIds(u.otherReporter, `cursor=${first.nextCursor}`);
    expect(replayed.every((id) => mine.includes(id))).toBe(true);
    // Whatever position a cursor claims, even one that tries SQL, the page holds the caller's own shares only.
    for (const future of [
      b64(`2999-01-01T00:00:00.000Z|${newId()}`),
      b64("2999-01-01T00:00:00Z|' or 1=1 --"),
    ])
      expect((await c.listIds(u.otherReporter, `cursor=${future}`)).sort()).toEqual([...mine].sort());
    const future = b64(`2999-01-01T00:00:00.000Z|${newId()}`);
    expect(await c.listIds(u.admin, `cursor=${future}`)).toEqual([]);
    for (const cursor of [
      'not*base64',
      b64('garbage'),
      b64(`not-a-date|${newId()}`),
      b64(`2026-01-01T00:00:00Z|x|y`),
      b64('|'),
    ]) {
      const res = await c.get(u.otherReporter, `/api/v1/shares?cursor=${encodeURIComponent(cursor)}`);
      expect(res.statusCode, cursor).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, cursor).toBeLessThan(500);
    }
  });

  it('no STIX of a share that is not published, for anyone', async () => {
    const pending = await pendingShare();
    const rejected = await pendingShare();
    expect(
      (await c.decide(g.ministryOfficer, rejected.requestId, { decision: 'reject', reason: '不可' }))
        .statusCode,
    ).toBe(200);
    for (const { share } of [pending, rejected]) {
      for (const who of [g.analyst, u.coordinator, g.ministryOfficer, u.otherReporter, u.admin]) {
        expectProblem(await c.get(who, `/api/v1/shares/${share.id}/stix`), 404, 'shares.not_found');
        expect((await c.exportedReports(who)).has(reportId(share.id)), `${who.role}@${who.org.slug}`).toBe(
          false,
        );
      }
    }
  });

  it('a TLP:RED share is never addressed to the named person’s colleagues, on the stream or anywhere', async () => {
    const colleague = u.otherReporter;
    const named = u.otherOfficer;
    const colleagueStream = await openStream(`${baseUrl}/api/v1/events`, {
      ...colleague.headers,
      'last-event-id': '0',
    });
    const namedStream = await openStream(`${baseUrl}/api/v1/events`, {
      ...named.headers,
      'last-event-id': '0',
    });
    try {
      const { share, w } = await publishedShare({
        tlp: 'TLP:RED',
        audience: { kind: 'users', users: [named.email] },
      });
      expect((await c.get(named, `/api/v1/shares/${share.id}`)).json()).toMatchObject({ view: 'recipient' });
      await c.expectUnreachable(colleague, share, w, 'colleague');
      await c.expectUnreachable(u.otherAgencyReporter, share, w, 'agency of the named person’s body');
      // Changed, then withdrawn: the former reader hears of it, the colleagues still do not.
      expect(
        (await c.patch(g.analyst, `/api/v1/shares/${share.id}`, { content: c.content(`${w} 改訂`) }))
          .statusCode,
      ).toBe(200);
      expect((await c.post(g.analyst, `/api/v1/shares/${share.id}/withdraw`)).statusCode).toBe(200);
      const events = await c.eventsOf(share.id);
      expect(events.map((e) => e.type)).toEqual(
        expect.arrayContaining(['share.published', 'share.updated', 'share.withdrawn']),
      );
      for (const e of events) {
        expect(mayReceive(actorOf(colleague), e), e.type).toBe(false);
        if (e.readerOrgIds.includes(other.id)) expect(e.readerUserIds, e.type).toEqual([named.id]);
      }
      // The stream itself: a later advisory to the whole body marks the point up to which all is delivered
      // (TLP:AMBER, which an advisory of the center's own takes out at once).
      const sentinel = await c.draft(g.analyst, {
        sourceIncidentIds: [],
        content: c.content(c.word()),
        audience: { kind: 'orgs', orgs: [other.slug] },
        tlp: 'TLP:AMBER',
      });
      for (const s of [colleagueStream, namedStream])
        await s.waitFor((f) => f.event === 'share.published' && f.data.shareId === sentinel.id);
      expect(colleagueStream.frames.filter((f) => f.data.shareId === share.id)).toEqual([]);
      expect(namedStream.frames.filter((f) => f.data.shareId === share.id).map((f) => f.event)).toEqual(
        expect.arrayContaining(['share.published', 'share.updated', 'share.withdrawn']),
      );
      expect(JSON.stringify(namedStream.frames)).not.toContain(w);
    } finally {
      await colleagueStream.close();
      await namedStream.close();
    }
  });

  it('a body’s standing consent answers its own requests only, and a revoked one answers none', async () => {
    const rule = await c.post(u.otherOfficer, '/api/v1/standing-consents', {
      tlp: 'TLP:GREEN',
      audience: { kind: 'all' },
      scope: 'any',
      anonymised: false,
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const ruleId = (rule.json() as { id: string }).id;
    const routine = (sources: string[]) =>
      c.draft(g.analyst, {
        sourceIncidentIds: sources,
        content: c.content(c.word()),
        audience: { kind: 'all' },
        tlp: 'TLP:GREEN',
      });
    // Its own report: covered at once.
    expect(await routine([otherIncident])).toMatchObject({
      status: 'published',
      consents: [{ standing: true }],
    });
    // Another body's report, even to the same audience under the same label: that body is asked.
    const foreign = await routine([ministryIncident]);
    expect(foreign).toMatchObject({
      status: 'awaiting-consent',
      consents: [{ standing: false, status: 'pending' }],
    });
    expect(foreign.consents?.[0]?.org.slug).toBe(g.ministry.slug);
    expectProblem(await c.get(u.freeReporter, `/api/v1/shares/${foreign.id}`), 404, 'shares.not_found');
    // Nobody else revokes it, or even sees it.
    for (const who of [g.ministryOfficer, u.otherReporter, g.analyst, u.admin]) {
      const res = await c.post(who, `/api/v1/standing-consents/${ruleId}/revoke`);
      expect(res.statusCode, `${who.role}@${who.org.slug}`).toBe(404);
    }
    const listed = (await c.get(g.ministryOfficer, '/api/v1/standing-consents')).json() as {
      items: { id: string }[];
    };
    expect(listed.items.map((i) => i.id)).not.toContain(ruleId);
    expect((await c.post(u.otherOfficer, `/api/v1/standing-consents/${ruleId}/revoke`)).statusCode).toBe(200);
    const after = await routine([otherIncident]);
    expect(after).toMatchObject({
      status: 'awaiting-consent',
      consents: [{ standing: false, status: 'pending' }],
    });
    expectProblem(await c.get(u.freeReporter, `/api/v1/shares/${after.id}`), 404, 'shares.not_found');
    // A reporter gives no standing consent for its body.
    expectProblem(
      await c.post(u.otherReporter, '/api/v1/standing-consents', {
        tlp: 'TLP:CLEAR',
        audience: { kind: 'all' },
        scope: 'any',
        anonymised: false,
      }),
      403,
      'auth.forbidden',
    );
  });
});

describe.each(DIALECTS)('consent from both the ministry and the agency on %s', (dialect) => {
  let t: TestApp;
  let c: ReturnType<typeof sharingClient>;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let sibling: TestOrg;
  let siblingOfficer: TestUser;
  let recipient: TestUser;
  let agencyIncident: string;
  let siblingIncident: string;
  let ministryIncident: string;

  beforeAll(async () => {
    t = await startTestApp(dialect, { config: { consentFrom: 'both' } });
    c = sharingClient(t);
    g = await t.government();
    sibling = await t.org('agency', { parent: g.ministry });
    siblingOfficer = await t.user(sibling, 'security-officer');
    const elsewhere = await t.org('ministry');
    recipient = await t.user(elsewhere, 'reporter');
    agencyIncident = (await t.fileIncident(g.agencyReporter, { title: '法人Aの報告' })).id;
    siblingIncident = (await t.fileIncident(await t.user(sibling, 'reporter'), { title: '法人Bの報告' })).id;
    ministryIncident = (await t.fileIncident(g.ministryReporter, { title: '省の報告' })).id;
  });
  afterAll(async () => t?.close());

  async function shareOf(incidentId: string) {
    const w = c.word();
    const share = await c.draft(g.analyst, {
      sourceIncidentIds: [incidentId],
      content: c.content(w),
      audience: { kind: 'orgs', orgs: [recipient.org.slug] },
      tlp: 'TLP:GREEN',
    });
    const request = (slug: string) => share.consents?.find((x) => x.org.slug === slug)?.id;
    return { share, w, request };
  }

  it('an agency’s report needs both answers: one approval publishes nothing', async () => {
    const { share, w, request } = await shareOf(agencyIncident);
    expect(share.consents?.map((x) => x.org.slug).sort()).toEqual([g.agency.slug, g.ministry.slug].sort());
    expect(
      (await c.decide(g.ministryOfficer, request(g.ministry.slug), { decision: 'approve' })).statusCode,
    ).toBe(200);
    expect((await c.centerView(g.analyst, share.id)).status).toBe('awaiting-consent');
    await c.expectUnreachable(recipient, share, w, 'recipient after one approval');
    // Neither answers for the other.
    expectProblem(
      await c.decide(g.ministryOfficer, request(g.agency.slug), { decision: 'approve' }),
      404,
      'consent.not_found',
    );
    expectProblem(
      await c.decide(g.agencyOfficer, request(g.ministry.slug), { decision: 'approve' }),
      404,
      'consent.not_found',
    );
    const res = await c.decide(g.agencyOfficer, request(g.agency.slug), { decision: 'approve' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await c.get(recipient, `/api/v1/shares/${share.id}`)).json()).toMatchObject({
      view: 'recipient',
    });
  });

  it('the stricter of the two answers is what goes out, and one rejection stops it', async () => {
    const { share, request } = await shareOf(agencyIncident);
    const cut = share.body.replace('203.0.113.50', '■■■');
    expect(
      (
        await c.decide(g.agencyOfficer, request(g.agency.slug), {
          decision: 'approve',
          tlp: 'TLP:AMBER+STRICT',
          content: { title: share.title, body: cut, indicators: [] },
        })
      ).statusCode,
    ).toBe(200);
    // The ministry approves as it stands now, which is the agency's stricter version.
    expect(
      (await c.decide(g.ministryOfficer, request(g.ministry.slug), { decision: 'approve' })).statusCode,
    ).toBe(200);
    expect((await c.get(recipient, `/api/v1/shares/${share.id}`)).json()).toMatchObject({
      view: 'recipient',
      tlp: 'TLP:AMBER+STRICT',
      body: cut,
      indicators: [],
      mitigations: [],
    });

    const second = await shareOf(agencyIncident);
    expect(
      (await c.decide(g.ministryOfficer, second.request(g.ministry.slug), { decision: 'approve' }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await c.decide(g.agencyOfficer, second.request(g.agency.slug), {
          decision: 'reject',
          reason: '調査中',
        })
      ).statusCode,
    ).toBe(200);
    expect((await c.centerView(g.analyst, second.share.id)).status).toBe('rejected');
    await c.expectUnreachable(recipient, second.share, second.w, 'recipient after a rejection');
  });

  it('an agency sees only the requests about its own reports', async () => {
    const own = await shareOf(agencyIncident);
    const siblings = await shareOf(siblingIncident);
    const ministrys = await shareOf(ministryIncident);
    expect(siblings.share.consents?.map((x) => x.org.slug).sort()).toEqual(
      [g.ministry.slug, sibling.slug].sort(),
    );
    expect(ministrys.share.consents?.map((x) => x.org.slug)).toEqual([g.ministry.slug]);
    const listed = (await c.get(g.agencyOfficer, '/api/v1/consent-requests')).json() as {
      items: { id: string; share: { id: string } }[];
    };
    const shareIds = new Set(listed.items.map((i) => i.share.id));
    expect(shareIds.has(own.share.id)).toBe(true);
    expect(shareIds.has(siblings.share.id)).toBe(false);
    expect(shareIds.has(ministrys.share.id)).toBe(false);
    for (const other of [siblings, ministrys]) {
      await c.expectUnreachable(g.agencyOfficer, other.share, other.w, 'agency, about another body’s report');
      await c.expectUnreachable(g.agencyReporter, other.share, other.w, 'agency reporter');
    }
    expectProblem(
      await c.decide(g.agencyOfficer, siblings.request(sibling.slug), { decision: 'approve' }),
      404,
      'consent.not_found',
    );
    expectProblem(await c.get(siblingOfficer, `/api/v1/shares/${own.share.id}`), 404, 'shares.not_found');
    // The ministry, which reads all three reports, is asked about all three.
    const ministryList = (await c.get(g.ministryOfficer, '/api/v1/consent-requests')).json() as {
      items: { share: { id: string } }[];
    };
    const ministryShares = new Set(ministryList.items.map((i) => i.share.id));
    for (const s of [own, siblings, ministrys]) expect(ministryShares.has(s.share.id)).toBe(true);
    // Two agencies' reports in one share would show each the other's: refused.
    expectProblem(
      await c.post(g.analyst, '/api/v1/shares', {
        sourceIncidentIds: [agencyIncident, siblingIncident],
        content: c.content(c.word()),
        audience: { kind: 'all' },
        tlp: 'TLP:GREEN',
      }),
      422,
      'shares.sources_need_separate_consent',
    );
  });
});

describe.each(DIALECTS)('attempts around the guard of sharing and four eyes on %s', (dialect) => {
  let t: TestApp;
  let c: ReturnType<typeof sharingClient>;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let first: TestUser;
  let second: TestUser;
  let admin: TestUser;
  let auditor: TestUser;
  let reader: TestUser;
  let red: string;
  const SECRET = '人事給与システムのサーバがランサムウェアに感染し、職員の口座情報が暗号化された。';

  beforeAll(async () => {
    t = await startTestApp(dialect);
    c = sharingClient(t);
    g = await t.government();
    first = await t.user(g.center, 'center-coordinator');
    second = await t.user(g.center, 'center-coordinator');
    admin = await t.user(g.center, 'admin');
    auditor = await t.user(g.center, 'auditor');
    reader = await t.user(await t.org('ministry'), 'reporter');
    red = (
      await t.fileIncident(g.ministryReporter, {
        title: '機微な事案',
        summary: `${SECRET} 通信先は c2.secret-op.example と 198.51.100.77。`,
        tlp: 'TLP:RED',
      })
    ).id;
  });
  afterAll(async () => t?.close());

  const advisory = (by: TestUser, content: Record<string, unknown>, tlp = 'TLP:CLEAR') =>
    c.post(by, '/api/v1/shares', {
      sourceIncidentIds: [],
      content: { title: '注意喚起', body: '確認してください。', ...content },
      audience: { kind: 'all' },
      tlp,
    });

  it('no spelling of a TLP:RED report gets into an advisory of the center’s own', async () => {
    for (const content of [
      { body: Array.from(SECRET).join('\u2060') },
      { body: SECRET.replace(/ー/g, 'ｰ').replace(/システム/g, 'ｼｽﾃﾑ') },
      { body: SECRET.split('、').join('\n\n') },
      { indicators: [{ type: 'url', value: 'http://user@c2.secret-op.example:8080/x' }] },
      { indicators: [{ type: 'ipv6-addr', value: '::198.51.100.77' }] },
      { indicators: [{ type: 'ipv4-addr', value: '198.51.100.0/25' }] },
      { body: 'hxxps[:]//c2[.]secret-op[.]example を遮断' },
      { body: '通信先: ｃ２．ｓｅｃｒｅｔ－ｏｐ．ｅｘａｍｐｌｅ' },
    ]) {
      const res = await advisory(g.analyst, content);
      expectProblem(res, 422, 'shares.undeclared_source');
      expect((res.json() as { incidentIds: string[] }).incidentIds, JSON.stringify(content)).toEqual([red]);
    }
    // Nothing was written, and nobody outside the report's readers heard of anything.
    expect(await c.listIds(reader, 'box=inbox')).toEqual([]);
  });

  it('a replayed idempotency key does not carry a report past the guard', async () => {
    const headers = { 'idempotency-key': `advisory-${randomUUID()}` };
    const clean = await t.request(g.analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      headers,
      payload: {
        sourceIncidentIds: [],
        content: { title: '注意', body: '確認を。' },
        audience: { kind: 'all' },
        tlp: 'TLP:AMBER',
      },
    });
    expect(clean.statusCode, clean.body).toBe(201);
    const replay = await t.request(g.analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      headers,
      payload: {
        sourceIncidentIds: [],
        content: { title: '注意', body: SECRET },
        audience: { kind: 'all' },
        tlp: 'TLP:AMBER',
      },
    });
    expect(replay.statusCode).toBeGreaterThanOrEqual(400);
    expect(replay.body).not.toContain(SECRET.slice(0, 12));
  });

  it('nobody publishes alone: not the author under another token, not an editor, not an administrator', async () => {
    const drafted = (await advisory(first, { body: '定例の確認をお願いします。' })).json() as Share;
    expect(drafted.status).toBe('awaiting-publication');
    const publish = (u: TestUser, revision = drafted.revision) =>
      c.post(u, `/api/v1/shares/${drafted.id}/publish`, { revision });
    // The same person with a second token is still the author.
    const token = await t.tokenFor(first, { name: 'second' });
    const sameAuthor = { ...first, headers: { authorization: `Bearer ${token.secret}` } };
    expectProblem(await publish(sameAuthor), 403, 'shares.publisher_is_author');
    for (const who of [admin, auditor, g.ministryOfficer, reader])
      expectProblem(await publish(who), 404, 'shares.not_found');
    // An edit of the label alone makes its editor an author too.
    const relabelled = (
      await c.patch(second, `/api/v1/shares/${drafted.id}`, { tlp: 'TLP:GREEN' })
    ).json() as Share;
    expect(relabelled.status).toBe('awaiting-publication');
    expectProblem(await publish(second, relabelled.revision), 403, 'shares.publisher_is_author');
    expectProblem(await publish(first, relabelled.revision), 403, 'shares.publisher_is_author');
    expect(await c.listIds(reader, 'box=inbox')).not.toContain(drafted.id);
    const res = await publish(await t.user(g.center, 'center-coordinator'), relabelled.revision);
    expect(res.statusCode, res.body).toBe(200);
    expect(await c.listIds(reader, 'box=inbox')).toContain(drafted.id);
  });

  it('a TLP:RED report’s user agent, observable or CVE id gets into no advisory as an indicator: not created, edited in, nor imported and sent', async () => {
    const UA = 'Mozilla/5.0 (Windows NT 10.0) BypassBot/4.4 (+secret-op)';
    const OBSERVABLE = '機微な保守用アカウント svc_secret_op_8812';
    const CVE = 'CVE-2026-48812';
    const typed = (
      await t.fileIncident(g.ministryReporter, {
        title: '機微な事案（指標）',
        summary: '詳細は添付の指標のとおり。',
        tlp: 'TLP:RED',
        indicators: [
          { type: 'user-agent', value: UA },
          { type: 'other', value: OBSERVABLE },
          { type: 'cve', value: CVE },
        ],
      })
    ).id;
    const attempts = [
      { type: 'user-agent', value: UA },
      { type: 'user-agent', value: UA.toLowerCase() },
      { type: 'observable', value: UA },
      { type: 'observable', value: OBSERVABLE },
      { type: 'observable', value: OBSERVABLE.toUpperCase() },
      { type: 'user-agent', value: ` ${OBSERVABLE} ` },
      { type: 'vulnerability', value: CVE.toLowerCase() },
      { type: 'observable', value: CVE },
    ];
    const refused = (res: Awaited<ReturnType<typeof advisory>>, what: unknown) => {
      expectProblem(res, 422, 'shares.undeclared_source');
      expect((res.json() as { incidentIds: string[] }).incidentIds, JSON.stringify(what)).toEqual([typed]);
    };
    for (const indicator of attempts)
      refused(await advisory(g.analyst, { indicators: [indicator] }), indicator);
    // Edited into an advisory already out: refused, and the advisory stays as it was.
    const out = (
      await advisory(first, { body: '確認してください。', indicators: [] }, 'TLP:AMBER')
    ).json() as Share;
    expect(out.status).toBe('published');
    for (const indicator of attempts)
      refused(
        await c.patch(first, `/api/v1/shares/${out.id}`, {
          content: { title: out.title, body: out.body, indicators: [indicator] },
        }),
        indicator,
      );
    expect(((await c.get(reader, `/api/v1/shares/${out.id}`)).json() as Share).indicators).toEqual([]);
    // Imported from a STIX bundle into a draft, then sent: the guard stops it at sending.
    const at = '2026-12-01T00:00:00.000Z';
    const bundle = {
      type: 'bundle',
      id: `bundle--${randomUUID()}`,
      objects: [
        {
          type: 'indicator',
          spec_version: '2.1',
          id: `indicator--${randomUUID()}`,
          created: at,
          modified: at,
          pattern: `[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = '${UA}']`,
          pattern_type: 'stix',
          valid_from: at,
        },
      ],
    };
    const imported = await c.post(g.analyst, '/api/v1/shares/import.stix', bundle);
    expect(imported.statusCode, imported.body).toBe(201);
    const draft = (imported.json() as { share: Share }).share;
    expect(draft.indicators).toEqual([{ type: 'user-agent', value: UA }]);
    refused(
      await c.patch(g.analyst, `/api/v1/shares/${draft.id}`, { audience: { kind: 'all' }, tlp: 'TLP:AMBER' }),
      'import',
    );
    expect(await c.listIds(reader, 'box=inbox')).not.toContain(draft.id);
  });

  it('loosening a published advisory to TLP:CLEAR needs the second pair of eyes again', async () => {
    const amber = (
      await advisory(first, { body: '管理画面を公開しないでください。' }, 'TLP:AMBER')
    ).json() as Share;
    expect(amber.status).toBe('published');
    expect(await c.listIds(reader, 'box=inbox')).toContain(amber.id);
    const loosened = (
      await c.patch(first, `/api/v1/shares/${amber.id}`, { tlp: 'TLP:CLEAR' })
    ).json() as Share;
    expect(loosened.status).toBe('awaiting-publication');
    expectProblem(await c.get(reader, `/api/v1/shares/${amber.id}`), 404, 'shares.not_found');
    const events = await c.eventsOf(amber.id);
    expect(events.filter((e) => e.type === 'share.published')).toHaveLength(1);
  });
});
