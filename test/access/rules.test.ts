import { describe, expect, it } from 'vitest';
import { type Actor, ROLES, type Role } from '../../src/platform/access/roles.js';
import { can } from '../../src/platform/access/rules.js';

// The role rules that use-cases ask instead of testing roles themselves, as a matrix: every role, at its own
// body and at another, against what the rule should answer.

const actor = (role: Role, orgId = 'body', userId = 'me'): Actor => ({
  userId,
  email: `${userId}@example.test`,
  role,
  orgId,
  orgSlug: orgId,
  orgKind: role === 'reporter' || role === 'security-officer' ? 'agency' : 'center',
  via: 'token',
});

describe('access rules', () => {
  it('only an administrator starts a body, and only with its security officer', () => {
    const matrix = ROLES.flatMap((who) =>
      ROLES.map((target) => [who, target, can.startBody(actor(who), { role: target })] as const),
    );
    const allowed = matrix.filter(([, , ok]) => ok).map(([who, target]) => `${who}→${target}`);
    expect(allowed).toEqual(['admin→security-officer']);
  });

  it('each person manages its own API tokens and nobody else’s, whatever its role', () => {
    for (const role of ROLES) {
      expect(can.manageTokens(actor(role), { userId: 'me' })).toBe(true);
      expect(can.manageTokens(actor(role), { userId: 'someone-else' })).toBe(false);
      expect(can.manageTokens(actor(role, 'body', 'someone-else'), { userId: 'me' })).toBe(false);
    }
  });

  it('a token is made, and an identity provider linked, from a browser session; a token, a second factor first', () => {
    const via = (how: Actor['via'], mfa?: boolean): Actor => ({
      ...actor('reporter'),
      via: how,
      ...(mfa === undefined ? {} : { mfa }),
    });
    for (const role of ROLES) {
      expect(can.createToken({ ...actor(role), via: 'session', mfa: true })).toBe(true);
      expect(can.linkIdentity({ ...actor(role), via: 'session' })).toBe(true);
    }
    expect(can.createToken(via('session', false))).toBe(false);
    expect(can.createToken(via('session'))).toBe(false);
    expect(can.createToken(via('token', true))).toBe(false);
    expect(can.linkIdentity(via('session', false))).toBe(true);
    expect(can.linkIdentity(via('token'))).toBe(false);
    expect(can.linkIdentity(via('token', true))).toBe(false);
  });

  it("one changes one's own password and second factors from a browser session, never with a token", () => {
    for (const role of ROLES) {
      for (const mfa of [true, false]) {
        expect(can.changeOwnPassword({ ...actor(role), via: 'session', mfa })).toBe(true);
        expect(can.manageOwnFactors({ ...actor(role), via: 'session', mfa })).toBe(true);
        expect(can.changeOwnPassword({ ...actor(role), via: 'token', mfa })).toBe(false);
        expect(can.manageOwnFactors({ ...actor(role), via: 'token', mfa })).toBe(false);
      }
    }
  });

  it('content roles read incidents; administrators and auditors do not by their role alone', () => {
    const readers = ROLES.filter((role) => can.readIncidents(actor(role)));
    expect(readers).toEqual(['reporter', 'security-officer', 'center-analyst', 'center-coordinator']);
  });

  it("files are attached only by the filing roles of the incident's own body", () => {
    const own = ROLES.filter((role) => can.attachFile(actor(role), { orgId: 'body' }));
    expect(own).toEqual(['reporter', 'security-officer']);
    expect(ROLES.filter((role) => can.attachFile(actor(role), { orgId: 'elsewhere' }))).toEqual([]);
  });

  it('users of a body are managed by administrators anywhere and its own security officer for body roles', () => {
    const target = (role: Role, orgId = 'body') => ({ orgId, role, orgKind: 'agency' as const });
    expect(can.manageUsers(actor('admin', 'center'), target('auditor', 'elsewhere'))).toBe(true);
    expect(can.manageUsers(actor('security-officer'), target('reporter'))).toBe(true);
    expect(can.manageUsers(actor('security-officer'), target('admin'))).toBe(false);
    expect(can.manageUsers(actor('security-officer'), target('reporter', 'elsewhere'))).toBe(false);
    for (const role of ROLES.filter((r) => r !== 'admin' && r !== 'security-officer'))
      expect(can.manageUsers(actor(role), target('reporter'))).toBe(false);
  });
});
