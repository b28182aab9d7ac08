import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, ROLES, type Role } from '../../src/platform/access/roles.js';
import { can } from '../../src/platform/access/rules.js';
import { newId } from '../../src/platform/ids.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';

// Sending back (差し戻し) is the supervising ministry's, during its review; the request is read by the incident's
// readers only (the center not while it cannot read the incident); the forward note by the center and the
// ministry only. Every other caller is refused as the rules say, and a replay changes nothing.

describe('the rules of sending back and of the forward note', () => {
  const actor = (role: Role, orgId: string, orgKind: Actor['orgKind']): Actor => ({
    userId: 'me',
    email: 'me@example.test',
    role,
    orgId,
    orgSlug: orgId,
    orgKind,
    via: 'token',
  });
  it("only the supervising ministry's security officer sends back", () => {
    const allowed = ROLES.flatMap((role) =>
      (['ministry', 'other-ministry'] as const).flatMap((org) =>
        can.sendBack(actor(role, org, 'ministry'), { orgId: 'ministry' }) ? [`${role}@${org}`] : [],
      ),
    );
    expect(allowed).toEqual(['security-officer@ministry']);
  });
  it("the center's content roles and the supervising ministry's people read the note; the agency and others do not", () => {
    const incident = { parentId: 'ministry' };
    const readers = ROLES.flatMap((role) =>
      (
        [
          ['center', 'center'],
          ['ministry', 'ministry'],
          ['other-ministry', 'ministry'],
          ['agency', 'agency'],
        ] as const
      ).flatMap(([org, kind]) =>
        can.readForwardNote(actor(role, org, kind), incident) ? [`${role}@${org}`] : [],
      ),
    );
    expect(readers.sort()).toEqual(
      [
        'center-analyst@center',
        'center-coordinator@center',
        'reporter@center',
        'security-officer@center',
        // Roles of the center's people at the ministry's id are no real combination, and follow the body.
        'center-analyst@ministry',
        'center-coordinator@ministry',
        'reporter@ministry',
        'security-officer@ministry',
      ].sort(),
    );
  });
});

describe.each(DIALECTS)('attempts to send back, or to read a send-back, on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  const u = {} as Record<
    'siblingOfficer' | 'otherOfficer' | 'otherAgencyOfficer' | 'admin' | 'coordinator',
    TestUser
  >;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government({ reviewMode: true });
    const sibling = await t.org('agency', { parent: g.ministry });
    const otherMinistry = await t.org('ministry', { reviewMode: true });
    const otherAgency = await t.org('agency', { parent: otherMinistry });
    u.siblingOfficer = await t.user(sibling, 'security-officer');
    u.otherOfficer = await t.user(otherMinistry, 'security-officer');
    u.otherAgencyOfficer = await t.user(otherAgency, 'security-officer');
    u.admin = await t.user(g.center, 'admin');
    u.coordinator = await t.user(g.center, 'center-coordinator');
  });
  afterAll(async () => t?.close());

  const sendBack = (user: TestUser, id: string, headers: Record<string, string> = {}) =>
    t.request(user, {
      method: 'POST',
      url: `/api/v1/incidents/${encodeURIComponent(id)}/send-back`,
      payload: { message: '追記をお願いします' },
      headers,
    });

  it('outsiders — the center before forwarding, other ministries and agencies, administrators — get 404 and write nothing', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const before = await t.count('send_backs');
    for (const who of [
      g.analyst,
      u.coordinator,
      u.siblingOfficer,
      u.otherOfficer,
      u.otherAgencyOfficer,
      u.admin,
    ]) {
      const res = await sendBack(who, incident.id);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('incidents.not_found');
    }
    expect(await t.count('send_backs')).toBe(before);
  });

  it('the center cannot read a send-back while it cannot read the incident: not by id, list, search nor stream', async () => {
    const incident = await t.fileIncident(g.agencyReporter, { title: '差し戻し検証用の事案' });
    const { head } = await t.services.events.bounds();
    expect((await sendBack(g.ministryOfficer, incident.id)).statusCode).toBe(200);
    expect(
      (await t.request(g.analyst, { method: 'GET', url: `/api/v1/incidents/${incident.id}` })).statusCode,
    ).toBe(404);
    const found = await t.request(g.analyst, {
      method: 'GET',
      url: `/api/v1/incidents?q=${encodeURIComponent('差し戻し検証用')}&limit=200`,
    });
    expect(found.json().items.map((i: { id: string }) => i.id)).not.toContain(incident.id);
    const events = await t.services.events.since(head, 20);
    for (const e of events.filter((x) => x.incidentId === incident.id)) {
      expect(e.readerOrgIds).not.toContain(g.center.id);
      expect(e.readerOrgIds).not.toContain(u.siblingOfficer.org.id);
    }
  });

  it('a replayed send-back changes nothing: the same key answers the first answer, another caller gets nothing of it', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const headers = { 'idempotency-key': `send-back-${incident.id}` };
    const first = await sendBack(g.ministryOfficer, incident.id, headers);
    expect(first.statusCode).toBe(200);
    const again = await sendBack(g.ministryOfficer, incident.id, headers);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const stolen = await sendBack(u.otherOfficer, incident.id, headers);
    expect(stolen.statusCode).toBe(404);
    expect(stolen.body).not.toContain('追記をお願いします');
    const rows = await t.handle.db
      .selectFrom('send_backs')
      .selectAll()
      .where('incident_id', '=', incident.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('ids that are not the incident find nothing to send back', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const before = await t.count('send_backs');
    for (const guess of [
      newId(),
      `${incident.id}\u200B`,
      incident.id.toUpperCase(),
      `\uFF10${incident.id.slice(1)}`,
    ])
      expect([400, 404]).toContain((await sendBack(g.ministryOfficer, guess)).statusCode);
    expect(await t.count('send_backs')).toBe(before);
  });
});
