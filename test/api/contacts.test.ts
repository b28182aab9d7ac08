import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactsInOrder } from '../../src/features/contacts/contacts.usecases.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// A body's contact structure (連絡体制) through the API: its life (create, change, reorder, remove, confirm),
// what is refused and with which code, the webhook key shown once, and who is available when.

interface ContactOut {
  id: string;
  orgSlug: string;
  name: string;
  role: string;
  email: string | null;
  phones: { label: string; number: string }[];
  webhookUrl: string | null;
  locale: string;
  availability: string;
  timeZone: string;
  businessHours: { start: string; end: string };
  order: number;
  hasAccount: boolean;
  verifiedAt: string | null;
  available: boolean;
  webhookSecret?: string;
}

describe.each(DIALECTS)('contact structures on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
  });
  afterAll(async () => t?.close());

  const url = (org: TestOrg, id?: string) => `/api/v1/orgs/${org.slug}/contacts${id ? `/${id}` : ''}`;
  const add = async (who: TestUser, org: TestOrg, payload: Record<string, unknown>) => {
    const res = await t.request(who, { method: 'POST', url: url(org), payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as ContactOut;
  };
  const list = async (who: TestUser, org: TestOrg, at?: string) => {
    const res = await t.request(who, { method: 'GET', url: url(org), query: at ? { at } : {} });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { at: string; items: ContactOut[]; webhookSecretCreatedAt: string | null };
  };
  const names = async (org: TestOrg) =>
    (await list(g.ministryOfficer, org)).items.map((c) => [c.order, c.name]);
  const auditSince = async (seq: number) =>
    t.handle.db.selectFrom('audit_log').selectAll().where('seq', '>', seq).orderBy('seq').execute();
  const lastSeq = async () =>
    Number(
      (
        await t.handle.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.max('seq').as('seq'))
          .executeTakeFirstOrThrow()
      ).seq,
    );

  it('adds, lists, changes and removes contacts, each change and read audited without personal data', async () => {
    const org = await t.org('ministry');
    const officer = await t.user(org, 'security-officer');
    const before = await lastSeq();
    const res = await t.request(officer, {
      method: 'POST',
      url: url(org),
      payload: {
        name: '当番 太郎',
        role: 'duty-officer',
        email: 'Duty@Ministry.example.jp',
        phones: [{ label: '当番携帯', number: '+81 90-1234-5678' }, { number: '(03) 3581-0000' }],
        availability: '24/7',
        locale: 'en',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const duty = res.json() as ContactOut;
    expect(res.headers.location).toBe(`/api/v1/orgs/${org.slug}/contacts/${duty.id}`);
    expect(duty).toMatchObject({
      orgSlug: org.slug,
      name: '当番 太郎',
      role: 'duty-officer',
      email: 'duty@ministry.example.jp',
      phones: [
        { label: '当番携帯', number: '+81 90-1234-5678' },
        { label: '', number: '(03) 3581-0000' },
      ],
      webhookUrl: null,
      locale: 'en',
      availability: '24/7',
      timeZone: 'Asia/Tokyo',
      businessHours: { start: '09:00', end: '18:00' },
      order: 1,
      hasAccount: false,
      verifiedAt: null,
      available: true,
    });
    expect(duty).not.toHaveProperty('webhookSecret');

    const lead = await add(officer, org, { name: 'CSIRT Lead', role: 'csirt-lead', email: officer.email });
    expect(lead).toMatchObject({ order: 2, hasAccount: true, locale: 'ja', availability: '24/7' });
    // Only a user of the same body is linked: in-app notifications never go to another body's people.
    const stranger = await add(officer, org, { name: 'x', role: 'other', email: g.agencyOfficer.email });
    expect(stranger.hasAccount).toBe(false);
    expect((await t.request(officer, { method: 'DELETE', url: url(org, stranger.id) })).statusCode).toBe(204);

    const listed = await list(officer, org);
    expect(listed.items.map((c) => [c.order, c.id])).toEqual([
      [1, duty.id],
      [2, lead.id],
    ]);
    expect(listed.webhookSecretCreatedAt).toBeNull();

    const changed = await t.request(officer, {
      method: 'PATCH',
      url: url(org, duty.id),
      payload: { name: '当番 次郎', phones: [], availability: 'business-hours', timeZone: 'Asia/Tokyo' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: '当番 次郎', phones: [], availability: 'business-hours' });

    // A change that changes nothing changes nothing, and is audited as the read it is.
    const sameSeq = await lastSeq();
    const same = await t.request(officer, {
      method: 'PATCH',
      url: url(org, duty.id),
      payload: { locale: 'en' },
    });
    expect(same.statusCode).toBe(200);
    expect((await auditSince(sameSeq)).map((r) => r.action)).toEqual(['contact.read']);

    const removed = await t.request(officer, { method: 'DELETE', url: url(org, duty.id) });
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await list(officer, org)).items.map((c) => [c.order, c.id])).toEqual([[1, lead.id]]);
    // Removed is kept for the history, and is gone for the API.
    const row = await t.handle.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', duty.id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).toBe(t.clock.now().toISOString());
    for (const method of ['PATCH', 'DELETE'] as const)
      expectProblem(
        await t.request(officer, {
          method,
          url: url(org, duty.id),
          ...(method === 'PATCH' ? { payload: { name: 'x' } } : {}),
        }),
        404,
        'contacts.not_found',
      );

    const rows = await auditSince(before);
    expect(rows.map((r) => [r.action, r.actor_user_id])).toEqual([
      ['contact.create', officer.id],
      ['contact.create', officer.id],
      ['contact.create', officer.id],
      ['contact.delete', officer.id],
      ['contact.list', officer.id],
      ['contact.update', officer.id],
      ['contact.read', officer.id],
      ['contact.delete', officer.id],
      ['contact.list', officer.id],
    ]);
    expect(JSON.parse(rows[5]?.detail ?? '{}')).toEqual({
      org: org.slug,
      changed: ['name', 'phones', 'availability'],
    });
    expect(JSON.parse(rows[4]?.detail ?? '{}')).toEqual({ org: org.slug, ids: [duty.id, lead.id] });
    const all = rows.map((r) => r.detail).join('\n');
    for (const personal of ['当番', 'duty@', '3581-0000', '90-1234-5678', officer.email])
      expect(all).not.toContain(personal);
  });

  it('refuses bad input with a stable code, and writes nothing', async () => {
    const org = g.ministry;
    const ok = { name: '担当', role: 'ciso', email: 'ciso@ministry.example.jp' };
    const before = { contacts: await t.count('contacts'), audit: await t.count('audit_log') };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...ok, email: 'not an address' }, 400, 'request.validation_failed'],
      [{ ...ok, role: 'boss' }, 400, 'request.validation_failed'],
      [{ ...ok, name: '  ' }, 400, 'request.validation_failed'],
      [{ ...ok, name: 'a\nb' }, 400, 'request.validation_failed'],
      [{ ...ok, phones: [{ number: '03-CALL-NOW' }] }, 400, 'request.validation_failed'],
      [{ ...ok, phones: [{ number: '1-2' }] }, 400, 'request.validation_failed'],
      [{ ...ok, phones: [{ number: '03\n1234' }] }, 400, 'request.validation_failed'],
      [{ ...ok, phones: [{ number: '0312345678', extension: '1' }] }, 400, 'request.validation_failed'],
      [{ ...ok, locale: 'fr' }, 400, 'request.validation_failed'],
      [{ ...ok, availability: 'sometimes' }, 400, 'request.validation_failed'],
      [{ ...ok, businessHours: { start: '9:00', end: '18:00' } }, 400, 'request.validation_failed'],
      [{ ...ok, order: 0 }, 400, 'request.validation_failed'],
      [{ ...ok, org: 'other' }, 400, 'request.validation_failed'],
      [{ name: 'nobody', role: 'other' }, 422, 'contacts.no_channel'],
      [{ name: 'nobody', role: 'other', phones: [] }, 422, 'contacts.no_channel'],
      [{ ...ok, timeZone: 'Asia/Edo' }, 422, 'contacts.invalid_time_zone'],
      [{ ...ok, businessHours: { start: '18:00', end: '09:00' } }, 422, 'contacts.invalid_business_hours'],
      [{ ...ok, webhookUrl: 'hooks.example.jp/x' }, 422, 'contacts.webhook_url_invalid'],
      [{ ...ok, webhookUrl: 'https://user:pw@hooks.example.jp/x' }, 422, 'contacts.webhook_url_invalid'],
      [{ ...ok, webhookUrl: 'http://hooks.example.jp/x' }, 422, 'contacts.webhook_url_not_https'],
      [{ ...ok, webhookUrl: 'ftp://hooks.example.jp/x' }, 422, 'contacts.webhook_url_not_https'],
    ];
    // Server-side request forgery: nothing on this machine or in a private network, however it is spelled.
    for (const target of [
      'https://127.0.0.1/hook',
      'http://127.0.0.1:8080/hook',
      'https://localhost/hook',
      'https://LOCALHOST./hook',
      'https://api.localhost/hook',
      'https://[::1]/hook',
      'https://2130706433/hook',
      'https://0x7f.1/hook',
      'https://10.0.0.5/hook',
      'https://172.16.3.4/hook',
      'https://192.168.1.10/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.0.1/hook',
      'https://0.0.0.0/hook',
      'https://[fd00::1]/hook',
      'https://[fe80::1]/hook',
      'https://[::ffff:192.168.0.1]/hook',
      'https://intranet/hook',
      'https://printer.local/hook',
      'https://siem.corp.internal/hook',
    ])
      cases.push([{ ...ok, webhookUrl: target }, 422, 'contacts.webhook_url_private_address']);
    for (const [payload, status, code] of cases) {
      const res = await t.request(g.ministryOfficer, { method: 'POST', url: url(org), payload });
      expect({ payload, status: res.statusCode, code: res.json().code }).toEqual({ payload, status, code });
      expectProblem(res, status, code);
    }
    expect({ contacts: await t.count('contacts'), audit: await t.count('audit_log') }).toEqual(before);

    // The same rules hold for a change, which must leave a way to reach the contact.
    const c = await add(g.ministryOfficer, org, ok);
    for (const [payload, status, code] of [
      [{}, 400, 'request.validation_failed'],
      [{ email: null }, 422, 'contacts.no_channel'],
      [{ webhookUrl: 'https://10.1.2.3/' }, 422, 'contacts.webhook_url_private_address'],
      [{ timeZone: 'Mars/Olympus' }, 422, 'contacts.invalid_time_zone'],
      [{ businessHours: { start: '10:00', end: '10:00' } }, 422, 'contacts.invalid_business_hours'],
    ] as [Record<string, unknown>, number, string][])
      expectProblem(
        await t.request(g.ministryOfficer, { method: 'PATCH', url: url(org, c.id), payload }),
        status,
        code,
      );
    expectProblem(
      await t.request(g.ministryOfficer, { method: 'GET', url: url(org), query: { at: 'yesterday' } }),
      400,
      'request.validation_failed',
    );
    expectProblem(
      await t.request(g.ministryOfficer, { method: 'GET', url: '/api/v1/orgs/no-such-body/contacts' }),
      404,
      'orgs.not_found',
    );
  });

  it('keeps the escalation order dense: insert at a place, move, remove, append', async () => {
    const org = await t.org('agency', { parent: g.ministry });
    const officer = await t.user(org, 'security-officer');
    const a = await add(officer, org, { name: 'A', role: 'duty-officer', email: 'a@x.example.jp' });
    const b = await add(officer, org, { name: 'B', role: 'deputy', email: 'b@x.example.jp' });
    const c = await add(officer, org, { name: 'C', role: 'csirt-lead', email: 'c@x.example.jp', order: 1 });
    expect(c.order).toBe(1);
    expect(await names(org)).toEqual([
      [1, 'C'],
      [2, 'A'],
      [3, 'B'],
    ]);
    const moved = await t.request(officer, { method: 'PATCH', url: url(org, b.id), payload: { order: 1 } });
    expect(moved.json()).toMatchObject({ order: 1 });
    expect(await names(org)).toEqual([
      [1, 'B'],
      [2, 'C'],
      [3, 'A'],
    ]);
    await t.request(officer, { method: 'PATCH', url: url(org, b.id), payload: { order: 3 } });
    expect(await names(org)).toEqual([
      [1, 'C'],
      [2, 'A'],
      [3, 'B'],
    ]);
    expect((await t.request(officer, { method: 'DELETE', url: url(org, c.id) })).statusCode).toBe(204);
    expect(await names(org)).toEqual([
      [1, 'A'],
      [2, 'B'],
    ]);
    // A place past the end is the end.
    const d = await add(officer, org, { name: 'D', role: 'other', email: 'd@x.example.jp', order: 99 });
    expect(d.order).toBe(3);
    const far = await t.request(officer, { method: 'PATCH', url: url(org, a.id), payload: { order: 50 } });
    expect(far.json()).toMatchObject({ order: 3 });
    expect(await names(org)).toEqual([
      [1, 'B'],
      [2, 'D'],
      [3, 'A'],
    ]);
    const row = (await auditSince(0)).filter((r) => r.subject_id === a.id).at(-1);
    expect(JSON.parse(row?.detail ?? '{}')).toEqual({
      org: org.slug,
      changed: ['escalation_order'],
      order: { from: 1, to: 3 },
    });
    // The helper the notifications use sees the same order.
    const inOrder = await contactsInOrder(t.handle.db, org.id, t.clock.now());
    expect(inOrder.map((x) => [x.escalation_order, x.name, x.available])).toEqual([
      [1, 'B', true],
      [2, 'D', true],
      [3, 'A', true],
    ]);
  });

  it("the body's security officer confirms its structure is current", async () => {
    const org = await t.org('ministry');
    const officer = await t.user(org, 'security-officer');
    const verify = () =>
      t.request(officer, { method: 'POST', url: `/api/v1/orgs/${org.slug}/contacts/verify` });
    expectProblem(await verify(), 422, 'contacts.none_to_verify');
    await add(officer, org, { name: 'A', role: 'duty-officer', email: 'a@y.example.jp' });
    const gone = await add(officer, org, { name: 'B', role: 'deputy', email: 'b@y.example.jp' });
    await t.request(officer, { method: 'DELETE', url: url(org, gone.id) });
    t.clock.advance(60_000);
    const at = t.clock.now().toISOString();
    const res = await verify();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ verifiedAt: at, contacts: 1 });
    expect((await list(officer, org)).items.map((c) => c.verifiedAt)).toEqual([at]);
    const deleted = await t.handle.db
      .selectFrom('contacts')
      .select('verified_at')
      .where('id', '=', gone.id)
      .executeTakeFirstOrThrow();
    expect(deleted.verified_at).toBeNull();
    const [row] = (await auditSince(0)).filter(
      (r) => r.action === 'contact.verify' && r.subject_id === org.id,
    );
    expect(JSON.parse(row?.detail ?? '{}')).toEqual({ org: org.slug, contacts: 1 });
  });

  it("shows the body's webhook key once: when its first webhook contact creates it, and on rotation", async () => {
    const org = await t.org('ministry');
    const officer = await t.user(org, 'security-officer');
    const hook = 'https://hooks.example.jp/renraku/T0KEN-in-path?x=1';
    const first = await t.request(officer, {
      method: 'POST',
      url: url(org),
      headers: { 'idempotency-key': 'first-webhook' },
      payload: { name: 'SOC', role: 'other', webhookUrl: hook },
    });
    expect(first.statusCode, first.body).toBe(201);
    const created = first.json() as ContactOut;
    const secret = created.webhookSecret as string;
    expect(secret).toMatch(/^rkwh_[A-Za-z0-9_-]{43}$/);
    expect(created.webhookUrl).toBe(hook);
    const stored = await t.handle.db
      .selectFrom('org_webhook_secrets')
      .selectAll()
      .where('org_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(stored.secret).toBe(secret);

    // Never again: not on a retry of the same request, a second webhook contact, a list, or an audit row.
    const replay = await t.request(officer, {
      method: 'POST',
      url: url(org),
      headers: { 'idempotency-key': 'first-webhook' },
      payload: { name: 'SOC', role: 'other', webhookUrl: hook },
    });
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(
      Object.fromEntries(Object.entries(created).filter(([k]) => k !== 'webhookSecret')),
    );
    const second = await add(officer, org, {
      name: 'SIEM',
      role: 'other',
      webhookUrl: 'https://siem.example.jp/in',
    });
    expect(second).not.toHaveProperty('webhookSecret');
    const listed = await t.request(officer, { method: 'GET', url: url(org) });
    expect(listed.body).not.toContain(secret);
    expect((listed.json() as { webhookSecretCreatedAt: string }).webhookSecretCreatedAt).toBe(
      stored.created_at,
    );

    const rotate = () =>
      t.request(officer, { method: 'POST', url: `/api/v1/orgs/${org.slug}/webhook-secret` });
    const rotated = await rotate();
    expect(rotated.statusCode, rotated.body).toBe(201);
    const next = (rotated.json() as { secret: string }).secret;
    expect(next).toMatch(/^rkwh_/);
    expect(next).not.toBe(secret);
    expect((await rotate()).json().secret).not.toBe(next);
    const rows = await t.handle.db
      .selectFrom('org_webhook_secrets')
      .selectAll()
      .where('org_id', '=', org.id)
      .execute();
    expect(rows).toHaveLength(1);
    const audit = (await auditSince(0)).filter((r) => r.subject_id === org.id);
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining(['webhook_secret.create', 'webhook_secret.rotate']),
    );
    const allAudit = (await auditSince(0)).map((r) => r.detail).join('\n');
    expect(allAudit).not.toContain('rkwh_');

    // A contact that gains a webhook in a body without a key creates it, shown in that answer.
    const other = await t.org('ministry');
    const otherOfficer = await t.user(other, 'security-officer');
    const c = await add(otherOfficer, other, { name: 'A', role: 'duty-officer', email: 'a@z.example.jp' });
    const patched = await t.request(otherOfficer, {
      method: 'PATCH',
      url: url(other, c.id),
      payload: { webhookUrl: 'https://hooks.example.jp/other' },
    });
    expect(patched.json().webhookSecret).toMatch(/^rkwh_/);
  });

  it('loopback receivers only when RENRAKU_WEBHOOK_ALLOW_LOOPBACK is set (tests), private networks never', async () => {
    const local = await startTestApp(dialect, { config: { webhookAllowLoopback: true } });
    try {
      const lg = await local.government();
      for (const [hook, status] of [
        ['http://127.0.0.1:4567/hook', 201],
        ['https://localhost:4567/hook', 201],
        ['http://[::1]:4567/hook', 201],
        ['http://10.0.0.5/hook', 422],
        ['http://hooks.example.jp/hook', 422],
      ] as [string, number][]) {
        const res = await local.request(lg.ministryOfficer, {
          method: 'POST',
          url: `/api/v1/orgs/${lg.ministry.slug}/contacts`,
          payload: { name: 'receiver', role: 'other', webhookUrl: hook },
        });
        expect({ hook, status: res.statusCode }).toEqual({ hook, status });
      }
    } finally {
      await local.close();
    }
  });

  describe('availability: business hours in the contact’s time zone, weekends and Japanese holidays off', () => {
    let org: TestOrg;
    let officer: TestUser;
    beforeAll(async () => {
      org = await t.org('ministry');
      officer = await t.user(org, 'security-officer');
      await add(officer, org, { name: 'duty', role: 'duty-officer', email: 'duty@h.example.jp' });
      await add(officer, org, {
        name: 'ciso',
        role: 'ciso',
        email: 'ciso@h.example.jp',
        availability: 'business-hours',
      });
      await add(officer, org, {
        name: 'early',
        role: 'deputy',
        email: 'early@h.example.jp',
        availability: 'business-hours',
        timeZone: 'Asia/Tokyo',
        businessHours: { start: '07:30', end: '16:00' },
      });
      await add(officer, org, {
        name: 'london',
        role: 'other',
        email: 'london@h.example.jp',
        availability: 'business-hours',
        timeZone: 'Europe/London',
      });
    });

    // [instant, what it is in Tokyo, available: duty (24/7), ciso (09–18 JST), early (07:30–16 JST), london (09–18 GMT)]
    const cases: [string, string, boolean[]][] = [
      ['2026-11-24T01:00:00Z', 'Tue 10:00 JST', [true, true, true, false]],
      ['2026-11-23T01:00:00Z', 'Mon 10:00 JST, 勤労感謝の日', [true, false, false, false]],
      ['2026-11-28T01:00:00Z', 'Sat 10:00 JST', [true, false, false, false]],
      ['2026-11-29T05:00:00Z', 'Sun 14:00 JST', [true, false, false, false]],
      ['2026-11-24T11:00:00Z', 'Tue 20:00 JST, 11:00 in London', [true, false, false, true]],
      [
        '2026-11-23T11:00:00Z',
        'Mon 20:00 JST; 11:00 on 23 November in London, a holiday in Japan',
        [true, false, false, false],
      ],
      ['2026-11-24T23:59:00Z', 'Wed 08:59 JST', [true, false, true, false]],
      ['2026-11-25T00:00:00Z', 'Wed 09:00 JST', [true, true, true, false]],
      ['2026-11-25T06:59:00Z', 'Wed 15:59 JST', [true, true, true, false]],
      ['2026-11-25T07:00:00Z', 'Wed 16:00 JST', [true, true, false, false]],
      ['2026-11-25T08:59:00Z', 'Wed 17:59 JST', [true, true, false, false]],
      ['2026-11-25T09:00:00Z', 'Wed 18:00 JST, 09:00 in London', [true, false, false, true]],
      ['2026-11-24T15:30:00Z', 'Wed 00:30 JST, Tue 15:30 in London', [true, false, false, true]],
      [
        '2026-12-29T01:00:00Z',
        'Tue 10:00 JST, year-end closure of government offices',
        [true, false, false, false],
      ],
      ['2027-01-04T01:00:00Z', 'Mon 10:00 JST, first working day', [true, true, true, false]],
    ];

    it.each(cases)('at %s (%s)', async (at, _what, expected) => {
      const listed = await list(officer, org, at);
      expect(listed.at).toBe(new Date(at).toISOString());
      expect(listed.items.map((c) => c.available)).toEqual(expected);
      const inOrder = await contactsInOrder(t.handle.db, org.id, new Date(at));
      expect(inOrder.map((c) => [c.name, c.available])).toEqual(
        ['duty', 'ciso', 'early', 'london'].map((n, i) => [n, expected[i]]),
      );
    });

    it('answers for now by default', async () => {
      // T0 is Wednesday 25 November 2026, 12:00 in Tokyo.
      const listed = await list(officer, org);
      expect(listed.at).toBe(t.clock.now().toISOString());
      expect(listed.items.map((c) => c.available)).toEqual([true, true, true, false]);
    });
  });
});
