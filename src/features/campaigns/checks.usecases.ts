import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import { hashSecret, newSecret } from '../../platform/auth/secrets.js';
import { fiscalYearOf, localDate } from '../../platform/calendar.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import type { Contact } from '../contacts/contacts.reads.js';
import { contactsReads } from '../contacts/contacts.reads.js';
import { contactsInOrder } from '../contacts/contacts.usecases.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { usersReads } from '../users/users.reads.js';
import { type BodyChoice, chooseBodies, seesEntry } from './campaigns.bodies.js';
import type { CampaignDeps } from './campaigns.deps.js';
import { checkErrors } from './campaigns.errors.js';
import { renderCheckMail } from './campaigns.mail.js';
import { readsOf } from './campaigns.reads.js';
import { type CheckRow, checksRepository, type TargetRow } from './checks.repository.js';

export interface CheckView {
  check: CheckRow;
  startedBy: OrgRow | undefined;
  /** Per body the caller may see, the contacts reached. */
  bodies: { org: OrgRow; targets: TargetRow[] }[];
  contacts: Map<string, Pick<Contact, 'id' | 'name' | 'role'>>;
}

/** The duty contacts of a body: its duty officers, or failing those the first in escalation order. */
export function dutyContacts<C extends { role: string }>(contacts: C[]): C[] {
  const duty = contacts.filter((c) => c.role === 'duty-officer');
  return duty.length ? duty : contacts.slice(0, 1);
}

/**
 * Starts a communication check (連絡訓練): a test message to every duty contact of the chosen bodies, by e-mail
 * (outbox, after commit) with a one-time acknowledgment link (its token stored hashed), and in the app to
 * contacts linked to a user. A body with nobody to reach is recorded as such: it cannot answer.
 */
export async function startCheck(args: {
  unit: Unit;
  actor: Actor;
  input: BodyChoice & { name?: string | undefined };
  deps: CampaignDeps;
}): Promise<CheckView> {
  const { unit, actor, input, deps } = args;
  const bodies = await chooseBodies(unit.tx, actor, input);
  const now = deps.clock.now();
  const check: CheckRow = {
    id: newId(),
    org_id: actor.orgId,
    created_by: actor.userId,
    name: input.name?.trim() || `連絡訓練 ${localDate(now, deps.timeZone)}`,
    started_at: now.toISOString(),
    fiscal_year: fiscalYearOf(now, deps.timeZone),
  };
  await checksRepository.insert(unit.tx, check);
  let reached = 0;
  for (const org of bodies) {
    const targets = dutyContacts(await contactsInOrder(unit.tx, org.id, now));
    if (targets.length === 0) {
      await checksRepository.insertTarget(unit.tx, {
        id: newId(),
        check_id: check.id,
        org_id: org.id,
        contact_id: null,
        user_id: null,
        email: null,
        locale: 'ja',
        channels: '[]',
        sent_at: now.toISOString(),
        acknowledged_at: null,
        acknowledged_by: null,
        ack_via: null,
        ack_token_hash: null,
      });
      continue;
    }
    for (const contact of targets) await reach(unit, deps, check, org, contact, now);
    reached += targets.length;
  }
  await deps.audit.append(
    unit,
    audited(actor, 'communication_check.start', 'communication_check', check.id, {
      orgs: bodies.map((o) => o.slug),
      contacts: reached,
    }),
    now,
  );
  return (await viewsOf(unit.tx, actor, [check]))[0] as CheckView;
}

async function reach(
  unit: Unit,
  deps: CampaignDeps,
  check: CheckRow,
  org: OrgRow,
  contact: Contact,
  at: Date,
) {
  const id = newId();
  const token = newSecret('rnkchk');
  const locale = contact.locale === 'en' ? 'en' : 'ja';
  const email = contact.email?.toLowerCase() ?? null;
  const user = contact.user_id
    ? await usersReads.activeById(unit.tx, contact.user_id, contact.org_id)
    : undefined;
  const channels = [...(email ? ['email'] : []), ...(user ? ['in-app'] : [])];
  await checksRepository.insertTarget(unit.tx, {
    id,
    check_id: check.id,
    org_id: org.id,
    contact_id: contact.id,
    user_id: user?.userId ?? null,
    email,
    locale,
    channels: JSON.stringify(channels),
    sent_at: at.toISOString(),
    acknowledged_at: null,
    acknowledged_by: null,
    ack_via: null,
    ack_token_hash: hashSecret(token),
  });
  if (email) {
    const ackLink = `${deps.publicUrl}/api/v1/communication-checks/ack/${token}`;
    const mail = renderCheckMail(
      { name: check.name, at, ackLink, timeZone: contact.time_zone || deps.timeZone },
      org,
      locale,
    );
    await deps.outbox.enqueue(
      unit,
      {
        channel: 'email',
        dedupeKey: `check:${id}:email:${email}`,
        notificationId: null,
        payload: {
          to: email,
          ...mail,
          messageId: `<check.${check.id}.${contact.id}@renraku>`,
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Renraku-Communication-Check': check.id },
        },
      },
      at,
    );
  }
  if (user)
    await deps.events.record(
      unit,
      {
        type: 'communication_check.sent',
        incidentId: null,
        readerOrgIds: [user.orgId],
        readerUserIds: [user.userId],
        payload: { checkId: check.id, orgSlug: org.slug, needsAck: true },
      },
      at,
    );
}

/** Checks as the actor may see them: those it started, and those that reached a body whose entry it sees. */
async function viewsOf(db: Executor, actor: Actor, checks: CheckRow[]): Promise<CheckView[]> {
  const targets = await checksRepository.targets(
    db,
    checks.map((c) => c.id),
  );
  const orgs = await orgsDirectory.byIds(db, [
    ...targets.map((t) => t.org_id),
    ...checks.map((c) => c.org_id),
  ]);
  const contactIds = [...new Set(targets.flatMap((t) => (t.contact_id ? [t.contact_id] : [])))];
  const contacts = await contactsReads.namesOf(db, contactIds);
  const views: CheckView[] = [];
  for (const check of checks) {
    const byOrg = new Map<string, TargetRow[]>();
    for (const t of targets)
      if (t.check_id === check.id) byOrg.set(t.org_id, [...(byOrg.get(t.org_id) ?? []), t]);
    const bodies = [...byOrg].flatMap(([orgId, ts]) => {
      const org = orgs.get(orgId);
      return seesEntry(actor, org) ? [{ org, targets: ts }] : [];
    });
    if (bodies.length > 0 || (check.org_id === actor.orgId && can.runCampaigns(actor)))
      views.push({
        check,
        startedBy: orgs.get(check.org_id),
        bodies,
        contacts,
      });
  }
  return views;
}

const checkReads = readsOf({
  subject: 'communication_check',
  byId: checksRepository.byId,
  ofFiscalYear: checksRepository.list,
  viewsOf,
  notFound: checkErrors.notFound,
});

/** One check as the actor may see it; one it may not see does not exist. */
export const checkFor: (db: Executor, actor: Actor, id: string) => Promise<CheckView> = checkReads.byId;

/** The checks of a fiscal year the actor may see: the record kept for the annual report. */
export const listChecks = checkReads.ofFiscalYear;

/** Reads one check and audits the read. */
export const readCheck = checkReads.read;

async function acknowledge(
  unit: Unit,
  deps: CampaignDeps,
  target: TargetRow,
  via: 'link' | 'app',
  actor: Actor | null,
): Promise<TargetRow> {
  const at = deps.clock.now().toISOString();
  const by = actor?.userId ?? target.user_id;
  if (!(await checksRepository.acknowledge(unit.tx, target.id, { at, by, via })))
    throw checkErrors.alreadyAcknowledged();
  await deps.audit.append(
    unit,
    audited(actor, 'communication_check.acknowledge', 'communication_check', target.check_id, {
      targetId: target.id,
      contactId: target.contact_id,
      via,
      seconds: (Date.parse(at) - Date.parse(target.sent_at)) / 1000,
    }),
    new Date(at),
  );
  return { ...target, acknowledged_at: at, acknowledged_by: by, ack_via: via };
}

/** The target a one-time link stands for, if the token is one Renraku gave out. */
export const targetOfToken = (db: Executor, token: string) =>
  checksRepository.byTokenHash(db, hashSecret(token));

/** Acknowledges through the one-time link; its second use is refused. */
export const acknowledgeByLink = (unit: Unit, deps: CampaignDeps, target: TargetRow) =>
  acknowledge(unit, deps, target, 'link', null);

/** The caller acknowledges, in the app, the test messages of the check that reached it (its linked contacts). */
export async function acknowledgeInApp(args: { unit: Unit; actor: Actor; id: string; deps: CampaignDeps }) {
  const { unit, actor, deps } = args;
  const mine = (await checksRepository.targets(unit.tx, [args.id])).filter(
    (t) =>
      t.org_id === actor.orgId &&
      t.contact_id !== null &&
      (t.user_id === actor.userId || (t.email !== null && t.email === actor.email.toLowerCase())),
  );
  if (mine.length === 0) throw checkErrors.notFound();
  const open = mine.filter((t) => t.acknowledged_at === null);
  if (open.length === 0) throw checkErrors.alreadyAcknowledged();
  for (const t of open) await acknowledge(unit, deps, t, 'app', actor);
  const org = await orgsDirectory.byId(unit.tx, actor.orgId);
  const targets = (await checksRepository.targets(unit.tx, [args.id])).filter(
    (t) => t.org_id === actor.orgId,
  );
  return { org: org as OrgRow, targets };
}
