import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactDepsOf } from '../../src/features/contacts/contacts.deps.js';
import { createContact } from '../../src/features/contacts/contacts.usecases.js';
import type { Role } from '../../src/platform/access/roles.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// Who reads and who changes a body's notification rules, who sees the notifications of an incident, and whose
// notification one may acknowledge: every role at every kind of body, against every body.

const ORGS = ['C', 'M1', 'A1', 'M2'] as const;
type OrgKey = (typeof ORGS)[number];
const PARENT: Partial<Record<OrgKey, OrgKey>> = { A1: 'M1' };
const ROLES_AT = (o: OrgKey): Role[] =>
  o === 'C'
    ? ['reporter', 'security-officer', 'center-analyst', 'center-coordinator', 'admin', 'auditor']
    : ['reporter', 'security-officer'];

/**
 * The rules of a body follow its contact structure: managed by its security officer, read as it is; an
 * administrator's change is asked, and waits for the body's officer.
 */
function rulesAccess(viewer: OrgKey, role: Role, target: OrgKey): 'manage' | 'ask' | 'read' | 'none' {
  if (role === 'admin') return 'ask';
  if (role === 'auditor') return 'none';
  if (viewer === target) return role === 'security-officer' ? 'manage' : 'read';
  if (viewer === 'C') return 'read';
  if (PARENT[target] === viewer && role === 'security-officer') return 'read';
  return 'none';
}

/** An incident of A1 (its ministry does not review) is read by A1, M1 and the center's content roles. */
const readsIncident = (viewer: OrgKey, role: Role) =>
  ['A1', 'M1', 'C'].includes(viewer) && role !== 'admin' && role !== 'auditor';

describe.each(DIALECTS)('access to notifications on %s', (dialect) => {
  let t: TestApp;
  const orgs = {} as Record<OrgKey, TestOrg>;
  const people: { org: OrgKey; role: Role; user: TestUser }[] = [];
  let incidentId: string;
  let notificationId: string;
  let addressee: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    orgs.C = await t.org('center');
    orgs.M1 = await t.org('ministry');
    orgs.M2 = await t.org('ministry');
    orgs.A1 = await t.org('agency', { parent: orgs.M1 });
    for (const o of ORGS)
      for (const role of ROLES_AT(o)) people.push({ org: o, role, user: await t.user(orgs[o], role) });
    const a1Officer = people.find((p) => p.org === 'A1' && p.role === 'security-officer');
    if (!a1Officer) throw new Error('no officer');
    addressee = a1Officer.user;
    for (const o of ORGS) {
      await inTransaction(t.handle, (unit) =>
        createContact({
          unit,
          actor: null,
          slug: orgs[o].slug,
          input: {
            name: `duty ${o}`,
            role: 'duty-officer',
            // A1's duty officer is its security officer's account: in-app notifications reach that user.
            email: o === 'A1' ? addressee.email : `duty@${o}.example.jp`,
          },
          deps: contactDepsOf(t.services),
        }),
      );
    }
    const reporter = people.find((p) => p.org === 'A1' && p.role === 'reporter');
    if (!reporter) throw new Error('no reporter');
    incidentId = (await t.fileIncident(reporter.user)).id;
    const row = await t.handle.db
      .selectFrom('notifications')
      .select('id')
      .where('incident_id', '=', incidentId)
      .where('user_id', '=', addressee.id)
      .executeTakeFirstOrThrow();
    notificationId = row.id;
  });
  afterAll(async () => t?.close());

  it('reads and changes notification rules exactly as the contact structure', async () => {
    const seen: string[] = [];
    const want: string[] = [];
    for (const p of people) {
      for (const target of ORGS) {
        const url = `/api/v1/orgs/${orgs[target].slug}/notification-rules`;
        const access = rulesAccess(p.org, p.role, target);
        const get = await t.request(p.user, { method: 'GET', url });
        const put = await t.request(p.user, { method: 'PUT', url, payload: { rules: [] } });
        const who = `${p.role}@${p.org} → ${target}`;
        seen.push(`${who}: GET ${get.statusCode}, PUT ${put.statusCode}`);
        want.push(
          `${who}: GET ${access === 'none' ? 404 : 200}, PUT ${{ manage: 200, ask: 202, read: 403, none: 404 }[access]}`,
        );
        if (access === 'none') expect(get.json()).toMatchObject({ code: 'notification_rules.not_found' });
      }
    }
    expect(seen).toEqual(want);
  });

  it('shows the notifications of an incident to its readers only', async () => {
    const seen: string[] = [];
    const want: string[] = [];
    for (const p of people) {
      const res = await t.request(p.user, {
        method: 'GET',
        url: `/api/v1/incidents/${incidentId}/notifications`,
      });
      seen.push(`${p.role}@${p.org}: ${res.statusCode}`);
      want.push(`${p.role}@${p.org}: ${readsIncident(p.org, p.role) ? 200 : 404}`);
      if (res.statusCode === 200)
        expect((res.json() as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(3);
    }
    expect(seen).toEqual(want);
  });

  it('lists and acknowledges a notification for its addressee only', async () => {
    for (const p of people) {
      if (p.user.id === addressee.id) continue;
      const list = await t.request(p.user, { method: 'GET', url: '/api/v1/notifications' });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(notificationId);
      const ack = await t.request(p.user, {
        method: 'POST',
        url: `/api/v1/notifications/${notificationId}/acknowledge`,
      });
      expect({ who: `${p.role}@${p.org}`, status: ack.statusCode }).toEqual({
        who: `${p.role}@${p.org}`,
        status: 404,
      });
    }
    const mine = await t.request(addressee, { method: 'GET', url: '/api/v1/notifications' });
    expect(mine.body).toContain(notificationId);
    const ack = await t.request(addressee, {
      method: 'POST',
      url: `/api/v1/notifications/${notificationId}/acknowledge`,
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect((await t.request(null, { method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);
  });
});
