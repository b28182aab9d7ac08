import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactInput } from '../../src/features/contacts/contacts.schemas.js';
import { sweepEscalations } from '../../src/features/notifications/notifications.escalation.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// The default rules (issue 12, point 3): a body is told of its own quick report without being asked to
// acknowledge it; routine incidents of others inform; acknowledgment, and escalation without it, is kept for
// serious incidents, what awaits the body's review and what awaits its decision. A body may ask it from a
// severity of its choice. Fifteen routine reports in seventeen minutes leave the center nothing to acknowledge.

const MINUTE = 60_000;

describe.each(DIALECTS)('default notification rules on %s', (dialect) => {
  let t: TestApp;
  let center: TestOrg;
  let centerOfficer: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    center = await t.org('center');
    centerOfficer = await t.user(center, 'security-officer');
    await t.contact(center, { name: 'センター当番', role: 'duty-officer', email: 'c1@center.example.jp' });
    await t.contact(center, { name: 'センター副当番', role: 'deputy', email: 'c2@center.example.jp' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const contact = async (org: TestOrg, input: ContactInput) => (await t.contact(org, input)).contact;

  async function chain(reviewMode = false) {
    const ministry = await t.org(
      'ministry',
      reviewMode ? { reviewMode, reviewDeadlineMinutes: 24 * 60 } : {},
    );
    const agency = await t.org('agency', { parent: ministry });
    const reporter = await t.user(agency, 'reporter');
    await contact(ministry, {
      name: '府省当番',
      role: 'duty-officer',
      email: `duty@${ministry.slug}.example.jp`,
    });
    await contact(agency, {
      name: '機関当番',
      role: 'duty-officer',
      email: `duty@${agency.slug}.example.jp`,
    });
    return { ministry, agency, reporter };
  }

  const asked = async (incidentId: string) => {
    const rows = await t.handle.db
      .selectFrom('notifications')
      .select(['alert_org_id', 'ack_requested', 'escalate_at'])
      .where('incident_id', '=', incidentId)
      .where('step', '=', 0)
      .execute();
    return new Map(rows.map((r) => [r.alert_org_id, r.ack_requested === 1]));
  };

  it("informs a body of its own quick report, and of others' routine ones; asks for serious ones", async () => {
    const c = await chain();
    const low = await t.fileIncident(c.reporter, { severity: 'low' });
    expect(await asked(low.id)).toEqual(
      new Map([
        [c.agency.id, false],
        [c.ministry.id, false],
        [center.id, false],
      ]),
    );
    const high = await t.fileIncident(c.reporter, { severity: 'high' });
    expect(await asked(high.id)).toEqual(
      new Map([
        [c.agency.id, false],
        [c.ministry.id, true],
        [center.id, true],
      ]),
    );
  });

  it('asks a reviewing ministry to acknowledge what awaits its review, whatever its severity', async () => {
    const c = await chain(true);
    const low = await t.fileIncident(c.reporter, { severity: 'low' });
    const events = await t.handle.db
      .selectFrom('notifications')
      .select(['event', 'ack_requested'])
      .where('alert_org_id', '=', c.ministry.id)
      .where('subject_id', '=', low.id)
      .execute();
    expect(events).toEqual([{ event: 'delivery.awaiting_review', ack_requested: 1 }]);
  });

  it('fifteen routine reports in seventeen minutes leave the center nothing to acknowledge, and nothing escalates', async () => {
    const c = await chain();
    const ids: string[] = [];
    for (let i = 0; i < 15; i++) {
      ids.push(
        (await t.fileIncident(c.reporter, { title: `定例 ${i}`, severity: i % 2 ? 'low' : 'medium' })).id,
      );
      t.clock.advance(MINUTE);
    }
    t.clock.advance(2 * MINUTE);
    await sweepEscalations(t.handle, t.services.notificationDeps);
    const centers = await t.handle.db
      .selectFrom('notifications')
      .selectAll()
      .where('org_id', '=', center.id)
      .where('subject_id', 'in', ids)
      .execute();
    expect(centers).toHaveLength(15);
    for (const n of centers) expect(n).toMatchObject({ ack_requested: 0, escalate_at: null, step: 0 });
    // Nobody was escalated to, at any body: each chain about them is its first notification only.
    const about = await t.handle.db
      .selectFrom('notifications')
      .select(['chain_id', 'step', 'escalated_at'])
      .where('incident_id', 'in', ids)
      .execute();
    expect(about.length).toBeGreaterThanOrEqual(45);
    expect(about.filter((n) => n.step > 0 || n.escalated_at !== null)).toEqual([]);
    const chains = await t.handle.db
      .selectFrom('notifications')
      .select('id')
      .where(
        'chain_id',
        'in',
        about.map((n) => n.chain_id),
      )
      .execute();
    expect(chains).toHaveLength(about.length);
  });

  it('answers its defaults, and lets a body ask acknowledgment only from a severity it chooses', async () => {
    const get = await t.request(centerOfficer, {
      method: 'GET',
      url: `/api/v1/orgs/${center.slug}/notification-rules`,
    });
    expect(get.statusCode, get.body).toBe(200);
    const rules = (
      get.json() as { rules: { event: string; ackMinutes: number | null; ackMinSeverity: string | null }[] }
    ).rules;
    expect(rules.find((r) => r.event === 'incident.reported')).toMatchObject({
      ackMinutes: 15,
      ackMinSeverity: 'high',
    });
    expect(rules.find((r) => r.event === 'share.published')).toMatchObject({ ackMinutes: null });

    const put = await t.request(centerOfficer, {
      method: 'PUT',
      url: `/api/v1/orgs/${center.slug}/notification-rules`,
      payload: {
        rules: [
          {
            event: 'incident.reported',
            enabled: true,
            roles: ['duty-officer'],
            channels: ['email', 'in-app'],
            ackMinutes: 10,
            ackMinSeverity: 'critical',
          },
        ],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const c = await chain();
    const high = await t.fileIncident(c.reporter, { severity: 'high' });
    const critical = await t.fileIncident(c.reporter, { severity: 'critical' });
    expect((await asked(high.id)).get(center.id)).toBe(false);
    expect((await asked(critical.id)).get(center.id)).toBe(true);

    for (const bad of ['urgent', 'HIGH', 'hi\u200Bgh', 5])
      expectProblem(
        await t.request(centerOfficer, {
          method: 'PUT',
          url: `/api/v1/orgs/${center.slug}/notification-rules`,
          payload: {
            rules: [
              {
                event: 'incident.reported',
                enabled: true,
                roles: ['duty-officer'],
                channels: ['email'],
                ackMinutes: 10,
                ackMinSeverity: bad,
              },
            ],
          },
        }),
        400,
        'request.validation_failed',
      );
    // Refused, it changed nothing.
    const again = await t.request(centerOfficer, {
      method: 'GET',
      url: `/api/v1/orgs/${center.slug}/notification-rules`,
    });
    expect(
      (again.json() as { rules: { event: string; ackMinSeverity: string | null }[] }).rules,
    ).toContainEqual(expect.objectContaining({ event: 'incident.reported', ackMinSeverity: 'critical' }));
  });
});
