import { expect } from 'vitest';
import type { TestApp, TestOrg, TestUser } from './harness.js';

// The government and declaration that the tests of a situation's roll-call, requests and reports share: the
// center with its coordinator and analyst; m1 with its agencies a1 and a1b; m2 with its agency a2; m3 without
// agencies; an outsider ministry. Each file adds the people it needs.

export interface SituationGovernment {
  center: TestOrg;
  coordinator: TestUser;
  analyst: TestUser;
  m1: TestOrg;
  a1: TestOrg;
  a1b: TestOrg;
  m2: TestOrg;
  a2: TestOrg;
  m3: TestOrg;
  outsider: TestOrg;
}

/** The shared government, created in the same order in every file. */
export async function situationGovernment(t: TestApp): Promise<SituationGovernment> {
  const center = await t.org('center');
  const coordinator = await t.user(center, 'center-coordinator');
  const analyst = await t.user(center, 'center-analyst');
  const m1 = await t.org('ministry');
  const a1 = await t.org('agency', { parent: m1 });
  const a1b = await t.org('agency', { parent: m1 });
  const m2 = await t.org('ministry');
  const a2 = await t.org('agency', { parent: m2 });
  const m3 = await t.org('ministry');
  const outsider = await t.org('ministry');
  return { center, coordinator, analyst, m1, a1, a1b, m2, a2, m3, outsider };
}

export type ScopeBody = { orgId: string; withAgencies: boolean } | { orgSlug: string; withAgencies: boolean };

/**
 * The usual scope: m1 with its agencies, a2 named alone (its ministry m2 out of scope, seeing it as a2's
 * ministry), m3; the outsider nowhere. `a2BySlug` names a2 by its slug, to show a scope may.
 */
export const wideScope = (g: SituationGovernment, options: { a2BySlug?: boolean } = {}): ScopeBody[] => [
  { orgId: g.m1.id, withAgencies: true },
  options.a2BySlug ? { orgSlug: g.a2.slug, withAgencies: false } : { orgId: g.a2.id, withAgencies: false },
  { orgId: g.m3.id, withAgencies: false },
];

/** The narrower scope of the coordination and report tests: m1 with its agencies, and m2 alone. */
export const ministriesScope = (g: SituationGovernment): ScopeBody[] => [
  { orgId: g.m1.id, withAgencies: true },
  { orgId: g.m2.id, withAgencies: false },
];

export interface Declaration {
  name: string;
  description: string;
  level: 'caution' | 'alert' | 'emergency';
  tlp: string;
  scope: ScopeBody[];
}

/** Declares a situation over named bodies as the government's coordinator; its id. */
export async function declareSituation(t: TestApp, g: SituationGovernment, d: Declaration): Promise<string> {
  const res = await t.request(g.coordinator, {
    method: 'POST',
    url: '/api/v1/situations',
    payload: {
      name: d.name,
      description: d.description,
      level: d.level,
      tlp: d.tlp,
      scope: { kind: 'bodies', bodies: d.scope },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}
