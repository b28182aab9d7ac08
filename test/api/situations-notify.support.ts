import { type ParsedMail, simpleParser } from 'mailparser';
import { expect } from 'vitest';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import type { SmtpReceiver } from '../support/smtp.js';

// What the tests of situations' notices share: a small government in and out of a situation's scope, with
// contact structures whose first contacts are Renraku users (so that they get in-app notices too).

export interface Body {
  org: TestOrg;
  /** The body's security officer, its first (duty-officer) contact. */
  officer: TestUser;
  /** Its second contact, an address only. */
  deputy: string;
}

/** A body with a duty officer who is its security officer, and a deputy after it. */
export async function staffed(t: TestApp, org: TestOrg, locale: 'ja' | 'en' = 'ja'): Promise<Body> {
  const officer = await t.user(org, 'security-officer');
  const deputy = `deputy@${org.slug}.example.jp`;
  await t.contact(org, { name: '当番', role: 'duty-officer', email: officer.email, locale });
  await t.contact(org, { name: '副当番', role: 'duty-officer', email: deputy });
  return { org, officer, deputy };
}

/** A ministry in scope with its agency, another ministry out of it, each staffed. */
export async function government(t: TestApp) {
  const ministry = await staffed(t, await t.org('ministry'));
  const agency = await staffed(t, await t.org('agency', { parent: ministry.org }));
  const outside = await staffed(t, await t.org('ministry'));
  const outsideAgency = await staffed(t, await t.org('agency', { parent: outside.org }));
  return { ministry, agency, outside, outsideAgency };
}

export interface Declared {
  id: string;
  number: string;
  rollCallDueAt: string;
}

/** Declares a situation over the ministry and its agencies as the coordinator. */
export async function declare(
  t: TestApp,
  coordinator: TestUser,
  ministry: TestOrg,
  over: Record<string, unknown> = {},
): Promise<Declared> {
  const res = await t.request(coordinator, {
    method: 'POST',
    url: '/api/v1/situations',
    payload: {
      name: '政府機関への同時多発DDoS',
      description: '複数府省庁のウェブサイトが応答しない。',
      level: 'alert',
      tlp: 'TLP:GREEN',
      scope: { kind: 'bodies', bodies: [{ orgId: ministry.id, withAgencies: true }] },
      ...over,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Declared;
}

/** Answers the roll-call for a body (the actor's own unless `orgId`). */
export async function answer(t: TestApp, u: TestUser, situationId: string, orgId?: string) {
  const res = await t.request(u, {
    method: 'POST',
    url: `/api/v1/situations/${situationId}/answers`,
    payload: { status: 'none', ...(orgId ? { orgId } : {}) },
  });
  expect(res.statusCode, res.body).toBe(201);
}

/** The mail received for an address since `from` (what is due delivered first), parsed. */
export async function mailTo(
  t: TestApp,
  smtp: SmtpReceiver,
  address: string,
  from = 0,
): Promise<ParsedMail[]> {
  await t.services.outbox.deliverDue(100);
  const raw = smtp.receipts.slice(from).filter((r) => r.to.includes(address.toLowerCase()));
  return Promise.all(raw.map((r) => simpleParser(r.raw)));
}

/** The notifications whose alert is the body's, about the situation, oldest first. */
export const noticesOf = (t: TestApp, situationId: string, alertOrgId: string) =>
  t.handle.db
    .selectFrom('notifications')
    .selectAll()
    .where('subject_type', '=', 'situation')
    .where('subject_id', '=', situationId)
    .where('alert_org_id', '=', alertOrgId)
    .orderBy('created_at')
    .orderBy('step')
    .execute();

export interface InboxItem {
  id: string;
  event: string;
  needsAck: boolean;
  acknowledgedAt: string | null;
  escalateAt: string | null;
  about: { type: string; readable: boolean; title: string | null; path: string | null } | null;
  exercise: { id: string; number: string; name: string } | null;
  closed: { action: string } | null;
}

/** The actor's notifications (all of them). */
export async function inbox(t: TestApp, u: TestUser): Promise<InboxItem[]> {
  const res = await t.request(u, { method: 'GET', url: '/api/v1/notifications?status=all' });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: InboxItem[] }).items;
}
