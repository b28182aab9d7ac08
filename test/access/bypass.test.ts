import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// Attempts to get around DESIGN §4: write to, forward, enumerate, page into, search for, replay or
// authenticate into what the caller may not see.

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

describe.each(DIALECTS)('attempts to get around the access rules on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let sibling: TestOrg;
  let otherMinistry: TestOrg;
  const u = {} as Record<
    | 'siblingReporter'
    | 'siblingOfficer'
    | 'otherOfficer'
    | 'otherReporter'
    | 'coordinator'
    | 'centerOfficer'
    | 'admin'
    | 'auditor',
    TestUser
  >;
  /** What any caller gets for an incident that does not exist. */
  let absentBody: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government({ reviewMode: true });
    sibling = await t.org('agency', { parent: g.ministry });
    otherMinistry = await t.org('ministry');
    u.siblingReporter = await t.user(sibling, 'reporter');
    u.siblingOfficer = await t.user(sibling, 'security-officer');
    u.otherOfficer = await t.user(otherMinistry, 'security-officer');
    u.otherReporter = await t.user(otherMinistry, 'reporter');
    u.coordinator = await t.user(g.center, 'center-coordinator');
    u.centerOfficer = await t.user(g.center, 'security-officer');
    u.admin = await t.user(g.center, 'admin');
    u.auditor = await t.user(g.center, 'auditor');
    const absent = await t.request(g.analyst, { method: 'GET', url: `/api/v1/incidents/${newId()}` });
    expect(absent.statusCode).toBe(404);
    expect(absent.json().code).toBe('incidents.not_found');
    absentBody = absent.body;
  });
  afterAll(async () => t?.close());

  const get = (user: TestUser, id: string) =>
    t.request(user, { method: 'GET', url: `/api/v1/incidents/${id}` });
  const list = async (user: TestUser, query: string) => {
    const res = await t.request(user, { method: 'GET', url: `/api/v1/incidents?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: { id: string }[]; total: number };
    return { ids: page.items.map((i) => i.id), total: page.total };
  };
  const addReport = (user: TestUser, id: string, headers: Record<string, string> = {}) =>
    t.request(user, {
      method: 'POST',
      url: `/api/v1/incidents/${id}/reports`,
      payload: { kind: 'update', text: 'x' },
      headers,
    });
  const forward = (user: TestUser, id: string) =>
    t.request(user, { method: 'POST', url: `/api/v1/incidents/${id}/forward`, payload: {} });
  const expectAbsent = (res: { statusCode: number; body: string }, who: string) => {
    expect(res.statusCode, who).toBe(404);
    expect(res.body, who).toBe(absentBody);
  };

  it('adding a report to another body’s incident: 404 if invisible, 403 if visible but not its own', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    for (const who of [
      'siblingReporter',
      'siblingOfficer',
      'otherOfficer',
      'admin',
      'auditor',
      'centerOfficer',
    ] as const)
      expectAbsent(await addReport(u[who], incident.id), who);
    // While it waits for the ministry's review, the center does not see it, so cannot touch it either.
    expectAbsent(await addReport(g.analyst, incident.id), 'analyst before forwarding');
    // An idempotency key changes nothing about who may write.
    expectAbsent(
      await addReport(u.siblingOfficer, incident.id, { 'idempotency-key': 'bypass-1' }),
      'sibling with key',
    );
    for (const user of [g.ministryReporter, g.ministryOfficer]) {
      const res = await addReport(user, incident.id);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('auth.forbidden');
    }
    expect((await forward(g.ministryOfficer, incident.id)).statusCode).toBe(200);
    for (const user of [g.analyst, u.coordinator, u.centerOfficer]) {
      const res = await addReport(user, incident.id);
      expect(res.statusCode, user.role).toBe(403);
      expect(res.json().code).toBe('auth.forbidden');
    }
    expect((await get(g.agencyReporter, incident.id)).json().reportCount).toBe(1);
    expect((await addReport(g.agencyOfficer, incident.id)).statusCode).toBe(201);
    expect((await get(g.agencyReporter, incident.id)).json().reportCount).toBe(2);
  });

  it('only the supervising ministry’s security officer forwards, and only what waits for its review', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    for (const user of [g.agencyReporter, g.agencyOfficer, g.ministryReporter]) {
      const res = await forward(user, incident.id);
      expect(res.statusCode, `${user.role}@${user.org.slug}`).toBe(403);
      expect(res.json().code).toBe('auth.forbidden');
    }
    for (const who of ['siblingOfficer', 'otherOfficer', 'centerOfficer', 'coordinator', 'admin'] as const)
      expectAbsent(await forward(u[who], incident.id), who);
    expectAbsent(await forward(g.analyst, incident.id), 'analyst');
    // None of that released it.
    expectAbsent(await get(g.analyst, incident.id), 'analyst after the attempts');
    expect((await forward(g.ministryOfficer, incident.id)).statusCode).toBe(200);
    expect((await get(g.analyst, incident.id)).statusCode).toBe(200);
    const again = await forward(g.ministryOfficer, incident.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('incidents.not_awaiting_review');
    expect((await forward(u.centerOfficer, incident.id)).statusCode).toBe(403);

    // A ministry's own report is never reviewed: not by itself, not by the center above it.
    const own = await t.fileIncident(g.ministryReporter);
    for (const user of [g.ministryOfficer, u.centerOfficer]) {
      const res = await forward(user, own.id);
      expect(res.statusCode, `${user.role}@${user.org.slug}`).toBe(403);
    }
  });

  it('filtering the list by another body does not enumerate its incidents', async () => {
    const held = await t.fileIncident(g.agencyReporter);
    const ministryOwn = await t.fileIncident(g.ministryReporter);
    const siblingOwn = await t.fileIncident(u.siblingReporter);
    const empty = { ids: [], total: 0 };
    expect(await list(u.siblingReporter, `org=${g.agency.slug}`)).toEqual(empty);
    expect(await list(g.agencyReporter, `org=${sibling.slug}`)).toEqual(empty);
    expect(await list(g.agencyReporter, `org=${g.ministry.slug}`)).toEqual(empty);
    expect(await list(u.otherOfficer, `org=${g.ministry.slug}`)).toEqual(empty);
    expect(await list(u.otherOfficer, `org=${g.agency.slug}`)).toEqual(empty);
    expect(await list(u.admin, `org=${g.agency.slug}`)).toEqual(empty);
    expect(await list(u.auditor, '')).toEqual(empty);
    expect(await list(g.agencyReporter, 'org=no-such-body')).toEqual(empty);
    // The center does not learn of a report waiting for review by filtering for it.
    const atCenter = await list(g.analyst, `org=${g.agency.slug}&awaitingReview=true`);
    expect(atCenter.ids).not.toContain(held.id);
    expect(atCenter.total).toBe(0);
    expect((await list(g.analyst, `org=${g.ministry.slug}`)).ids).toContain(ministryOwn.id);
    // The ministry does see its agencies' reports, each under its own body.
    expect((await list(g.ministryOfficer, `org=${g.agency.slug}&awaitingReview=true`)).ids).toContain(
      held.id,
    );
    const ofSibling = await list(g.ministryOfficer, `org=${sibling.slug}`);
    expect(ofSibling.ids).toEqual([siblingOwn.id]);
    expect(ofSibling.total).toBe(1);
  });

  it('a forged cursor reveals nothing: malformed ones are refused, well-formed ones page only the caller’s own', async () => {
    const theirs = await t.fileIncident(g.agencyReporter);
    const mine = await t.fileIncident(u.siblingReporter);
    const ownAll = await list(u.siblingReporter, 'limit=200');
    expect(ownAll.ids).toContain(mine.id);
    for (const cursor of [
      'not*base64',
      b64('garbage'),
      b64(`${theirs.id}`),
      b64(`not-a-date|${theirs.id}`),
      b64(`2026-11-25T03:00:00.000Z|${theirs.id}|extra`),
      b64('|'),
      b64(`2999-01-01T00:00:00.000Z|' or 1=1 --`),
      b64(`rd|not-a-date|${theirs.id}`),
      b64(`rd|2026-11-25T03:00:00.000Z|${theirs.id}|extra`),
      b64(`rd|2999-01-01T00:00:00.000Z|' or 1=1 --`),
      b64(`sd|9|2999-01-01T00:00:00.000Z|${theirs.id}`),
    ]) {
      const res = await t.request(u.siblingReporter, {
        method: 'GET',
        url: `/api/v1/incidents?cursor=${encodeURIComponent(cursor)}`,
      });
      expect(res.statusCode, cursor).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, cursor).toBeLessThan(500);
      expect(res.body).not.toContain(theirs.id);
    }
    // A cursor is only a position: whatever it claims, the page holds the caller's own incidents only.
    const future = '2999-01-01T00:00:00.000Z';
    for (const cursor of [
      b64(`rd|${future}|${theirs.id}`),
      b64(`rd|${future}|ffffffff-ffff-7fff-bfff-ffffffffffff`),
    ]) {
      const page = await list(u.siblingReporter, `limit=200&cursor=${cursor}`);
      expect(page.ids.sort()).toEqual([...ownAll.ids].sort());
      expect(page.total).toBe(ownAll.total);
    }
    // A real cursor the ministry got, which points between its agencies' incidents, replayed by a sibling.
    const first = await t.request(g.ministryOfficer, { method: 'GET', url: '/api/v1/incidents?limit=1' });
    const stolen = first.json().nextCursor as string;
    expect(stolen).toBeTruthy();
    const replayed = await list(u.siblingReporter, `limit=200&cursor=${stolen}`);
    expect(replayed.ids.every((id) => ownAll.ids.includes(id))).toBe(true);
    expect(replayed.ids).not.toContain(theirs.id);
  });

  it('search finds nothing of other bodies, by id, by title word or by wildcard', async () => {
    const word = `secret${newId().slice(-8)}`;
    const theirs = await t.fileIncident(g.agencyReporter, {
      title: `機密 ${word}`,
      affectedSystems: ['mail-gw-01'],
    });
    const empty = { ids: [], total: 0 };
    for (const user of [u.siblingReporter, u.otherOfficer, g.analyst, u.admin]) {
      expect(await list(user, `q=${theirs.id}`)).toEqual(empty);
      expect(await list(user, `q=${word}`)).toEqual(empty);
      expect(await list(user, `q=${encodeURIComponent(`"機密 ${word}"`)}`)).toEqual(empty);
      expect(await list(user, `q=${encodeURIComponent(word.slice(0, 2))}&org=${g.agency.slug}`)).toEqual(
        empty,
      );
    }
    for (const wildcard of ['%', '_', '%%%', '*', '"']) {
      const found = await list(u.otherOfficer, `q=${encodeURIComponent(wildcard)}`);
      expect(found.ids, wildcard).not.toContain(theirs.id);
    }
    expect((await list(g.ministryOfficer, `q=${word}`)).ids).toEqual([theirs.id]);
    expect((await list(g.agencyReporter, 'q=mail-gw-01')).ids).toContain(theirs.id);
    expect(await list(u.siblingReporter, 'q=mail-gw-01')).toEqual(empty);
  });

  it('search by a folded variant (width, case, zero-width, long vowel) of a hidden word finds nothing', async () => {
    const code = newId()
      .slice(-8)
      .replace(/[^a-z0-9]/gi, 'x')
      .toLowerCase();
    const theirs = await t.fileIncident(g.agencyReporter, {
      title: `極秘ランサムサーバー ${code}`,
      summary: `ﾊﾞｯｸｱｯﾌﾟ ${code.toUpperCase()}`,
    });
    const fullWidth = (s: string) =>
      s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const variants = [
      fullWidth(code.toUpperCase()),
      `${code.slice(0, 3)}\u200b${code.slice(3)}`,
      `ﾗﾝｻﾑｻｰﾊﾞ ${code}`,
      `"極秘ランサムサーバ\u3000${fullWidth(code)}"`,
      `ﾊﾞｯｸｱｯﾌﾟ ${code}`,
      `バックアップ\ufeff ${code.toUpperCase()}`,
    ];
    // The reporter and its ministry find it by every variant: the variants do match.
    for (const q of variants) {
      expect((await list(g.agencyReporter, `q=${encodeURIComponent(q)}`)).ids, q).toEqual([theirs.id]);
      expect((await list(g.ministryOfficer, `q=${encodeURIComponent(q)}`)).ids, q).toEqual([theirs.id]);
    }
    // Nobody else does: a sibling agency, another ministry, the center before the ministry forwarded it (review
    // mode), and the center's administrator and auditor, whatever body they name.
    const empty = { ids: [], total: 0 };
    for (const user of [u.siblingReporter, u.otherOfficer, g.analyst, u.coordinator, u.admin, u.auditor])
      for (const q of variants) {
        expect(await list(user, `q=${encodeURIComponent(q)}`), q).toEqual(empty);
        expect(await list(user, `q=${encodeURIComponent(q)}&org=${g.agency.slug}`), q).toEqual(empty);
      }
  });

  it('another user replaying an Idempotency-Key gets its own new incident, never the first caller’s', async () => {
    const key = `report-${newId()}`;
    const payload = t.quickReport({ title: '同じキーの報告' });
    const post = (user: TestUser) =>
      t.request(user, {
        method: 'POST',
        url: '/api/v1/incidents',
        payload,
        headers: { 'idempotency-key': key },
      });
    const a = await post(g.agencyReporter);
    expect(a.statusCode).toBe(201);
    const aReplay = await post(g.agencyReporter);
    expect(aReplay.statusCode).toBe(201);
    expect(aReplay.json().id).toBe(a.json().id);

    for (const user of [u.otherReporter, g.agencyOfficer, u.siblingReporter]) {
      const b = await post(user);
      expect(b.statusCode, user.org.slug).toBe(201);
      expect(b.json().id).not.toBe(a.json().id);
      expect(b.json().org.slug).toBe(user.org.slug);
      expect((await post(user)).json().id).toBe(b.json().id);
    }
    const fromOther = await list(u.otherReporter, `limit=200`);
    expect(fromOther.ids).not.toContain(a.json().id);
    expectAbsent(await get(u.otherReporter, a.json().id), 'other ministry reads the first incident');
  });

  it('a revoked, unknown or malformed bearer token is 401 everywhere, whether or not the incident exists', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const created = await t.tokenFor(g.agencyReporter, { name: 'soon revoked' });
    const revokedToken = created.secret;
    expect((await get(g.agencyReporter, incident.id)).statusCode).toBe(200);
    const ok = await t.request(null, {
      method: 'GET',
      url: `/api/v1/incidents/${incident.id}`,
      headers: { authorization: `Bearer ${revokedToken}` },
    });
    expect(ok.statusCode).toBe(200);
    const revoked = await t.request(g.agencyReporter, {
      method: 'DELETE',
      url: `/api/v1/tokens/${created.id}`,
    });
    expect(revoked.statusCode).toBe(204);

    const valid = g.agencyReporter.headers.authorization as string;
    const headers = [
      `Bearer ${revokedToken}`,
      `Bearer rt_${'A'.repeat(43)}`,
      'Bearer',
      'Bearer ',
      `Bearer ${revokedToken} extra`,
      `Bearer ${'a'.repeat(201)}`,
      `Basic ${Buffer.from(`${g.agencyReporter.email}:x`).toString('base64')}`,
      valid.replace('Bearer', 'Token'),
      `${valid}x`,
    ];
    const requests = [
      { method: 'GET', url: `/api/v1/incidents/${incident.id}` },
      { method: 'GET', url: `/api/v1/incidents/${newId()}` },
      { method: 'GET', url: '/api/v1/incidents' },
      { method: 'GET', url: '/api/v1/events' },
      { method: 'POST', url: '/api/v1/incidents', payload: t.quickReport() },
      {
        method: 'POST',
        url: `/api/v1/incidents/${incident.id}/reports`,
        payload: { kind: 'update', text: 'x' },
      },
    ] as const;
    for (const authorization of headers) {
      for (const r of requests) {
        const res = await t.request(null, { ...r, headers: { authorization } });
        expect(res.statusCode, `${r.method} ${r.url} with '${authorization}'`).toBe(401);
        // Basic is taken on the TAXII routes and the MISP feed only: elsewhere it is refused as such, whatever
        // its credentials (the same answer for a valid and a wrong token: no oracle).
        expect(res.json().code).toBe(
          authorization.startsWith('Basic ') ? 'auth.basic_not_accepted' : 'auth.unauthenticated',
        );
      }
    }
    for (const r of requests) {
      const res = await t.request(null, r);
      expect(res.statusCode, `${r.method} ${r.url} anonymous`).toBe(401);
    }
    // Nothing was filed or added by any of those.
    expect((await get(g.agencyReporter, incident.id)).json().reportCount).toBe(1);
  });

  it('a session cookie needs the CSRF token to change anything, and reads only what its body may see', async () => {
    const password = 'a-long-password-123';
    const user = await t.user(g.agency, 'reporter', password);
    const other = await t.user(sibling, 'reporter', password);
    const login = async (who: TestUser) => {
      const res = await t.request(null, {
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: who.email, password },
      });
      expect(res.statusCode, res.body).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'renraku_session');
      expect(cookie?.value).toBeTruthy();
      return { cookie: `renraku_session=${cookie?.value}`, csrf: res.json().csrfToken as string };
    };
    const mine = await login(user);
    const theirs = await login(other);
    const incident = await t.fileIncident(g.agencyReporter);
    const siblings = await t.fileIncident(u.siblingReporter);

    const changes = [
      { method: 'POST', url: '/api/v1/incidents', payload: t.quickReport() },
      {
        method: 'POST',
        url: `/api/v1/incidents/${incident.id}/reports`,
        payload: { kind: 'update', text: 'x' },
      },
      { method: 'POST', url: `/api/v1/incidents/${incident.id}/forward`, payload: {} },
    ] as const;
    for (const r of changes) {
      for (const csrf of [undefined, '', 'rc_wrong', theirs.csrf, `${mine.csrf}x`]) {
        const res = await t.request(null, {
          ...r,
          headers: { cookie: mine.cookie, ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }) },
        });
        expect(res.statusCode, `${r.url} with csrf '${csrf}'`).toBe(403);
        expect(res.json().code).toBe('auth.csrf_token_invalid');
      }
    }
    expect((await get(g.agencyReporter, incident.id)).json().reportCount).toBe(1);

    const filed = await t.request(null, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: t.quickReport(),
      headers: { cookie: mine.cookie, 'x-csrf-token': mine.csrf },
    });
    expect(filed.statusCode).toBe(201);
    expect(filed.json().org.slug).toBe(g.agency.slug);
    const read = (id: string) =>
      t.request(null, { method: 'GET', url: `/api/v1/incidents/${id}`, headers: { cookie: mine.cookie } });
    expect((await read(incident.id)).statusCode).toBe(200);
    expectAbsent(await read(siblings.id), 'session reads the sibling’s incident');
    // A bad bearer token is not rescued by a good cookie.
    const mixed = await t.request(null, {
      method: 'GET',
      url: `/api/v1/incidents/${incident.id}`,
      headers: { cookie: mine.cookie, authorization: 'Bearer nope' },
    });
    expect(mixed.statusCode).toBe(401);
    // A forged cookie is no session at all.
    const forged = await t.request(null, {
      method: 'GET',
      url: '/api/v1/incidents',
      headers: { cookie: 'renraku_session=rs_forged' },
    });
    expect(forged.statusCode).toBe(401);
  });
});
