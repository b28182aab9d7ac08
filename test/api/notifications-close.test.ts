import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactInput } from '../../src/features/contacts/contacts.schemas.js';
import { sweepEscalations } from '../../src/features/notifications/notifications.escalation.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// Acting on the thing closes its notices (issue 12, point 2): a ministry that forwards at 03:26 an incident
// whose review notice would escalate to the center at 03:39 is not escalated; deciding a consent request
// closes the notice that asked for it; acknowledging a share closes the acknowledging body's notice. Each
// closure is in the chain's history and audited as the system's, and closes that body's notices only.

const MINUTE = 60_000;
const START = '2026-11-25T03:24:00.000Z';

describe.each(DIALECTS)('notifications closed by acting on %s', (dialect) => {
  let t: TestApp;
  let center: TestOrg;
  let analyst: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect, { start: START });
    center = await t.org('center');
    analyst = await t.user(center, 'center-analyst');
    await t.contact(center, { name: 'センター当番', role: 'duty-officer', email: 'c1@center.example.jp' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const contact = async (org: TestOrg, input: ContactInput) => (await t.contact(org, input)).contact;

  /** A ministry reviewing its agency's reports, with one duty officer each and the ministry's CSIRT lead. */
  async function reviewChain() {
    const ministry = await t.org('ministry', { reviewMode: true, reviewDeadlineMinutes: 24 * 60 });
    const agency = await t.org('agency', { parent: ministry });
    const reporter = await t.user(agency, 'reporter');
    const officer = await t.user(ministry, 'security-officer');
    const lead = await t.user(ministry, 'security-officer');
    await contact(ministry, { name: '府省当番', role: 'duty-officer', email: officer.email });
    await contact(ministry, { name: 'CSIRT責任者', role: 'csirt-lead', email: lead.email });
    await contact(agency, {
      name: '機関当番',
      role: 'duty-officer',
      email: `duty@${agency.slug}.example.jp`,
    });
    return { ministry, agency, reporter, officer, lead };
  }

  const rowsOf = (alertOrgId: string) =>
    t.handle.db
      .selectFrom('notifications')
      .selectAll()
      .where('alert_org_id', '=', alertOrgId)
      .orderBy('created_at')
      .execute();

  const forward = (u: TestUser, incidentId: string) =>
    t.request(u, { method: 'POST', url: `/api/v1/incidents/${incidentId}/forward`, payload: {} });

  it('a ministry that forwards at 03:26 is not escalated to the center at 03:39; one that does not, is', async () => {
    const acting = await reviewChain();
    const idle = await reviewChain();
    const incident = await t.fileIncident(acting.reporter, { title: '審査中の事案', severity: 'high' });
    await t.fileIncident(idle.reporter, { title: '放置された事案', severity: 'high' });
    const [review] = await rowsOf(acting.ministry.id);
    expect(review).toMatchObject({ event: 'delivery.awaiting_review', ack_requested: 1 });
    expect(review?.escalate_at).toBe('2026-11-25T03:39:00.000Z');

    t.clock.advance(2 * MINUTE);
    const res = await forward(acting.officer, incident.id);
    expect(res.statusCode, res.body).toBe(200);
    const closed = await rowsOf(acting.ministry.id);
    expect(closed.length).toBeGreaterThan(0);
    for (const n of closed) {
      expect(n).toMatchObject({
        acknowledged_at: '2026-11-25T03:26:00.000Z',
        ack_via: 'action',
        escalate_at: null,
      });
      expect(JSON.parse(n.closed_reason ?? '{}')).toEqual({
        action: 'incident.forwarded',
        orgId: acting.ministry.id,
        at: '2026-11-25T03:26:00.000Z',
      });
    }

    t.clock.advance(13 * MINUTE);
    await sweepEscalations(t.handle, t.services.notificationDeps);
    const escalated = async (alertOrgId: string) =>
      (await rowsOf(alertOrgId)).filter((n) => n.escalated_at !== null || n.step > 0);
    expect(await escalated(acting.ministry.id)).toHaveLength(0);
    expect((await rowsOf(acting.ministry.id)).map((n) => n.id)).toEqual(closed.map((n) => n.id));
    // The same story without the forward escalates at 03:39 (to its next contact): the test can fail.
    const idleRows = await escalated(idle.ministry.id);
    expect(idleRows.map((n) => n.escalated_at)).toContain('2026-11-25T03:39:00.000Z');
    expect(idleRows.some((n) => n.step === 1)).toBe(true);

    // The chain's history says it was closed, when and why; the audit log has it as the system's.
    const steps = await t.request(acting.officer, {
      method: 'GET',
      url: `/api/v1/incidents/${incident.id}/notifications`,
    });
    expect(steps.statusCode, steps.body).toBe(200);
    const items = (steps.json() as { items: { kind: string; reason: string | null; at: string }[] }).items;
    expect(items).toContainEqual(
      expect.objectContaining({
        kind: 'closed',
        reason: 'incident.forwarded',
        at: '2026-11-25T03:26:00.000Z',
      }),
    );
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'notification.closed')
      .where('subject_id', '=', review?.id ?? '')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: null, actor_org_id: null });

    // The agency's own notice is the agency's: the ministry's forward does not close it.
    const agencyOwn = await rowsOf(acting.agency.id);
    expect(agencyOwn.length).toBeGreaterThan(0);
    for (const n of agencyOwn) expect(n.closed_reason).toBeNull();
  });

  it('deciding a consent request closes the notice that asked for it, and it does not escalate', async () => {
    const chain = await reviewChain();
    const incident = await t.fileIncident(chain.reporter, { title: '共有元', tlp: 'TLP:AMBER' });
    expect((await forward(chain.officer, incident.id)).statusCode).toBe(200);
    const share = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [incident.id],
        content: { title: '共有タイトル', body: '共有本文' },
        audience: { kind: 'orgs', orgs: [chain.ministry.slug] },
        tlp: 'TLP:AMBER',
      },
    });
    expect(share.statusCode, share.body).toBe(201);
    const asked = (await rowsOf(chain.ministry.id)).filter((n) => n.subject_type === 'consent_request');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ ack_requested: 1, acknowledged_at: null });
    t.clock.advance(3 * MINUTE);
    const decided = await t.request(chain.lead, {
      method: 'POST',
      url: `/api/v1/consent-requests/${asked[0]?.subject_id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const after = await t.handle.db
      .selectFrom('notifications')
      .selectAll()
      .where('id', '=', asked[0]?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ ack_via: 'action', escalate_at: null });
    expect(JSON.parse(after.closed_reason ?? '{}')).toMatchObject({
      action: 'consent.approved',
      orgId: chain.ministry.id,
    });
    t.clock.advance(30 * MINUTE);
    await sweepEscalations(t.handle, t.services.notificationDeps);
    const chainRows = await t.handle.db
      .selectFrom('notifications')
      .select('id')
      .where('chain_id', '=', asked[0]?.chain_id ?? '')
      .execute();
    expect(chainRows).toHaveLength(1);
    // Its recipient sees it closed, and why, in the list.
    const list = await t.request(chain.lead, { method: 'GET', url: '/api/v1/notifications?status=all' });
    const item = (list.json() as { items: { id: string; closed: unknown }[] }).items.find(
      (n) => n.id === asked[0]?.id,
    );
    expect(item?.closed).toMatchObject({ action: 'consent.approved', org: { slug: chain.ministry.slug } });
    const open = await t.request(chain.lead, { method: 'GET', url: '/api/v1/notifications?status=open' });
    expect((open.json() as { items: { id: string }[] }).items.map((n) => n.id)).not.toContain(asked[0]?.id);
  });

  it("acknowledging a share closes the acknowledging body's notice only", async () => {
    const one = await t.org('ministry');
    const two = await t.org('ministry');
    const oneOfficer = await t.user(one, 'security-officer');
    await contact(one, { name: '当番A', role: 'duty-officer', email: oneOfficer.email });
    await contact(two, { name: '当番B', role: 'duty-officer', email: `duty@${two.slug}.example.jp` });
    const coordinator = await t.user(center, 'center-coordinator');
    const draft = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [],
        content: { title: '注意喚起', body: '本文' },
        audience: { kind: 'orgs', orgs: [one.slug, two.slug] },
        tlp: 'TLP:GREEN',
      },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const shareId = (draft.json() as { id: string; revision: number }).id;
    const published = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/shares/${shareId}/publish`,
      payload: { revision: (draft.json() as { revision: number }).revision },
    });
    expect(published.statusCode, published.body).toBe(200);
    const about = async (org: TestOrg) =>
      (await rowsOf(org.id)).filter((n) => n.subject_type === 'share' && n.subject_id === shareId);
    expect(await about(one)).toHaveLength(1);
    expect(await about(two)).toHaveLength(1);
    const ack = await t.request(oneOfficer, {
      method: 'POST',
      url: `/api/v1/shares/${shareId}/acknowledge`,
      payload: { kind: 'read' },
    });
    expect(ack.statusCode, ack.body).toBe(200);
    const [mine] = await about(one);
    expect(JSON.parse(mine?.closed_reason ?? '{}')).toMatchObject({
      action: 'share.acknowledged',
      orgId: one.id,
    });
    const [theirs] = await about(two);
    expect(theirs).toMatchObject({ closed_reason: null, acknowledged_at: null });
  });
});
