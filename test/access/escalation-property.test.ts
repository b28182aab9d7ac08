import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepEscalations } from '../../src/features/notifications/notifications.escalation.js';
import type { Role } from '../../src/platform/access/roles.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';

// Random bodies, contact structures (addresses of their own people, of nobody, of another body's person;
// webhooks; in and out of business hours), rules, shares at every TLP to random audiences, then random clock
// advances through escalation, acknowledgments, people disabled or moved to another body, rules changed and
// shares withdrawn. After every step, no e-mail (over real SMTP), webhook (to a real receiver), notification or
// in-app notice about a share reaches a person or address that may not read it — except the center's duty
// officers — and the center is never told which TLP:RED share went unanswered.

const TLPS = ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED'] as const;
const CONTACT_ROLES = ['duty-officer', 'deputy', 'csirt-lead', 'other'] as const;
const CHANNELS = ['email', 'webhook', 'in-app'] as const;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const CONTENT: readonly string[] = ['reporter', 'security-officer', 'center-analyst', 'center-coordinator'];

const channels = fc.subarray([...CHANNELS], { minLength: 1 });
const rule = fc.record({
  roles: fc.subarray([...CONTACT_ROLES], { minLength: 1 }),
  channels,
  ackMinutes: fc.integer({ min: 1, max: 20 }),
});

const scenario = fc.record({
  bodies: fc.array(
    fc.record({
      agency: fc.boolean(),
      people: fc.integer({ min: 1, max: 3 }),
      contacts: fc.array(
        fc.record({
          role: fc.constantFrom(...CONTACT_ROLES),
          address: fc.oneof(
            { weight: 3, arbitrary: fc.record({ kind: fc.constant('own' as const), person: fc.nat() }) },
            { weight: 2, arbitrary: fc.record({ kind: fc.constant('plain' as const) }) },
            fc.record({ kind: fc.constant('foreign' as const), person: fc.nat() }),
            fc.record({ kind: fc.constant('admin' as const) }),
            fc.record({ kind: fc.constant('none' as const) }),
          ),
          webhook: fc.boolean(),
          available: fc.boolean(),
        }),
        { maxLength: 4 },
      ),
      // Shares ask for no acknowledgment by default: most bodies here ask for one, so that alerts escalate.
      rule: fc.option(rule, { nil: null, freq: 4 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  shares: fc.array(
    fc.record({
      tlp: fc.oneof({ weight: 3, arbitrary: fc.constant('TLP:RED' as const) }, fc.constantFrom(...TLPS)),
      bodies: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
      people: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
      includeAgencies: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  actions: fc.array(
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('advance' as const),
          minutes: fc.integer({ min: 1, max: 25 }),
        }),
      },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('acknowledge' as const), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('disable' as const), person: fc.nat() }) },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('move' as const), person: fc.nat(), to: fc.nat() }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('rule' as const), body: fc.nat(), rule }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), share: fc.nat() }) },
    ),
    { minLength: 1, maxLength: 8 },
  ),
});

/** What the model knows of an address or webhook: the body whose contact it is. */
interface Place {
  orgId: string;
}

describe.each(DIALECTS)('notifications about shares over random structures on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  let hook: Server;
  let hookBase: string;
  const hookCalls: { path: string; body: string }[] = [];
  let center: TestOrg;
  let analyst: TestUser;
  let admin: TestUser;
  let sourceOfficer: TestUser;
  let sourceIncident: string;
  /** Every contact address and webhook ever created, with its body; the center's among them. */
  const addresses = new Map<string, Place>();
  const webhooks = new Map<string, Place>();
  /** Every share ever published, by id, with its label. */
  const shares = new Map<string, string>();
  const seen = { mail: 0, hook: 0, notifications: new Set<string>(), eventSeq: 0 };
  let runs = 0;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hookCalls.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookBase = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
    t = await startTestApp(dialect, {
      config: { smtpUrl: smtp.url, publicUrl: 'https://renraku.example.go.jp', webhookAllowLoopback: true },
    });
    center = await t.org('center');
    analyst = await t.user(center, 'center-analyst');
    admin = await t.user(center, 'admin');
    const duty = await t.user(center, 'center-coordinator');
    // The center's duty officers: an address of nobody, a person's own, a webhook, one off outside business hours.
    for (const [i, extra] of [
      { email: 'duty@center.example.jp' },
      { email: duty.email },
      { webhookUrl: `${hookBase}/hook/${center.id}/0`, availability: 'business-hours' as const },
    ].entries()) {
      await t.contact(center, { name: `センター当番${i}`, role: 'duty-officer', ...extra });
    }
    addresses.set('duty@center.example.jp', { orgId: center.id });
    addresses.set(duty.email, { orgId: center.id });
    webhooks.set(`/hook/${center.id}/0`, { orgId: center.id });
    // The body whose report every share is derived from: it has no contacts, so only shares are notified.
    const source = await t.org('ministry');
    sourceOfficer = await t.user(source, 'security-officer');
    sourceIncident = (await t.fileIncident(sourceOfficer, { tlp: 'TLP:CLEAR' })).id;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    hook?.close();
  });

  /** Who may read a share now (DESIGN §4): its named people, or the people of its bodies; the center always. */
  async function readers(shareId: string) {
    const rows = await t.handle.db
      .selectFrom('share_readers')
      .select(['org_id', 'user_id'])
      .where('share_id', '=', shareId)
      .execute();
    return {
      bodies: new Set(rows.filter((r) => r.user_id === '').map((r) => r.org_id)),
      people: new Set(rows.filter((r) => r.user_id !== '').map((r) => `${r.org_id}:${r.user_id}`)),
    };
  }

  interface UserRow {
    id: string;
    email: string;
    org_id: string;
    role: string;
    disabled_at: string | null;
  }
  async function users() {
    const rows: UserRow[] = await t.handle.db
      .selectFrom('users')
      .select(['id', 'email', 'org_id', 'role', 'disabled_at'])
      .execute();
    return { byEmail: new Map(rows.map((u) => [u.email, u])), byId: new Map(rows.map((u) => [u.id, u])) };
  }

  /** The model: may this person read the share now? */
  const personMay = (u: UserRow, r: Awaited<ReturnType<typeof readers>>, tlp: string) =>
    u.disabled_at === null &&
    CONTENT.includes(u.role) &&
    (u.org_id === center.id ||
      (tlp === 'TLP:RED' ? r.people.has(`${u.org_id}:${u.id}`) : r.bodies.has(u.org_id)));

  /** The model: may this address hear of the share now? A person's address is that person. */
  function addressMay(
    address: string,
    r: Awaited<ReturnType<typeof readers>>,
    tlp: string,
    all: Awaited<ReturnType<typeof users>>,
  ) {
    const owner = all.byEmail.get(address);
    if (owner) return personMay(owner, r, tlp);
    const place = addresses.get(address);
    if (!place) return false;
    return place.orgId === center.id || (tlp !== 'TLP:RED' && r.bodies.has(place.orgId));
  }

  const mentioned = (text: string) => [...new Set(text.match(UUID) ?? [])].filter((id) => shares.has(id));

  /** Everything sent or recorded since the last look, checked against the model as it stands now. */
  async function expectOnlyReaders(step: string) {
    await t.services.outbox.deliverDue(1000);
    const all = await users();
    const readerCache = new Map<string, Awaited<ReturnType<typeof readers>>>();
    const readersOf = async (id: string) => {
      const cached = readerCache.get(id);
      if (cached) return cached;
      const r = await readers(id);
      readerCache.set(id, r);
      return r;
    };
    const failures: string[] = [];

    for (const receipt of smtp.receipts.slice(seen.mail)) {
      const mail = await simpleParser(receipt.raw);
      const text = `${mail.subject ?? ''}\n${mail.text ?? ''}`;
      for (const id of mentioned(text)) {
        const tlp = shares.get(id) as string;
        for (const to of receipt.to) {
          if (!addressMay(to, await readersOf(id), tlp, all))
            failures.push(`e-mail to ${to} about ${tlp} ${id}`);
          if (tlp === 'TLP:RED' && !all.byEmail.has(to))
            failures.push(`e-mail to ${to}, nobody's, names ${tlp} ${id}`);
        }
      }
    }
    seen.mail = smtp.receipts.length;

    for (const call of hookCalls.slice(seen.hook)) {
      const place = webhooks.get(call.path);
      for (const id of mentioned(call.body)) {
        const tlp = shares.get(id) as string;
        const r = await readersOf(id);
        // A webhook is a body's tool, nobody named: it may hear of what its body reads as a whole.
        const may =
          place !== undefined &&
          tlp !== 'TLP:RED' &&
          (place.orgId === center.id || r.bodies.has(place.orgId));
        if (!may) failures.push(`webhook ${call.path} about ${tlp} ${id}`);
      }
    }
    seen.hook = hookCalls.length;

    const rows = await t.handle.db.selectFrom('notifications').selectAll().execute();
    for (const n of rows) {
      if (seen.notifications.has(n.id)) continue;
      seen.notifications.add(n.id);
      if (n.subject_type === 'org' && n.org_id !== center.id)
        failures.push(`alert without subject to ${n.org_id}`);
      if (n.subject_type !== 'share') continue;
      const tlp = shares.get(n.subject_id);
      if (!tlp) continue;
      const r = await readersOf(n.subject_id);
      const person = n.user_id ? all.byId.get(n.user_id) : undefined;
      if (n.user_id && (!person || !personMay(person, r, tlp)))
        failures.push(`notification ${n.id} for user ${n.user_id} about ${tlp}`);
      if (n.email && !addressMay(n.email, r, tlp, all))
        failures.push(`notification ${n.id} to ${n.email} about ${tlp}`);
    }

    const events = await t.handle.db
      .selectFrom('events')
      .selectAll()
      .where('seq', '>', seen.eventSeq)
      .where('type', '=', 'notification.created')
      .orderBy('seq')
      .execute();
    for (const e of events) {
      const shareId = (JSON.parse(e.payload) as { shareId?: string }).shareId;
      const tlp = shareId ? shares.get(shareId) : undefined;
      if (!shareId || !tlp) continue;
      for (const userId of JSON.parse(e.reader_user_ids ?? '[]') as string[]) {
        const person = all.byId.get(userId);
        if (!person || !personMay(person, await readersOf(shareId), tlp))
          failures.push(`in-app notice to ${userId} about ${tlp} ${shareId}`);
      }
    }
    seen.eventSeq = Math.max(seen.eventSeq, ...events.map((e) => e.seq));
    expect(failures, `after ${step}`).toEqual([]);
  }

  it('no notice about a share reaches anyone who may not read it, through every escalation', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (sc) => {
        const run = ++runs;
        // A new day: what earlier runs left unanswered runs out at the center before this run begins.
        t.clock.advance(24 * 3600_000);
        for (
          let i = 0;
          i < 10 && (await sweepEscalations(t.handle, t.services.notificationDeps, 1000)) > 0;
          i++
        );
        await expectOnlyReaders('the earlier runs');

        const bodies: { org: TestOrg; people: TestUser[]; keeper: TestUser }[] = [];
        for (const b of sc.bodies) {
          const ministry = await t.org('ministry');
          const people: TestUser[] = [];
          for (let i = 0; i < b.people; i++)
            people.push(await t.user(ministry, (i === 0 ? 'security-officer' : 'reporter') as Role));
          // Each body's structure and rules are kept by an officer of its own whom no action disables or moves
          // (an administrator's change of them would wait for the body's confirmation).
          bodies.push({ org: ministry, people, keeper: await t.user(ministry, 'security-officer') });
          if (b.agency) {
            const agency = await t.org('agency', { parent: ministry });
            bodies.push({
              org: agency,
              people: [await t.user(agency, 'security-officer')],
              keeper: await t.user(agency, 'security-officer'),
            });
          }
        }
        const everyone = bodies.flatMap((b) => b.people);
        const pick = <T>(list: T[], n: number) => list[n % list.length] as T;

        for (const [bi, b] of sc.bodies.entries()) {
          const body = bodies.filter((x) => x.org.kind === 'ministry')[bi];
          if (!body) continue;
          for (const [ci, c] of b.contacts.entries()) {
            const others = everyone.filter((p) => p.org.id !== body.org.id);
            let email: string | undefined;
            if (c.address.kind === 'own') email = pick(body.people, c.address.person).email;
            if (c.address.kind === 'plain') email = `c${ci}@${body.org.slug}.r${run}.example.jp`;
            if (c.address.kind === 'foreign' && others.length > 0)
              email = pick(others, c.address.person).email;
            if (c.address.kind === 'admin') email = admin.email;
            const webhookUrl = c.webhook || !email ? `${hookBase}/hook/${body.org.id}/${ci}` : undefined;
            // The body's own security officer keeps its structure (an administrator's change would wait for it).
            const created = await t.request(officerOf(body), {
              method: 'POST',
              url: `/api/v1/orgs/${body.org.slug}/contacts`,
              payload: {
                name: `連絡先${ci}`,
                role: c.role,
                ...(email ? { email } : {}),
                ...(webhookUrl ? { webhookUrl } : {}),
                // Business hours in New York: the morning in Tokyo is the night there.
                ...(c.available ? {} : { availability: 'business-hours', timeZone: 'America/New_York' }),
              },
            });
            expect(created.statusCode, created.body).toBe(201);
            if (email && !addresses.has(email)) addresses.set(email, { orgId: body.org.id });
            if (webhookUrl) webhooks.set(new URL(webhookUrl).pathname, { orgId: body.org.id });
          }
          if (b.rule) await setRule(body, b.rule);
        }

        const published: string[] = [];
        for (const s of sc.shares) {
          const audience =
            s.tlp === 'TLP:RED'
              ? { kind: 'users', users: [...new Set(s.people.map((n) => pick(everyone, n).email))] }
              : {
                  kind: 'orgs',
                  orgs: [...new Set(s.bodies.map((n) => pick(bodies, n).org.slug))],
                  includeAgencies: s.includeAgencies,
                };
          const res = await t.request(analyst, {
            method: 'POST',
            url: '/api/v1/shares',
            payload: {
              sourceIncidentIds: [sourceIncident],
              content: { title: `共有 r${run}`, body: '観測された攻撃基盤への通信を確認してください。' },
              audience,
              tlp: s.tlp,
            },
          });
          expect(res.statusCode, res.body).toBe(201);
          const id = (res.json() as { id: string }).id;
          const request = await t.handle.db
            .selectFrom('consent_requests')
            .select('id')
            .where('share_id', '=', id)
            .executeTakeFirstOrThrow();
          shares.set(id, s.tlp);
          const approved = await t.request(sourceOfficer, {
            method: 'POST',
            url: `/api/v1/consent-requests/${request.id}/decision`,
            payload: { decision: 'approve' },
          });
          expect(approved.statusCode, approved.body).toBe(200);
          published.push(id);
          await expectOnlyReaders(`publishing ${s.tlp}`);
        }

        for (const [i, a] of sc.actions.entries()) {
          const step = `action ${i} ${JSON.stringify(a)}`;
          if (a.kind === 'advance') {
            t.clock.advance(a.minutes * 60_000);
            await sweepEscalations(t.handle, t.services.notificationDeps, 1000);
          } else if (a.kind === 'acknowledge') {
            const open = await t.handle.db
              .selectFrom('notifications')
              .select(['id', 'user_id'])
              .where('ack_requested', '=', 1)
              .where('acknowledged_at', 'is', null)
              .where(
                'user_id',
                'in',
                everyone.map((p) => p.id),
              )
              .orderBy('id')
              .execute();
            const n = open.length > 0 ? pick(open, a.pick) : undefined;
            const by = everyone.find((p) => p.id === n?.user_id);
            if (n && by) {
              const res = await t.request(by, {
                method: 'POST',
                url: `/api/v1/notifications/${n.id}/acknowledge`,
              });
              // A disabled person's token no longer works; a moved one's notice stays theirs.
              expect([200, 401, 409], res.body).toContain(res.statusCode);
            }
          } else if (a.kind === 'disable') {
            const who = pick(everyone, a.person);
            const res = await t.request(admin, {
              method: 'PATCH',
              url: `/api/v1/users/${who.id}`,
              payload: { disabled: true },
            });
            expect(res.statusCode, res.body).toBe(200);
          } else if (a.kind === 'move') {
            // No endpoint moves a person between bodies yet; a transfer is written as a later one would.
            const who = pick(everyone, a.person);
            await t.handle.db
              .updateTable('users')
              .set({ org_id: pick(bodies, a.to).org.id })
              .where('id', '=', who.id)
              .execute();
          } else if (a.kind === 'rule') {
            await setRule(pick(bodies, a.body), a.rule);
          } else if (a.kind === 'withdraw') {
            const res = await t.request(analyst, {
              method: 'POST',
              url: `/api/v1/shares/${pick(published, a.share)}/withdraw`,
              payload: {},
            });
            expect([200, 409], res.body).toContain(res.statusCode);
          }
          await expectOnlyReaders(step);
        }
      }),
      {
        numRuns: Number(process.env.ESCALATION_RUNS ?? 12),
        endOnFailure: true,
        // Besides the random ones, a structure that surely escalates a TLP:GREEN notice along its two duty
        // officers, and a TLP:RED one from the named person to a contact who may not read it (so the center is
        // told, without which share): the checks below must not depend on the draw.
        examples: [
          [
            {
              bodies: [
                {
                  agency: false,
                  people: 2,
                  contacts: [
                    {
                      role: 'duty-officer',
                      address: { kind: 'own', person: 1 },
                      webhook: false,
                      available: true,
                    },
                    { role: 'duty-officer', address: { kind: 'plain' }, webhook: false, available: true },
                  ],
                  rule: { roles: ['duty-officer'], channels: ['email'], ackMinutes: 5 },
                },
              ],
              shares: [
                { tlp: 'TLP:GREEN', bodies: [0], people: [0], includeAgencies: false },
                { tlp: 'TLP:RED', bodies: [0], people: [1], includeAgencies: false },
              ],
              actions: [
                { kind: 'advance', minutes: 6 },
                { kind: 'advance', minutes: 6 },
                { kind: 'advance', minutes: 6 },
              ],
            },
          ],
        ],
      },
    );
    // The runs exercised what they claim to: notices about shares, escalations, and the center told of a
    // TLP:RED alert without being told which.
    const count = async (kind: 'share' | 'escalated' | 'red-at-center') => {
      let q = t.handle.db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n'));
      if (kind === 'share') q = q.where('subject_type', '=', 'share');
      if (kind === 'escalated') q = q.where('step', '>', 0).where('subject_type', '=', 'share');
      if (kind === 'red-at-center')
        q = q.where('org_id', '=', center.id).where('tlp', '=', 'TLP:RED').where('subject_type', '=', 'org');
      return Number((await q.executeTakeFirstOrThrow()).n);
    };
    expect(await count('share')).toBeGreaterThan(0);
    expect(await count('escalated')).toBeGreaterThan(0);
    expect(await count('red-at-center')).toBeGreaterThan(0);
  }, 600_000);

  const officerOf = (body: { keeper: TestUser }) => body.keeper;

  /** A body's rule for shares, as its security officer sets it. */
  async function setRule(
    body: { org: TestOrg; keeper: TestUser },
    r: { roles: string[]; channels: string[]; ackMinutes: number },
  ) {
    const res = await t.request(officerOf(body), {
      method: 'PUT',
      url: `/api/v1/orgs/${body.org.slug}/notification-rules`,
      payload: { rules: [{ event: 'share.published', enabled: true, ...r }] },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
});
