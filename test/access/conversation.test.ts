import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventReceivableBy } from '../../src/platform/access/visibility.js';
import { newId } from '../../src/platform/ids.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';

// The conversation on an incident is read and written exactly by the incident's readers: every other caller
// gets the answer of an incident that does not exist, by any id it tries, and hears nothing of it live.

describe.each(DIALECTS)('who may read and post the conversation of an incident on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  const u = {} as Record<
    'siblingReporter' | 'otherOfficer' | 'otherAgencyReporter' | 'admin' | 'auditor' | 'coordinator',
    TestUser
  >;
  let absentBody: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government({ reviewMode: true });
    const sibling = await t.org('agency', { parent: g.ministry });
    const otherMinistry = await t.org('ministry');
    const otherAgency = await t.org('agency', { parent: otherMinistry });
    u.siblingReporter = await t.user(sibling, 'reporter');
    u.otherOfficer = await t.user(otherMinistry, 'security-officer');
    u.otherAgencyReporter = await t.user(otherAgency, 'reporter');
    u.admin = await t.user(g.center, 'admin');
    u.auditor = await t.user(g.center, 'auditor');
    u.coordinator = await t.user(g.center, 'center-coordinator');
    const absent = await t.request(g.analyst, {
      method: 'GET',
      url: `/api/v1/incidents/${newId()}/messages`,
    });
    expect(absent.statusCode).toBe(404);
    absentBody = absent.body;
  });
  afterAll(async () => t?.close());

  const read = (user: TestUser, id: string) =>
    t.request(user, { method: 'GET', url: `/api/v1/incidents/${encodeURIComponent(id)}/messages` });
  const post = (user: TestUser, id: string, body: string, headers: Record<string, string> = {}) =>
    t.request(user, {
      method: 'POST',
      url: `/api/v1/incidents/${encodeURIComponent(id)}/messages`,
      payload: { body },
      headers,
    });
  const expectAbsent = (res: { statusCode: number; body: string }) => {
    expect(res.statusCode).toBe(404);
    expect(res.body).toBe(absentBody);
  };

  it('no caller outside the reader set reads or posts, and its attempt writes nothing', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    expect((await post(g.ministryOfficer, incident.id, '確認します')).statusCode).toBe(201);
    const before = await t.count('incident_messages');
    const outsiders = [u.siblingReporter, u.otherOfficer, u.otherAgencyReporter, u.admin, u.auditor];
    // The center cannot read it while its ministry reviews it.
    for (const outsider of [...outsiders, g.analyst, u.coordinator]) {
      expectAbsent(await read(outsider, incident.id));
      expectAbsent(await post(outsider, incident.id, '見せてください'));
    }
    expect(await t.count('incident_messages')).toBe(before);
  });

  it('the center reads the conversation once the incident is delivered to it, and may then post', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    await post(g.agencyReporter, incident.id, '審査をお願いします');
    expectAbsent(await read(g.analyst, incident.id));
    const forwarded = await t.request(g.ministryOfficer, {
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/forward`,
      payload: {},
    });
    expect(forwarded.statusCode).toBe(200);
    const seen = await read(g.analyst, incident.id);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().items.map((m: { body: string }) => m.body)).toEqual(['審査をお願いします']);
    expect((await post(g.analyst, incident.id, '受領しました')).statusCode).toBe(201);
    for (const outsider of [u.siblingReporter, u.otherOfficer, u.admin])
      expectAbsent(await read(outsider, incident.id));
  });

  it('guessed and disguised ids find nothing: unknown, zero-width, full-width, case, padding, path tricks', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const id = incident.id;
    const fullWidth = [...id].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    for (const guess of [
      newId(),
      `${id}\u200B`,
      `\u200D${id}`,
      fullWidth,
      id.toUpperCase(),
      ` ${id}`,
      `${id}/../${id}`,
      `${id}%00`,
    ]) {
      for (const caller of [g.agencyReporter, u.otherOfficer]) {
        const res = await read(caller, guess);
        expect([400, 404], guess).toContain(res.statusCode);
        expect((await post(caller, guess, 'x')).statusCode, guess).not.toBe(201);
      }
    }
  });

  it("replaying another caller's Idempotency-Key gives an outsider nothing of the first answer", async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const headers = { 'idempotency-key': `conversation-replay-${dialect}` };
    const first = await post(g.agencyReporter, incident.id, '内部のメモ', headers);
    expect(first.statusCode).toBe(201);
    const replayed = await post(u.otherOfficer, incident.id, '内部のメモ', headers);
    expectAbsent(replayed);
    expect(replayed.body).not.toContain('内部のメモ');
  });

  it('the live events of a message reach the incident readers only', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const { head } = await t.services.events.bounds();
    expect((await post(g.agencyReporter, incident.id, '続報予定')).statusCode).toBe(201);
    const events = (await t.services.events.since(head, 10)).filter((e) => e.type.startsWith('message.'));
    expect(events).toHaveLength(2);
    const actorOf = (user: TestUser, orgKind: 'center' | 'ministry' | 'agency') => ({
      userId: user.id,
      orgId: user.org.id,
      orgSlug: user.org.slug,
      orgKind,
      role: user.role,
      email: user.email,
    });
    const receives = (user: TestUser, kind: 'center' | 'ministry' | 'agency') =>
      events.some((e) => eventReceivableBy(actorOf(user, kind) as never, e));
    expect(receives(g.ministryOfficer, 'ministry')).toBe(true);
    expect(receives(g.agencyOfficer, 'agency')).toBe(true);
    expect(receives(g.analyst, 'center')).toBe(false);
    expect(receives(u.siblingReporter, 'agency')).toBe(false);
    expect(receives(u.otherOfficer, 'ministry')).toBe(false);
  });
});
