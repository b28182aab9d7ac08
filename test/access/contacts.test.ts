import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact } from '../../src/features/contacts/contacts.usecases.js';
import type { Role } from '../../src/platform/access/roles.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// Who reads and who changes a body's contact structure, as a matrix of every role at every kind of body against
// every body; then the ways around it: another body's slug, another body's contact under my slug, a change
// that would move a contact to another body.

const ORGS = ['C', 'M1', 'A1', 'M2', 'B1'] as const;
type OrgKey = (typeof ORGS)[number];
const PARENT: Partial<Record<OrgKey, OrgKey>> = { A1: 'M1', B1: 'M2' };
const ROLES_AT = (o: OrgKey): Role[] =>
  o === 'C'
    ? ['reporter', 'security-officer', 'center-analyst', 'center-coordinator', 'admin', 'auditor']
    : ['reporter', 'security-officer'];

type Access = 'manage' | 'ask' | 'read' | 'none';

/**
 * The rule under test, written out: what a role at a body may do with another body's structure. An
 * administrator asks: its changes wait for the body's officer, and it neither vouches for a structure nor
 * replaces a body's webhook key.
 */
function expected(viewer: OrgKey, role: Role, target: OrgKey): Access {
  if (role === 'admin') return 'ask';
  if (role === 'auditor') return 'none';
  if (viewer === target) return role === 'security-officer' ? 'manage' : 'read';
  if (viewer === 'C') return 'read';
  if (PARENT[target] === viewer && role === 'security-officer') return 'read';
  return 'none';
}

describe.each(DIALECTS)('access to contact structures on %s', (dialect) => {
  let t: TestApp;
  const orgs = {} as Record<OrgKey, TestOrg>;
  const people: { org: OrgKey; role: Role; user: TestUser }[] = [];
  /** One contact per body, with a webhook whose path holds a capability. */
  const contactOf = {} as Record<OrgKey, string>;
  const hookOf = (o: OrgKey) => `https://hooks.example.jp/${o}/capability-in-path`;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    orgs.C = await t.org('center');
    orgs.M1 = await t.org('ministry');
    orgs.M2 = await t.org('ministry');
    orgs.A1 = await t.org('agency', { parent: orgs.M1 });
    orgs.B1 = await t.org('agency', { parent: orgs.M2 });
    const deps = t.services.contactDeps;
    for (const o of ORGS) {
      for (const role of ROLES_AT(o)) people.push({ org: o, role, user: await t.user(orgs[o], role) });
      const w = await inTransaction(t.handle, (unit) =>
        createContact({
          unit,
          actor: null,
          slug: orgs[o].slug,
          input: {
            name: `duty ${o}`,
            role: 'duty-officer',
            email: `duty@${o}.example.jp`,
            webhookUrl: hookOf(o),
          },
          deps,
        }),
      );
      contactOf[o] = w.contact.id;
    }
  });
  afterAll(async () => t?.close());

  const base = (o: OrgKey) => `/api/v1/orgs/${orgs[o].slug}`;
  const code = (res: LightMyRequestResponse) => (res.json() as { code?: string }).code;
  const lastSeq = async () =>
    Number(
      (
        await t.handle.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.max('seq').as('seq'))
          .executeTakeFirstOrThrow()
      ).seq,
    );
  const snapshot = () => t.handle.db.selectFrom('contacts').selectAll().orderBy('id').execute();

  it('every role at every body × every body: read, change, add, confirm, rotate the key — or nothing', async () => {
    const unknownSlug = await t.request(people[0]?.user ?? null, {
      method: 'GET',
      url: '/api/v1/orgs/no-such-body/contacts',
    });
    let n = 0;
    for (const { org: viewer, role, user } of people) {
      for (const target of ORGS) {
        const access = expected(viewer, role, target);
        const who = `${role}@${viewer} → ${target} (${access})`;
        const auditBefore = await lastSeq();
        const contactsBefore = await snapshot();

        const list = await t.request(user, { method: 'GET', url: `${base(target)}/contacts` });
        const patch = await t.request(user, {
          method: 'PATCH',
          url: `${base(target)}/contacts/${contactOf[target]}`,
          payload: { name: `renamed ${++n}` },
        });
        const add = await t.request(user, {
          method: 'POST',
          url: `${base(target)}/contacts`,
          payload: { name: `added ${n}`, role: 'deputy', email: `deputy${n}@example.jp` },
        });
        const verify = await t.request(user, { method: 'POST', url: `${base(target)}/contacts/verify` });
        const rotate = await t.request(user, { method: 'POST', url: `${base(target)}/webhook-secret` });
        const writes = [patch, add, verify, rotate];

        if (access === 'none') {
          for (const res of [list, ...writes]) {
            expect([res.statusCode, code(res)], who).toEqual([404, 'orgs.not_found']);
            // Indistinguishable from a body that does not exist.
            expect(res.json().detail, who).toBe(unknownSlug.json().detail);
          }
        } else {
          expect(list.statusCode, `${who}: ${list.body}`).toBe(200);
          const items = (list.json() as { items: { id: string; webhookUrl: string }[] }).items;
          expect(items.map((c) => c.id)).toContain(contactOf[target]);
          const mine = items.find((c) => c.id === contactOf[target]);
          // The full webhook URL to those who manage the body; its origin to the others.
          expect(mine?.webhookUrl, who).toBe(
            access === 'manage' ? hookOf(target) : 'https://hooks.example.jp/…',
          );
          expect(list.body).not.toContain('rkwh_');
          if (access === 'read')
            for (const res of writes)
              expect([res.statusCode, code(res)], who).toEqual([403, 'auth.forbidden']);
          else if (access === 'ask')
            expect(
              writes.map((r) => [r.statusCode, r.statusCode === 202 ? r.json().status : code(r)]),
              who,
            ).toEqual([
              [202, 'pending'],
              [202, 'pending'],
              [403, 'auth.forbidden'],
              [403, 'auth.forbidden'],
            ]);
          else
            expect(
              writes.map((r) => r.statusCode),
              `${who}: ${writes.map((r) => r.body).join(' ')}`,
            ).toEqual([200, 201, 200, 201]);
        }

        // A refusal changes nothing and writes no audit row; a read writes one, a change at least one each.
        const audit = await t.handle.db
          .selectFrom('audit_log')
          .select(['action', 'actor_user_id'])
          .where('seq', '>', auditBefore)
          .orderBy('seq')
          .execute();
        if (access === 'none') {
          expect(audit, who).toEqual([]);
          expect(await snapshot(), who).toEqual(contactsBefore);
        } else {
          expect(audit[0], who).toEqual({ action: 'contact.list', actor_user_id: user.id });
          const actions = audit.map((a) => a.action);
          if (access === 'read') {
            expect(actions, who).toEqual(['contact.list']);
            expect(await snapshot(), who).toEqual(contactsBefore);
          } else if (access === 'ask') {
            // Asked, and the body's officer told: the structure itself is as it was.
            expect(
              actions.filter((a) => !a.startsWith('notification.')),
              who,
            ).toEqual(['contact.list', 'change.request', 'change.request']);
            expect(await snapshot(), who).toEqual(contactsBefore);
          } else {
            expect(actions, who).toEqual([
              'contact.list',
              'contact.update',
              'contact.create',
              'contact.verify',
              'webhook_secret.rotate',
            ]);
          }
        }
      }
    }
  });

  it('the auditor reads nothing of the structures, but all of their audit', async () => {
    const auditor = people.find((p) => p.role === 'auditor')?.user as TestUser;
    const res = await t.request(auditor, {
      method: 'GET',
      url: '/api/v1/audit',
      query: { action: 'contact.', limit: '500' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const actions = new Set((res.json() as { items: { action: string }[] }).items.map((i) => i.action));
    expect([...actions].sort()).toEqual([
      'contact.create',
      'contact.list',
      'contact.update',
      'contact.verify',
    ]);
  });

  it("another body's contact under my slug does not exist, even for an administrator", async () => {
    const m1Officer = people.find((p) => p.org === 'M1' && p.role === 'security-officer')?.user as TestUser;
    const admin = people.find((p) => p.role === 'admin')?.user as TestUser;
    const before = await snapshot();
    const auditBefore = await t.count('audit_log');
    for (const [who, slugOf, target] of [
      [m1Officer, 'M1', 'M2'],
      [m1Officer, 'M1', 'A1'], // its agency's contact: readable at A1's address, not under M1's
      [m1Officer, 'M1', 'C'],
      [admin, 'M1', 'M2'],
      [admin, 'C', 'B1'],
    ] as [TestUser, OrgKey, OrgKey][]) {
      for (const method of ['PATCH', 'DELETE'] as const) {
        const res = await t.request(who, {
          method,
          url: `${base(slugOf)}/contacts/${contactOf[target]}`,
          ...(method === 'PATCH' ? { payload: { name: 'hijacked', order: 1 } } : {}),
        });
        expect([res.statusCode, code(res)], `${method} ${target} under ${slugOf}`).toEqual([
          404,
          'contacts.not_found',
        ]);
      }
    }
    const nobody = await t.request(m1Officer, {
      method: 'PATCH',
      url: `${base('M1')}/contacts/00000000-0000-7000-8000-000000000000`,
      payload: { name: 'x' },
    });
    expect([nobody.statusCode, code(nobody)]).toEqual([404, 'contacts.not_found']);
    expect(await snapshot()).toEqual(before);
    expect(await t.count('audit_log')).toBe(auditBefore);
  });

  it('a change cannot move a contact to another body', async () => {
    const m1Officer = people.find((p) => p.org === 'M1' && p.role === 'security-officer')?.user as TestUser;
    const before = await snapshot();
    for (const payload of [
      { org: orgs.M2.slug },
      { orgSlug: orgs.M2.slug },
      { orgId: orgs.M2.id },
      { org_id: orgs.M2.id },
      { name: 'moved', org: orgs.A1.slug },
      { userId: people[0]?.user.id },
      { id: contactOf.M2 },
    ]) {
      const res = await t.request(m1Officer, {
        method: 'PATCH',
        url: `${base('M1')}/contacts/${contactOf.M1}`,
        payload,
      });
      expect([res.statusCode, code(res)], JSON.stringify(payload)).toEqual([
        400,
        'request.validation_failed',
      ]);
    }
    expect(await snapshot()).toEqual(before);
    const row = before.find((c) => c.id === contactOf.M1);
    expect(row?.org_id).toBe(orgs.M1.id);
  });

  it('slugs are exact: another spelling of my body is no body', async () => {
    const m1Officer = people.find((p) => p.org === 'M1' && p.role === 'security-officer')?.user as TestUser;
    for (const slug of [orgs.M1.slug.toUpperCase(), `${orgs.M1.slug}%20`, `${orgs.M1.slug}-x`]) {
      const res = await t.request(m1Officer, { method: 'GET', url: `/api/v1/orgs/${slug}/contacts` });
      expect([res.statusCode, code(res)], slug).toEqual([404, 'orgs.not_found']);
    }
  });
});
