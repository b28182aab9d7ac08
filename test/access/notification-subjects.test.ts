import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepEscalations } from '../../src/features/notifications/notifications.escalation.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// What a notification says of its subject is decided at every look by who may read it now (issue 12, point 1):
// the center told of an alert about an incident still in its ministry's review reads why, not the title (even
// one hidden with zero-width characters), and reads it once the incident is forwarded; a TLP:RED share's title
// reaches its named person only, and nobody once it is withdrawn. Nobody closes another body's notices by doing
// something: a forward the agency or an administrator cannot make closes nothing, and a replayed one nothing more.

const MINUTE = 60_000;
const ZW_TITLE = 'ラン\u200Bサム\u200D被害 ZW\uFEFF-SECRET';
const RED_TITLE = '赤の共有 RED-SECRET';

/** The text with zero-width characters dropped and NFKC applied: a leak hidden by them still shows. */
const plain = (s: string) => s.normalize('NFKC').replace(/[\u200B-\u200D\u2060\uFEFF]/g, '');

interface Item {
  id: string;
  event: string;
  incidentId: string | null;
  about: {
    type: string;
    readable: boolean;
    title: string | null;
    path: string | null;
    pending: string | null;
    org: { slug: string } | null;
  } | null;
  closed: { action: string } | null;
}

describe.each(DIALECTS)('what notifications say of their subject on %s', (dialect) => {
  let t: TestApp;
  let center: TestOrg;
  let analyst: TestUser;
  let coordinator: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    center = await t.org('center');
    analyst = await t.user(center, 'center-analyst');
    coordinator = await t.user(center, 'center-coordinator');
    admin = await t.user(center, 'admin');
    await t.contact(center, { name: 'センター当番', role: 'duty-officer', email: analyst.email });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function list(u: TestUser) {
    const res = await t.request(u, { method: 'GET', url: '/api/v1/notifications?limit=200' });
    expect(res.statusCode, res.body).toBe(200);
    return { body: res.body, items: (res.json() as { items: Item[] }).items };
  }

  it("the center reads why, not what, of an incident in its ministry's review, and what once it is forwarded", async () => {
    const ministry = await t.org('ministry', { reviewMode: true, reviewDeadlineMinutes: 24 * 60 });
    const agency = await t.org('agency', { parent: ministry });
    const reporter = await t.user(agency, 'reporter');
    const agencyOfficer = await t.user(agency, 'security-officer');
    const officer = await t.user(ministry, 'security-officer');
    const bystander = await t.user(await t.org('ministry'), 'security-officer');
    await t.contact(ministry, {
      name: '府省当番',
      role: 'duty-officer',
      email: `duty@${ministry.slug}.example.jp`,
    });
    const incident = await t.fileIncident(reporter, {
      title: ZW_TITLE,
      severity: 'critical',
      tlp: 'TLP:AMBER',
    });
    t.clock.advance(15 * MINUTE);
    await sweepEscalations(t.handle, t.services.notificationDeps);

    const before = await list(analyst);
    const told = before.items.find(
      (n) => n.event === 'alert.unacknowledged' && n.about?.org?.slug === agency.slug,
    );
    expect(told).toMatchObject({
      incidentId: null,
      about: { type: 'incident', readable: false, title: null, path: null, pending: 'review' },
    });
    for (const text of [before.body, plain(before.body)]) {
      expect(text).not.toContain('SECRET');
      expect(text).not.toContain('ランサム');
      expect(text).not.toContain(incident.id);
    }
    // A body that has nothing to do with it is told nothing; the rows are the center's.
    expect(plain((await list(bystander)).body)).not.toContain(agency.slug);

    // Neither the agency nor an administrator may forward it: their attempt closes nothing.
    for (const u of [agencyOfficer, admin]) {
      const res = await t.request(u, {
        method: 'POST',
        url: `/api/v1/incidents/${incident.id}/forward`,
        payload: {},
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
    const openOf = () =>
      t.handle.db
        .selectFrom('notifications')
        .select(['id', 'closed_reason'])
        .where('alert_org_id', '=', ministry.id)
        .execute();
    for (const n of await openOf()) expect(n.closed_reason).toBeNull();

    const fwd = await t.request(officer, {
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/forward`,
      payload: {},
    });
    expect(fwd.statusCode, fwd.body).toBe(200);
    const closedOnce = await t.count('notification_steps');
    // Replayed, the forward is refused and closes nothing more.
    const again = await t.request(officer, {
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/forward`,
      payload: {},
    });
    expect(again.statusCode).toBeGreaterThanOrEqual(400);
    expect(again.statusCode).toBeLessThan(500);
    expect(await t.count('notification_steps')).toBe(closedOnce);

    const after = (await list(analyst)).items.find((n) => n.id === told?.id);
    expect(after?.about).toMatchObject({
      readable: true,
      title: ZW_TITLE,
      path: `/incidents/${incident.id}`,
      pending: null,
    });
    expect(after?.closed).toMatchObject({ action: 'incident.forwarded' });
  });

  it("a TLP:RED share's title reaches its named person only, and nobody once withdrawn", async () => {
    const body = await t.org('ministry');
    const named = await t.user(body, 'security-officer');
    const colleague = await t.user(body, 'security-officer');
    await t.contact(body, { name: '指名者', role: 'duty-officer', email: named.email });
    await t.contact(body, { name: '同僚', role: 'deputy', email: colleague.email });
    const draft = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [],
        content: { title: RED_TITLE, body: '本文 RED-SECRET-BODY' },
        audience: { kind: 'users', users: [named.email] },
        tlp: 'TLP:RED',
      },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const share = draft.json() as { id: string; revision: number; status: string };
    if (share.status !== 'published') {
      const pub = await t.request(coordinator, {
        method: 'POST',
        url: `/api/v1/shares/${share.id}/publish`,
        payload: { revision: share.revision },
      });
      expect(pub.statusCode, pub.body).toBe(200);
    }

    const mine = await list(named);
    expect(mine.items.find((n) => n.about?.type === 'share')?.about).toMatchObject({
      readable: true,
      title: RED_TITLE,
      path: `/shares/${share.id}`,
    });
    expect(plain((await list(colleague)).body)).not.toContain('RED-SECRET');

    const withdrawn = await t.request(analyst, {
      method: 'POST',
      url: `/api/v1/shares/${share.id}/withdraw`,
      payload: { reason: '誤り' },
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const later = await list(named);
    expect(plain(later.body)).not.toContain('RED-SECRET');
    const item = later.items.find((n) => n.id === mine.items[0]?.id);
    expect(item?.about?.title ?? null).toBeNull();
  });

  it("a body's rules are changed by its own officer only, whatever the slug looks like", async () => {
    const own = await t.org('ministry');
    const other = await t.org('ministry');
    const officer = await t.user(own, 'security-officer');
    const reporter = await t.user(own, 'reporter');
    const rule = {
      event: 'share.published',
      enabled: false,
      roles: ['duty-officer'],
      channels: ['email'],
      ackMinutes: null,
    };
    const put = (u: TestUser, slug: string) =>
      t.request(u, {
        method: 'PUT',
        url: `/api/v1/orgs/${encodeURIComponent(slug)}/notification-rules`,
        payload: { rules: [rule] },
      });
    const fullWidth = other.slug.replace(/[a-z0-9-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    for (const slug of [other.slug, `${other.slug}\u200B`, fullWidth, other.slug.toUpperCase(), other.id]) {
      const res = await put(officer, slug);
      expect([403, 404]).toContain(res.statusCode);
    }
    expect([403, 404]).toContain((await put(reporter, own.slug)).statusCode);
    const rows = await t.handle.db
      .selectFrom('notification_rules')
      .select('org_id')
      .where('org_id', 'in', [own.id, other.id])
      .execute();
    expect(rows).toEqual([]);
    expect((await put(officer, own.slug)).statusCode).toBe(200);
  });
});
